"""In a real browser: a clerk turns on two-factor sign-in with the key the page shows, writes down the
backup codes, and later signs in with one of them (once); axe-core checks the pages."""

from __future__ import annotations

from base64 import b32decode
from typing import Any

import pytest
from django_otp.oath import TOTP

from gongkai.testing import Cast, sign_in_page

pytestmark = pytest.mark.browser


def test_two_factor_with_backup_codes(
    cast: Cast, live_server: Any, new_page: Any, serious_violations: Any
) -> None:
    base = live_server.url
    clerk = new_page()
    sign_in_page(clerk, base, "clerk")
    clerk.goto(f"{base}/accounts/two-factor/")
    assert clerk.locator("figure.qr svg").count() == 1
    assert serious_violations(clerk) == []
    key = clerk.inner_text("figcaption code").replace(" ", "")
    secret = b32decode(key + "=" * (-len(key) % 8))
    clerk.fill("#token", f"{TOTP(secret).token():06d}")
    clerk.click("main form button[type=submit]")
    clerk.wait_for_load_state()
    codes = clerk.locator("ol.backup-codes code").all_inner_texts()
    assert len(codes) == 10 and all(len(code) == 8 and code.isdigit() for code in codes)
    assert serious_violations(clerk) == []

    later = new_page()
    sign_in_page(later, base, "clerk")
    assert "/accounts/login/" in later.url  # the password alone no longer signs in
    sign_in_page(later, base, "clerk", code=codes[3])
    assert "/accounts/login/" not in later.url
    assert "还剩 9 个" in later.inner_text("body")

    again = new_page()
    sign_in_page(again, base, "clerk", code=codes[3])
    assert "/accounts/login/" in again.url, "a backup code signs in once"
    assert "验证码不正确" in again.inner_text("main")
