"""In a real browser: from the report editor's 一、总体情况 a clerk follows the link of a public services'
number (答复的政策咨询) to the page of the records it counts, at a desktop and a phone width — no serious or
critical axe violation on either page."""

from __future__ import annotations

from typing import Any

import pytest
from django.utils import timezone

from gongkai.inquiries import actions as inquiry_actions
from gongkai.reports.actions import do_build_report
from gongkai.testing import Cast, sign_in_page
from gongkai.workdays.seed import seed_from_chinesecalendar

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_a_services_number_leads_to_its_records(
    cast: Cast, live_server: Any, new_page: Any, serious_violations: Any
) -> None:
    seed_from_chinesecalendar()
    now = timezone.now()
    asked = {"name": "王小明", "contact": "13857301234", "subject": "创业补贴", "question": "何时申报？"}
    inquiry = inquiry_actions.do_submit_inquiry(cast.agency, asked, remote_address="192.0.2.1", now=now)
    inquiry_actions.do_answer_inquiry(cast.clerk, inquiry, "每年3月。", now=now)
    record = do_build_report(cast.clerk, cast.agency, now.year)

    page = new_page()
    sign_in_page(page, live_server.url, "clerk")
    for width, height in ((1366, 900), (390, 844)):
        page.set_viewport_size({"width": width, "height": height})
        page.goto(f"{live_server.url}/workspace/reports/{record.pk}/")
        assert serious_violations(page) == [], width
        page.click("#section-一 nav a:has-text('答复的政策咨询')")
        page.wait_for_load_state()
        main = page.inner_text("main")
        assert "答复政策咨询1个" in main and inquiry.tracking_code in main
        assert serious_violations(page) == [], width
