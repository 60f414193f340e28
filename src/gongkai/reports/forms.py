from django import forms
from django.utils.translation import gettext_lazy as _

from gongkai.lib.formfields import MultilineField


class BuildForm(forms.Form):
    year = forms.IntegerField(label=_("Year"), min_value=2008, max_value=2100)


class NarrativeForm(forms.Form):
    overview = MultilineField(label="一、总体情况", widget=forms.Textarea(attrs={"rows": 10}), required=False)
    problems = MultilineField(
        label="五、存在的主要问题及改进情况", widget=forms.Textarea(attrs={"rows": 5}), required=False
    )
    other = MultilineField(
        label="六、其他需要报告的事项", widget=forms.Textarea(attrs={"rows": 4}), required=False
    )


class CorrectionForm(forms.Form):
    note = MultilineField(label=_("What the correction changes"), widget=forms.Textarea(attrs={"rows": 3}))
