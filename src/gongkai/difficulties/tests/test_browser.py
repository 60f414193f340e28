"""In a real browser: a company reports a difficulty on the public form (a refused send first, in Chinese,
keeping the input), follows it by tracking code, confirms the answer and rates the service; the staff
queue shows the case. axe-core finds no serious violation on any of these pages."""

from __future__ import annotations

from typing import Any

import pytest
from django.core.cache import cache

from gongkai.difficulties import actions
from gongkai.difficulties.models import Difficulty
from gongkai.ratings.models import Rating
from gongkai.testing import Cast, sign_in_page
from gongkai.workdays.seed import seed_from_chinesecalendar

pytestmark = pytest.mark.browser


def test_report_follow_confirm_and_rate(
    cast: Cast, live_server: Any, new_page: Any, serious_violations: Any, settings: Any
) -> None:
    seed_from_chinesecalendar()
    cache.clear()
    settings.GONGKAI_FORM_MIN_SECONDS = 1
    base = live_server.url
    page = new_page()
    page.goto(f"{base}/difficulties/report/?agency={cast.agency.pk}")
    assert serious_violations(page) == []
    page.check("#id_reporter_kind_0")
    page.fill("#id_subject", "厂区出入口被施工围挡占用")
    page.fill("#id_description", "园区东路施工围挡占用厂区唯一出入口，货车无法进出。")
    page.fill("#id_name", "嘉兴市禾丰纺织有限公司")
    page.wait_for_timeout(1100)  # a person takes longer than the guard's minimum
    page.click("main form button[type=submit]")
    page.wait_for_load_state()
    assert "请填写用于答复的电话号码或电子邮箱" in page.inner_text("main")
    assert page.input_value("#id_subject") == "厂区出入口被施工围挡占用"
    assert serious_violations(page) == []
    page.fill("#id_contact", "13957305678")
    page.click("main form button[type=submit]")
    page.wait_for_load_state()
    case = Difficulty.objects.get()
    assert case.tracking_code in page.inner_text("main")
    assert "禾丰纺织" not in page.content()
    assert serious_violations(page) == []

    clerk = new_page()
    sign_in_page(clerk, base, "clerk")
    clerk.goto(f"{base}/workspace/agencies/{cast.agency.pk}/difficulties/")
    assert case.tracking_code in clerk.inner_text("main")
    assert serious_violations(clerk) == []
    clerk.goto(f"{base}/workspace/difficulties/{case.pk}/")
    assert serious_violations(clerk) == []

    actions.do_assign_difficulty(cast.clerk, case, cast.agency, 5)
    actions.do_answer_difficulty(cast.clerk, case, "已协调施工单位开设临时通道。")
    page.goto(f"{base}/difficulties/track/{case.tracking_code}/")
    page.click("main form button[type=submit]")
    page.wait_for_load_state()
    assert "反馈人确认办结" in page.inner_text("main")
    page.click("text=评价本次服务")
    page.wait_for_load_state()
    assert serious_violations(page) == []
    page.check("#id_level_1")
    page.fill("#id_comment", "处理及时。")
    page.wait_for_timeout(1100)
    page.click("main form button[type=submit]")
    page.wait_for_load_state()
    assert "感谢您的评价" in page.inner_text("main")
    assert Rating.objects.get().level == 4
    assert serious_violations(page) == []
