"""Two-factor sign-in for staff: enable and disable a TOTP device (django-otp)."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _
from django_otp import match_token
from django_otp.plugins.otp_totp.models import TOTPDevice


def pending_totp_device(user: Any) -> TOTPDevice:
    """The unconfirmed device whose secret the set-up page shows (made once, kept until confirmed)."""
    device = TOTPDevice.objects.filter(user=user, confirmed=False).first()
    if device is None:
        device = TOTPDevice.objects.create(user=user, name="authenticator", confirmed=False)
    return device


@transaction.atomic
def do_enable_two_factor(user: Any, token: str) -> TOTPDevice:
    """Confirm the pending device with a code it generated; from then on sign-in asks for a code."""
    device = pending_totp_device(user)
    if not device.verify_token(token.strip()):
        raise ValidationError(
            _("The code does not match: check the time on your phone and enter the current code."),
            code="otp_invalid",
        )
    device.confirmed = True
    device.save(update_fields=["confirmed"])
    return device


@transaction.atomic
def do_disable_two_factor(user: Any, token: str) -> None:
    """Remove the user's TOTP devices, given a current code (a stolen session alone cannot do it)."""
    if match_token(user, token.strip()) is None:
        raise ValidationError(_("The code does not match: enter the current code."), code="otp_invalid")
    TOTPDevice.objects.filter(user=user).delete()
