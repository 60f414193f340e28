from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("widget", MultipleFileInput())
        super().__init__(*args, **kwargs)

    def clean(self, data: Any, initial: Any = None) -> Any:
        single = super().clean
        if isinstance(data, list | tuple):
            return [single(item, initial) for item in data]
        return [single(data, initial)]


class AuditUploadForm(forms.Form):
    reports = MultipleFileField(
        label=_("Published reports (a ZIP, or several files)"),
        help_text=_(
            "PDF, Word, HTML, text, Markdown or JSON files, or ZIP archives of them, in any folder layout."
        ),
    )
