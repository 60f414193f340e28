"""The statutory clock of an application (条例 第三十条 to 第三十三条), explained day by day. Plain Python, no ORM.

``compute_deadline(events, calendar)`` takes what happened to an application and a ``Calendar`` and returns
a ``Deadline``: the reply due date, the date by which a 补正 request must go out, the third parties' reply
dates, the paused intervals, and the explanation — every day from the clock start to the due date, counted
or skipped, with the reason.

Conventions (DESIGN.md §5; the ones the law leaves open are marked *chosen*):

- The clock starts on receipt, or — when a supplement (补正) was requested — on receipt of the supplement,
  which restarts it (第三十条). A supplement requested but not yet received stops the clock: no due date.
- Counting starts on the first workday *after* the clock start. Practice differs, so
  ``count_start_day=True`` counts the start day itself when it is a workday (the setting
  ``WORKDAYS_COUNT_START_DAY``, read by ``queries.count_start_day()``).
- The reply is due on the 20th counted workday, the 40th when an approved extension applies (第三十三条).
- A consultation (征求第三方意见, 第三十二条, or of another agency, 第三十四条) sent on S and answered or lapsed
  on A pauses the clock: the workdays d with S < d ≤ A are not counted. Weekends and holidays inside a pause
  are explained by the calendar (周末, 国庆节), workdays by the pause.
- The consulted party has 15 workdays from the letter (``reply_by``), counted like the reply period from
  the day after S. *Chosen:* a consultation still unanswered after its ``reply_by`` has lapsed on
  ``reply_by`` when ``today`` is given and later than ``reply_by``.
- *Chosen:* while a consultation is open (no answer, not lapsed) and the count has not finished before it,
  the due date is unknown: ``due`` is ``None``, and ``earliest_due`` (as if answered today — or on S when
  no ``today`` is given) and ``latest_due`` (as if it lapses on ``reply_by``) bound it.
- A 补正 request is due within 7 workdays of receipt (第三十条), counted from the day after receipt.
- Anything computed over a year the calendar does not know is ``provisional`` (weekends only).
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field
from typing import Any

from .calendar import Calendar

REPLY_WORKDAYS = 20
EXTENSION_WORKDAYS = 20
SUPPLEMENT_REQUEST_WORKDAYS = 7
CONSULTATION_REPLY_WORKDAYS = 15

PAUSED = "征求第三方意见期间不计"
FEE_PAUSED = "缴纳信息处理费期间不计"
FEE_PAYMENT_WORKDAYS = 20
START_RECEIVED = "收到申请"
START_SUPPLEMENT = "收到补正材料"
NEXT_DAY = "次日起算"

ONE_DAY = datetime.timedelta(days=1)


class InconsistentEvents(ValueError):
    """The events cannot have happened in this order; ``problem`` names which rule they break."""

    SUPPLEMENT_BEFORE_RECEIPT = "supplement_before_receipt"
    SUPPLEMENT_BEFORE_REQUEST = "supplement_before_request"
    CONSULTATION_BEFORE_RECEIPT = "consultation_before_receipt"
    ANSWER_BEFORE_CONSULTATION = "answer_before_consultation"

    def __init__(self, problem: str) -> None:
        super().__init__(problem)
        self.problem = problem


@dataclass(frozen=True)
class Consultation:
    """A consultation letter sent on ``sent``; ``answered`` is the day it was answered or lapsed, if any.

    The same pause serves the processing-fee notice (国办函〔2020〕109号: the time from the notice to payment
    is not counted), with its own window and reason: ``Consultation.fee(notice, paid)``.
    """

    sent: datetime.date
    answered: datetime.date | None = None
    reply_workdays: int = CONSULTATION_REPLY_WORKDAYS
    reason: str = PAUSED

    @classmethod
    def fee(cls, notice: datetime.date, paid: datetime.date | None = None) -> Consultation:
        return cls(notice, paid, FEE_PAYMENT_WORKDAYS, FEE_PAUSED)


@dataclass(frozen=True)
class Events:
    """What happened to an application, as far as the clock cares."""

    received: datetime.date
    supplement_requested: datetime.date | None = None
    supplement_received: datetime.date | None = None
    consultations: tuple[Consultation, ...] = ()
    extended: bool = False  # an extension approved by the head of the disclosure office

    def __post_init__(self) -> None:
        if self.supplement_received is not None:
            if self.supplement_received < self.received:
                raise InconsistentEvents(InconsistentEvents.SUPPLEMENT_BEFORE_RECEIPT)
            if self.supplement_requested is not None and self.supplement_received < self.supplement_requested:
                raise InconsistentEvents(InconsistentEvents.SUPPLEMENT_BEFORE_REQUEST)
        if self.supplement_requested is not None and self.supplement_requested < self.received:
            raise InconsistentEvents(InconsistentEvents.SUPPLEMENT_BEFORE_RECEIPT)
        for consultation in self.consultations:
            if consultation.sent < self.received:
                raise InconsistentEvents(InconsistentEvents.CONSULTATION_BEFORE_RECEIPT)
            if consultation.answered is not None and consultation.answered < consultation.sent:
                raise InconsistentEvents(InconsistentEvents.ANSWER_BEFORE_CONSULTATION)


@dataclass(frozen=True)
class ExplainedDay:
    """One day of the explanation; ``number`` is its place among the counted workdays (None if skipped)."""

    date: datetime.date
    reason: str
    number: int | None = None

    def __str__(self) -> str:
        return f"{self.date:%m-%d} {self.reason}"

    def as_json(self) -> dict[str, Any]:
        data: dict[str, Any] = {"date": self.date.isoformat()}
        if self.number is not None:
            data["n"] = self.number
        data["reason"] = self.reason
        return data


@dataclass(frozen=True)
class Pause:
    """A consultation as the clock sees it: workdays d with ``sent`` < d ≤ ``until`` are not counted."""

    sent: datetime.date
    until: datetime.date | None  # the answer, or the lapse on reply_by; None while open
    reply_by: datetime.date  # the consulted party's 15 workdays (第三十二条, 第三十四条)
    reason: str = PAUSED

    def covers(self, day: datetime.date) -> bool:
        return self.sent < day and (self.until is None or day <= self.until)


@dataclass(frozen=True)
class Deadline:
    due: datetime.date | None
    supplement_by: datetime.date
    started: datetime.date | None  # the clock start; None while a requested supplement is awaited
    workdays: int  # 20, or 40 with an extension
    paused: tuple[Pause, ...]
    counted: tuple[ExplainedDay, ...]
    skipped: tuple[ExplainedDay, ...]
    unknown_years: tuple[int, ...]  # years the calendar does not know that the computation went over
    span: tuple[
        datetime.date, datetime.date
    ]  # the first and last day it looked at: edits elsewhere change nothing
    earliest_due: datetime.date | None = None  # bounds while a consultation is open (``due`` is None)
    latest_due: datetime.date | None = None

    @property
    def provisional(self) -> bool:
        return bool(self.unknown_years)

    @property
    def remaining(self) -> int:
        """Workdays still to count when the clock stopped before the due date (0 once it is known)."""
        return self.workdays - len(self.counted)

    def explanation(self) -> list[ExplainedDay]:
        """Counted and skipped days together, in date order."""
        return sorted([*self.counted, *self.skipped], key=lambda day: day.date)

    def as_json(self) -> dict[str, Any]:
        """The ``gongkai deadline --json`` document."""
        return {
            "due": _iso(self.due),
            "supplement_by": self.supplement_by.isoformat(),
            "provisional": self.provisional,
            "counted": [day.as_json() for day in self.counted],
            "skipped": [day.as_json() for day in self.skipped],
        }


def _iso(day: datetime.date | None) -> str | None:
    return None if day is None else day.isoformat()


def nth_workday(
    calendar: Calendar, start: datetime.date, n: int, *, count_start_day: bool = False
) -> datetime.date:
    """The n-th workday after ``start`` (or from it, with ``count_start_day``), without pauses; n ≥ 1."""
    day = start if count_start_day else start + ONE_DAY
    while True:
        if calendar.is_workday(day):
            n -= 1
            if n == 0:
                return day
        day += ONE_DAY


@dataclass
class _Walk:
    """The day-by-day count from the clock start; stops at the n-th workday or where an open pause begins."""

    due: datetime.date | None = None
    last: datetime.date | None = None
    counted: list[ExplainedDay] = field(default_factory=list)
    skipped: list[ExplainedDay] = field(default_factory=list)


def _walk(
    calendar: Calendar,
    start: datetime.date,
    start_reason: str,
    n: int,
    pauses: list[Pause],
    count_start_day: bool,
) -> _Walk:
    walk = _Walk()
    day = start
    if not count_start_day:
        walk.skipped.append(ExplainedDay(start, f"{start_reason}，{NEXT_DAY}"))
        day += ONE_DAY
    while True:
        if any(pause.until is None and pause.sent < day for pause in pauses):
            # Every later workday is paused until the consultation ends: the due date is not known yet.
            walk.last = day - ONE_DAY
            return walk
        if not calendar.is_workday(day):
            walk.skipped.append(ExplainedDay(day, calendar.reason(day)))
        elif covering := [pause for pause in pauses if pause.covers(day)]:
            walk.skipped.append(ExplainedDay(day, covering[0].reason))
        else:
            walk.counted.append(ExplainedDay(day, calendar.reason(day), len(walk.counted) + 1))
            if len(walk.counted) == n:
                walk.due = walk.last = day
                return walk
        day += ONE_DAY


def compute_deadline(
    events: Events,
    calendar: Calendar,
    *,
    count_start_day: bool = False,
    today: datetime.date | None = None,
) -> Deadline:
    """The deadlines of an application and their explanation; see the module docstring for the conventions.

    ``today`` only matters for consultations without an answer: past their ``reply_by`` they have lapsed,
    before it they bound the due date from below (as if answered today).
    """
    workdays = REPLY_WORKDAYS + (EXTENSION_WORKDAYS if events.extended else 0)
    supplement_by = nth_workday(calendar, events.received, SUPPLEMENT_REQUEST_WORKDAYS)
    spans = [(events.received, supplement_by)]

    pauses = []
    for consultation in events.consultations:
        reply_by = nth_workday(calendar, consultation.sent, consultation.reply_workdays)
        spans.append((consultation.sent, reply_by))
        until = consultation.answered
        if until is None and today is not None and today > reply_by:
            until = reply_by  # lapsed: the consulted party let its 15 workdays pass
        pauses.append(Pause(consultation.sent, until, reply_by, consultation.reason))

    if events.supplement_received is not None:
        start, start_reason = events.supplement_received, START_SUPPLEMENT
    elif events.supplement_requested is None:
        start, start_reason = events.received, START_RECEIVED
    else:  # the supplement is awaited: the clock stands still
        return Deadline(
            due=None,
            supplement_by=supplement_by,
            started=None,
            workdays=workdays,
            paused=tuple(pauses),
            counted=(),
            skipped=(),
            unknown_years=_unknown_years(calendar, spans),
            span=_span(spans),
        )

    walk = _walk(calendar, start, start_reason, workdays, pauses, count_start_day)
    spans.append((start, walk.last or start))
    earliest = latest = None
    if walk.due is None:
        as_if_answered = [
            Pause(p.sent, max(today or p.sent, p.sent) if p.until is None else p.until, p.reply_by, p.reason)
            for p in pauses
        ]
        as_if_lapsed = [
            Pause(p.sent, p.reply_by if p.until is None else p.until, p.reply_by, p.reason) for p in pauses
        ]
        earliest = _walk(calendar, start, start_reason, workdays, as_if_answered, count_start_day).due
        latest = _walk(calendar, start, start_reason, workdays, as_if_lapsed, count_start_day).due
        assert earliest is not None and latest is not None  # no pause is open in either
        spans.append((start, latest))
    return Deadline(
        due=walk.due,
        supplement_by=supplement_by,
        started=start,
        workdays=workdays,
        paused=tuple(pauses),
        counted=tuple(walk.counted),
        skipped=tuple(walk.skipped),
        unknown_years=_unknown_years(calendar, spans),
        span=_span(spans),
        earliest_due=earliest,
        latest_due=latest,
    )


def _unknown_years(calendar: Calendar, spans: list[tuple[datetime.date, datetime.date]]) -> tuple[int, ...]:
    return tuple(sorted({year for start, end in spans for year in calendar.unknown_years(start, end)}))


def _span(spans: list[tuple[datetime.date, datetime.date]]) -> tuple[datetime.date, datetime.date]:
    return min(start for start, _end in spans), max(end for _start, end in spans)
