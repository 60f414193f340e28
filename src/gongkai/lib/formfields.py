"""Form fields and widgets several apps use: one date widget, one multi-line text field, several files."""

from __future__ import annotations

from typing import Any

from django import forms

# The only format an <input type="date"> reads and writes, whatever the page's language.
ISO_DATE = "%Y-%m-%d"


class DateInput(forms.DateInput):
    """The site's one date widget: the browser's date picker, its value always ISO ``YYYY-MM-DD``.

    Django's own ``DateInput`` writes the active language's first input format (zh-hans: ``2019/11/30``),
    which a date picker reads as *empty*: the field shows blank and, saved unchanged, erases the date.
    """

    input_type = "date"

    def __init__(self, attrs: dict[str, Any] | None = None) -> None:
        super().__init__(attrs, format=ISO_DATE)


class DateField(forms.DateField):
    """A date entered with the site's date picker (``DateInput``)."""

    widget = DateInput


class MultilineField(forms.CharField):
    """Text over several lines, in a ``<textarea>``.

    Browsers submit every line break as CRLF, whatever the text shown held; stored text keeps LF, so that
    a text saved unchanged stays unchanged (and one typed in a browser matches one imported or generated).
    """

    widget = forms.Textarea

    def to_python(self, value: Any) -> str | None:
        text = super().to_python(value)
        return text.replace("\r\n", "\n").replace("\r", "\n") if text else text


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
