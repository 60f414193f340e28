"""The form renderer (settings.FORM_RENDERER): every widget in Bootstrap's markup, errors and hints tied to
their control for screen readers."""

from __future__ import annotations

from typing import Any

import pytest
from bs4 import BeautifulSoup
from django import forms

from gongkai.lib.formfields import DateField, MultilineField
from gongkai.lib.forms import control_class


class Sample(forms.Form):
    name = forms.CharField(label="姓名", help_text="与身份证件一致")
    kind = forms.ChoiceField(label="类型", choices=[("a", "甲"), ("b", "乙")])
    agree = forms.BooleanField(label="同意")
    channel = forms.ChoiceField(
        label="方式", choices=[("post", "邮寄"), ("email", "电子邮件")], widget=forms.RadioSelect
    )
    on = DateField(label="日期", required=False)
    text = MultilineField(label="内容", required=False)
    secret = forms.CharField(widget=forms.HiddenInput, required=False)


def one(page: Any, selector: str) -> Any:
    found = page.select_one(selector)
    assert found is not None, f"nothing matches {selector!r}"
    return found


def rendered(form: forms.Form) -> BeautifulSoup:
    return BeautifulSoup(str(form), "html.parser")


@pytest.mark.parametrize(
    ("widget", "expected"),
    [
        (forms.TextInput(), "form-control"),
        (forms.Textarea(), "form-control"),
        (forms.ClearableFileInput(), "form-control"),
        (forms.Select(), "form-select"),
        (forms.SelectMultiple(), "form-select"),
        (forms.CheckboxInput(), "form-check-input"),
        (forms.RadioSelect(), "form-check-input"),
        (forms.CheckboxSelectMultiple(), "form-check-input"),
        (forms.HiddenInput(), ""),
    ],
)
def test_each_widget_gets_its_bootstrap_class(widget: forms.Widget, expected: str) -> None:
    assert control_class(widget) == expected


def test_a_clean_form_is_labelled_and_classed() -> None:
    page = rendered(Sample())
    assert "form-control" in one(page, "input#id_name")["class"]
    assert one(page, "label[for=id_name]")["class"] == ["form-label"]
    assert one(page, "input#id_name")["aria-describedby"] == "id_name_helptext"
    assert one(page, "#id_name_helptext").get_text() == "与身份证件一致"
    assert "form-select" in one(page, "select#id_kind")["class"]
    assert one(page, "input#id_agree")["class"] == ["form-check-input"]
    assert one(page, "label[for=id_agree]")["class"] == ["form-check-label"]
    assert [radio["class"] for radio in page.select("input[name=channel]")] == [["form-check-input"]] * 2
    assert len(page.select("#id_channel .form-check label.form-check-label")) == 2
    assert one(page, "input#id_on")["type"] == "date" and "form-control" in one(page, "input#id_on")["class"]
    assert "form-control" in one(page, "textarea#id_text")["class"]
    assert "class" not in one(page, "input#id_secret").attrs
    assert page.select(".is-invalid") == []


def test_a_refused_field_is_marked_invalid_and_its_error_read_with_it() -> None:
    form = Sample(data={"kind": "a", "channel": "post"})
    assert not form.is_valid()
    page = rendered(form)
    name = one(page, "input#id_name")
    assert "is-invalid" in name["class"] and name["aria-invalid"] == "true"
    assert name["aria-describedby"].split() == ["id_name_helptext", "id_name_error"]
    error = one(page, "#id_name_error")
    assert "invalid-feedback" in error["class"] and "d-block" in error["class"]
    assert "is-invalid" in one(page, "input#id_agree")["class"]
    assert "is-invalid" not in one(page, "select#id_kind")["class"]


def test_a_widget_keeps_the_classes_it_was_given() -> None:
    class Styled(forms.Form):
        code = forms.CharField(widget=forms.TextInput(attrs={"class": "font-monospace"}))

    assert one(rendered(Styled()), "input#id_code")["class"] == ["font-monospace", "form-control"]
