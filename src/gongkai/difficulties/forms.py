from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from gongkai.agencies.models import Agency
from gongkai.lib.abuse import AbuseGuardForm

from .models import Difficulty


class ReportForm(AbuseGuardForm):
    """The public form of 困难反馈."""

    agency = forms.ModelChoiceField(
        label=_("Receiving office"), queryset=Agency.objects.order_by("path"),
        error_messages={"required": _("Choose the office you report to."),
                        "invalid_choice": _("Choose the office you report to.")},
    )  # fmt: skip
    reporter_kind = forms.ChoiceField(
        label=_("Reported by"), choices=Difficulty.ReporterKind.choices, widget=forms.RadioSelect,
        error_messages={"required": _("Say whether a company or a citizen reports it.")},
    )  # fmt: skip
    subject = forms.CharField(
        label=_("Subject"), max_length=100,
        error_messages={"required": _("Give the difficulty a subject."),
                        "max_length": _("Keep the subject within 100 characters.")},
    )  # fmt: skip
    description = forms.CharField(
        label=_("Difficulty"), max_length=3000,
        widget=forms.Textarea(attrs={"rows": 6, "class": "form-control"}),
        error_messages={"required": _("Describe the difficulty."),
                        "max_length": _("Keep the description within 3000 characters.")},
    )  # fmt: skip
    name = forms.CharField(
        label=_("Your name or company name"), max_length=100,
        error_messages={"required": _("Give your name or your company's name.")},
    )  # fmt: skip
    contact = forms.CharField(
        label=_("Telephone or e-mail"), max_length=100,
        help_text=_("Only the agencies handling the case see your name and contact; they are never published."),
        error_messages={"required": _("Give a telephone number or e-mail address for the answer.")},
    )  # fmt: skip

    def clean_contact(self) -> str:
        contact = self.cleaned_data["contact"].strip()
        if "@" not in contact and len([ch for ch in contact if ch.isdigit()]) < 7:
            raise forms.ValidationError(_("Give a telephone number or e-mail address for the answer."))
        return contact


class TrackForm(forms.Form):
    code = forms.CharField(
        label=_("Tracking code"), max_length=20,
        error_messages={"required": _("Enter the tracking code of your case.")},
    )  # fmt: skip


class AssignForm(forms.Form):
    assignee = forms.ModelChoiceField(
        label=_("Responsible agency"), queryset=Agency.objects.order_by("path"),
        error_messages={"required": _("Choose the responsible agency."),
                        "invalid_choice": _("Choose the responsible agency.")},
    )  # fmt: skip
    workdays = forms.IntegerField(
        label=_("Workdays to answer"), initial=10, min_value=1, max_value=60,
        error_messages={"required": _("Give between 1 and 60 workdays to answer."),
                        "min_value": _("Give between 1 and 60 workdays to answer."),
                        "max_value": _("Give between 1 and 60 workdays to answer."),
                        "invalid": _("Give between 1 and 60 workdays to answer.")},
    )  # fmt: skip
    note = forms.CharField(
        label=_("Note"), required=False, widget=forms.Textarea(attrs={"rows": 2, "class": "form-control"})
    )


class ReassignForm(forms.Form):
    assignee = forms.ModelChoiceField(
        label=_("Responsible agency"), queryset=Agency.objects.order_by("path"),
        error_messages={"required": _("Choose the responsible agency."),
                        "invalid_choice": _("Choose the responsible agency.")},
    )  # fmt: skip
    reason = forms.CharField(
        label=_("Reason"), widget=forms.Textarea(attrs={"rows": 2, "class": "form-control"}),
        error_messages={"required": _("Give the reason for reassigning the case.")},
    )  # fmt: skip


class AnswerForm(forms.Form):
    answer = forms.CharField(
        label=_("Answer"), widget=forms.Textarea(attrs={"rows": 8, "class": "form-control"}),
        error_messages={"required": _("Write the answer.")},
    )  # fmt: skip
