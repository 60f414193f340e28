"""Editing the workday calendar re-dates exactly the open applications it affects, and logs each change."""

from __future__ import annotations

import datetime

from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.extra.django import TestCase

from gongkai.applications import actions
from gongkai.applications.models import Application, Event
from gongkai.testing import Cast, make_cast
from gongkai.workdays.calendar import Calendar
from gongkai.workdays.models import CalendarDay, CalendarYear
from gongkai.workdays.queries import load_calendar
from gongkai.workdays.seed import seed_from_chinesecalendar

from .helpers import register

START = datetime.date(2019, 1, 2)
DAYS = 330


class CalendarEditRedatesOpenApplications(TestCase):
    cast: Cast
    calendar: Calendar

    @classmethod
    def setUpTestData(cls) -> None:
        seed_from_chinesecalendar()
        cls.cast = make_cast()
        cls.calendar = load_calendar()

    @settings(max_examples=25, deadline=None)
    @given(
        received=st.lists(st.integers(0, DAYS), min_size=1, max_size=6),
        closed=st.lists(st.booleans(), min_size=6, max_size=6),
        new_holiday=st.integers(0, DAYS + 40),
    )
    def test_exactly_the_affected_open_applications_are_redated(
        self, received: list[int], closed: list[bool], new_holiday: int
    ) -> None:
        holiday = START + datetime.timedelta(days=new_holiday)
        # An ordinary workday (not a make-up day, which is a calendar row of its own) becomes a holiday.
        while not self.calendar.is_workday(holiday) or holiday in self.calendar.special_days:
            holiday += datetime.timedelta(days=1)

        applications = []
        for index, offset in enumerate(received):
            application = register(self.cast.clerk, self.cast.agency, START + datetime.timedelta(days=offset))
            assert application.received_on is not None
            if closed[index]:
                actions.do_decide_application(
                    self.cast.approver, application, outcome="granted", on=application.received_on
                )
            applications.append(application)
        before: dict[int, datetime.date] = {}
        for a in applications:
            due_on = Application.objects.get(pk=a.pk).due_on
            assert due_on is not None
            before[a.pk] = due_on
        expected = {
            a.pk
            for a in applications
            if not closed[applications.index(a)] and a.received_on and a.received_on < holiday <= before[a.pk]
        }

        with self.captureOnCommitCallbacks(execute=True):
            CalendarDay.objects.create(
                calendar_year=CalendarYear.objects.get(year=holiday.year),
                date=holiday,
                kind="holiday",
                name="测试假日",
            )

        redated = set(
            Event.objects.filter(application__in=applications, kind=Event.Kind.REDATED).values_list(
                "application_id", flat=True
            )
        )
        assert redated == expected
        calendar = load_calendar()
        for application in applications:
            after = Application.objects.get(pk=application.pk).due_on
            if application.pk in expected:
                # The holiday took one counted workday away: the due date moves to the next workday.
                following = before[application.pk] + datetime.timedelta(days=1)
                while not calendar.is_workday(following):
                    following += datetime.timedelta(days=1)
                assert after == following
            else:
                assert after == before[application.pk]
