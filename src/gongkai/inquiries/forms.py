from __future__ import annotations

from typing import Any

from django import forms
from django.urls import reverse_lazy
from django.utils.translation import gettext_lazy as _

from gongkai.agencies.models import Agency
from gongkai.catalog.models import Document
from gongkai.lib.abuse import AbuseGuardForm


class InquiryForm(AbuseGuardForm):
    """The public question form (and its confirmation step, which posts the same fields again)."""

    agency = forms.ModelChoiceField(
        label=_("Agency asked"), queryset=Agency.objects.order_by("path"),
        error_messages={"required": _("Choose the agency you are asking."),
                        "invalid_choice": _("Choose the agency you are asking.")},
    )  # fmt: skip
    document = forms.ModelChoiceField(
        label=_("Policy document asked about"),
        queryset=Document.objects.public(),
        required=False,
        widget=forms.HiddenInput,
        error_messages={"invalid_choice": _("Choose a published document of the agency you are asking.")},
    )
    subject = forms.CharField(
        label=_("Subject"), max_length=100,
        error_messages={"required": _("Give your question a subject."),
                        "max_length": _("Keep the subject within 100 characters.")},
    )  # fmt: skip
    question = forms.CharField(
        label=_("Question"),
        max_length=2000,
        help_text=_("Similar questions already answered are shown below as you type."),
        widget=forms.Textarea(
            attrs={
                "rows": 6,
                "class": "form-control",
                "hx-get": reverse_lazy("inquiry_suggestions"),
                "hx-trigger": "input changed delay:600ms",
                "hx-target": "#suggestions",
                "hx-include": "[name=agency]",
            }
        ),
        error_messages={"required": _("Write your question."),
                        "max_length": _("Keep the question within 2000 characters.")},
    )  # fmt: skip
    name = forms.CharField(
        label=_("Your name"), max_length=50,
        error_messages={"required": _("Give your name.")},
    )  # fmt: skip
    contact = forms.CharField(
        label=_("Telephone or e-mail"),
        max_length=100,
        help_text=_("Only the agency sees your name and contact; they are never published."),
        error_messages={"required": _("Give a telephone number or e-mail address for the answer.")},
    )
    agrees_to_publish = forms.BooleanField(
        label=_("The question and answer may be published without my personal data"), required=False
    )

    def clean_contact(self) -> str:
        contact = self.cleaned_data["contact"].strip()
        digits = "".join(ch for ch in contact if ch.isdigit())
        if "@" not in contact and len(digits) < 7:
            raise forms.ValidationError(_("Give a telephone number or e-mail address for the answer."))
        return contact

    def fields_for_action(self) -> dict[str, Any]:
        data = dict(self.cleaned_data)
        return {
            key: data[key]
            for key in ("name", "contact", "subject", "question", "agrees_to_publish", "document")
        }


class TrackForm(forms.Form):
    code = forms.CharField(
        label=_("Tracking code"), max_length=20,
        error_messages={"required": _("Enter the tracking code of your question.")},
    )  # fmt: skip


class AnswerForm(forms.Form):
    answer = forms.CharField(
        label=_("Answer"), widget=forms.Textarea(attrs={"rows": 8, "class": "form-control"}),
        error_messages={"required": _("Write the answer.")},
    )  # fmt: skip


class ModerationForm(forms.Form):
    public_question = forms.CharField(
        label=_("Question as published"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 4, "class": "form-control"}),
    )
    public_answer = forms.CharField(
        label=_("Answer as published"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 6, "class": "form-control"}),
    )
    note = forms.CharField(
        label=_("Note (the reason, when not publishing)"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2, "class": "form-control"}),
    )
