"""Why there is no due date, in each state's own words, on the applicant's tracking page and on the staff
page alike — from one table (``clock.STOPPED_CLOCK_WORDS``)."""

from __future__ import annotations

import datetime
import re
from collections.abc import Callable

import pytest
from django.test import Client
from django.utils import timezone

from gongkai.applications import actions
from gongkai.applications.clock import STOPPED_CLOCK_WORDS
from gongkai.applications.models import OPEN_STATUSES, Application, Status
from gongkai.testing import Cast
from gongkai.workdays.seed import seed_from_chinesecalendar

from .helpers import applicant, look_up, register

pytestmark = pytest.mark.django_db

# What each page says in the "reply due on" line; None: the line is not there (the application is closed).
# The applicant is spoken to; staff read a short state.
WORDS: dict[str, tuple[str | None, str | None]] = {
    Status.SUBMITTED: (
        "尚未开始计算：答复期限自本机关确认收到您的申请之日起计算。",
        "尚未起算：尚未确认收到申请",
    ),
    Status.AWAITING_SUPPLEMENT: (
        "暂停计算：等待您补正申请；答复期限自本机关收到补正材料之日起重新计算。",
        "暂停计算：等待申请人补正（收到补正后重新计算）",
    ),
    Status.IN_CONSULTATION: (
        "暂停计算：本机关正在征求第三方或其他机关的意见，所需时间不计算在答复期限内。",
        "暂停计算：征求意见中（期间不计入）",
    ),
    Status.AWAITING_PAYMENT: (
        "暂停计算：等待您缴纳信息处理费；自收费通知发出至缴费之日的期间不计算在答复期限内。",
        "暂停计算：等待缴纳信息处理费（期间不计入）",
    ),
    Status.IN_PROGRESS: (r"\d{4}-\d\d-\d\d", r"\d{4}-\d\d-\d\d"),  # a running clock: the date
    Status.DECIDED: (None, None),
    Status.WITHDRAWN: (None, None),
}
EVERY_STOPPED_WORD = {text for pair in WORDS.values() for text in pair if text and "\\d" not in text}


def in_state(cast: Cast, status: str) -> Application:
    """An application brought to ``status`` by the actions, with dates recent enough that a consultation
    or a fee notice is still open today."""
    today = timezone.localdate()
    received = today - datetime.timedelta(days=3)
    if status == Status.SUBMITTED:
        return actions.do_submit_application(cast.agency, applicant(), remote_address="198.51.100.30")
    application = register(cast.clerk, cast.agency, received)
    if status == Status.AWAITING_SUPPLEMENT:
        actions.do_request_supplement(cast.clerk, application, what="请写明文号", on=today)
    elif status == Status.IN_CONSULTATION:
        actions.do_send_consultation(cast.clerk, application, kind="third_party", party="某公司", on=today)
    elif status == Status.AWAITING_PAYMENT:
        actions.do_issue_fee_notice(cast.approver, application, method="by_pages", pages=50, on=today)
    elif status == Status.DECIDED:
        actions.do_decide_application(cast.approver, application, outcome="granted", on=today)
    elif status == Status.WITHDRAWN:
        actions.do_withdraw_application(cast.clerk, application, on=today)
    application.refresh_from_db()
    assert application.status == status
    return application


def tracking_page(cast: Cast, application: Application) -> str:
    client = Client()
    assert look_up(client, application).status_code == 302
    return client.get(f"/track/{application.tracking_code}/").content.decode()


def staff_page(cast: Cast, application: Application) -> str:
    client = Client()
    client.force_login(cast.clerk)
    return client.get(f"/workspace/applications/{application.pk}/").content.decode()


PAGES: dict[str, tuple[int, Callable[[Cast, Application], str]]] = {
    "tracking page": (0, tracking_page),
    "staff page": (1, staff_page),
}
DUE = re.compile(r'<(dd|span)[^>]*\sid="due"[^>]*>(.*?)</\1>', re.S)


def test_every_open_state_has_its_words_and_no_other_does() -> None:
    assert set(STOPPED_CLOCK_WORDS) == set(OPEN_STATUSES)


@pytest.mark.parametrize("page", list(PAGES))
@pytest.mark.parametrize("status", list(WORDS))
def test_each_state_says_why_there_is_no_due_date_in_its_own_words(
    cast: Cast, status: str, page: str
) -> None:
    seed_from_chinesecalendar()
    application = in_state(cast, status)
    column, render = PAGES[page]
    expected = WORDS[status][column]
    html = render(cast, application)
    due = DUE.search(html)
    if expected is None:
        assert due is None
    else:
        assert due is not None
        assert re.match(expected, due.group(2).strip()), due.group(2)
    others = EVERY_STOPPED_WORD - {expected}
    assert not [words for words in others if words in html]
