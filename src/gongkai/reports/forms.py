from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from .models import Report


class BuildForm(forms.Form):
    year = forms.IntegerField(label=_("Year"), min_value=2008, max_value=2100)


class NarrativeForm(forms.Form):
    overview = forms.CharField(
        label="一、总体情况", widget=forms.Textarea(attrs={"rows": 10}), required=False
    )
    problems = forms.CharField(
        label="五、存在的主要问题及改进情况", widget=forms.Textarea(attrs={"rows": 5}), required=False
    )
    other = forms.CharField(
        label="六、其他需要报告的事项", widget=forms.Textarea(attrs={"rows": 4}), required=False
    )


class CorrectionForm(forms.Form):
    note = forms.CharField(label=_("What the correction changes"), widget=forms.Textarea(attrs={"rows": 3}))


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
