"""The bridge between an application's records and the plain-Python clock in ``gongkai.workdays.clock``."""

from __future__ import annotations

import datetime

from gongkai.workdays import clock
from gongkai.workdays.calendar import Calendar
from gongkai.workdays.queries import count_start_day, current_calendar

from .models import Application


def events_of(application: Application) -> clock.Events | None:
    """What the clock needs to know; None before the receipt is confirmed (the clock has not started)."""
    if application.received_on is None:
        return None
    supplement = getattr(application, "supplement", None)
    fee = getattr(application, "fee", None)
    # The time from a fee notice to payment is not counted either (国办函〔2020〕109号): a pause of its own.
    pauses = [clock.Consultation(c.sent_on, c.answered_on) for c in application.consultations.all()]
    if fee is not None:
        pauses.append(clock.Consultation.fee(fee.notice_on, fee.paid_on or fee.lapsed_on))
    return clock.Events(
        received=application.received_on,
        supplement_requested=supplement.requested_on if supplement else None,
        supplement_received=supplement.received_on if supplement else None,
        consultations=tuple(pauses),
        extended=application.extended,
    )


def deadline_of(
    application: Application, today: datetime.date, calendar: Calendar | None = None
) -> clock.Deadline | None:
    events = events_of(application)
    if events is None:
        return None
    return clock.compute_deadline(
        events, calendar or current_calendar(), count_start_day=count_start_day(), today=today
    )


def apply_deadline(application: Application, today: datetime.date, calendar: Calendar | None = None) -> None:
    """Set the stored deadline columns from the clock (the caller saves)."""
    deadline = deadline_of(application, today, calendar)
    if deadline is None:
        application.due_on = None
        application.due_is_provisional = False
        application.supplement_request_by = None
        return
    application.due_on = deadline.due
    application.due_is_provisional = deadline.provisional
    application.supplement_request_by = deadline.supplement_by


def nth_workday(start: datetime.date, n: int, calendar: Calendar | None = None) -> datetime.date:
    return clock.nth_workday(calendar or current_calendar(), start, n)
