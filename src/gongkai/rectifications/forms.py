from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from gongkai.lib.formfields import DateField

from .models import Rectification


class OpenForm(forms.Form):
    source = forms.ChoiceField(
        label=_("Source"), choices=Rectification.Source.choices,
        error_messages={"required": _("Choose where the problem was found.")},
    )  # fmt: skip
    problem = forms.CharField(
        label=_("Problem found"), widget=forms.Textarea(attrs={"rows": 3, "class": "form-control"}),
        error_messages={"required": _("Describe the problem found.")},
    )  # fmt: skip
    measures = forms.CharField(
        label=_("Rectification measures"), widget=forms.Textarea(attrs={"rows": 3, "class": "form-control"}),
        error_messages={"required": _("Describe the rectification measures.")},
    )  # fmt: skip
    owner = forms.CharField(
        label=_("Responsible unit"), max_length=100,
        error_messages={"required": _("Name the unit responsible for the rectification.")},
    )  # fmt: skip
    deadline = DateField(
        label=_("Deadline"),
        error_messages={"required": _("Give the deadline."), "invalid": _("Give the deadline as a date.")},
    )  # fmt: skip


class CompleteForm(forms.Form):
    result = forms.CharField(
        label=_("What was done"), widget=forms.Textarea(attrs={"rows": 3, "class": "form-control"}),
        error_messages={"required": _("Describe what was done.")},
    )  # fmt: skip
