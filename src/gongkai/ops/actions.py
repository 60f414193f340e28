"""Two-factor sign-in for staff: enable and disable a TOTP device (django-otp), with backup codes.

Backup codes are for a lost phone: ten eight-digit codes, each good once, shown only when made (the
database keeps them for verification, as django-otp's static device does). Making new ones, like turning
two-factor off, needs a current code, so a stolen session alone can do neither."""

from __future__ import annotations

import secrets
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _
from django_otp import match_token
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

BACKUP_CODES = 10


def pending_totp_device(user: Any) -> TOTPDevice:
    """The unconfirmed device whose secret the set-up page shows (made once, kept until confirmed)."""
    device = TOTPDevice.objects.filter(user=user, confirmed=False).first()
    if device is None:
        # The name the admin lists it by, in the language of the one who set it up.
        device = TOTPDevice.objects.create(user=user, name=_("Authenticator app"), confirmed=False)
    return device


def _require_current_code(user: Any, token: str) -> None:
    if match_token(user, token.strip()) is None:
        raise ValidationError(_("The code does not match: enter the current code."), code="otp_invalid")


def _new_backup_codes(user: Any) -> list[str]:
    """Replace the user's backup codes; returns the new ones (the only time they are shown)."""
    # One set per user (older ones were named "backup codes"; found by their user all the same).
    device = StaticDevice.objects.filter(user=user).first()
    if device is None:
        device = StaticDevice.objects.create(user=user, name=_("Backup codes"))
    device.token_set.all().delete()
    codes = [f"{secrets.randbelow(10**8):08d}" for _ in range(BACKUP_CODES)]
    StaticToken.objects.bulk_create(StaticToken(device=device, token=code) for code in codes)
    return codes


@transaction.atomic
def do_enable_two_factor(user: Any, token: str) -> list[str]:
    """Confirm the pending device with a code it generated; from then on sign-in asks for a code.
    Returns the backup codes."""
    device = pending_totp_device(user)
    if not device.verify_token(token.strip()):
        raise ValidationError(
            _("The code does not match: check the time on your phone and enter the current code."),
            code="otp_invalid",
        )
    device.confirmed = True
    device.save(update_fields=["confirmed"])
    return _new_backup_codes(user)


@transaction.atomic
def do_renew_backup_codes(user: Any, token: str) -> list[str]:
    """New backup codes for old ones (used up, or seen by someone else), given a current code."""
    _require_current_code(user, token)
    return _new_backup_codes(user)


def backup_codes_left(user: Any) -> int:
    return StaticToken.objects.filter(device__user=user).count()


@transaction.atomic
def do_disable_two_factor(user: Any, token: str) -> None:
    """Remove the user's TOTP device and backup codes, given a current code (a stolen session alone cannot
    do it)."""
    _require_current_code(user, token)
    TOTPDevice.objects.filter(user=user).delete()
    StaticDevice.objects.filter(user=user).delete()
