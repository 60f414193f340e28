"""In a real browser: a clerk turns on two-factor sign-in with the key the page shows, writes down the
backup codes, and later signs in with one of them (once); axe-core checks the pages."""

from __future__ import annotations

from base64 import b32decode
from typing import Any

import pytest
from django_otp.oath import TOTP

from gongkai.testing import PASSWORD, Cast

pytestmark = pytest.mark.browser
SERIOUS = ("serious", "critical")


def sign_in(page: Any, base: str, username: str, code: str = "") -> None:
    page.goto(f"{base}/accounts/login/")
    page.fill("input[name=username]", username)
    page.fill("input[name=password]", PASSWORD)
    if code:
        page.fill("input[name=otp_token]", code)
    page.click("main form button[type=submit]")
    page.wait_for_load_state()


def serious_violations(page: Any, axe_script: str) -> list[str]:
    page.add_script_tag(content=axe_script)
    result = page.evaluate("async () => await axe.run(document, {resultTypes: ['violations']})")
    return [f"{v['id']}: {v['help']}" for v in result["violations"] if v["impact"] in SERIOUS]


def test_two_factor_with_backup_codes(cast: Cast, live_server: Any, new_page: Any, axe_script: str) -> None:
    base = live_server.url
    clerk = new_page()
    sign_in(clerk, base, "clerk")
    clerk.goto(f"{base}/accounts/two-factor/")
    assert clerk.locator("figure.qr svg").count() == 1
    assert serious_violations(clerk, axe_script) == []
    key = clerk.inner_text("figcaption code").replace(" ", "")
    secret = b32decode(key + "=" * (-len(key) % 8))
    clerk.fill("#token", f"{TOTP(secret).token():06d}")
    clerk.click("main form button[type=submit]")
    clerk.wait_for_load_state()
    codes = clerk.locator("ol.backup-codes code").all_inner_texts()
    assert len(codes) == 10 and all(len(code) == 8 and code.isdigit() for code in codes)
    assert serious_violations(clerk, axe_script) == []

    later = new_page()
    sign_in(later, base, "clerk")
    assert "/accounts/login/" in later.url  # the password alone no longer signs in
    sign_in(later, base, "clerk", code=codes[3])
    assert "/accounts/login/" not in later.url
    assert "还剩 9 个" in later.inner_text("body")

    again = new_page()
    sign_in(again, base, "clerk", code=codes[3])
    assert "/accounts/login/" in again.url, "a backup code signs in once"
    assert "验证码不正确" in again.inner_text("main")
