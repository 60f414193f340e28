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
- The consulted party has 15 workdays from the day it *receives* the letter (``reply_by``), counted from
  the day after delivery D (post: the signed-for day; online: the day sent, D = S). Unanswered by then,
  the consultation has lapsed on ``reply_by``: the pause ends there and the clock resumes. A third party's
  silence leaves the decision to the agency (第三十二条); another agency's counts as consent (第三十四条).
  A consultation known to have had no answer (``unanswered``) lapses on ``reply_by``; otherwise *chosen:*
  one still unanswered has lapsed when ``today`` is given and later than ``reply_by``.
- The processing fee (国办函〔2020〕109号): the applicant has 20 workdays from the day after receiving the
  notice (``pay_by``); the time from sending the notice to payment is not counted (a ``FeeNotice`` pause).
  Unpaid by ``pay_by`` (and ``today``, when given, is later) the fee has lapsed on ``pay_by``; the clock
  stays stopped: the agency confirms what follows (the application is treated as withdrawn).
- An extension (第三十三条第二款) adds at most 20 workdays, fewer if decided so; it must be decided before
  the unextended due date has passed, else it is refused (``errors``) and not applied.
- *Chosen:* while a consultation is open (no answer, not lapsed) and the count has not finished before it,
  the due date is unknown: ``due`` is ``None``, and ``earliest_due`` (as if answered today — or on S when
  no ``today`` is given) and ``latest_due`` (as if it lapses on ``reply_by``) bound it.
- A 补正 request is due within 7 workdays of receipt (第三十条), counted from the day after receipt; a later
  one is allowed and marked late (``supplement_late``).
- Anything computed over a year the calendar does not know is ``provisional`` (weekends only).
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field, replace
from enum import StrEnum
from typing import Any

from .calendar import Calendar

REPLY_WORKDAYS = 20
EXTENSION_WORKDAYS = 20
SUPPLEMENT_REQUEST_WORKDAYS = 7
CONSULTATION_REPLY_WORKDAYS = 15

FEE_PAYMENT_WORKDAYS = 20  # 国办函〔2020〕109号: from the day after the applicant receives the notice
# "Due soon": the reply is due within this many workdays. The one meaning used by the staff queue's tab,
# the reminders and ``Application.deadline_state``.
DUE_SOON_WORKDAYS = 3

PAUSED = "征求第三方意见期间不计"
AGENCY_PAUSED = "征求其他行政机关意见期间不计"
FEE_PAUSED = "缴纳信息处理费期间不计"
THIRD_PARTY_LAPSED = "第三方逾期未提出意见，由本机关决定"
AGENCY_LAPSED = "被征求意见机关逾期未提出意见，视为同意公开"
FEE_LAPSED = "申请人逾期未缴纳信息处理费，待确认视为放弃申请"
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
    DELIVERY_BEFORE_CONSULTATION = "delivery_before_consultation"
    ANSWER_BEFORE_DELIVERY = "answer_before_delivery"
    FEE_NOTICE_BEFORE_RECEIPT = "fee_notice_before_receipt"
    FEE_DELIVERY_BEFORE_NOTICE = "fee_delivery_before_notice"
    PAYMENT_BEFORE_NOTICE = "payment_before_notice"
    EXTENSION_TOO_LONG = "extension_too_long"
    EXTENSION_BEFORE_RECEIPT = "extension_before_receipt"

    def __init__(self, problem: str) -> None:
        super().__init__(problem)
        self.problem = problem


class PauseKind(StrEnum):
    """Why the clock stops, and the article that says so."""

    # The values name them as ``gongkai deadline`` does (--consultation, --agency-consultation, --fee-notice).
    THIRD_PARTY = "consultation"  # 征求第三方意见 (第三十二条)
    AGENCY = "agency_consultation"  # 征求其他行政机关意见 (第三十四条)
    FEE = "fee"  # 信息处理费 (国办函〔2020〕109号)


PAUSE_REASONS = {PauseKind.THIRD_PARTY: PAUSED, PauseKind.AGENCY: AGENCY_PAUSED, PauseKind.FEE: FEE_PAUSED}
PAUSE_ARTICLES = {
    PauseKind.THIRD_PARTY: "第三十二条",
    PauseKind.AGENCY: "第三十四条",
    PauseKind.FEE: "国办函〔2020〕109号",
}
LAPSE_WORDS = {
    PauseKind.THIRD_PARTY: THIRD_PARTY_LAPSED,
    PauseKind.AGENCY: AGENCY_LAPSED,
    PauseKind.FEE: FEE_LAPSED,
}


@dataclass(frozen=True)
class Consultation:
    """A consultation letter sent on ``sent`` and received by the consulted on ``delivered`` (the day sent,
    when not given: online); ``answered`` is the day it was answered or lapsed, if any. ``agency``: another
    agency consulted under 第三十四条 rather than a third party under 第三十二条. ``unanswered``: known to
    have had no answer at all, so it lapsed on its ``reply_by``."""

    sent: datetime.date
    answered: datetime.date | None = None
    delivered: datetime.date | None = None
    agency: bool = False
    unanswered: bool = False

    @property
    def received_by_party(self) -> datetime.date:
        return self.sent if self.delivered is None else self.delivered

    @property
    def kind(self) -> PauseKind:
        return PauseKind.AGENCY if self.agency else PauseKind.THIRD_PARTY


@dataclass(frozen=True)
class FeeNotice:
    """A processing-fee notice sent on ``sent``, received by the applicant on ``delivered`` (the day sent,
    when not given), paid on ``paid``: the time from ``sent`` to ``paid`` is not counted."""

    sent: datetime.date
    delivered: datetime.date | None = None
    paid: datetime.date | None = None

    @property
    def received_by_applicant(self) -> datetime.date:
        return self.sent if self.delivered is None else self.delivered


@dataclass(frozen=True)
class Events:
    """What happened to an application, as far as the clock cares."""

    received: datetime.date
    supplement_requested: datetime.date | None = None
    supplement_received: datetime.date | None = None
    consultations: tuple[Consultation, ...] = ()
    extended: bool = False  # an extension approved by the head of the disclosure office (第三十三条第二款)
    fee: FeeNotice | None = None
    extension_workdays: int = EXTENSION_WORKDAYS  # at most 20; fewer may be decided
    extension_decided: datetime.date | None = None  # must not be after the unextended due date

    def __post_init__(self) -> None:
        if self.extended and not 1 <= self.extension_workdays <= EXTENSION_WORKDAYS:
            raise InconsistentEvents(InconsistentEvents.EXTENSION_TOO_LONG)
        if self.extension_decided is not None and self.extension_decided < self.received:
            raise InconsistentEvents(InconsistentEvents.EXTENSION_BEFORE_RECEIPT)
        if self.fee is not None:
            if self.fee.sent < self.received:
                raise InconsistentEvents(InconsistentEvents.FEE_NOTICE_BEFORE_RECEIPT)
            if self.fee.received_by_applicant < self.fee.sent:
                raise InconsistentEvents(InconsistentEvents.FEE_DELIVERY_BEFORE_NOTICE)
            if self.fee.paid is not None and self.fee.paid < self.fee.sent:
                raise InconsistentEvents(InconsistentEvents.PAYMENT_BEFORE_NOTICE)
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
            if consultation.received_by_party < consultation.sent:
                raise InconsistentEvents(InconsistentEvents.DELIVERY_BEFORE_CONSULTATION)
            if consultation.answered is not None and consultation.answered < consultation.received_by_party:
                raise InconsistentEvents(InconsistentEvents.ANSWER_BEFORE_DELIVERY)


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
    """A consultation or a fee notice as the clock sees it: workdays d with ``sent`` < d ≤ ``until`` are not
    counted."""

    sent: datetime.date
    until: datetime.date | None  # the answer or payment, or the lapse on reply_by; None while open
    reply_by: datetime.date  # the consulted party's 15 workdays, or the applicant's 20 to pay
    reason: str = PAUSED
    kind: PauseKind = PauseKind.THIRD_PARTY
    lapsed: bool = False

    @property
    def article(self) -> str:
        return PAUSE_ARTICLES[self.kind]

    def covers(self, day: datetime.date) -> bool:
        return self.sent < day and (self.until is None or day <= self.until)

    def as_json(self) -> dict[str, Any]:
        return {
            "kind": self.kind.value,
            "from": self.sent.isoformat(),
            "until": _iso(self.until),
            "reply_by": self.reply_by.isoformat(),
            "reason": self.reason,
            "article": self.article,
        }


@dataclass(frozen=True)
class Lapse:
    """A period that ran out on ``on`` (its last day) without the answer or the payment."""

    kind: PauseKind
    on: datetime.date

    @property
    def words(self) -> str:
        return LAPSE_WORDS[self.kind]

    def as_json(self) -> dict[str, Any]:
        return {
            "what": self.kind.value,
            "on": self.on.isoformat(),
            "article": PAUSE_ARTICLES[self.kind],
            "meaning": self.words,
        }


class ClockError(StrEnum):
    """A recorded event the law does not allow; the clock leaves it out and says so."""

    EXTENSION_LATE = "extension_late"  # 第三十三条第二款: decided after the reply period ended


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
    lapsed: tuple[Lapse, ...] = ()
    supplement_late: bool = False  # the 补正 request went out after ``supplement_by`` (第三十条)
    extension_workdays: int = 0  # the workdays an extension added (0 without one)
    unextended_due: datetime.date | None = None  # the due date before the extension: its own deadline
    errors: tuple[ClockError, ...] = ()

    @property
    def third_party_due(self) -> datetime.date | None:
        """The latest day a consulted party (第三十二条, 第三十四条) has to answer; None without one."""
        days = [pause.reply_by for pause in self.paused if pause.kind != PauseKind.FEE]
        return max(days) if days else None

    @property
    def fee_due(self) -> datetime.date | None:
        """The last day to pay the processing fee; None without a fee notice."""
        days = [pause.reply_by for pause in self.paused if pause.kind == PauseKind.FEE]
        return days[0] if days else None

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
        """The ``gongkai deadline --json`` document: today's keys first, unchanged for today's inputs, then
        the paused intervals (each with its reason and article), the consulted party's and the fee's last
        days, what lapsed on which day, the late 补正 mark, the extension's length and the errors."""
        return {
            "due": _iso(self.due),
            "supplement_by": self.supplement_by.isoformat(),
            "provisional": self.provisional,
            "counted": [day.as_json() for day in self.counted],
            "skipped": [day.as_json() for day in self.skipped],
            "paused": [pause.as_json() for pause in self.paused],
            "third_party_due": _iso(self.third_party_due),
            "fee_due": _iso(self.fee_due),
            "lapsed": [lapse.as_json() for lapse in self.lapsed],
            "supplement_late": self.supplement_late,
            "extension_workdays": self.extension_workdays,
            "errors": [error.value for error in self.errors],
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


def _pauses(
    events: Events,
    calendar: Calendar,
    today: datetime.date | None,
    spans: list[tuple[datetime.date, datetime.date]],
) -> tuple[list[Pause], list[Lapse]]:
    """The pauses of the consultations and the fee notice, and the periods that lapsed."""
    pauses, lapses = [], []
    for consultation in events.consultations:
        reply_by = nth_workday(calendar, consultation.received_by_party, CONSULTATION_REPLY_WORKDAYS)
        spans.append((consultation.sent, reply_by))
        until, lapsed = consultation.answered, False
        if until is None and (
            (today is not None and today > reply_by) or (consultation.unanswered and today is None)
        ):
            until, lapsed = reply_by, True  # the consulted party let its 15 workdays pass
            lapses.append(Lapse(consultation.kind, reply_by))
        kind = consultation.kind
        pauses.append(Pause(consultation.sent, until, reply_by, PAUSE_REASONS[kind], kind, lapsed))
    if events.fee is not None:
        fee = events.fee
        pay_by = nth_workday(calendar, fee.received_by_applicant, FEE_PAYMENT_WORKDAYS)
        spans.append((fee.sent, pay_by))
        lapsed = fee.paid is None and (today is None or today > pay_by)
        if lapsed:
            # The clock stays stopped: the agency confirms that the application is treated as withdrawn.
            lapses.append(Lapse(PauseKind.FEE, pay_by))
        pauses.append(Pause(fee.sent, fee.paid, pay_by, FEE_PAUSED, PauseKind.FEE, lapsed))
    return pauses, lapses


def compute_deadline(
    events: Events,
    calendar: Calendar,
    *,
    count_start_day: bool = False,
    today: datetime.date | None = None,
) -> Deadline:
    """The deadlines of an application and their explanation; see the module docstring for the conventions.

    ``today`` only matters for what has not happened yet: a consultation without an answer past its
    ``reply_by`` has lapsed, before it it bounds the due date from below (as if answered today); a fee
    unpaid past its ``pay_by`` has lapsed. Without ``today`` an unpaid fee and a consultation marked
    ``unanswered`` have lapsed.
    """
    supplement_by = nth_workday(calendar, events.received, SUPPLEMENT_REQUEST_WORKDAYS)
    spans = [(events.received, supplement_by)]
    pauses, lapses = _pauses(events, calendar, today, spans)
    supplement_late = events.supplement_requested is not None and events.supplement_requested > supplement_by

    if events.supplement_received is not None:
        start, start_reason = events.supplement_received, START_SUPPLEMENT
    elif events.supplement_requested is None:
        start, start_reason = events.received, START_RECEIVED
    else:  # the supplement is awaited: the clock stands still
        return Deadline(
            due=None,
            supplement_by=supplement_by,
            started=None,
            workdays=REPLY_WORKDAYS,
            paused=tuple(pauses),
            counted=(),
            skipped=(),
            unknown_years=_unknown_years(calendar, spans),
            span=_span(spans),
            lapsed=tuple(lapses),
            supplement_late=supplement_late,
        )

    unextended = _walk(calendar, start, start_reason, REPLY_WORKDAYS, pauses, count_start_day)
    workdays, extension, errors = REPLY_WORKDAYS, 0, []
    if events.extended:
        decided = events.extension_decided
        if decided is not None and unextended.due is not None and decided > unextended.due:
            errors.append(ClockError.EXTENSION_LATE)  # 第三十三条第二款: too late, not applied
        else:
            extension = events.extension_workdays
            workdays += extension
    walk = (
        _walk(calendar, start, start_reason, workdays, pauses, count_start_day) if extension else unextended
    )
    spans.append((start, walk.last or start))
    earliest = latest = None
    if walk.due is None:
        as_if_answered = [
            replace(p, until=max(today or p.sent, p.sent)) if p.until is None else p for p in pauses
        ]
        as_if_lapsed = [replace(p, until=p.reply_by) if p.until is None else p for p in pauses]
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
        lapsed=tuple(lapses),
        supplement_late=supplement_late,
        extension_workdays=extension,
        unextended_due=unextended.due,
        errors=tuple(errors),
    )


def _unknown_years(calendar: Calendar, spans: list[tuple[datetime.date, datetime.date]]) -> tuple[int, ...]:
    return tuple(sorted({year for start, end in spans for year in calendar.unknown_years(start, end)}))


def _span(spans: list[tuple[datetime.date, datetime.date]]) -> tuple[datetime.date, datetime.date]:
    return min(start for start, _end in spans), max(end for _start, end in spans)
