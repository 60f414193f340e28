"""A field of several files: cleaned to a list, each file checked like a single file field."""

from __future__ import annotations

import pytest
from django import forms
from django.core.files.uploadedfile import SimpleUploadedFile, UploadedFile
from django.utils import translation
from django.utils.datastructures import MultiValueDict

from gongkai.lib.formfields import MultipleFileField, MultipleFileInput


class UploadForm(forms.Form):
    attachments = MultipleFileField(required=False)


class RequiredForm(forms.Form):
    attachments = MultipleFileField()


def upload(name: str, content: bytes = b"data") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, content)


@pytest.mark.parametrize("count", [0, 1, 3])
def test_the_files_come_out_as_a_list(count: int) -> None:
    files: list[UploadedFile] = [upload(f"{index}.pdf") for index in range(count)]
    form = UploadForm(data={}, files=MultiValueDict({"attachments": files}) if files else None)
    assert form.is_valid(), form.errors
    assert [file.name for file in form.cleaned_data["attachments"]] == [
        f"{index}.pdf" for index in range(count)
    ]


def test_one_file_given_alone_is_a_list_of_one() -> None:
    field = MultipleFileField()
    single = upload("一.pdf")
    assert field.clean(single) == [single]


def test_a_required_field_without_files_says_so_in_chinese() -> None:
    with translation.override("zh-hans"):
        form = RequiredForm(data={})
        assert not form.is_valid()
        assert form.errors["attachments"] == ["此项为必填项。"]


def test_an_empty_file_among_several_is_refused_on_the_field() -> None:
    with translation.override("zh-hans"):
        files: list[UploadedFile] = [upload("a.pdf"), upload("空.pdf", b"")]
        form = UploadForm(data={}, files=MultiValueDict({"attachments": files}))
        assert not form.is_valid()
        assert form.errors["attachments"] == ["所提交的是空文件。"]


def test_the_widget_lets_the_browser_pick_several_files() -> None:
    html = str(UploadForm()["attachments"])
    assert isinstance(UploadForm.base_fields["attachments"].widget, MultipleFileInput)
    assert 'type="file"' in html and "multiple" in html
