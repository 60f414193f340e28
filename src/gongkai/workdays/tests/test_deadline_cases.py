"""Known real cases, worked out by hand from the State Council notices."""

import datetime

import pytest

from gongkai.workdays.calendar import Calendar
from gongkai.workdays.clock import (
    PAUSED,
    Consultation,
    Events,
    ExplainedDay,
    InconsistentEvents,
    compute_deadline,
    nth_workday,
)

D = datetime.date


@pytest.mark.parametrize(
    ("events", "due", "supplement_by"),
    [
        # 国庆 2019: 10-01..10-07 off, Sunday 09-29 and Saturday 10-12 worked.
        (Events(D(2019, 9, 26)), D(2019, 10, 29), D(2019, 10, 11)),
        # Received on a holiday: counting starts after the holiday.
        (Events(D(2019, 10, 1)), D(2019, 11, 1), D(2019, 10, 15)),
        # 春节 2024: 02-10..02-17 off, Sundays 02-04 and 02-18 worked.
        (Events(D(2024, 2, 1)), D(2024, 3, 5), D(2024, 2, 9)),
        # The supplement received on 2024-02-19 restarts the clock; the 补正 request date stays.
        (Events(D(2024, 2, 1), D(2024, 2, 5), D(2024, 2, 19)), D(2024, 3, 18), D(2024, 2, 9)),
        # An extension: the 40th workday.
        (Events(D(2019, 9, 26), extended=True), D(2019, 11, 26), D(2019, 10, 11)),
        # A consultation sent 10-08, answered 10-15: 10-09..10-15 (six workdays with 10-12) not counted.
        (
            Events(D(2019, 9, 26), consultations=(Consultation(D(2019, 10, 8), D(2019, 10, 15)),)),
            D(2019, 11, 6),
            D(2019, 10, 11),
        ),
        # Ends on the last known day: not provisional.
        (Events(D(2026, 12, 1)), D(2026, 12, 29), D(2026, 12, 10)),
    ],
)
def test_the_due_date_of_known_cases(
    calendar: Calendar, events: Events, due: datetime.date, supplement_by: datetime.date
) -> None:
    deadline = compute_deadline(events, calendar)
    assert (deadline.due, deadline.supplement_by, deadline.provisional) == (due, supplement_by, False)


def test_the_explanation_of_national_day_2019_names_each_day(calendar: Calendar) -> None:
    deadline = compute_deadline(Events(D(2019, 9, 26)), calendar)
    assert [str(day) for day in deadline.explanation()[:9]] == [
        "09-26 收到申请，次日起算",
        "09-27 工作日",
        "09-28 周末",
        "09-29 调休上班",
        "09-30 工作日",
        "10-01 国庆节",
        "10-02 国庆节",
        "10-03 国庆节",
        "10-04 国庆节",
    ]
    assert deadline.counted[1] == ExplainedDay(D(2019, 9, 29), "调休上班", 2)
    assert deadline.counted[-1] == ExplainedDay(D(2019, 10, 29), "工作日", 20)
    assert len(deadline.counted) == 20


def test_consultation_days_are_explained_as_not_counted(calendar: Calendar) -> None:
    events = Events(D(2019, 9, 26), consultations=(Consultation(D(2019, 10, 8), D(2019, 10, 15)),))
    deadline = compute_deadline(events, calendar)
    paused = [day.date for day in deadline.skipped if day.reason == PAUSED]
    assert paused == [
        D(2019, 10, 9),
        D(2019, 10, 10),
        D(2019, 10, 11),
        D(2019, 10, 12),
        D(2019, 10, 14),
        D(2019, 10, 15),
    ]
    assert "10-13 周末" in [str(day) for day in deadline.skipped]  # a weekend in a pause is still a weekend
    assert deadline.paused[0].reply_by == D(2019, 10, 28)  # the third party's 15 workdays


def test_a_year_outside_the_calendar_counts_weekends_only_and_is_provisional(calendar: Calendar) -> None:
    deadline = compute_deadline(Events(D(2027, 1, 5)), calendar)
    assert (deadline.due, deadline.provisional, deadline.unknown_years) == (D(2027, 2, 2), True, (2027,))


def test_a_deadline_running_into_an_unknown_year_is_provisional(calendar: Calendar) -> None:
    # New Year's Day 2027 will surely be a holiday, but no notice says so yet: it is counted, provisionally.
    deadline = compute_deadline(Events(D(2026, 12, 4)), calendar)
    assert (deadline.due, deadline.provisional) == (D(2027, 1, 1), True)


def test_counting_from_the_day_of_receipt_is_a_setting(calendar: Calendar) -> None:
    deadline = compute_deadline(Events(D(2019, 9, 26)), calendar, count_start_day=True)
    assert deadline.due == D(2019, 10, 28)
    assert deadline.counted[0] == ExplainedDay(D(2019, 9, 26), "工作日", 1)


def test_an_open_consultation_leaves_the_due_date_open_between_bounds(calendar: Calendar) -> None:
    events = Events(D(2019, 9, 26), consultations=(Consultation(D(2019, 10, 8)),))
    deadline = compute_deadline(events, calendar)
    assert (deadline.due, deadline.earliest_due, deadline.latest_due) == (
        None,
        D(2019, 10, 29),
        D(2019, 11, 19),
    )
    assert deadline.remaining == 16
    assert deadline.as_json()["due"] is None
    answered_so_far = compute_deadline(events, calendar, today=D(2019, 10, 10))
    assert answered_so_far.earliest_due == D(2019, 10, 31)  # 10-09 and 10-10 are already paused


def test_an_unanswered_consultation_lapses_after_its_15_workdays(calendar: Calendar) -> None:
    events = Events(D(2019, 9, 26), consultations=(Consultation(D(2019, 10, 8)),))
    deadline = compute_deadline(events, calendar, today=D(2019, 10, 29))
    assert (deadline.due, deadline.paused[0].until) == (D(2019, 11, 19), D(2019, 10, 28))


def test_a_consultation_after_the_due_date_changes_nothing(calendar: Calendar) -> None:
    events = Events(D(2019, 9, 26), consultations=(Consultation(D(2019, 11, 1)),))
    assert compute_deadline(events, calendar).due == D(2019, 10, 29)


def test_an_awaited_supplement_stops_the_clock(calendar: Calendar) -> None:
    deadline = compute_deadline(Events(D(2024, 2, 1), supplement_requested=D(2024, 2, 5)), calendar)
    assert (deadline.due, deadline.started, deadline.supplement_by) == (None, None, D(2024, 2, 9))


@pytest.mark.parametrize(
    ("start", "n", "expected"),
    [
        (D(2019, 10, 8), 15, D(2019, 10, 28)),  # a consultation letter's 15 workdays
        (D(2024, 2, 8), 1, D(2024, 2, 9)),
        (D(2024, 2, 9), 1, D(2024, 2, 18)),  # over 春节 to its Sunday make-up day
    ],
)
def test_nth_workday(calendar: Calendar, start: datetime.date, n: int, expected: datetime.date) -> None:
    assert nth_workday(calendar, start, n) == expected


@pytest.mark.parametrize(
    ("make", "problem"),
    [
        (lambda: Events(D(2019, 9, 26), supplement_received=D(2019, 9, 25)), "supplement_before_receipt"),
        (
            lambda: Events(D(2019, 9, 26), D(2019, 9, 30), D(2019, 9, 27)),
            "supplement_before_request",
        ),
        (
            lambda: Events(D(2019, 9, 26), consultations=(Consultation(D(2019, 9, 1)),)),
            "consultation_before_receipt",
        ),
        (
            lambda: Events(D(2019, 9, 26), consultations=(Consultation(D(2019, 10, 8), D(2019, 10, 7)),)),
            "answer_before_consultation",
        ),
    ],
)
def test_events_out_of_order_are_refused(make: object, problem: str) -> None:
    with pytest.raises(InconsistentEvents) as error:
        make()  # type: ignore[operator]
    assert error.value.problem == problem
