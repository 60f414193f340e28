"""Writes to difficulty cases (困难反馈, 问题交办). Views, the demo and tests call these; each writes one
``DifficultyEvent`` (the case's history, which the reporter sees by tracking code) in its transaction."""

from __future__ import annotations

import datetime
import secrets
from typing import TYPE_CHECKING, Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from gongkai.agencies.access import Action, can, recorded_as, refusal
from gongkai.agencies.models import Agency
from gongkai.lib.abuse import fingerprint
from gongkai.workdays.clock import nth_workday
from gongkai.workdays.queries import current_calendar

from .models import Difficulty, DifficultyEvent

if TYPE_CHECKING:
    from gongkai.agencies.access import Actor

TRACKING_ALPHABET = "23456789ABCDEFGHJKLMNPQRSTUVWXYZ"  # no 0/O, 1/I: read out over the phone
REPORTED_FIELDS = ("reporter_kind", "name", "contact", "subject", "description")
DEFAULT_ANSWER_WORKDAYS = 10
MAX_ANSWER_WORKDAYS = 60
# The reporter has this many workdays after the answer to confirm it; then the case closes by itself.
CONFIRMATION_WORKDAYS = 5


def _log(case: Difficulty, actor: Actor, kind: str, agency: Agency | None, note: str = "") -> None:
    DifficultyEvent.objects.create(
        difficulty=case, actor=recorded_as(actor), at=timezone.now(), kind=kind, agency=agency, note=note
    )


def _require(actor: Actor, action: Action, agency: Agency | None) -> None:
    if actor is None or agency is None or not can(actor, action, agency):
        raise PermissionDenied(refusal(action))


def workdays_from(day: datetime.date, workdays: int) -> datetime.date:
    return nth_workday(current_calendar(), day, workdays)


def do_report_difficulty(
    agency: Agency, fields: dict[str, Any], *, remote_address: str, now: datetime.datetime | None = None
) -> Difficulty:
    """A company's or citizen's difficulty reported to ``agency``, the receiving office (the public form; the
    abuse guard ran before)."""
    now = now or timezone.now()
    values = {key: fields[key] for key in REPORTED_FIELDS}
    for _attempt in range(10):
        code = f"KN{now.year}-" + "".join(secrets.choice(TRACKING_ALPHABET) for _ in range(8))
        case = Difficulty(
            receiving_agency=agency,
            tracking_code=code,
            reported_at=now,
            submitter_fingerprint=fingerprint(remote_address, purpose="difficulty"),
            **values,
        )
        try:
            with transaction.atomic():
                case.save()
                _log(case, None, DifficultyEvent.Kind.REPORTED, agency)
        except IntegrityError:
            if Difficulty.objects.filter(tracking_code=code).exists():
                continue
            raise
        return case
    raise RuntimeError("could not draw a free tracking code")


def _check_workdays(workdays: int) -> None:
    if not 1 <= workdays <= MAX_ANSWER_WORKDAYS:
        raise ValidationError(
            {"workdays": _("Give between 1 and %(max)d workdays to answer.") % {"max": MAX_ANSWER_WORKDAYS}}
        )


@transaction.atomic
def do_assign_difficulty(
    actor: Actor, case: Difficulty, assignee: Agency, workdays: int = DEFAULT_ANSWER_WORKDAYS,
    note: str = "",
) -> Difficulty:  # fmt: skip
    """交办: the receiving office hands the case to the responsible agency, due in ``workdays`` workdays."""
    _require(actor, Action.WORK, case.receiving_agency)
    if case.status != Difficulty.Status.REPORTED:
        raise ValidationError(_("Only a case awaiting assignment can be assigned."))
    _check_workdays(workdays)
    case.assigned_agency = assignee
    case.status = Difficulty.Status.ASSIGNED
    case.due_on = workdays_from(timezone.localdate(), workdays)
    case.save()
    _log(case, actor, DifficultyEvent.Kind.ASSIGNED, assignee, note.strip())
    return case


@transaction.atomic
def do_reassign_difficulty(actor: Actor, case: Difficulty, assignee: Agency, reason: str) -> Difficulty:
    """The assignee hands the case on (it is another agency's duty), with the reason; the due date stays."""
    _require(actor, Action.WORK, case.assigned_agency)
    if case.status != Difficulty.Status.ASSIGNED:
        raise ValidationError(_("Only an assigned case can be reassigned."))
    if not reason.strip():
        raise ValidationError({"reason": _("Give the reason for reassigning the case.")})
    if assignee.pk == case.assigned_agency_id:
        raise ValidationError({"assignee": _("Choose another agency than the one it is assigned to.")})
    previous = case.assigned_agency
    case.assigned_agency = assignee
    case.save()
    _log(case, actor, DifficultyEvent.Kind.REASSIGNED, assignee, f"{previous} → {assignee}：{reason.strip()}")
    return case


@transaction.atomic
def do_answer_difficulty(
    actor: Actor, case: Difficulty, answer: str, *, now: datetime.datetime | None = None
) -> Difficulty:
    """The responsible agency's answer; the reporter then has ``CONFIRMATION_WORKDAYS`` to confirm it."""
    _require(actor, Action.WORK, case.assigned_agency)
    if case.status != Difficulty.Status.ASSIGNED:
        raise ValidationError(_("Only an assigned case can be answered."))
    if not answer.strip():
        raise ValidationError({"answer": _("Write the answer.")})
    now = now or timezone.now()
    case.answer = answer.strip()
    case.answered_at = now
    case.confirm_by = workdays_from(timezone.localdate(now), CONFIRMATION_WORKDAYS)
    case.status = Difficulty.Status.ANSWERED
    case.save()
    _log(case, actor, DifficultyEvent.Kind.ANSWERED, case.assigned_agency)
    return case


@transaction.atomic
def do_confirm_difficulty(case: Difficulty, note: str = "") -> Difficulty:
    """The reporter, holding the tracking code, confirms the answer: the case closes."""
    if case.status != Difficulty.Status.ANSWERED:
        raise ValidationError(_("Only an answered case can be confirmed."))
    case.status = Difficulty.Status.CLOSED
    case.confirmed = True
    case.closed_at = timezone.now()
    case.save()
    _log(case, None, DifficultyEvent.Kind.CONFIRMED, None, note.strip()[:500])
    return case


def do_sweep_difficulties(today: datetime.date) -> tuple[int, int]:
    """The daily sweep: escalate each overdue assigned case once to the oversight office, and close each
    answered case whose confirmation window has passed. Each case in its own transaction; returns
    (escalated, closed)."""
    escalated = closed = 0
    for case in Difficulty.objects.overdue(today).filter(escalated_at__isnull=True):
        with transaction.atomic():
            # A conditional UPDATE claims it, so two sweeps at once escalate it once.
            if Difficulty.objects.filter(pk=case.pk, escalated_at__isnull=True).update(
                escalated_at=timezone.now()
            ):
                _log(case, None, DifficultyEvent.Kind.ESCALATED, None, str(case.due_on))
                escalated += 1
    for case in Difficulty.objects.filter(status=Difficulty.Status.ANSWERED, confirm_by__lt=today):
        with transaction.atomic():
            if Difficulty.objects.filter(pk=case.pk, status=Difficulty.Status.ANSWERED).update(
                status=Difficulty.Status.CLOSED, closed_at=timezone.now()
            ):
                _log(case, None, DifficultyEvent.Kind.CLOSED, None)
                closed += 1
    return escalated, closed
