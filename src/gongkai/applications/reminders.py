"""The daily sweep: remind clerks and approvers of due-soon and overdue applications, and close the
applications whose 补正 or fee time ran out. Run by ``gongkai worker`` through the task queue.

Every step may run again (a worker killed or stopped mid-sweep leaves the rest to the next run), so each
loop passes a ``checkpoint()`` per item: a worker told to stop abandons the sweep there."""

from __future__ import annotations

import datetime
import logging
from dataclasses import dataclass, field
from typing import Any

from django.conf import settings
from django.core.mail import send_mail
from django.db import IntegrityError, models, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from gongkai.agencies.models import Membership
from gongkai.difficulties import actions as difficulty_actions
from gongkai.inquiries import reminders as inquiry_reminders
from gongkai.ops.worker import checkpoint

from . import actions, tracking, waits
from .models import (
    OPEN_STATUSES,
    Application,
    ApplicationQuerySet,
    Consultation,
    Reminder,
    due_soon_last_day,
)

logger = logging.getLogger("gongkai.reminders")
REMINDED_ROLES = (Membership.Role.CLERK, Membership.Role.APPROVER)


@dataclass
class SweepResult:
    reminders: int = 0
    emailed: int = 0
    lapsed: list[str] = field(default_factory=list)
    inquiries: int = 0  # inquiries (政策咨询) reminded of
    difficulties_escalated: int = 0  # difficulty cases (困难反馈) overdue, escalated to the oversight office
    difficulties_closed: int = 0  # answered cases closed when the reporter's confirmation window passed


def lapse_overdue_waits(today: datetime.date, result: SweepResult) -> None:
    """Mark the waits whose period ran out — the 补正 and the fee, one mechanism (``waits``) — for a clerk to
    confirm (not closed here), and end the consultations whose consulted party let its 15 workdays pass
    (第三十二条, 第三十四条: the clock resumes). Each in its own transaction, so one failure does not hold
    back the others."""
    for wait in waits.WAITS.values():
        for record in wait.lapsed_unmarked(today):
            checkpoint()
            actions.do_mark_wait_lapsed(record.application, wait.name, today)
            result.lapsed.append(record.application.tracking_code)
    unanswered = Consultation.objects.filter(
        answered_on__isnull=True, reply_by__lt=today, application__status__in=OPEN_STATUSES
    ).select_related("application")
    for consultation in unanswered:
        checkpoint()
        actions.do_lapse_consultation(consultation, today)
        result.lapsed.append(consultation.application.tracking_code)


def due_applications(today: datetime.date) -> ApplicationQuerySet:
    """The open applications to remind of: overdue, or due soon (``DUE_SOON_WORKDAYS`` workdays)."""
    return Application.objects.open().filter(due_on__isnull=False, due_on__lte=due_soon_last_day(today))


def consultations_due(today: datetime.date) -> models.QuerySet[Consultation]:
    """The unanswered consultations whose consulted party's last day is due soon or today (第三十二条,
    第三十四条): staff are reminded to chase the answer before the pause ends."""
    return Consultation.objects.filter(
        answered_on__isnull=True,
        reply_by__gte=today,
        reply_by__lte=due_soon_last_day(today),
        application__status__in=OPEN_STATUSES,
    ).select_related("application", "application__agency")


def reminder_kind(due_on: datetime.date, today: datetime.date) -> Reminder.Kind:
    return Reminder.Kind.OVERDUE if due_on < today else Reminder.Kind.DUE_SOON


@dataclass(frozen=True)
class Due:
    application: Application
    kind: Reminder.Kind

    @property
    def overdue(self) -> bool:
        return self.kind == Reminder.Kind.OVERDUE


def due_for(user: Any, today: datetime.date) -> list[Due]:
    """What the sweep reminds ``user`` of today — the due applications of the agencies where they are a
    clerk or an approver — asked directly, so that the reminders page shows them whether or not a worker
    has run the sweep yet. Most urgent first."""
    agencies = Membership.objects.filter(user_id=user.pk, role__in=REMINDED_ROLES).values("agency_id")
    due = due_applications(today).filter(agency__in=agencies).select_related("agency")
    return [
        Due(application, reminder_kind(application.due_on, today))  # type: ignore[arg-type]
        for application in due.order_by("due_on", "submitted_at")
    ]


def create_reminders(today: datetime.date, result: SweepResult) -> list[int]:
    created: list[int] = []
    staff_of: dict[int, set[int]] = {}  # agency → its reminded staff, looked up once per sweep

    def remind(application: Application, kind: str, due_on: datetime.date) -> None:
        if application.agency_id not in staff_of:
            staff_of[application.agency_id] = set(
                Membership.objects.filter(
                    agency_id=application.agency_id, role__in=REMINDED_ROLES
                ).values_list("user_id", flat=True)
            )
        for user_id in staff_of[application.agency_id]:
            try:
                with transaction.atomic():
                    reminder = Reminder.objects.create(
                        user_id=user_id, application=application, kind=kind, due_on=due_on
                    )
            except IntegrityError:
                continue  # reminded already for this date
            created.append(reminder.pk)

    for application in due_applications(today).select_related("agency"):
        checkpoint()
        assert application.due_on is not None
        remind(application, reminder_kind(application.due_on, today), application.due_on)
    for consultation in consultations_due(today):
        checkpoint()
        remind(consultation.application, Reminder.Kind.CONSULTATION_DUE, consultation.reply_by)
    result.reminders += len(created)
    return created


def email_reminder(reminder_pk: int) -> bool:
    """Send one reminder by e-mail, at most once: the row is claimed by a conditional UPDATE first. (The
    sweep passes only reminders that still hold; checking that again per row would double the cost of a
    sweep of thousands, for a window of milliseconds.)"""
    claimed = Reminder.objects.filter(pk=reminder_pk, emailed_at__isnull=True).update(
        emailed_at=timezone.now()
    )
    if not claimed:
        return False
    reminder = Reminder.objects.select_related("user", "application", "application__agency").get(
        pk=reminder_pk
    )
    if not reminder.user.email:
        return False
    application = reminder.application
    if reminder.kind == Reminder.Kind.CONSULTATION_DUE:
        subject = _("[gongkai] Application {code}: {kind}, opinion due on {date}")
    else:
        subject = _("[gongkai] Application {code}: {kind}, reply due on {date}")
    subject = subject.format(
        code=application.tracking_code, kind=reminder.get_kind_display(), date=reminder.due_on.isoformat()
    )
    if reminder.kind == Reminder.Kind.CONSULTATION_DUE:
        body = _(
            "{agency}: the consulted party's opinion on application {code} is due on {date}; without it, the "
            "reply period runs again from the next day (Articles 32 and 34). Open it in the workspace."
        )
    else:
        body = _("{agency}: the reply to application {code} is due on {date}. Open it in the workspace.")
    body = body.format(
        agency=application.agency.name, code=application.tracking_code, date=reminder.due_on.isoformat()
    )
    send_mail(subject, body, settings.DEFAULT_FROM_EMAIL, [reminder.user.email])
    return True


def sweep(today: datetime.date) -> SweepResult:
    result = SweepResult()
    tracking.forget_old_failures(timezone.now())
    lapse_overdue_waits(today, result)
    create_reminders(today, result)
    result.inquiries = inquiry_reminders.remind(today)
    result.difficulties_escalated, result.difficulties_closed = difficulty_actions.do_sweep_difficulties(
        today
    )
    # Every reminder not yet e-mailed that still holds: this run's, and those a run killed mid-sweep
    # created but did not send (each is claimed before sending, so none goes twice).
    unsent = Reminder.objects.current(today).filter(emailed_at__isnull=True)
    for pk in unsent.order_by("pk").values_list("pk", flat=True):
        checkpoint()
        result.emailed += int(email_reminder(pk))
    logger.info(
        "Daily sweep %s: %d reminders, %d e-mailed, %d lapsed.",
        today,
        result.reminders,
        result.emailed,
        len(result.lapsed),
    )
    return result
