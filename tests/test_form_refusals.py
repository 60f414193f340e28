"""Every form of the public services (政策咨询, 困难反馈, 服务评价) and their staff forms (answer, assign,
reassign, follow-up, rectification) refuses bad input the same way: the page comes back (not a redirect)
with a clear Chinese error that names the field and links to it, the form holds everything that was sent
(what a browser would send again, read from the returned page), and nothing at all is stored.

Each case starts from the form as its page shows it, fills in good values, then the one bad input."""

from __future__ import annotations

import datetime
import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import pytest
from django.core.cache import cache
from django.test import Client
from django.utils import timezone

from browser_forms import Form, read_forms
from gongkai.difficulties import actions as difficulty_actions
from gongkai.difficulties.models import Difficulty
from gongkai.inquiries import actions as inquiry_actions
from gongkai.inquiries.models import Inquiry
from gongkai.lib import abuse
from gongkai.ratings import actions as rating_actions
from gongkai.ratings import services as rating_services
from gongkai.ratings.models import Rating
from gongkai.rectifications import actions as rectification_actions
from gongkai.rectifications.models import Rectification
from gongkai.testing import Cast
from gongkai.workdays.seed import seed_from_chinesecalendar
from test_edit_forms import changed, snapshot

CJK = re.compile(r"[\u4e00-\u9fff]")
NOT_COMPARED = {"csrfmiddlewaretoken", abuse.STAMP, abuse.HONEYPOT}


@dataclass
class Services:
    """One record in each state a form needs."""

    cast: Cast
    open_inquiry: Inquiry
    answered_code: str  # an answered inquiry, not rated yet
    reported: Difficulty  # awaiting assignment
    assigned: Difficulty  # assigned to the agency
    poor: Rating  # a 差评 not followed up
    followed_up: Rating  # a 差评 followed up, no rectification yet
    item: Rectification  # open


def asked(subject: str) -> dict[str, Any]:
    return {"name": "王小明", "contact": "13857301234", "subject": subject, "question": "何时开始申报？"}


def difficulty(cast: Cast, subject: str) -> Difficulty:
    fields = {"reporter_kind": "company", "name": "嘉兴市禾丰纺织有限公司", "contact": "13957305678",
              "subject": subject, "description": "围挡占用厂区唯一出入口。"}  # fmt: skip
    return difficulty_actions.do_report_difficulty(cast.agency, fields, remote_address="192.0.2.1")


def answered(cast: Cast, subject: str) -> str:
    inquiry = inquiry_actions.do_submit_inquiry(cast.agency, asked(subject), remote_address="192.0.2.1")
    inquiry_actions.do_answer_inquiry(cast.clerk, inquiry, "每年3月。")
    return inquiry.tracking_code


@pytest.fixture
def services(cast: Cast) -> Services:
    seed_from_chinesecalendar()
    cache.clear()
    open_inquiry = inquiry_actions.do_submit_inquiry(cast.agency, asked("补贴"), remote_address="192.0.2.1")
    assigned = difficulty(cast, "厂区出入口被占用")
    difficulty_actions.do_assign_difficulty(cast.clerk, assigned, cast.agency, 5)
    poor = rating_actions.do_rate_service("inquiry", answered(cast, "一"), 2, "答复太简单。")
    followed_up = rating_actions.do_rate_service("inquiry", answered(cast, "二"), 1, "无人理睬。")
    rating_actions.do_follow_up_rating(cast.clerk, followed_up, "已电话回访。")
    item = rectification_actions.do_open_rectification(
        cast.clerk, cast.agency, source="audit", problem="未标注有效性", measures="逐件补充",
        owner="办公室", deadline=timezone.localdate() + datetime.timedelta(days=30),
    )  # fmt: skip
    return Services(
        cast,
        open_inquiry,
        answered(cast, "三"),
        difficulty(cast, "用电报装慢"),
        assigned,
        poor,
        followed_up,
        item,
    )


@dataclass(frozen=True)
class Refusal:
    form: str  # which form
    role: str | None  # who sends it (a cast member), None: anyone
    page: Callable[[Services], str]  # the page that shows the form
    action: Callable[[Services], str]  # where it is sent
    good: Callable[[Services], dict[str, str]]  # good values for the other fields
    bad: dict[str, str]  # the bad input
    field: str  # the field the error names
    message: str  # the error, in Chinese
    guard: bool = False  # a public form: it carries the time and honeypot check


def _inquiry(s: Services) -> dict[str, str]:
    return {"agency": str(s.cast.agency.pk), **asked("创业补贴申报")}


def _report(s: Services) -> dict[str, str]:
    return {"agency": str(s.cast.agency.pk), "reporter_kind": "company", "subject": "厂区道路施工",
            "description": "货车无法进出，影响发货。", "name": "嘉兴市禾丰纺织有限公司", "contact": "13957305678"}  # fmt: skip


def _rate_url(s: Services) -> str:
    return rating_services.rating_url("inquiry", s.answered_code)


def _inquiry_page(s: Services) -> str:
    return f"/workspace/inquiries/{s.open_inquiry.pk}/"


def _case_page(case: Callable[[Services], Difficulty]) -> Callable[[Services], str]:
    return lambda s: f"/workspace/difficulties/{case(s).pk}/"


RATINGS = lambda s: f"/workspace/agencies/{s.cast.agency.pk}/ratings/"  # noqa: E731
RECTIFICATIONS = lambda s: f"/workspace/agencies/{s.cast.agency.pk}/rectifications/"  # noqa: E731
NOTHING: Callable[[Services], dict[str, str]] = lambda s: {}  # noqa: E731

CASES = [
    # 政策咨询: the public question form.
    Refusal(
        "inquiry: no subject",
        None,
        lambda s: "/inquiries/ask/",
        lambda s: "/inquiries/ask/",
        _inquiry,
        {"subject": ""},
        "subject",
        "请为您的问题填写主题",
        guard=True,
    ),
    Refusal(
        "inquiry: contact unusable",
        None,
        lambda s: "/inquiries/ask/",
        lambda s: "/inquiries/ask/",
        _inquiry,
        {"contact": "123"},
        "contact",
        "请填写用于答复的电话号码或电子邮箱",
        guard=True,
    ),
    Refusal(
        "inquiry: subject too long",
        None,
        lambda s: "/inquiries/ask/",
        lambda s: "/inquiries/ask/",
        _inquiry,
        {"subject": "长" * 101},
        "subject",
        "主题请控制在100字以内",
        guard=True,
    ),
    # 困难反馈: the public report form.
    Refusal(
        "difficulty: no description",
        None,
        lambda s: "/difficulties/report/",
        lambda s: "/difficulties/report/",
        _report,
        {"description": ""},
        "description",
        "请描述遇到的困难",
        guard=True,
    ),
    Refusal(
        "difficulty: contact unusable",
        None,
        lambda s: "/difficulties/report/",
        lambda s: "/difficulties/report/",
        _report,
        {"contact": "电话"},
        "contact",
        "请填写用于答复的电话号码或电子邮箱",
        guard=True,
    ),
    # 服务评价: the one-time rating form.
    Refusal(
        "rating: no level",
        None,
        _rate_url,
        _rate_url,
        lambda s: {"comment": "答复很清楚。"},
        {},
        "level",
        "请在五个等级中选择一项",
        guard=True,
    ),
    Refusal(
        "rating: comment too long",
        None,
        _rate_url,
        _rate_url,
        lambda s: {"level": "4"},
        {"comment": "好" * 2001},
        "comment",
        "评价意见请不超过2000个字符",
        guard=True,
    ),
    # Staff: the inquiry's answer.
    Refusal(
        "inquiry answer: empty",
        "clerk",
        _inquiry_page,
        lambda s: f"/workspace/inquiries/{s.open_inquiry.pk}/answer/",
        NOTHING,
        {"answer": "   "},
        "answer",
        "请填写答复内容",
    ),
    # Staff: the difficulty's assignment, reassignment and answer.
    Refusal(
        "difficulty assign: no agency",
        "clerk",
        _case_page(lambda s: s.reported),
        lambda s: f"/workspace/difficulties/{s.reported.pk}/assign/",
        lambda s: {"workdays": "7", "note": "请尽快办理。"},
        {"assignee": ""},
        "assignee",
        "请选择承办机关",
    ),
    Refusal(
        "difficulty assign: too many workdays",
        "clerk",
        _case_page(lambda s: s.reported),
        lambda s: f"/workspace/difficulties/{s.reported.pk}/assign/",
        lambda s: {"assignee": str(s.cast.agency.pk), "note": "请尽快办理。"},
        {"workdays": "61"},
        "workdays",
        "答复期限请填写1至60个工作日",
    ),
    Refusal(
        "difficulty reassign: no reason",
        "clerk",
        _case_page(lambda s: s.assigned),
        lambda s: f"/workspace/difficulties/{s.assigned.pk}/reassign/",
        lambda s: {"assignee": str(s.cast.other_agency.pk)},
        {"reason": ""},
        "reason",
        "请说明改派的理由",
    ),
    Refusal(
        "difficulty answer: empty",
        "clerk",
        _case_page(lambda s: s.assigned),
        lambda s: f"/workspace/difficulties/{s.assigned.pk}/answer/",
        NOTHING,
        {"answer": ""},
        "answer",
        "请填写答复内容",
    ),
    # Staff: a 差评's follow-up and rectification.
    Refusal(
        "rating follow-up: empty",
        "clerk",
        RATINGS,
        lambda s: f"/workspace/ratings/{s.poor.pk}/follow-up/",
        NOTHING,
        {"note": ""},
        "note",
        "请填写回访情况",
    ),
    Refusal(
        "rating rectify: no owner",
        "clerk",
        RATINGS,
        lambda s: f"/workspace/ratings/{s.followed_up.pk}/rectify/",
        lambda s: {"measures": "答复须写明办理条件"},
        {"owner": ""},
        "owner",
        "请填写整改责任单位",
    ),
    # Staff: a rectification item opened and completed.
    Refusal(
        "rectification: no measures",
        "clerk",
        RECTIFICATIONS,
        RECTIFICATIONS,
        lambda s: {
            "source": "inspection",
            "problem": "办事指南未更新",
            "owner": "办公室",
            "deadline": (timezone.localdate() + datetime.timedelta(days=20)).isoformat(),
        },
        {"measures": ""},
        "measures",
        "请填写整改措施",
    ),
    Refusal(
        "rectification complete: empty",
        "clerk",
        RECTIFICATIONS,
        lambda s: f"/workspace/rectifications/{s.item.pk}/complete/",
        NOTHING,
        {"result": ""},
        "result",
        "请填写整改结果",
    ),
]


def form_at(html: bytes, path: str, action: str) -> Form:
    found = [form for form in read_forms(html, path) if form.action == action and form.method == "post"]
    assert len(found) == 1, f"{len(found)} forms post to {action} on {path}"
    return found[0]


@pytest.mark.parametrize("case", CASES, ids=[case.form for case in CASES])
def test_bad_input_is_refused_in_chinese_keeping_the_input(services: Services, case: Refusal) -> None:
    client = Client()
    if case.role:
        client.force_login(getattr(services.cast, case.role))
    page, action = case.page(services), case.action(services)
    shown = client.get(page)
    assert shown.status_code == 200
    form = form_at(shown.content, page, action)
    sent: dict[str, list[str]] = {
        **form.fields,
        **{name: [value] for name, value in {**case.good(services), **case.bad}.items()},
    }
    if case.guard:
        sent.update({name: [value] for name, value in abuse.guard_fields(30).items()})
    sent = {name: values for name, values in sent.items() if values != [""] or name in case.bad}

    before = snapshot()
    response = client.post(action, sent)
    assert changed(before, snapshot()) == [], "a refused form stored something"

    assert response.status_code in (200, 400), response.status_code
    html = response.content.decode()
    summary = re.search(r'<div class="alert alert-danger error-summary".*?</div>', html, re.S)
    assert summary is not None, "no error summary"
    # The error names the field (its label, as the page shows it) and links to it.
    link = re.search(r'<a href="#(?P<id>[^"]+)">(?P<text>[^<]*)</a>', summary.group(0))
    assert link is not None and case.message in link.group("text"), summary.group(0)
    field_label = link.group("text").split("：")[0]
    assert CJK.search(field_label) and CJK.search(case.message)
    assert f'id="{link.group("id")}"' in html and re.search(rf"_{case.field}(_0)?$", link.group("id"))
    assert html.count(field_label) >= 2  # in the summary and on the field itself

    # Nothing lost: the returned form sends again what was sent.
    again = form_at(response.content, page, action)
    for name, values in sent.items():
        if name in NOT_COMPARED:
            continue
        assert again.fields.get(name, [""]) == [
            v.replace("\r\n", "\n").replace("\n", "\r\n") for v in values
        ], name
