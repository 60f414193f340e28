"""A 差评's deadline: followed up (回访) and its rectification recorded within ``POOR_RATING_WORKDAYS`` workdays
of the one calendar (调休 Saturdays and Sundays count, holidays do not); its state in the applications' and
inquiries' meaning (``deadline_state``), and the staff queue puts the overdue ones first, marked."""

from __future__ import annotations

import datetime
from typing import Any

import pytest
from django.core.cache import cache
from django.test import Client
from django.utils import timezone
from hypothesis import given
from hypothesis import strategies as st

from gongkai.inquiries import actions as inquiry_actions
from gongkai.ratings import actions
from gongkai.ratings.models import Rating
from gongkai.rectifications.models import Rectification
from gongkai.testing import Cast, one, page_of
from gongkai.workdays.calendar import Calendar
from gongkai.workdays.clock import DUE_SOON_WORKDAYS, nth_workday
from gongkai.workdays.seed import seed_from_chinesecalendar
from gongkai.workdays.source import package_calendar

CALENDAR: Calendar = package_calendar()  # module-level: hypothesis runs the property many times
DAY = datetime.timedelta(days=1)
D = datetime.date


def answered_inquiry(cast: Cast, now: datetime.datetime) -> str:
    asked = {"name": "李女士", "contact": "13800000000", "subject": "补贴", "question": "何时申报？"}
    inquiry = inquiry_actions.do_submit_inquiry(cast.agency, asked, remote_address="192.0.2.9", now=now)
    inquiry_actions.do_answer_inquiry(cast.clerk, inquiry, "每年3月。", now=now)
    return inquiry.tracking_code


@pytest.mark.django_db
def test_the_deadline_counts_make_up_workdays_and_skips_the_holiday(cast: Cast) -> None:
    seed_from_chinesecalendar()
    rated = datetime.datetime(2024, 9, 27, 2, tzinfo=datetime.UTC)  # Friday 10:00 in Beijing
    rating = actions.do_rate_service("inquiry", answered_inquiry(cast, rated), 1, "答非所问。", now=rated)
    # 9-29 (Sunday, 调休上班), 9-30, 10-8 … 10-11, 10-12 (Saturday, 调休上班), 10-14 … 10-16: the 10th workday.
    assert rating.due_on == D(2024, 10, 16)
    assert rating.deadline_state(D(2024, 10, 8)) == "on_time"
    assert rating.deadline_state(D(2024, 10, 14)) == "due_soon"
    assert rating.deadline_state(D(2024, 10, 16)) == "due_soon"  # the last day is still in time
    assert rating.deadline_state(D(2024, 10, 17)) == "overdue"
    assert list(Rating.objects.overdue(D(2024, 10, 16))) == []
    assert list(Rating.objects.overdue(D(2024, 10, 17))) == [rating]
    # The follow-up alone is not enough: the rectification must be recorded too.
    rating = actions.do_follow_up_rating(cast.clerk, rating, "电话回访。")
    assert rating.deadline_state(D(2024, 10, 17)) == "overdue"
    actions.do_rectify_rating(cast.clerk, rating, measures="重新答复", owner="政策法规科")
    rating.refresh_from_db()
    assert rating.deadline_state(D(2024, 10, 17)) == "closed"
    assert list(Rating.objects.overdue(D(2024, 10, 17))) == []
    # A rating that is no 差评 owes nothing.
    good = actions.do_rate_service("inquiry", answered_inquiry(cast, rated), 4, now=rated)
    assert good.due_on is None and good.deadline_state(D(2030, 1, 1)) == "closed"


@given(
    rated=st.dates(min_value=D(2004, 1, 1), max_value=D(2026, 10, 31)),
    days_later=st.integers(0, 40),
    followed_up=st.booleans(),
    rectified=st.booleans(),
)
def test_the_deadline_state_over_the_calendar(
    rated: D, days_later: int, followed_up: bool, rectified: bool
) -> None:
    """Over every day the calendars cover: the due day is a workday, ``POOR_RATING_WORKDAYS`` workdays after
    the rating; the 差评 is overdue exactly from the day after it until both steps are recorded."""
    due = nth_workday(CALENDAR, rated, actions.POOR_RATING_WORKDAYS)
    assert CALENDAR.is_workday(due)
    counted = [rated + n * DAY for n in range(1, (due - rated).days + 1)]
    assert sum(CALENDAR.is_workday(day) for day in counted) == actions.POOR_RATING_WORKDAYS
    today = rated + days_later * DAY
    rating = Rating(level=2, due_on=due, followed_up_at=timezone.now() if followed_up else None)
    if rectified:
        rating.rectification = Rectification(pk=1)
    state = rating.deadline_state(today, nth_workday(CALENDAR, today, DUE_SOON_WORKDAYS))
    if followed_up and rectified:
        assert state == "closed"
    elif today > due:
        assert state == "overdue"
    else:
        assert state in ("due_soon", "on_time")
        assert (state == "due_soon") == (due <= nth_workday(CALENDAR, today, DUE_SOON_WORKDAYS))


@pytest.mark.django_db
def test_the_staff_queue_shows_the_overdue_ones_first(cast: Cast) -> None:
    seed_from_chinesecalendar()
    cache.clear()
    now = timezone.now()
    long_ago = now - datetime.timedelta(days=40)
    overdue = actions.do_rate_service(
        "inquiry", answered_inquiry(cast, long_ago), 1, "无人理睬。", now=long_ago
    )
    settled = actions.do_rate_service("inquiry", answered_inquiry(cast, long_ago), 2, "太慢。", now=long_ago)
    actions.do_follow_up_rating(cast.clerk, settled, "已回访。")
    actions.do_rectify_rating(cast.clerk, settled, measures="限时办结", owner="办公室")
    recent = actions.do_rate_service("inquiry", answered_inquiry(cast, now), 2, "答复太简单。", now=now)

    client = Client()
    client.force_login(cast.clerk)
    page = page_of(client.get(f"/workspace/agencies/{cast.agency.pk}/ratings/"))
    assert "1条差评已逾期" in one(page, "#ratings-overdue").get_text()
    cards = page.select("section[data-state]")
    assert [card["id"] for card in cards] == [f"rating-{r.pk}" for r in (overdue, recent, settled)]
    assert [card["data-state"] for card in cards] == ["overdue", "on_time", "closed"]
    badge: Any = one(cards[0], ".due-badge")
    assert "text-bg-danger" in badge["class"] and "已超期" in badge.get_text()
    assert overdue.due_on is not None and overdue.due_on.isoformat() in badge.get_text()
    # The forms on the page have ids of their own (one per rating).
    ids = [element["id"] for element in page.select("[id]")]
    assert len(ids) == len(set(ids))
