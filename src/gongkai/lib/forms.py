"""The site's form renderer: every form, field and widget of every app in Bootstrap's markup.

``FORM_RENDERER`` names :class:`BootstrapFormRenderer`. Its templates (``templates/django/forms/``) lay a
field out as GOV.UK does — label, hint, error, control — and :class:`BootstrapBoundField` gives each control
its Bootstrap class (``form-control``, ``form-select``, ``form-check-input``), marks an invalid one
``is-invalid``, and labels ``form-label`` or ``form-check-label``. Django itself links the hint and the
errors to the control by ``aria-describedby``.
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.forms.boundfield import BoundField
from django.forms.renderers import TemplatesSetting

# Widgets whose control is a box to tick or a dot to choose, laid out as Bootstrap's .form-check.
CHECK_WIDGETS = (forms.CheckboxInput, forms.RadioSelect, forms.CheckboxSelectMultiple)


def control_class(widget: forms.Widget) -> str:
    """Bootstrap's class for a widget's control ('' for one that is not shown)."""
    if widget.is_hidden:
        return ""
    if isinstance(widget, CHECK_WIDGETS):
        return "form-check-input"
    if isinstance(widget, forms.Select):  # SelectMultiple and NullBooleanSelect are Selects
        return "form-select"
    return "form-control"


class BootstrapBoundField(BoundField):
    def build_widget_attrs(self, attrs: dict[str, Any], widget: forms.Widget | None = None) -> dict[str, Any]:
        attrs = super().build_widget_attrs(attrs, widget)
        widget = widget or self.field.widget
        classes = [widget.attrs.get("class", ""), attrs.get("class", ""), control_class(widget)]
        if self.errors and not widget.is_hidden:
            classes.append("is-invalid")
        joined = " ".join(dict.fromkeys(name for part in classes for name in part.split()))
        if joined:
            attrs["class"] = joined
        return attrs

    @property
    def is_check(self) -> bool:
        """A single tick box: its label follows the box (Bootstrap's .form-check)."""
        return isinstance(self.field.widget, forms.CheckboxInput)

    def label_tag(
        self,
        contents: Any = None,
        attrs: dict[str, Any] | None = None,
        label_suffix: Any = None,
        tag: Any = None,
    ) -> Any:
        label_class = "form-check-label" if self.is_check else "form-label"
        if tag == "legend":
            label_class = "form-label fw-semibold"
        merged = {**(attrs or {})}
        merged["class"] = " ".join(filter(None, [merged.get("class", ""), label_class]))
        return super().label_tag(contents, merged, label_suffix, tag)


class BootstrapFormRenderer(TemplatesSetting):
    """Django's templates-setting renderer (so the project's templates override the widgets') with the
    Bootstrap bound field."""

    bound_field_class = BootstrapBoundField
