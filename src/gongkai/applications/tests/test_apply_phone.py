"""A citizen applies on a phone (390 px wide) from the agency's page to the tracking code, in a real browser:
every step fits the screen, its inputs are at least 16 px and its buttons at least 44 px high, axe finds
nothing serious, and each page is photographed for the reviewers (var/screenshots/390/apply-*.png)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from gongkai.applications.models import Application
from gongkai.testing import Cast
from gongkai.workdays.seed import seed_from_chinesecalendar

from .helpers import valid_id_number

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
SHOTS = Path(__file__).resolve().parents[4] / "var" / "screenshots" / "390"

# Wider than the screen; inputs under 16 px (iOS zooms into them); buttons and inputs under 44 px.
FIT = """() => {
  const wide = document.documentElement.scrollWidth - window.innerWidth;
  const small = [...document.querySelectorAll('main input:not([type=hidden]), main select, main textarea')]
    .filter(e => parseFloat(getComputedStyle(e).fontSize) < 16).map(e => e.id);
  const low = [...document.querySelectorAll('main button, main .btn, main input:not([type=hidden]), main select')]
    .filter(e => e.getBoundingClientRect().height < 44).map(e => e.id || e.textContent.trim());
  return {wide, small, low};
}"""


def look(page: Any, name: str, serious_violations: Any) -> None:
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / f"apply-{name}.png"), full_page=True)
    fit = page.evaluate(FIT)
    assert fit == {"wide": 0, "small": [], "low": []}, (name, fit)
    assert serious_violations(page) == [], name


def next_page(page: Any) -> None:
    with page.expect_navigation():
        page.click("main form button[type=submit]")


def test_a_citizen_applies_on_a_phone_from_start_to_done(
    cast: Cast, live_server: Any, new_page: Any, serious_violations: Any
) -> None:
    seed_from_chinesecalendar()
    base = live_server.url
    page = new_page()
    page.set_viewport_size({"width": 390, "height": 844})
    page.goto(f"{base}/agencies/{cast.agency.pk}/")
    with page.expect_navigation():
        page.click("text=申请政府信息公开")

    # Step 1, refused first: the error summary at the top links to the field.
    look(page, "1-who", serious_violations)
    page.select_option("#id_applicant_kind", "natural_person")
    page.fill("#id_applicant_name", "王小明")
    page.select_option("#id_id_document", "resident_id")
    page.fill("#id_id_number", "330411198507152310")
    next_page(page)
    look(page, "1-who-error", serious_violations)
    summary = page.locator(".error-summary a[href='#id_id_number']")
    assert "校验位" in summary.inner_text()
    summary.click()
    assert page.evaluate("document.activeElement.id") == "id_id_number" or page.url.endswith("#id_id_number")
    page.fill("#id_id_number", valid_id_number())
    next_page(page)

    look(page, "2-what", serious_violations)
    page.fill("#id_description", "2025年度秀洲区外贸发展专项资金分配结果")
    next_page(page)

    look(page, "3-receive", serious_violations)
    page.select_option("#id_delivery_wanted", "email")
    page.fill("#id_phone", "13905734321")
    page.fill("#id_email", "wang@example.org")
    next_page(page)

    look(page, "4-check", serious_violations)
    assert "王小明" in page.inner_text("main") and "外贸发展专项资金" in page.inner_text("main")
    # Change an answer from the check page, and come back to it.
    with page.expect_navigation():
        page.click("#change-what")
    page.fill("#id_description", "2024年度秀洲区外贸发展专项资金分配结果")
    next_page(page)
    assert page.url.endswith("/apply/check/") and "2024年度" in page.inner_text("main")
    assert not Application.objects.exists()
    next_page(page)

    look(page, "5-done", serious_violations)
    application = Application.objects.get()
    assert page.url == f"{base}/track/{application.tracking_code}/"
    assert page.inner_text("#tracking-code") == application.tracking_code
    assert "接下来会怎样" in page.inner_text("main") and "20个工作日" in page.inner_text("main")
    assert application.description == "2024年度秀洲区外贸发展专项资金分配结果"
