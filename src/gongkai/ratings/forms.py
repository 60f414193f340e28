from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from gongkai.lib.abuse import AbuseGuardForm

from .models import Level


class RatingForm(AbuseGuardForm):
    level = forms.TypedChoiceField(
        label=_("Your rating"), choices=Level.choices, coerce=int, widget=forms.RadioSelect,
        error_messages={"required": _("Choose one of the five levels."),
                        "invalid_choice": _("Choose one of the five levels.")},
    )  # fmt: skip
    comment = forms.CharField(
        label=_("Comment"), required=False, max_length=2000,
        widget=forms.Textarea(attrs={"rows": 4, "class": "form-control"}),
        help_text=_("Please say what went well or what should improve; do not write personal data."),
        error_messages={"max_length": _("Keep the comment within 2000 characters.")},
    )  # fmt: skip


class FollowUpForm(forms.Form):
    note = forms.CharField(
        label=_("What the follow-up found"), widget=forms.Textarea(attrs={"rows": 3, "class": "form-control"}),
        error_messages={"required": _("Record what the follow-up found.")},
    )  # fmt: skip


class RectifyForm(forms.Form):
    problem = forms.CharField(
        label=_("Problem, as published"), required=False, max_length=2000,
        widget=forms.Textarea(attrs={"rows": 2, "class": "form-control"}),
        help_text=_("Shown on the public rectification page: no name, telephone number, e-mail address, ID "
                    "number or tracking code. Left empty, it says only which service was rated how."),
        error_messages={"max_length": _("Keep the problem within 2000 characters.")},
    )  # fmt: skip
    measures = forms.CharField(
        label=_("Rectification measures"), widget=forms.Textarea(attrs={"rows": 3, "class": "form-control"}),
        error_messages={"required": _("Describe the rectification measures.")},
    )  # fmt: skip
    owner = forms.CharField(
        label=_("Responsible unit"), max_length=100,
        error_messages={"required": _("Name the unit responsible for the rectification.")},
    )  # fmt: skip
