from django import forms

from .models import Agency


class AgencyDetailsForm(forms.ModelForm):
    """What an agency administrator may change about the agency (not its place in the tree)."""

    class Meta:
        model = Agency
        fields = ["short_name", "website"]
