"""In a real browser: the person served rates an answered inquiry through its one-time link (a refused send
first, in Chinese, keeping the comment) as 不满意; the clerk finds the 差评 on the staff ratings page with an
overdue one above it, is refused an empty follow-up (input kept), records the follow-up and the
rectification. axe-core finds no serious or critical violation on any of these pages."""

from __future__ import annotations

import datetime
from typing import Any

import pytest
from django.core.cache import cache
from django.utils import timezone

from gongkai.inquiries import actions as inquiry_actions
from gongkai.ratings import actions, services
from gongkai.ratings.models import Rating
from gongkai.testing import Cast, sign_in_page
from gongkai.workdays.seed import seed_from_chinesecalendar

pytestmark = pytest.mark.browser


def answered_inquiry(cast: Cast, now: datetime.datetime) -> str:
    asked = {"name": "李女士", "contact": "13800000000", "subject": "创业补贴", "question": "如何申报？"}
    inquiry = inquiry_actions.do_submit_inquiry(cast.agency, asked, remote_address="192.0.2.9", now=now)
    inquiry_actions.do_answer_inquiry(cast.clerk, inquiry, "请登录政务服务网申报。", now=now)
    return inquiry.tracking_code


def test_rate_then_follow_up_and_rectify(
    cast: Cast, live_server: Any, new_page: Any, serious_violations: Any, settings: Any
) -> None:
    seed_from_chinesecalendar()
    cache.clear()
    settings.GONGKAI_FORM_MIN_SECONDS = 1
    base = live_server.url
    long_ago = timezone.now() - datetime.timedelta(days=40)
    overdue = actions.do_rate_service(
        "inquiry", answered_inquiry(cast, long_ago), 1, "无人回复。", now=long_ago
    )
    code = answered_inquiry(cast, timezone.now())

    page = new_page()
    page.goto(base + services.rating_url("inquiry", code))
    assert serious_violations(page) == []
    page.fill("#id_comment", "答复只给了一个网址，没有说明申报条件。")
    page.wait_for_timeout(1100)  # a person takes longer than the guard's minimum
    page.click("main form button[type=submit]")
    page.wait_for_load_state()
    assert "请在五个等级中选择一项" in page.inner_text("main")
    assert page.input_value("#id_comment") == "答复只给了一个网址，没有说明申报条件。"
    assert not Rating.objects.filter(service_code=code).exists()
    assert serious_violations(page) == []
    page.check("#id_level_3")  # 不满意
    page.click("main form button[type=submit]")
    page.wait_for_load_state()
    assert "感谢您的评价" in page.inner_text("main")
    rating = Rating.objects.get(service_code=code)
    assert rating.level == 2 and rating.due_on is not None
    assert serious_violations(page) == []

    clerk = new_page()
    sign_in_page(clerk, base, "clerk")
    clerk.goto(f"{base}/workspace/agencies/{cast.agency.pk}/ratings/")
    assert "1条差评已逾期" in clerk.inner_text("#ratings-overdue")
    cards = clerk.locator("section[data-state]")
    assert cards.nth(0).get_attribute("id") == f"rating-{overdue.pk}"
    assert "已超期" in cards.nth(0).inner_text()
    assert serious_violations(clerk) == []

    card = f"#rating-{rating.pk}"
    clerk.click(f"{card} form button[type=submit]")  # the follow-up, empty
    clerk.wait_for_load_state()
    assert "请填写回访情况" in clerk.inner_text(card)
    assert serious_violations(clerk) == []
    clerk.fill(f"#id_rating{rating.pk}_note", "电话回访，已补充说明申报条件。")
    clerk.click(f"{card} form button[type=submit]")
    clerk.wait_for_load_state()
    clerk.fill(f"#id_rating{rating.pk}_measures", "答复须写明办理条件和材料")
    clerk.fill(f"#id_rating{rating.pk}_owner", "政策法规科")
    clerk.click(f"{card} form button[type=submit]")
    clerk.wait_for_load_state()
    rating.refresh_from_db()
    assert rating.followed_up_at is not None and rating.rectification is not None
    assert clerk.get_attribute(card, "data-state") == "closed"
    assert serious_violations(clerk) == []
