from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from gongkai.lib.formfields import DateField, MultilineField

from .models import Review, ReviewKind, ReviewOutcome


class FileReviewForm(forms.Form):
    kind = forms.ChoiceField(label=_("Kind"), choices=ReviewKind.choices)
    filed_on = DateField(label=_("Filed on"))
    body = forms.CharField(label=_("Reconsideration body or court"), max_length=200)
    case_number = forms.CharField(label=_("Case number"), max_length=100, required=False)
    follows = forms.ModelChoiceField(
        label=_("After reconsideration"), queryset=Review.objects.none(), required=False
    )
    note = MultilineField(label=_("Note"), widget=forms.Textarea(attrs={"rows": 3}), required=False)

    def __init__(self, *args: Any, application: Any = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if application is not None:
            follows = self.fields["follows"]
            assert isinstance(follows, forms.ModelChoiceField)
            follows.queryset = application.reviews.filter(kind=ReviewKind.RECONSIDERATION)


class OutcomeForm(forms.Form):
    outcome = forms.ChoiceField(
        label=_("Outcome"),
        choices=[(value, label) for value, label in ReviewOutcome.choices if value != ReviewOutcome.PENDING],
    )
    decided_on = DateField(label=_("Decided on"))
    note = MultilineField(label=_("Note"), widget=forms.Textarea(attrs={"rows": 3}), required=False)
