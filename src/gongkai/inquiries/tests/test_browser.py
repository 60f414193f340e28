"""In a real browser: a citizen asks a question on the public form — similar published answers appear as
the question is typed (htmx) — confirms it and lands on the tracking page; the clerk's queue shows it.
axe-core finds no serious violation on the form, the confirmation, the tracking page or the queue."""

from __future__ import annotations

from typing import Any

import pytest
from django.core.cache import cache

from gongkai.inquiries import actions
from gongkai.inquiries.models import Inquiry
from gongkai.testing import Cast, sign_in_page
from gongkai.workdays.seed import seed_from_chinesecalendar

from .helpers import QUESTION

pytestmark = pytest.mark.browser


def test_a_citizen_asks_sees_similar_answers_and_follows_the_question(
    cast: Cast, live_server: Any, new_page: Any, serious_violations: Any, settings: Any
) -> None:
    seed_from_chinesecalendar()
    cache.clear()
    settings.GONGKAI_FORM_MIN_SECONDS = 1
    earlier = actions.do_submit_inquiry(
        cast.agency,
        {"name": "李四", "contact": "13900000000", "subject": "出口信用保险补贴申报", "question": QUESTION,
         "agrees_to_publish": True},
        remote_address="192.0.2.1",
    )  # fmt: skip
    actions.do_answer_inquiry(cast.clerk, earlier, "每年3月申报。")
    actions.do_moderate_inquiry(
        cast.approver, earlier, publish=True, public_question=QUESTION, public_answer="每年3月申报。"
    )
    base = live_server.url
    page = new_page()
    page.goto(f"{base}/inquiries/ask/?agency={cast.agency.pk}")
    assert serious_violations(page) == []
    page.fill("#id_subject", "补贴申报时间")
    page.fill("#id_question", "外贸企业出口信用保险补贴什么时候申报？")
    page.locator("#suggestions a").first.wait_for()  # htmx asked for similar answers
    assert page.locator("#suggestions").inner_text().count("出口信用保险补贴申报") == 1
    page.fill("#id_name", "王小明")
    page.fill("#id_contact", "13857301234")
    page.check("#id_agrees_to_publish")
    page.wait_for_timeout(1100)  # a person takes longer than the guard's minimum
    page.click("main form button[type=submit]")
    page.wait_for_load_state()
    assert "核对您的问题" in page.inner_text("h1")
    assert serious_violations(page) == []
    page.click("button[name=confirm]")
    page.wait_for_load_state()
    inquiry = Inquiry.objects.exclude(pk=earlier.pk).get()
    assert inquiry.tracking_code in page.inner_text("main")
    assert "王小明" not in page.content()
    assert serious_violations(page) == []

    clerk = new_page()
    sign_in_page(clerk, base, "clerk")
    clerk.goto(f"{base}/workspace/agencies/{cast.agency.pk}/inquiries/")
    assert inquiry.tracking_code in clerk.inner_text("main")
    assert serious_violations(clerk) == []


def test_the_form_refuses_missing_fields_in_chinese_and_keeps_the_input(
    cast: Cast, live_server: Any, new_page: Any, serious_violations: Any
) -> None:
    page = new_page()
    page.goto(f"{live_server.url}/inquiries/ask/?agency={cast.agency.pk}")
    page.fill("#id_question", "这是一个问题")
    page.click("main form button[type=submit]")
    page.wait_for_load_state()
    summary = page.inner_text(".error-summary")
    assert "请为您的问题填写主题" in summary and "请填写您的姓名" in summary
    assert page.input_value("#id_question") == "这是一个问题"
    assert serious_violations(page) == []


def test_the_public_pages_fit_a_phone(cast: Cast, live_server: Any, new_page: Any) -> None:
    seed_from_chinesecalendar()
    inquiry = actions.do_submit_inquiry(
        cast.agency,
        {"name": "李四", "contact": "13900000000", "subject": "出口信用保险补贴申报", "question": QUESTION,
         "agrees_to_publish": True},
        remote_address="192.0.2.1",
    )  # fmt: skip
    actions.do_answer_inquiry(cast.clerk, inquiry, "每年3月申报。")
    actions.do_moderate_inquiry(
        cast.approver, inquiry, publish=True, public_question=QUESTION, public_answer="每年3月申报。"
    )
    page = new_page()
    page.set_viewport_size({"width": 390, "height": 844})
    for path in (
        f"/inquiries/ask/?agency={cast.agency.pk}",
        "/inquiries/",
        f"/inquiries/{inquiry.pk}/",
        f"/inquiries/track/{inquiry.tracking_code}/",
    ):
        page.goto(f"{live_server.url}{path}")
        wide = page.evaluate(
            "[...document.querySelectorAll('body *')].filter(e => e.getBoundingClientRect().right > 391)"
            ".map(e => e.tagName + '#' + e.id + '.' + e.className).slice(0, 5)"
        )
        assert page.evaluate("document.documentElement.scrollWidth") <= 390, (path, wide)
