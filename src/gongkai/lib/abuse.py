"""The abuse guard of the public forms (issue 19: 政策咨询, 困难反馈, 服务评价 …) — no captcha and no
outside service, three cheap checks that together stop the usual form robots:

* a **time check**: the form carries a signed stamp of when it was drawn; sent back sooner than
  ``GONGKAI_FORM_MIN_SECONDS`` it was not typed by a person;
* a **honeypot**: a text field hidden from people (``d-none``, so screen readers skip it too) that robots
  which fill every input fill;
* a **per-address limit** in the cache: at most N accepted submissions of one form per client address
  in a window (``GONGKAI_PUBLIC_FORM_RATE_LIMIT``), keyed by a keyed hash so no address is stored.

Use: a form class inherits ``AbuseGuardForm`` (its ``clean`` refuses the first two with a form-level
error), and the view calls ``guard(request, "<form key>")`` once the form is valid, before the action;
``RateLimited`` from it is answered with ``rate_limited.html`` (status 429)."""

from __future__ import annotations

import hashlib
import time
from typing import Any

from django import forms
from django.conf import settings
from django.core import signing
from django.core.cache import cache
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.html import format_html
from django.utils.safestring import SafeString
from django.utils.translation import gettext_lazy as _

HONEYPOT = "homepage"
STAMP = "form_stamp"
_SALT = "gongkai.abuse.stamp"
# A stamp older than this is refused as well: a page left open for a day is drawn again, a replayed one is not.
STAMP_MAX_AGE = 24 * 3600

TOO_FAST = _(
    "The form was sent too quickly after it was opened. Please check your entries and send it again."
)
EXPIRED = _("The form was open too long or was altered. Please send it again.")
TOO_MANY = _(
    "Too many forms were sent from your network in a short time. Please wait ten minutes and try again."
)
FILLED_HONEYPOT = _("The form could not be accepted. Leave the field 'Homepage' empty and send it again.")


def client_address(request: HttpRequest) -> str:
    return str(request.META.get("REMOTE_ADDR", ""))


def fingerprint(remote_address: str, purpose: str = "intake") -> str:
    """A keyed hash of a client's address, one per purpose (a form's limit, the tracking look-up limit):
    enough to rate-limit, useless to identify anyone."""
    key = settings.SECRET_KEY.encode()
    return hashlib.sha256(key + f"|{purpose}|".encode() + remote_address.encode()).hexdigest()[:32]


def stamp(now: float | None = None) -> str:
    """The signed drawing time a form carries (tests pass an earlier ``now`` to post a form 'typed' slowly)."""
    return signing.dumps(round(now if now is not None else time.time(), 3), salt=_SALT)


def guard_fields(seconds_ago: float = 60.0) -> dict[str, str]:
    """The two guard fields as a person's browser would send them ``seconds_ago`` after opening the form."""
    return {STAMP: stamp(time.time() - seconds_ago), HONEYPOT: ""}


def check_stamp(value: str, now: float | None = None) -> str | None:
    """None when ``value`` is a valid stamp drawn long enough ago; else the message to show."""
    now = now if now is not None else time.time()
    try:
        drawn = float(signing.loads(value, salt=_SALT))
    except (signing.BadSignature, TypeError, ValueError):
        return str(EXPIRED)
    if now - drawn > STAMP_MAX_AGE:
        return str(EXPIRED)
    if now - drawn < settings.GONGKAI_FORM_MIN_SECONDS:
        return str(TOO_FAST)
    return None


class HoneypotInput(forms.TextInput):
    """A text input drawn inside a ``d-none`` box with its own label, so the form's field group shows
    nothing to people (nor to screen readers) whatever form renderer draws the form."""

    def render(
        self, name: str, value: Any, attrs: dict[str, Any] | None = None, renderer: Any = None
    ) -> SafeString:
        field = super().render(name, value, attrs, renderer)
        label = format_html('<label for="{}">{}</label>', (attrs or {}).get("id", ""), _("Homepage"))
        return format_html('<div class="d-none">{}{}</div>', label, field)


class AbuseGuardForm(forms.Form):
    """Mixin for a public form: adds the honeypot and the stamp and checks them in ``clean``."""

    homepage = forms.CharField(
        label="",  # the widget draws its own label, hidden with it
        required=False,
        max_length=200,
        widget=HoneypotInput(attrs={"autocomplete": "off", "tabindex": "-1"}),
    )
    form_stamp = forms.CharField(required=False, widget=forms.HiddenInput)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for name in (HONEYPOT, STAMP):  # after the form's own fields
            self.fields[name] = self.fields.pop(name)
        # Drawn when the empty form is shown; a form shown again with errors keeps the stamp it was sent with.
        self.fields[STAMP].initial = stamp()

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        if cleaned.get(HONEYPOT):
            raise forms.ValidationError(FILLED_HONEYPOT, code="honeypot")
        problem = check_stamp(str(self.data.get(STAMP, "")))
        if problem:
            raise forms.ValidationError(problem, code="stamp")
        return cleaned


class RateLimited(Exception):
    """Too many accepted submissions of one form from this client address in the window."""


def guard(request: HttpRequest, form_key: str) -> None:
    """Count one accepted submission of ``form_key`` from the request's address; ``RateLimited`` past the
    limit (counted in the cache, a fixed window: a flood guard, not an exact meter)."""
    limit, window = settings.GONGKAI_PUBLIC_FORM_RATE_LIMIT
    key = f"abuse:{form_key}:{fingerprint(client_address(request), purpose=form_key)}"
    cache.add(key, 0, timeout=window)
    try:
        count = cache.incr(key)
    except ValueError:  # expired between add and incr
        cache.set(key, 1, timeout=window)
        count = 1
    if count > limit:
        raise RateLimited


def refusal(request: HttpRequest, back_url: str = "") -> HttpResponse:
    """The page for ``RateLimited`` (status 429), with a link back to the form."""
    return render(request, "public/rate_limited.html", {"back_url": back_url}, status=429)
