"""Properties of the clock over every day the State Council calendars 2004–2026 cover."""

import datetime
from dataclasses import replace

from hypothesis import given, settings
from hypothesis import strategies as st

from gongkai.workdays.calendar import Calendar, DayKind, SpecialDay
from gongkai.workdays.clock import (
    EXTENSION_WORKDAYS,
    PAUSED,
    REPLY_WORKDAYS,
    Consultation,
    Deadline,
    Events,
    FeeNotice,
    compute_deadline,
    nth_workday,
)
from gongkai.workdays.source import package_calendar

CALENDAR: Calendar = package_calendar()  # module-level: hypothesis runs each test many times
DAY = datetime.timedelta(days=1)

received_dates = st.dates(min_value=datetime.date(2004, 1, 1), max_value=datetime.date(2026, 10, 31))


@st.composite
def events(draw: st.DrawFn, *, extended: bool | None = None) -> Events:
    received = draw(received_dates)
    supplement = None
    if draw(st.booleans()):
        supplement = received + draw(st.integers(0, 30)) * DAY
    consultations = []
    for _ in range(draw(st.integers(0, 3))):
        sent = received + draw(st.integers(0, 50)) * DAY
        answered = sent + draw(st.integers(0, 40)) * DAY
        consultations.append(Consultation(sent, answered))
    return Events(
        received,
        supplement_requested=supplement,
        supplement_received=supplement,
        consultations=tuple(consultations),
        extended=draw(st.booleans()) if extended is None else extended,
    )


def start_of(deadline: Deadline) -> datetime.date:
    assert deadline.started is not None
    return deadline.started


@given(events(), st.booleans())
def test_the_due_date_is_always_a_workday(events: Events, count_start_day: bool) -> None:
    deadline = compute_deadline(events, CALENDAR, count_start_day=count_start_day)
    assert deadline.due is not None
    assert CALENDAR.is_workday(deadline.due)
    assert CALENDAR.is_workday(deadline.supplement_by)


@given(events())
def test_the_due_date_is_never_earlier_than_20_workdays_after_the_start(events: Events) -> None:
    deadline = compute_deadline(events, CALENDAR)
    assert deadline.due is not None
    assert deadline.due >= nth_workday(CALENDAR, start_of(deadline), REPLY_WORKDAYS)
    if not events.consultations:
        assert deadline.due == nth_workday(CALENDAR, start_of(deadline), deadline.workdays)


@given(events(extended=False))
def test_an_extension_adds_exactly_20_counted_workdays(events: Events) -> None:
    plain = compute_deadline(events, CALENDAR)
    extended = compute_deadline(replace(events, extended=True), CALENDAR)
    assert extended.counted[:REPLY_WORKDAYS] == plain.counted
    assert len(extended.counted) == REPLY_WORKDAYS + EXTENSION_WORKDAYS
    assert plain.due is not None and extended.due is not None
    added = [day.date for day in extended.counted if day.date > plain.due]
    assert len(added) == EXTENSION_WORKDAYS
    assert added[-1] == extended.due


@given(events())
def test_consultation_days_are_never_counted(events: Events) -> None:
    deadline = compute_deadline(events, CALENDAR)
    for day in deadline.counted:
        assert not any(c.sent < day.date <= (c.answered or day.date) for c in events.consultations)
    for day in deadline.skipped:
        if day.reason == PAUSED:
            assert CALENDAR.is_workday(day.date)
            assert any(c.answered and c.sent < day.date <= c.answered for c in events.consultations)


@given(events())
def test_the_explanation_accounts_for_every_day_from_the_start_to_the_due_date(events: Events) -> None:
    deadline = compute_deadline(events, CALENDAR)
    assert deadline.due is not None
    explained = [day.date for day in deadline.explanation()]
    start = start_of(deadline)
    assert explained == [start + i * DAY for i in range((deadline.due - start).days + 1)]
    assert [day.number for day in deadline.counted] == list(range(1, deadline.workdays + 1))
    assert all(CALENDAR.is_workday(day.date) for day in deadline.counted)


@given(events(), st.integers(1, 30))
def test_a_longer_consultation_never_brings_the_due_date_forward(events: Events, longer: int) -> None:
    base = compute_deadline(events, CALENDAR)
    stretched = tuple(
        Consultation(c.sent, (c.answered or c.sent) + longer * DAY) for c in events.consultations
    )
    later = compute_deadline(replace(events, consultations=stretched), CALENDAR)
    assert base.due is not None and later.due is not None
    assert later.due >= base.due


@settings(max_examples=50)
@given(received_dates, st.integers(0, 40))
def test_an_open_consultation_is_bounded_by_its_answer_and_its_lapse(
    received: datetime.date, after: int
) -> None:
    sent = received + after * DAY
    open_events = Events(received, consultations=(Consultation(sent),))
    deadline = compute_deadline(open_events, CALENDAR)
    reply_by = nth_workday(CALENDAR, sent, 15)
    lapsed = compute_deadline(Events(received, consultations=(Consultation(sent, reply_by),)), CALENDAR)
    at_once = compute_deadline(Events(received, consultations=(Consultation(sent, sent),)), CALENDAR)
    if deadline.due is None:
        assert (deadline.earliest_due, deadline.latest_due) == (at_once.due, lapsed.due)
    else:  # the 20th workday came before the letter went out
        assert deadline.due == at_once.due == lapsed.due
        assert deadline.due <= sent


@given(st.dates(min_value=datetime.date(2004, 1, 1), max_value=datetime.date(2026, 11, 1)))
def test_nothing_inside_the_known_years_is_provisional(received: datetime.date) -> None:
    deadline = compute_deadline(Events(received), CALENDAR)
    assert deadline.due is not None
    assert deadline.provisional is (deadline.due.year > 2026)


def flip(calendar: Calendar, day: datetime.date) -> Calendar:
    """The calendar with one day edited: a workday made a holiday, a day off made a make-up workday."""
    kind = DayKind.HOLIDAY if calendar.is_workday(day) else DayKind.MAKEUP_WORKDAY
    return Calendar({**calendar.special_days, day: SpecialDay(day, kind, "国庆节")}, calendar.known_years)


@given(events(), st.integers(-10, 150))
def test_a_calendar_edit_moves_a_deadline_only_when_it_falls_in_the_deadlines_span(
    events: Events, offset: int
) -> None:
    """What lets ``calendar_changed`` subscribers re-date exactly the deadlines an edit affects."""
    before = compute_deadline(events, CALENDAR)
    first, last = before.span
    assert before.due is not None
    for edited in (events.received + offset * DAY, first - DAY, first, before.due, last, last + DAY):
        after = compute_deadline(events, flip(CALENDAR, edited))
        if not first <= edited <= last:
            assert after == before
        elif edited in {day.date for day in before.counted}:
            assert after.due != before.due  # a counted workday taken away moves the due date


# The statutory clock over 2024–2026 (春节, 国庆 and their 调休 make-up days): consultations with a delivery
# day, answered or not (第三十二条, 第三十四条), a fee notice (国办函〔2020〕109号), shorter extensions
# (第三十三条第二款).
recent_dates = st.dates(min_value=datetime.date(2024, 1, 1), max_value=datetime.date(2026, 9, 30))


@st.composite
def statutory_events(draw: st.DrawFn) -> Events:
    received = draw(recent_dates)
    consultations = []
    for _ in range(draw(st.integers(0, 2))):
        sent = received + draw(st.integers(0, 30)) * DAY
        delivered = sent + draw(st.integers(0, 5)) * DAY
        answered = None if draw(st.booleans()) else delivered + draw(st.integers(0, 30)) * DAY
        consultations.append(
            Consultation(sent, answered, delivered, agency=draw(st.booleans()), unanswered=answered is None)
        )
    fee = None
    if draw(st.booleans()):
        sent = received + draw(st.integers(0, 30)) * DAY
        delivered = sent + draw(st.integers(0, 5)) * DAY
        fee = FeeNotice(sent, delivered, delivered + draw(st.integers(0, 25)) * DAY)
    extended = draw(st.booleans())
    return Events(
        received,
        consultations=tuple(consultations),
        fee=fee,
        extended=extended,
        extension_workdays=draw(st.integers(1, EXTENSION_WORKDAYS)) if extended else EXTENSION_WORKDAYS,
    )


@given(statutory_events())
def test_the_due_date_never_falls_on_a_non_workday(events: Events) -> None:
    deadline = compute_deadline(events, CALENDAR)
    assert deadline.due is not None
    assert CALENDAR.is_workday(deadline.due)
    assert deadline.third_party_due is None or CALENDAR.is_workday(deadline.third_party_due)
    assert deadline.fee_due is None or CALENDAR.is_workday(deadline.fee_due)


@given(statutory_events())
def test_a_pause_never_shortens_the_period(events: Events) -> None:
    paused = compute_deadline(events, CALENDAR)
    unpaused = compute_deadline(replace(events, consultations=(), fee=None), CALENDAR)
    assert paused.due is not None and unpaused.due is not None
    assert paused.due >= unpaused.due
    assert len(paused.counted) == len(unpaused.counted) == paused.workdays


@given(statutory_events(), st.data())
def test_answering_a_consultation_earlier_never_makes_the_due_date_later(
    events: Events, data: st.DataObject
) -> None:
    late = compute_deadline(events, CALENDAR)
    earlier = []
    for consultation, pause in zip(events.consultations, late.paused, strict=False):
        assert pause.until is not None
        answer = (
            consultation.received_by_party
            + data.draw(st.integers(0, (pause.until - consultation.received_by_party).days)) * DAY
        )
        earlier.append(replace(consultation, answered=max(answer, consultation.received_by_party)))
    early = compute_deadline(replace(events, consultations=tuple(earlier)), CALENDAR)
    assert late.due is not None and early.due is not None
    assert early.due <= late.due


@given(statutory_events())
def test_an_unanswered_consultation_ends_its_pause_on_the_parties_15th_workday_after_delivery(
    events: Events,
) -> None:
    deadline = compute_deadline(events, CALENDAR)
    for consultation, pause in zip(events.consultations, deadline.paused, strict=False):
        assert pause.reply_by == nth_workday(CALENDAR, consultation.received_by_party, 15)
        if consultation.answered is None:
            assert pause.until == pause.reply_by and pause.lapsed


@given(statutory_events(), st.data())
def test_paying_the_fee_earlier_never_makes_the_due_date_later(events: Events, data: st.DataObject) -> None:
    """国办函〔2020〕109号: only the time from the notice to the payment is not counted."""
    if events.fee is None or events.fee.paid is None:
        return
    late = compute_deadline(events, CALENDAR)
    earlier = events.fee.sent + data.draw(st.integers(0, (events.fee.paid - events.fee.sent).days)) * DAY
    early = compute_deadline(replace(events, fee=replace(events.fee, paid=earlier)), CALENDAR)
    assert late.due is not None and early.due is not None
    assert early.due <= late.due
    assert early.fee_due == late.fee_due  # the applicant's 20 workdays run from the notice's receipt


@given(statutory_events())
def test_a_shorter_extension_never_gives_a_later_due_date(events: Events) -> None:
    """第三十三条第二款: 最长不得超过20个工作日 — fewer days, never a later date."""
    if not events.extended:
        return
    full = compute_deadline(replace(events, extension_workdays=EXTENSION_WORKDAYS), CALENDAR)
    shorter = compute_deadline(events, CALENDAR)
    plain = compute_deadline(replace(events, extended=False), CALENDAR)
    assert full.due is not None and shorter.due is not None and plain.due is not None
    assert plain.due < shorter.due <= full.due
    assert len(shorter.counted) == REPLY_WORKDAYS + events.extension_workdays
