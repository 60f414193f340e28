"""What a browser would send for an HTML form left as it is shown (the HTML standard's "constructing the
entry list" and each control's value sanitisation), for tests that submit forms without a browser.

The points where a browser differs from the HTML source are the ones that lose data, so they are here:
an ``<input type=date>`` whose value is not ``YYYY-MM-DD`` is empty; a text input drops line breaks; a
``<textarea>`` drops the line break that follows its start tag; a ``<select>`` with no selected option
sends its first; every line break is sent as CRLF; unchecked boxes, disabled and unnamed controls, file
inputs and the buttons not clicked are not sent.
"""

from __future__ import annotations

import datetime
import re
from dataclasses import dataclass
from urllib.parse import urljoin, urlsplit

from bs4 import BeautifulSoup, Tag

NOT_SENT = {"submit", "button", "reset", "image", "file"}
DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
NUMBER = re.compile(r"^-?(\d+(\.\d*)?|\.\d+)([eE][-+]?\d+)?$")


@dataclass
class Form:
    action: str  # the path the form is sent to
    method: str
    fields: dict[str, list[str]]  # what a browser sends, name → values in order
    shows_stored_values: bool  # a visible control holds a value the page filled in
    html: str


def _is_iso_date(value: str) -> bool:
    if not DATE.match(value):
        return False
    try:
        datetime.date.fromisoformat(value)
    except ValueError:
        return False
    return True


def _input_value(control: Tag) -> str:
    """The value an input sends: its ``value`` attribute as the browser sanitises it for its type."""
    kind = (control.get("type") or "text").lower()
    value = str(control.get("value", ""))
    if kind == "date":
        return value if _is_iso_date(value) else ""
    if kind == "number":
        return value if NUMBER.match(value) else ""
    if kind in ("text", "search", "tel", "password"):
        return value.replace("\r", "").replace("\n", "")
    if kind in ("email", "url"):
        return value.replace("\r", "").replace("\n", "").strip()
    return value


def _crlf(value: str) -> str:
    return re.sub(r"\r\n|\r|\n", "\r\n", value)


def _option_value(option: Tag) -> str:
    if option.has_attr("value"):
        return str(option["value"])
    return " ".join(option.get_text().split())


def read_form(form: Tag, page_path: str) -> Form:
    fields: dict[str, list[str]] = {}
    shown = False

    def send(name: str, value: str) -> None:
        fields.setdefault(name, []).append(_crlf(value))

    submitter_sent = False
    for control in _controls_of(form):
        if control.has_attr("disabled") or control.find_parent("fieldset", disabled=True):
            continue
        name = str(control.get("name", ""))
        kind = (control.get("type") or ("submit" if control.name == "button" else "text")).lower()
        if control.name in ("button", "input") and kind in ("submit", "image"):
            # The first submit button is the one pressed (Enter, or the usual click).
            if not submitter_sent and name:
                send(name, str(control.get("value", "")))
            submitter_sent = True
            continue
        if not name:
            continue
        if control.name == "textarea":
            text = control.get_text()
            text = text[1:] if text.startswith("\n") else text
            shown = shown or bool(text.strip())
            send(name, text)
        elif control.name == "select":
            options = [o for o in control.find_all("option") if not o.has_attr("disabled")]
            chosen = [o for o in options if o.has_attr("selected")]
            if not chosen and options and not control.has_attr("multiple"):
                chosen = options[:1]
            else:
                shown = shown or any(_option_value(o) for o in chosen)
            for option in chosen:
                send(name, _option_value(option))
        elif kind in ("checkbox", "radio"):
            if control.has_attr("checked"):
                shown = True
                send(name, str(control.get("value", "on")))
        elif kind not in NOT_SENT:
            shown = shown or (kind != "hidden" and bool(control.get("value")))
            send(name, _input_value(control))
    action = urlsplit(urljoin(page_path, str(form.get("action") or page_path))).path
    method = str(form.get("method", "get")).lower()
    return Form(action, method, fields, shown, str(form))


def _controls_of(form: Tag) -> list[Tag]:
    """The form's controls in document order, as a browser owns them: those inside it, except the ones
    whose ``form`` attribute names another form, and those anywhere on the page whose ``form`` names it."""
    page = form
    while page.parent is not None:
        page = page.parent
    form_id = form.get("id")

    def owned(control: Tag) -> bool:
        if control.has_attr("form"):
            return bool(form_id) and control["form"] == form_id
        return control.find_parent("form") is form

    return [c for c in page.find_all(["input", "select", "textarea", "button"]) if owned(c)]


def read_forms(html: str | bytes, page_path: str) -> list[Form]:
    """Every form of the page, as a browser would send it unchanged."""
    soup = BeautifulSoup(html, "html.parser")
    return [read_form(form, page_path) for form in soup.find_all("form")]
