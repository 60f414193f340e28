"""The bridge between an application's records and the plain-Python clock in ``gongkai.workdays.clock``,
and the words that say why an application has no due date (``stopped_clock_words``)."""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from gongkai.workdays import clock
from gongkai.workdays.calendar import Calendar
from gongkai.workdays.queries import count_start_day, current_calendar

from .models import Application, Consultation, Status


@dataclass(frozen=True)
class ClockWords:
    """What the "reply due on" line says while there is no due date: to the applicant, and to staff."""

    public: str | Promise
    staff: str | Promise


# Why an open application has no due date, by its status: the clock has not started (the receipt is not
# confirmed, 第三十一条), or it stands still for a supplement (第三十条), a consultation (第三十二条,
# 第三十四条) or a fee (国办函〔2020〕109号). Every open status has its own words; the tracking page and the
# staff page both read them from here.
STOPPED_CLOCK_WORDS: dict[str, ClockWords] = {
    Status.SUBMITTED: ClockWords(
        public=_(
            "Not started yet: the reply period runs from the day the agency confirms it has received your "
            "application."
        ),
        staff=_("Not started: the receipt is not confirmed yet"),
    ),
    Status.IN_PROGRESS: ClockWords(
        public=_("Not known yet."),
        staff=_("Not known yet"),
    ),
    Status.AWAITING_SUPPLEMENT: ClockWords(
        public=_(
            "Stopped until you supplement your application; the reply period starts again from the day the "
            "agency receives the supplement."
        ),
        staff=_("Stopped: waiting for the applicant's supplement (the period starts again on receipt)"),
    ),
    Status.IN_CONSULTATION: ClockWords(
        public=_(
            "Stopped while the agency consults a third party or another agency; this time is not counted "
            "in the reply period."
        ),
        staff=_("Stopped: consultation under way (not counted)"),
    ),
    Status.AWAITING_PAYMENT: ClockWords(
        public=_(
            "Stopped until the processing fee is paid; the time from the fee notice to the payment is not "
            "counted in the reply period."
        ),
        staff=_("Stopped: waiting for the processing fee (not counted)"),
    ),
}


def stopped_clock_words(application: Application) -> ClockWords | None:
    """The words for an open application without a due date; None when it has one, or is closed."""
    if not application.is_open or application.due_on is not None:
        return None
    return STOPPED_CLOCK_WORDS[application.status]


def events_of(application: Application) -> clock.Events | None:
    """What the clock needs to know; None before the receipt is confirmed (the clock has not started)."""
    if application.received_on is None:
        return None
    supplement = getattr(application, "supplement", None)
    fee = getattr(application, "fee", None)
    consultations = tuple(
        clock.Consultation(
            c.sent_on, c.answered_on, c.delivered_on, agency=c.kind == Consultation.Kind.AGENCY
        )
        for c in application.consultations.all()
    )
    return clock.Events(
        received=application.received_on,
        supplement_requested=supplement.requested_on if supplement else None,
        supplement_received=supplement.received_on if supplement else None,
        consultations=consultations,
        extended=application.extended,
        # The time from a fee notice to payment is not counted either (国办函〔2020〕109号).
        fee=clock.FeeNotice(fee.notice_on, fee.delivered_on, fee.paid_on) if fee is not None else None,
        extension_workdays=application.extension_workdays or clock.EXTENSION_WORKDAYS,
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
    # 第三十五条: a later reply date set for a request beyond a reasonable range replaces the due date.
    application.due_on = application.postponed_to or deadline.due
    application.due_is_provisional = deadline.provisional
    application.supplement_request_by = deadline.supplement_by


def nth_workday(start: datetime.date, n: int, calendar: Calendar | None = None) -> datetime.date:
    return clock.nth_workday(calendar or current_calendar(), start, n)


def due_from(received: datetime.date, calendar: Calendar | None = None) -> datetime.date | None:
    """The due date of an application received on ``received`` that nothing pauses or extends — what the
    applicant is told to expect when they apply."""
    deadline = clock.compute_deadline(
        clock.Events(received=received),
        calendar or current_calendar(),
        count_start_day=count_start_day(),
        today=received,
    )
    return deadline.due
