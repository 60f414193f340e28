"""The clerk's main job in a real browser, counted in clicks: from the queue, open the most urgent case,
record a decision, send the letter (record its delivery) — at most 5 clicks (sign-in and form filling not
counted; each submit is). The queue and the case page pass axe and are photographed at desk and phone
widths for the reviewers (var/screenshots/)."""

from __future__ import annotations

import datetime
from pathlib import Path
from typing import Any

import pytest
from django.utils import timezone

from gongkai.applications.models import Application, Status
from gongkai.testing import Cast, sign_in_page
from gongkai.workdays.seed import seed_from_chinesecalendar

from .helpers import register

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
SHOTS = Path(__file__).resolve().parents[4] / "var" / "screenshots"


class Clicks:
    """Every click the user makes goes through here, so that the test counts them all."""

    def __init__(self, page: Any) -> None:
        self.page = page
        self.count = 0

    def follow(self, selector: str) -> None:
        self.count += 1
        with self.page.expect_navigation():
            self.page.click(selector)


def photograph(page: Any, name: str) -> None:
    SHOTS.mkdir(parents=True, exist_ok=True)
    for width, height in ((1366, 900), (390, 844)):
        page.set_viewport_size({"width": width, "height": height})
        page.screenshot(path=str(SHOTS / f"{name}-{width}.png"), full_page=True)
    page.set_viewport_size({"width": 1366, "height": 900})


def test_open_the_most_urgent_case_decide_and_send_the_letter_in_five_clicks(
    cast: Cast, live_server: Any, new_page: Any, settings: Any, tmp_path: Any, serious_violations: Any
) -> None:
    settings.MEDIA_ROOT = tmp_path / "media"
    seed_from_chinesecalendar()
    today = timezone.localdate()
    for days in (3, 10, 20):
        register(cast.clerk, cast.agency, today - datetime.timedelta(days=days))
    urgent = register(
        cast.clerk,
        cast.agency,
        today - datetime.timedelta(days=40),
        applicant_name="李紧急",
        description="2024年度秀洲区老旧小区改造项目资金使用情况",
    )
    base = live_server.url
    page = new_page()
    page.set_viewport_size({"width": 1366, "height": 900})
    sign_in_page(page, base, "approver")
    page.goto(f"{base}/workspace/agencies/{cast.agency.pk}/applications/")
    assert serious_violations(page) == []
    photograph(page, "queue")
    clicks = Clicks(page)

    # 1. The queue is sorted by due date: the first row is the most urgent case.
    first = page.locator("table.queue tbody tr").first
    assert urgent.tracking_code in first.inner_text() and "已超期" in first.inner_text()
    clicks.follow("table.queue tbody tr:first-child td.code a")
    assert page.inner_text("h1").endswith(urgent.tracking_code)
    assert serious_violations(page) == []
    photograph(page, "case")

    # 2–3. Decide: its button opens its form; the submit records it and says what changed.
    clicks.follow("#do-decide")
    assert serious_violations(page) == []
    photograph(page, "step-decide")
    page.select_option("#id_decide-outcome", "granted")
    page.fill("#id_decide-text", "经审查，所申请信息予以公开。")
    clicks.follow("#action-decide button[type=submit]")
    assert "已记录" in page.inner_text(".messages") and "已答复" in page.inner_text("#status")

    # 4–5. Send the letter: record its delivery.
    clicks.follow("#do-deliver")
    clicks.follow("#action-deliver button[type=submit]")
    assert "已记录" in page.inner_text(".messages")
    photograph(page, "case-decided")

    urgent = Application.objects.get(pk=urgent.pk)
    assert urgent.status == Status.DECIDED and urgent.delivered_on == today
    assert urgent.letters.filter(kind="reply").exists()
    assert clicks.count <= 5, clicks.count
