"""Every change to the calendar reaches ``calendar_changed`` once per committed transaction, with its years."""

import datetime
import logging
from collections.abc import Iterator
from typing import Any

import pytest
from django.contrib.auth import get_user_model
from django.db import transaction
from django.test import Client

from gongkai.agencies.demo import DEMO_STEPS, DemoResult
from gongkai.workdays.models import CalendarDay, CalendarYear
from gongkai.workdays.seed import seed_calendar_for_demo, seed_from_chinesecalendar
from gongkai.workdays.signals import calendar_changed
from gongkai.workdays.source import package_days

D = datetime.date


@pytest.fixture
def sent() -> Iterator[list[frozenset[int]]]:
    """The ``years`` of every ``calendar_changed`` sent during the test."""
    received: list[frozenset[int]] = []

    def receiver(sender: Any, years: frozenset[int], **kwargs: Any) -> None:
        received.append(years)

    calendar_changed.connect(receiver)
    yield received
    calendar_changed.disconnect(receiver)


def enter_2027() -> CalendarYear:
    year = CalendarYear.objects.create(year=2027, notice="国办发明电〔2026〕1号")
    CalendarDay.objects.create(
        calendar_year=year, date=D(2027, 1, 1), kind=CalendarDay.Kind.HOLIDAY, name="元旦"
    )
    CalendarDay.objects.create(
        calendar_year=year, date=D(2027, 2, 6), kind=CalendarDay.Kind.MAKEUP_WORKDAY, name="春节"
    )
    year.complete = True
    year.save()
    return year


@pytest.mark.django_db(transaction=True)
def test_a_transaction_sends_one_signal_on_commit_with_its_years(sent: list[frozenset[int]]) -> None:
    with transaction.atomic():
        enter_2027()
        CalendarDay.objects.get(date=D(2019, 10, 7)).delete()
        assert sent == []  # nothing before the commit
    assert sent == [frozenset({2019, 2027})]


@pytest.mark.django_db(transaction=True)
def test_a_rolled_back_change_sends_nothing_and_is_not_carried_into_the_next(
    sent: list[frozenset[int]],
) -> None:
    with pytest.raises(RuntimeError), transaction.atomic():
        CalendarDay.objects.get(date=D(2019, 10, 7)).delete()
        raise RuntimeError("changed my mind")
    assert sent == []
    with transaction.atomic():
        enter_2027()
    assert sent == [frozenset({2027})]


@pytest.mark.django_db(transaction=True)
def test_each_change_outside_a_transaction_is_sent_at_once(sent: list[frozenset[int]]) -> None:
    enter_2027()
    assert sent == [frozenset({2027})] * 4


@pytest.mark.django_db(transaction=True)
def test_the_change_is_logged(sent: list[frozenset[int]], caplog: pytest.LogCaptureFixture) -> None:
    with caplog.at_level(logging.INFO, logger="gongkai.workdays"), transaction.atomic():
        enter_2027()
    assert "Workday calendar changed for [2027]" in caplog.text


@pytest.mark.django_db(transaction=True)
def test_moving_a_day_to_another_year_names_both(sent: list[frozenset[int]]) -> None:
    year = CalendarYear.objects.create(year=2027)
    day = CalendarDay.objects.create(
        calendar_year=year, date=D(2027, 1, 1), kind=CalendarDay.Kind.HOLIDAY, name="元旦"
    )
    day = CalendarDay.objects.get(pk=day.pk)
    day.date = D(2026, 12, 31)
    day.calendar_year = CalendarYear.objects.get(year=2026)
    day.save()
    assert sent[-1] == frozenset({2026, 2027})


@pytest.fixture
def admin_client(db: None) -> Client:
    client = Client()
    client.force_login(get_user_model().objects.create_superuser("root", "root@example.org", "x"))
    return client


def test_entering_a_year_in_the_admin_sends_one_signal(
    admin_client: Client, sent: list[frozenset[int]], django_capture_on_commit_callbacks: Any
) -> None:
    form = {
        "year": "2027",
        "complete": "on",
        "notice": "国办发明电〔2026〕1号",
        "notes": "",
        "days-TOTAL_FORMS": "2",
        "days-INITIAL_FORMS": "0",
        "days-MIN_NUM_FORMS": "0",
        "days-MAX_NUM_FORMS": "1000",
        "days-0-date": "2027-01-01",
        "days-0-kind": "holiday",
        "days-0-name": "元旦",
        "days-1-date": "2027-02-06",
        "days-1-kind": "makeup_workday",
        "days-1-name": "春节",
    }
    with django_capture_on_commit_callbacks(execute=True):
        response = admin_client.post("/admin/workdays/calendaryear/add/", form)
    assert response.status_code == 302, response.content.decode()[:2000]
    assert sent == [frozenset({2027})]
    assert CalendarYear.objects.get(year=2027).days.count() == 2


def test_deleting_a_holiday_in_the_admin_sends_its_year(
    admin_client: Client, sent: list[frozenset[int]], django_capture_on_commit_callbacks: Any
) -> None:
    day = CalendarDay.objects.get(date=D(2019, 10, 7))
    with django_capture_on_commit_callbacks(execute=True):
        response = admin_client.post(f"/admin/workdays/calendarday/{day.pk}/delete/", {"post": "yes"})
    assert response.status_code == 302
    assert sent == [frozenset({2019})]


def test_the_admin_refuses_a_weekday_as_a_make_up_workday(
    admin_client: Client, sent: list[frozenset[int]]
) -> None:
    year = CalendarYear.objects.get(year=2019)
    response = admin_client.post(
        "/admin/workdays/calendarday/add/",
        {"calendar_year": year.pk, "date": "2019-10-08", "kind": "makeup_workday", "name": "国庆节"},
    )
    assert response.status_code == 200  # the form again, with the error
    assert not CalendarDay.objects.filter(date=D(2019, 10, 8)).exists()
    assert sent == []


def test_seeding_again_changes_nothing_and_sends_nothing(
    db: None, sent: list[frozenset[int]], django_capture_on_commit_callbacks: Any
) -> None:
    days = CalendarDay.objects.count()
    with django_capture_on_commit_callbacks(execute=True):
        assert seed_from_chinesecalendar() == []
    assert CalendarDay.objects.count() == days
    assert sent == []


@pytest.mark.django_db(transaction=True)
def test_seeding_restores_missing_years_and_leaves_staff_years_alone(sent: list[frozenset[int]]) -> None:
    CalendarYear.objects.filter(year__in=[2024, 2025]).delete()
    staff = CalendarYear.objects.create(year=2025, complete=False, notes="entering the notice")
    sent.clear()
    assert seed_from_chinesecalendar() == [2024]
    assert sent == [frozenset({2024})]
    assert CalendarDay.objects.filter(date__year=2024).count() == len(
        [d for d in package_days() if d.date.year == 2024]
    )
    staff.refresh_from_db()
    assert (staff.complete, staff.days.count(), staff.source) == (False, 0, CalendarYear.Source.ENTERED)


def test_gongkai_demo_seeds_the_calendar(db: None) -> None:
    assert seed_calendar_for_demo in DEMO_STEPS
    CalendarYear.objects.all().delete()
    result = DemoResult()
    seed_calendar_for_demo(result)  # the step alone: other apps' steps are theirs to test
    assert CalendarYear.objects.filter(complete=True).count() == 23
    assert any("2004" in note and "2026" in note for note in result.notes)


@pytest.mark.django_db(transaction=True)
def test_a_failing_subscriber_is_logged_and_the_others_still_run(
    sent: list[frozenset[int]], caplog: pytest.LogCaptureFixture
) -> None:
    def broken(sender: Any, years: frozenset[int], **kwargs: Any) -> None:
        raise RuntimeError("cannot re-date")

    calendar_changed.connect(broken, dispatch_uid="test_broken_subscriber")
    try:
        with caplog.at_level(logging.ERROR, logger="gongkai.workdays"):
            enter_2027()
    finally:
        calendar_changed.disconnect(dispatch_uid="test_broken_subscriber")
    assert CalendarYear.objects.get(year=2027).complete
    assert sent[-1] == frozenset({2027})
    assert "Re-dating after the calendar change for [2027] failed" in caplog.text
    assert "cannot re-date" in caplog.text


def test_the_admin_refuses_a_day_outside_the_year_being_entered(admin_client: Client) -> None:
    form = {
        "year": "2027",
        "notice": "",
        "notes": "",
        "days-TOTAL_FORMS": "1",
        "days-INITIAL_FORMS": "0",
        "days-MIN_NUM_FORMS": "0",
        "days-MAX_NUM_FORMS": "1000",
        "days-0-date": "2028-01-01",
        "days-0-kind": "holiday",
        "days-0-name": "元旦",
    }
    response = admin_client.post("/admin/workdays/calendaryear/add/", form)
    assert response.status_code == 200
    assert not CalendarYear.objects.filter(year=2027).exists()
