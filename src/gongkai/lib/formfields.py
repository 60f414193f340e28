"""Form fields several apps use."""

from __future__ import annotations

from typing import Any

from django import forms


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    """Several files in one field, cleaned to a list (empty when none is given and none is required).
    What the files contain is checked where they are used (``lib.uploads``, the audit)."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("widget", MultipleFileInput())
        super().__init__(*args, **kwargs)

    def clean(self, data: Any, initial: Any = None) -> Any:
        one = super().clean
        if isinstance(data, list | tuple) and data:
            return [one(item, initial) for item in data]
        if not data:
            one(data, initial)  # says "required" when the field is
            return []
        return [one(data, initial)]
