"""In a real browser: a clerk opens a rectification item on the staff page (a refused send first, in Chinese,
keeping the input), marks it rectified (an empty result refused first), and the public 整改公开 page shows
it with what was done. axe-core finds no serious or critical violation on any of these pages."""

from __future__ import annotations

import datetime
from typing import Any

import pytest
from django.utils import timezone

from gongkai.rectifications.models import Rectification
from gongkai.testing import Cast, sign_in_page

pytestmark = pytest.mark.browser


def test_open_complete_and_see_it_in_public(
    cast: Cast, live_server: Any, new_page: Any, serious_violations: Any
) -> None:
    base = live_server.url
    deadline = (timezone.localdate() + datetime.timedelta(days=30)).isoformat()
    clerk = new_page()
    sign_in_page(clerk, base, "clerk")
    clerk.goto(f"{base}/workspace/agencies/{cast.agency.pk}/rectifications/")
    assert serious_violations(clerk) == []
    clerk.select_option("#id_source", "audit")
    clerk.fill("#id_measures", "逐件核对并补充标注有效性")
    clerk.fill("#id_owner", "办公室")
    clerk.fill("#id_deadline", deadline)
    clerk.click("main form:has(#id_problem) button[type=submit]")
    clerk.wait_for_load_state()
    assert "请描述发现的问题" in clerk.inner_text("main")
    assert clerk.input_value("#id_measures") == "逐件核对并补充标注有效性"
    assert clerk.input_value("#id_owner") == "办公室" and clerk.input_value("#id_deadline") == deadline
    assert not Rectification.objects.exists()
    assert serious_violations(clerk) == []
    clerk.fill("#id_problem", "部分规范性文件未标注有效性")
    clerk.click("main form:has(#id_problem) button[type=submit]")
    clerk.wait_for_load_state()
    item = Rectification.objects.get()
    assert "部分规范性文件未标注有效性" in clerk.inner_text("main")
    assert serious_violations(clerk) == []

    clerk.click(f"main form:has(#id_item{item.pk}_result) button[type=submit]")  # no result written
    clerk.wait_for_load_state()
    assert "请填写整改结果" in clerk.inner_text("main")
    assert serious_violations(clerk) == []
    clerk.fill(f"#id_item{item.pk}_result", "已对全部32件规范性文件补充标注。")
    clerk.click("main form button[type=submit]")
    clerk.wait_for_load_state()
    item.refresh_from_db()
    assert item.status == Rectification.Status.DONE

    public = new_page()
    public.goto(f"{base}/agencies/{cast.agency.pk}/rectifications/")
    text = public.inner_text("main")
    assert "部分规范性文件未标注有效性" in text and "已对全部32件规范性文件补充标注" in text
    assert "clerk" not in text
    assert serious_violations(public) == []
