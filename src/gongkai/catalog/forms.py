from __future__ import annotations

import datetime
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from gongkai.agencies.models import Agency
from gongkai.lib import richtext
from gongkai.lib.formfields import DateField, DateInput, MultilineField

from .models import Article20Item, Document, Genre, Topic


def _reject_active_content(value: str) -> str:
    if richtext.has_active_content(value):
        raise forms.ValidationError(
            _(
                "The text contains script, frames or event handlers, which are not allowed. Remove them and save again."
            )
        )
    return value


class DocumentForm(forms.ModelForm):
    class Meta:
        model = Document
        fields = [
            "title",
            "document_number",
            "written_on",
            "topic",
            "genre",
            "disclosure_mode",
            "withholding_ground",
            "withholding_reason",
            "article20_item",
            "interprets",
            "interpretation_kind",
            "media_url",
            "body",
        ]
        field_classes = {
            "written_on": DateField,
            "body": MultilineField,
            "withholding_reason": MultilineField,
        }
        widgets = {
            "written_on": DateInput(),
            "body": forms.Textarea(attrs={"rows": 14}),
            "withholding_reason": forms.Textarea(attrs={"rows": 2}),
        }
        help_texts = {
            "disclosure_mode": _(
                "Decided as the document is made (Articles 14–16); a document not disclosed names its "
                "category and the reason."
            ),
            "withholding_ground": _("Only for a document not disclosed."),
        }

    def __init__(self, *args: Any, agency: Agency, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # A published document of the agency other than this one (a document cannot interpret itself).
        documents = Document.objects.public().for_agency(agency)
        if self.instance.pk is not None:
            documents = documents.exclude(pk=self.instance.pk)
        self.fields["interprets"].queryset = documents  # type: ignore[attr-defined]

    def clean_body(self) -> str:
        return _reject_active_content(self.cleaned_data["body"])


class AttachmentForm(forms.Form):
    file = forms.FileField(label=_("Attachment"))


class RepealForm(forms.Form):
    on = DateField(label=_("Repealed or expired on"))
    repealed_by = forms.CharField(
        label=_("Index number of the repealing document"), required=False, max_length=60
    )

    def clean_repealed_by(self) -> Document | None:
        number = self.cleaned_data["repealed_by"].strip()
        if not number:
            return None
        document = Document.objects.public().filter(index_number=number).first()
        if document is None:
            raise forms.ValidationError(_("No published document has this index number."))
        return document


class SecrecyReviewForm(forms.Form):
    """条例第十七条: the secrecy reviewer's finding on a document in review (prefixed: it shares the page
    with the return form)."""

    prefix = "secrecy"

    cleared = forms.TypedChoiceField(
        label=_("Finding"),
        choices=[("yes", _("Cleared: nothing in it may not be published")), ("no", _("Not cleared"))],
        coerce=lambda value: value == "yes",
        widget=forms.RadioSelect,
    )
    on = DateField(label=_("Reviewed on"))
    note = forms.CharField(
        label=_("Note"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("Required when not cleared: what may not be published."),
    )


class ReturnForm(forms.Form):
    note = forms.CharField(label=_("Note to the clerk"), required=False, max_length=500)


class GuideForm(forms.Form):
    body = MultilineField(label=_("Guide"), widget=forms.Textarea(attrs={"rows": 20}))

    def clean_body(self) -> str:
        return _reject_active_content(self.cleaned_data["body"])


class ImportForm(forms.Form):
    file = forms.FileField(label=_("CSV, XLSX or JSON file"))


def _year_choices() -> list[tuple[str, Any]]:
    this_year = datetime.date.today().year
    return [("", _("Any year"))] + [(str(y), str(y)) for y in range(this_year, 2007, -1)]


class BrowseForm(forms.Form):
    """The catalog's filters (GET)."""

    topic = forms.ModelChoiceField(
        Topic.objects.all(), required=False, label=_("Topic"), empty_label=_("Any topic")
    )
    genre = forms.ModelChoiceField(
        Genre.objects.all(), required=False, label=_("Genre"), empty_label=_("Any genre")
    )
    item = forms.ChoiceField(required=False, label=_("Item of Article 20"))
    year = forms.TypedChoiceField(required=False, label=_("Year"), coerce=int, empty_value=None)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["item"].choices = [("", _("Any item"))] + [  # type: ignore[attr-defined]
            (value, label) for value, label in Article20Item.choices if value
        ]
        self.fields["year"].choices = _year_choices()  # type: ignore[attr-defined]


class SearchForm(forms.Form):
    q = forms.CharField(label=_("Search for"), required=False, max_length=100)
    agency = forms.ModelChoiceField(
        Agency.objects.all(), required=False, label=_("Agency"), empty_label=_("All agencies")
    )
    topic = forms.ModelChoiceField(
        Topic.objects.all(), required=False, label=_("Topic"), empty_label=_("Any topic")
    )
    genre = forms.ModelChoiceField(
        Genre.objects.all(), required=False, label=_("Genre"), empty_label=_("Any genre")
    )
    year = forms.TypedChoiceField(required=False, label=_("Year"), coerce=int, empty_value=None)
    validity = forms.ChoiceField(required=False, label=_("Validity"))
    page = forms.IntegerField(required=False, min_value=1, widget=forms.HiddenInput)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["year"].choices = _year_choices()  # type: ignore[attr-defined]
        self.fields["validity"].choices = [("", _("Any validity")), *Document.Validity.choices]  # type: ignore[attr-defined]
