"""The queue's filter form: a GET form whose fields survive paging (the pager keeps the query string)."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from gongkai.agencies.models import Agency

from .models import ApplicantKind, Channel, Status
from .queries import QUEUE_FILTERS, SORTS, WINDOWS

ANY = [("", _("Any"))]


class QueueFilterForm(forms.Form):
    filter = forms.ChoiceField(choices=list(QUEUE_FILTERS.items()), required=False, widget=forms.HiddenInput)
    q = forms.CharField(
        label=_("Search"),
        required=False,
        max_length=100,
        help_text=_("Tracking code, applicant's name or the information requested."),
    )
    status = forms.ChoiceField(label=_("Status"), choices=ANY + list(Status.choices), required=False)
    window = forms.ChoiceField(label=_("Due"), choices=ANY + list(WINDOWS.items()), required=False)
    channel = forms.ChoiceField(label=_("Channel"), choices=ANY + list(Channel.choices), required=False)
    applicant_kind = forms.ChoiceField(
        label=_("Applicant"), choices=ANY + list(ApplicantKind.choices), required=False
    )
    agency = forms.ModelChoiceField(label=_("Agency"), queryset=Agency.objects.none(), required=False)
    sort = forms.ChoiceField(label=_("Sort by"), choices=list(SORTS.items()), required=False)

    def __init__(self, *args: Any, agencies: Any = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if agencies is None:  # a single agency's queue: nothing to choose
            del self.fields["agency"]
        else:
            field = self.fields["agency"]
            assert isinstance(field, forms.ModelChoiceField)
            field.queryset = agencies
            field.empty_label = str(_("All my agencies"))

    def filters(self) -> dict[str, Any]:
        """The valid filters; a field that did not validate (a stale link) is ignored, not an error."""
        self.is_valid()
        return {name: value for name, value in getattr(self, "cleaned_data", {}).items() if value}
