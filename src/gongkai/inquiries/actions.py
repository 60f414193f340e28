"""Writes to inquiries (政策咨询). Views, the API, the demo and tests all call these; each writes one
``InquiryEvent`` (the audit log) in its transaction."""

from __future__ import annotations

import datetime
import re
import secrets
from typing import TYPE_CHECKING, Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from gongkai.agencies.access import Action, can, recorded_as, refusal
from gongkai.agencies.models import Agency
from gongkai.lib import search_tokens
from gongkai.lib.abuse import fingerprint
from gongkai.workdays.clock import nth_workday
from gongkai.workdays.queries import current_calendar

from .models import Inquiry, InquiryEvent, answer_workdays

if TYPE_CHECKING:
    from gongkai.agencies.access import Actor

TRACKING_ALPHABET = "23456789ABCDEFGHJKLMNPQRSTUVWXYZ"  # no 0/O, 1/I: read out over the phone
SUBMITTED_FIELDS = ("name", "contact", "subject", "question", "agrees_to_publish", "document")
# What the public wording may not contain: a mobile or landline number, an e-mail address, an ID number.
PERSONAL_DATA = re.compile(r"1[3-9]\d{9}|0\d{2,3}-?\d{7,8}|[\w.+-]+@[\w-]+\.[\w.-]+|\d{17}[\dXx]")


def _log(inquiry: Inquiry, actor: Actor, kind: str, note: str = "") -> None:
    InquiryEvent.objects.create(
        inquiry=inquiry, actor=recorded_as(actor), at=timezone.now(), kind=kind, note=note
    )


def _require(actor: Actor, action: Action, agency: Agency) -> None:
    if actor is None or not can(actor, action, agency):
        raise PermissionDenied(refusal(action))


def due_date(agency: Agency, submitted_on: datetime.date) -> datetime.date:
    """The last day to answer: the agency's answer period in workdays of the one calendar, counted from the
    day after the question came in."""
    return nth_workday(current_calendar(), submitted_on, answer_workdays(agency))


def _new_code(year: int) -> str:
    return f"ZX{year}-" + "".join(secrets.choice(TRACKING_ALPHABET) for _ in range(8))


def do_submit_inquiry(
    agency: Agency, fields: dict[str, Any], *, remote_address: str, now: datetime.datetime | None = None
) -> Inquiry:
    """Anyone's question to ``agency`` (the public form and the API; the abuse guard ran before)."""
    now = now or timezone.now()
    document = fields.get("document")
    if document is not None and (document.agency_id != agency.pk or not document.is_public):
        raise ValidationError({"document": _("Choose a published document of the agency you are asking.")})
    values = {key: fields[key] for key in SUBMITTED_FIELDS if key in fields}
    agrees = bool(values.get("agrees_to_publish"))
    today = timezone.localdate(now)
    for _attempt in range(10):
        inquiry = Inquiry(
            agency=agency,
            tracking_code=_new_code(today.year),
            submitted_at=now,
            due_on=due_date(agency, today),
            publication=Inquiry.Publication.PENDING if agrees else Inquiry.Publication.NOT_AGREED,
            submitter_fingerprint=fingerprint(remote_address, purpose="inquiry"),
            **values,
        )
        try:
            with transaction.atomic():
                inquiry.save()
                _log(inquiry, None, InquiryEvent.Kind.SUBMITTED)
        except IntegrityError:
            if Inquiry.objects.filter(tracking_code=inquiry.tracking_code).exists():
                continue
            raise
        return inquiry
    raise RuntimeError("could not draw a free tracking code")


@transaction.atomic
def do_answer_inquiry(
    actor: Actor, inquiry: Inquiry, answer: str, *, now: datetime.datetime | None = None
) -> Inquiry:
    """The agency's answer to the asker (a clerk's or approver's). An answer the asker agreed to publish
    waits for moderation; its public wording starts as the question and answer as written."""
    _require(actor, Action.WORK, inquiry.agency)
    answer = answer.strip()
    if not answer:
        raise ValidationError({"answer": _("Write the answer.")})
    if inquiry.status == Inquiry.Status.ANSWERED:
        raise ValidationError(_("This inquiry has been answered already."))
    inquiry.answer = answer
    inquiry.status = Inquiry.Status.ANSWERED
    inquiry.answered_at = now or timezone.now()
    inquiry.answered_by = recorded_as(actor)
    if inquiry.publication == Inquiry.Publication.PENDING:
        inquiry.public_question = inquiry.question
        inquiry.public_answer = answer
    inquiry.save()
    _log(inquiry, actor, InquiryEvent.Kind.ANSWERED)
    return inquiry


def check_public_wording(inquiry: Inquiry, question: str, answer: str) -> None:
    """``ValidationError`` naming the field whose wording holds the asker's name or contact, or any
    telephone number, e-mail address or ID number."""
    errors: dict[str, str] = {}
    for field, text in (("public_question", question), ("public_answer", answer)):
        if not text.strip():
            errors[field] = _("Write the wording to publish.")
        elif (
            (inquiry.name and inquiry.name in text)
            or (inquiry.contact and inquiry.contact in text)
            or PERSONAL_DATA.search(text)
        ):
            errors[field] = _(
                "Remove the personal data (a name, telephone number, e-mail address or ID number) before "
                "publishing."
            )
    if errors:
        raise ValidationError(errors)


@transaction.atomic
def do_moderate_inquiry(
    actor: Actor, inquiry: Inquiry, *, publish: bool, public_question: str = "", public_answer: str = "",
    note: str = "", now: datetime.datetime | None = None,
) -> Inquiry:  # fmt: skip
    """An approver's moderation of an answered inquiry the asker agreed to publish: publish it in the
    approved wording (no personal data), or decline with a reason."""
    _require(actor, Action.APPROVE, inquiry.agency)
    if inquiry.status != Inquiry.Status.ANSWERED or inquiry.publication != Inquiry.Publication.PENDING:
        raise ValidationError(_("Only an answered inquiry awaiting moderation can be moderated."))
    if not publish:
        if not note.strip():
            raise ValidationError({"note": _("Give the reason for not publishing.")})
        inquiry.publication = Inquiry.Publication.DECLINED
        inquiry.save()
        _log(inquiry, actor, InquiryEvent.Kind.DECLINED, note.strip())
        return inquiry
    question, answer = public_question.strip(), public_answer.strip()
    check_public_wording(inquiry, question, answer)
    inquiry.public_question, inquiry.public_answer = question, answer
    inquiry.publication = Inquiry.Publication.PUBLISHED
    inquiry.published_at = now or timezone.now()
    # Padded with spaces so that a search matches whole tokens (``queries.search_published``).
    inquiry.search_text = " " + search_tokens.index_text(f"{inquiry.subject} {question} {answer}") + " "
    inquiry.save()
    _log(inquiry, actor, InquiryEvent.Kind.PUBLISHED, note.strip())
    return inquiry


@transaction.atomic
def do_withdraw_inquiry(actor: Actor, inquiry: Inquiry, note: str) -> Inquiry:
    """Take a published answer out of the public list (it was wrong, or is out of date), with a reason."""
    _require(actor, Action.APPROVE, inquiry.agency)
    if inquiry.publication != Inquiry.Publication.PUBLISHED:
        raise ValidationError(_("Only a published answer can be withdrawn."))
    if not note.strip():
        raise ValidationError({"note": _("Give the reason for withdrawing it.")})
    inquiry.publication = Inquiry.Publication.DECLINED
    inquiry.search_text = ""
    inquiry.save()
    _log(inquiry, actor, InquiryEvent.Kind.WITHDRAWN, note.strip())
    return inquiry


def do_redate_open_inquiries(years: frozenset[int]) -> int:
    """The workday calendar of ``years`` changed (a holiday notice came in or was corrected): the open
    inquiries asked in those years get their due date again from the new calendar, each in its own
    transaction with its log entry. Returns how many changed."""
    changed = 0
    for inquiry in (
        Inquiry.objects.open().filter(submitted_at__year__in=sorted(years)).select_related("agency")
    ):
        due_on = due_date(inquiry.agency, timezone.localdate(inquiry.submitted_at))
        if due_on == inquiry.due_on:
            continue
        with transaction.atomic():
            note = f"{inquiry.due_on.isoformat()} → {due_on.isoformat()}"
            Inquiry.objects.filter(pk=inquiry.pk).update(due_on=due_on)
            _log(inquiry, None, InquiryEvent.Kind.REDATED, note)
        changed += 1
    return changed
