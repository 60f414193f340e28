"""Sign-in hardening: lockout after repeated failures, and the TOTP code for staff who enabled it."""

from __future__ import annotations

import re
from typing import Any

import pytest
from django.test import Client
from django_otp.oath import TOTP
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from gongkai.ops import actions
from gongkai.testing import PASSWORD, Cast

pytestmark = pytest.mark.django_db


def sign_in(client: Client, username: str, password: str, address: str = "198.51.100.7", **extra: str) -> Any:
    return client.post(
        "/accounts/login/", {"username": username, "password": password, **extra}, REMOTE_ADDR=address
    )


def current_code(device: TOTPDevice) -> str:
    totp = TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift)
    return f"{totp.token():0{device.digits}d}"


def wrong_code(device: TOTPDevice) -> str:
    return f"{(int(current_code(device)) + 500000) % 1000000:06d}"


def next_time_step(device: TOTPDevice) -> None:
    """A code is accepted once; the tests run within one 30-second step, so forget the last one used."""
    TOTPDevice.objects.filter(pk=device.pk).update(last_t=-1)


@pytest.fixture(autouse=True)
def lockout_after_three(settings: Any) -> None:
    settings.AXES_FAILURE_LIMIT = 3
    settings.OTP_TOTP_THROTTLE_FACTOR = 0  # django-otp's back-off after a wrong code: tested by django-otp


def test_a_user_is_locked_out_after_repeated_failures_with_a_message(client: Client, cast: Cast) -> None:
    for _attempt in range(2):
        assert sign_in(client, "clerk", "wrong").status_code == 200
    locked = sign_in(client, "clerk", "wrong")
    assert locked.status_code == 429
    assert "registration/locked_out.html" in [template.name for template in locked.templates]
    assert "30" in locked.content.decode()  # the cool-off, in minutes
    # Even the right password is refused while locked.
    assert sign_in(client, "clerk", PASSWORD).status_code == 429


def test_the_lockout_is_per_username_and_address(client: Client, cast: Cast) -> None:
    for _attempt in range(3):
        sign_in(client, "clerk", "wrong")
    assert sign_in(client, "clerk", PASSWORD, address="203.0.113.5").status_code == 302
    assert sign_in(Client(), "approver", PASSWORD).status_code == 302


def test_a_successful_sign_in_resets_the_count(client: Client, cast: Cast) -> None:
    for _attempt in range(2):
        sign_in(client, "clerk", "wrong")
    assert sign_in(client, "clerk", PASSWORD).status_code == 302
    for _attempt in range(2):
        assert sign_in(Client(), "clerk", "wrong").status_code == 200


def test_behind_a_trusted_proxy_the_forwarded_address_is_counted(
    client: Client, cast: Cast, settings: Any
) -> None:
    settings.GONGKAI_TRUSTED_PROXIES = 1
    for number in range(3):
        response = client.post(
            "/accounts/login/",
            {"username": "clerk", "password": "wrong"},
            REMOTE_ADDR="127.0.0.1",
            HTTP_X_FORWARDED_FOR=f"192.0.2.{number}, 198.51.100.{number}",  # spoofed left part ignored
        )
    assert response.status_code == 200, "three different clients: nobody is locked out"


def test_the_admin_signs_in_through_the_same_form(client: Client, cast: Cast) -> None:
    response = client.get("/admin/login/?next=/admin/")
    assert response.status_code == 200
    assert "otp_token" in response.content.decode()


def enable_two_factor(client: Client, user: Any) -> TOTPDevice:
    client.force_login(user)
    page = client.get("/accounts/two-factor/")
    assert page.status_code == 200
    assert "<svg" in page.content.decode()
    device = TOTPDevice.objects.get(user=user, confirmed=False)
    client.post("/accounts/two-factor/", {"token": wrong_code(device)})
    assert not TOTPDevice.objects.get(pk=device.pk).confirmed, "a wrong code enables nothing"
    client.post("/accounts/two-factor/", {"token": current_code(device)})
    device.refresh_from_db()
    assert device.confirmed
    client.logout()
    next_time_step(device)
    return device


def test_staff_who_enabled_two_factor_must_give_the_code(client: Client, cast: Cast) -> None:
    device = enable_two_factor(client, cast.approver)

    without = sign_in(client, "approver", PASSWORD)
    assert without.status_code == 200
    assert "_auth_user_id" not in client.session
    assert without.context["form"].has_error("__all__", "otp_required")

    wrong = sign_in(client, "approver", PASSWORD, otp_token=wrong_code(device))
    assert wrong.context["form"].has_error("__all__", "otp_invalid")

    right = sign_in(client, "approver", PASSWORD, otp_token=current_code(device))
    assert right.status_code == 302
    assert int(client.session["_auth_user_id"]) == cast.approver.pk
    assert client.session.get("otp_device_id") == device.persistent_id


def test_wrong_codes_count_towards_the_lockout(client: Client, cast: Cast) -> None:
    device = enable_two_factor(client, cast.approver)
    for _attempt in range(2):
        sign_in(client, "approver", PASSWORD, otp_token=wrong_code(device))
    assert sign_in(client, "approver", PASSWORD, otp_token=wrong_code(device)).status_code == 429
    assert sign_in(client, "approver", PASSWORD, otp_token=current_code(device)).status_code == 429


def test_staff_without_two_factor_sign_in_with_the_password_alone(client: Client, cast: Cast) -> None:
    assert sign_in(client, "clerk", PASSWORD).status_code == 302


def test_turning_two_factor_off_needs_a_current_code(client: Client, cast: Cast) -> None:
    device = enable_two_factor(client, cast.clerk)
    client.force_login(cast.clerk)
    client.post("/accounts/two-factor/", {"token": wrong_code(device)})
    assert TOTPDevice.objects.filter(user=cast.clerk, confirmed=True).exists()
    client.post("/accounts/two-factor/", {"token": current_code(device)})
    assert not TOTPDevice.objects.filter(user=cast.clerk).exists()
    assert not StaticDevice.objects.filter(user=cast.clerk).exists(), "the backup codes go too"


def test_enabling_two_factor_shows_backup_codes_once_and_each_signs_in_once(
    client: Client, cast: Cast
) -> None:
    client.force_login(cast.approver)
    device = actions.pending_totp_device(cast.approver)
    shown = client.post("/accounts/two-factor/", {"token": current_code(device)})
    assert shown.status_code == 200 and shown["Cache-Control"] == "no-store"
    codes = shown.context["codes"]
    assert len(codes) == 10 and len(set(codes)) == 10 and all(re.fullmatch(r"\d{8}", c) for c in codes)
    assert codes[0] not in client.get("/accounts/two-factor/").content.decode()  # not shown again
    client.logout()

    used = sign_in(client, "approver", PASSWORD, otp_token=codes[0])
    assert used.status_code == 302 and int(client.session["_auth_user_id"]) == cast.approver.pk
    assert "还剩 9 个" in client.get("/workspace/").content.decode()
    client.logout()
    again = sign_in(client, "approver", PASSWORD, otp_token=codes[0])
    assert again.context["form"].has_error("__all__", "otp_invalid"), "a backup code works once"


def test_new_backup_codes_need_a_current_code_and_replace_the_old(client: Client, cast: Cast) -> None:
    device = enable_two_factor(client, cast.clerk)
    old = list(StaticToken.objects.filter(device__user=cast.clerk).values_list("token", flat=True))
    assert len(old) == 10
    client.force_login(cast.clerk)
    refused = client.post("/accounts/two-factor/", {"action": "renew", "token": wrong_code(device)})
    assert refused.status_code == 302
    assert sorted(
        StaticToken.objects.filter(device__user=cast.clerk).values_list("token", flat=True)
    ) == sorted(old)
    renewed = client.post("/accounts/two-factor/", {"action": "renew", "token": current_code(device)})
    assert renewed.status_code == 200
    new = renewed.context["codes"]
    assert set(new).isdisjoint(old)
    stored = StaticToken.objects.filter(device__user=cast.clerk).values_list("token", flat=True)
    assert set(stored) == set(new)
    client.logout()
    # (the new code first: after a wrong code django-otp throttles the device for a moment)
    assert sign_in(client, "clerk", PASSWORD, otp_token=new[1]).status_code == 302
    client.logout()
    stale = sign_in(client, "clerk", PASSWORD, otp_token=old[1])
    assert stale.context["form"].has_error("__all__", "otp_invalid")
