from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from gongkai.lib.formfields import MultilineField

from .models import Report


class BuildForm(forms.Form):
    year = forms.IntegerField(label=_("Year"), min_value=2008, max_value=2100)


PROSE_HELP = _(
    "The sentences marked “Generated” above were written from the tables: keep their numbers in step with "
    "the tables and write the rest around them."
)


def _prose(rows: int) -> forms.Textarea:
    # ``form``: the editor places each section's textarea in its section, outside the one form it
    # belongs to (``#narrative-form``).
    return forms.Textarea(attrs={"rows": rows, "form": "narrative-form", "class": "form-control"})


class NarrativeForm(forms.Form):
    overview = MultilineField(label="一、总体情况", widget=_prose(16), required=False, help_text=PROSE_HELP)
    problems = MultilineField(
        label="五、存在的主要问题及改进情况", widget=_prose(10), required=False, help_text=PROSE_HELP
    )
    other = MultilineField(
        label="六、其他需要报告的事项", widget=_prose(6), required=False, help_text=PROSE_HELP
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for name, field in self.fields.items():
            field.widget.attrs["data-count"] = f"count-{name}"  # the live character count (report-editor.js)


class CorrectionForm(forms.Form):
    note = MultilineField(label=_("What the correction changes"), widget=forms.Textarea(attrs={"rows": 3}))


class AcknowledgeForm(forms.Form):
    """The approver's reason for publishing despite a warning; ``rule`` and ``cells`` name the finding."""

    rule = forms.CharField(widget=forms.HiddenInput, max_length=10)
    cells = forms.CharField(widget=forms.HiddenInput, max_length=5000)
    reason = forms.CharField(
        label=_("Reason for publishing despite the warning"),
        widget=forms.Textarea(attrs={"rows": 2}),
        max_length=2000,
        error_messages={"required": _("Give the reason for publishing despite the warning.")},
    )


class ConfirmPublicationForm(forms.Form):
    """The approver's confirmation, for the draft as the page showed it (``seen``: when it last changed)."""

    seen = forms.CharField(widget=forms.HiddenInput, required=False)
    confirm = forms.BooleanField(
        widget=forms.CheckboxInput(attrs={"class": "form-check-input"}),
        label=_("I have read the report as the public will see it, and I approve its publication."),
        error_messages={"required": _("Tick the box to confirm that you approve the publication.")},
    )

    def __init__(self, record: Report, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.record = record
        self.fields["seen"].initial = record.updated_at.isoformat()

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        if self.data.get("seen") != self.record.updated_at.isoformat():
            raise forms.ValidationError(
                _("The draft changed after this page was opened: read the public version again.")
            )
        return cleaned
