"""困难反馈 and 问题交办 from report to closing: reported on the public form, assigned (交办) by the receiving
office with a due date in workdays, reassigned with a reason, answered, confirmed by the reporter with the
tracking code — every step in the history the reporter sees, with agencies but no staff names and no
personal data; the sweep escalates the overdue and closes the unconfirmed."""

from __future__ import annotations

import datetime
from typing import Any

import pytest
from django.core.cache import cache
from django.test import Client
from django.utils import timezone

from gongkai.difficulties import actions
from gongkai.difficulties.models import Difficulty, DifficultyEvent
from gongkai.testing import Cast
from gongkai.workdays.queries import current_calendar
from gongkai.workdays.seed import seed_from_chinesecalendar

from .helpers import CONTACT, REPORTER, form_data, report


@pytest.fixture(autouse=True)
def setup(db: None) -> None:
    seed_from_chinesecalendar()
    cache.clear()


def staff(user: Any) -> Client:
    client = Client()
    client.force_login(user)
    return client


def test_report_assign_reassign_answer_confirm(cast: Cast, client: Client) -> None:
    case = report(client, cast.district)
    assert case.status == Difficulty.Status.REPORTED and case.tracking_code.startswith("KN")
    track_url = f"/difficulties/track/{case.tracking_code}/"
    page = client.get(track_url).content.decode()
    assert case.tracking_code in page and REPORTER not in page and CONTACT not in page

    # The oversight office of the district receives it and assigns it to the 住建局 with 10 workdays.
    office = staff(cast.oversight)
    assert (
        case.tracking_code
        in office.get(f"/workspace/agencies/{cast.district.pk}/difficulties/").content.decode()
    )
    # The oversight role only views: assigning is refused.
    refused = office.post(
        f"/workspace/difficulties/{case.pk}/assign/", {"assignee": cast.other_agency.pk, "workdays": 10}
    )
    assert refused.status_code == 403
    case = actions.do_assign_difficulty(cast.superuser, case, cast.other_agency, 10, "请尽快协调施工单位。")
    assert case.due_on == actions.workdays_from(timezone.localdate(), 10)
    assert current_calendar().is_workday(case.due_on)

    # 住建局 reassigns it to 经信商务局 with a reason; without one it is refused in Chinese.
    other = staff(cast.other_clerk)
    bad = other.post(
        f"/workspace/difficulties/{case.pk}/reassign/", {"assignee": cast.agency.pk, "reason": ""}
    )
    assert bad.status_code == 400 and "请说明改派的理由" in bad.content.decode()
    moved = other.post(
        f"/workspace/difficulties/{case.pk}/reassign/",
        {"assignee": cast.agency.pk, "reason": "企业出入口协调属经信商务局职责。"},
    )
    assert moved.status_code == 302
    case.refresh_from_db()
    assert case.assigned_agency == cast.agency
    # The former assignee can no longer see it; the new one answers.
    assert other.get(f"/workspace/difficulties/{case.pk}/").status_code == 404
    clerk = staff(cast.clerk)
    answered = clerk.post(
        f"/workspace/difficulties/{case.pk}/answer/",
        {"answer": "已协调施工单位于本周五前在围挡处开设临时通道，货车可正常进出。"},
    )
    assert answered.status_code == 302
    case.refresh_from_db()
    assert case.status == Difficulty.Status.ANSWERED and case.confirm_by is not None

    page = client.get(track_url).content.decode()
    assert "临时通道" in page and "经济信息商务局" in page
    assert cast.clerk.username not in page and REPORTER not in page and CONTACT not in page
    assert client.post(track_url).status_code == 302
    case.refresh_from_db()
    assert case.status == Difficulty.Status.CLOSED and case.confirmed
    kinds = list(case.events.values_list("kind", flat=True))
    assert kinds == ["reported", "assigned", "reassigned", "answered", "confirmed"]
    # Confirming twice is refused, not a second event.
    again = client.post(track_url)
    assert again.status_code == 400 and case.events.count() == 5


def test_bad_input_is_refused_in_chinese_and_kept(client: Client, cast: Cast) -> None:
    response = client.post("/difficulties/report/", form_data(cast.district, contact="无", subject=""))
    page = response.content.decode()
    assert response.status_code == 200 and not Difficulty.objects.exists()
    assert "请填写用于答复的电话号码或电子邮箱" in page and "请为反馈的困难填写标题" in page
    assert "园区东路施工已三个月" in page  # nothing lost


def test_too_fast_a_form_is_refused(client: Client, cast: Cast) -> None:
    data = form_data(cast.district)
    from gongkai.lib import abuse

    data.update(abuse.guard_fields(seconds_ago=0))
    assert client.post("/difficulties/report/", data).status_code == 200
    assert not Difficulty.objects.exists()


def test_sweep_escalates_overdue_once_and_closes_unconfirmed(cast: Cast) -> None:
    fields = {key: form_data(cast.district)[key] for key in actions.REPORTED_FIELDS}
    late = actions.do_report_difficulty(cast.district, fields, remote_address="192.0.2.1")
    actions.do_assign_difficulty(cast.superuser, late, cast.agency, 1)
    waiting = actions.do_report_difficulty(cast.district, fields, remote_address="192.0.2.1")
    actions.do_assign_difficulty(cast.superuser, waiting, cast.agency, 5)
    actions.do_answer_difficulty(cast.clerk, waiting, "已办结。")
    later = timezone.localdate() + datetime.timedelta(days=30)
    assert actions.do_sweep_difficulties(later) == (1, 1)
    assert actions.do_sweep_difficulties(later) == (0, 0)
    late.refresh_from_db()
    waiting.refresh_from_db()
    assert late.escalated_at is not None
    assert late.events.filter(kind=DifficultyEvent.Kind.ESCALATED).count() == 1
    assert waiting.status == Difficulty.Status.CLOSED and not waiting.confirmed
    # Escalation shows in the oversight office's queue.
    assert (
        "已督办"
        in staff(cast.oversight).get(f"/workspace/agencies/{cast.agency.pk}/difficulties/").content.decode()
    )


def test_no_staff_page_anonymously_and_no_outsider(cast: Cast, client: Client) -> None:
    case = report(client, cast.district)
    for url in (
        f"/workspace/difficulties/{case.pk}/",
        f"/workspace/agencies/{cast.district.pk}/difficulties/",
    ):
        assert client.get(url).status_code == 302
        assert staff(cast.outsider).get(url).status_code == 404
    assert client.post(f"/workspace/difficulties/{case.pk}/answer/", {"answer": "x"}).status_code == 302


def test_the_daily_sweep_escalates(cast: Cast) -> None:
    from gongkai.applications.reminders import sweep

    fields = {key: form_data(cast.district)[key] for key in actions.REPORTED_FIELDS}
    case = actions.do_report_difficulty(cast.agency, fields, remote_address="192.0.2.1")
    actions.do_assign_difficulty(cast.clerk, case, cast.agency, 1)
    result = sweep(timezone.localdate() + datetime.timedelta(days=10))
    assert result.difficulties_escalated == 1
