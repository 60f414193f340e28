"""Sign-in: the lockout backend, and the form that asks for the TOTP code of staff who enabled it."""

from __future__ import annotations

from typing import Any

from axes.backends import AxesStandaloneBackend
from django import forms
from django.contrib.auth.forms import AuthenticationForm
from django.contrib.auth.signals import user_login_failed
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _
from django_otp import devices_for_user, match_token
from django_otp.models import Device


class LockoutBackend(AxesStandaloneBackend):
    """django-axes' lockout check (N failures per username and address, then a cool-off), for sign-ins over
    HTTP. Authentication without a request — ``changepassword``, the shell, the test client's ``login`` —
    has no address to count and is not throttled."""

    def authenticate(self, request: HttpRequest | None, *args: Any, **kwargs: Any) -> None:
        if request is None:
            return None
        return super().authenticate(request, *args, **kwargs)


def has_two_factor(user: Any) -> bool:
    return any(True for _device in devices_for_user(user, confirmed=True))


class SignInForm(AuthenticationForm):
    """Username and password, and the authenticator code when the account has a confirmed TOTP device.

    A wrong or missing code counts as a failed sign-in for the lockout, so the six digits cannot be
    guessed faster than a password."""

    otp_token = forms.CharField(
        label=_("Authenticator code (only if you enabled two-factor sign-in)"),
        required=False,
        max_length=8,
        widget=forms.TextInput(attrs={"autocomplete": "one-time-code", "inputmode": "numeric"}),
    )

    error_messages = {
        **AuthenticationForm.error_messages,
        "otp_required": _(
            "This account signs in with two-factor authentication: enter the six-digit code from your "
            "authenticator app."
        ),
        "otp_invalid": _("The authenticator code is wrong or has expired; enter the current code."),
    }

    def __init__(self, request: HttpRequest | None = None, *args: Any, **kwargs: Any) -> None:
        super().__init__(request, *args, **kwargs)
        self.otp_device: Device | None = None

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean()
        user = self.get_user()
        if user is None or not has_two_factor(user):
            return cleaned
        token = (cleaned.get("otp_token") or "").strip()
        self.otp_device = match_token(user, token) if token else None
        if self.otp_device is None:
            user_login_failed.send(
                sender=__name__, credentials={"username": user.get_username()}, request=self.request
            )
            code = "otp_invalid" if token else "otp_required"
            raise forms.ValidationError(self.error_messages[code], code=code)
        return cleaned
