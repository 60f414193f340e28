"""Every state change of an application: ``do_<verb>_<noun>(actor, application, …)``.

Each runs in one transaction, checks the actor's right through ``agencies.access``, updates the stored
state (status, due date) from the clock and writes one timeline ``Event``. Views, the API, commands and
tests all call these.
"""

from __future__ import annotations

import datetime
import hashlib
import secrets
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from gongkai.agencies.access import Action, can, recorded_as
from gongkai.agencies.models import Agency
from gongkai.annual_report.formats import Reason
from gongkai.lib import uploads

from . import clock, fees, letters, receipt
from .articles import article_for
from .letter_texts import reply_key
from .models import (
    OPEN_STATUSES,
    Application,
    ApplicationAttachment,
    Channel,
    Consultation,
    Event,
    Fee,
    Reminder,
    Status,
    SupplementRequest,
)
from .outcomes import closing_outcome, outcome_row, outcomes_for

if TYPE_CHECKING:
    from gongkai.agencies.access import Actor

CONSULTATION_REPLY_WORKDAYS = 15
SUPPLEMENT_REPLY_WORKDAYS = 15  # the applicant's time to supplement, when staff do not set another
TRACKING_ALPHABET = "23456789ABCDEFGHJKLMNPQRSTUVWXYZ"  # no 0/O, 1/I: read out over the phone


def _require(actor: Actor, action: Action, agency: Agency) -> None:
    if actor is None or not can(actor, action, agency):
        raise PermissionDenied


def _require_open(application: Application) -> None:
    if application.status not in OPEN_STATUSES:
        raise ValidationError(_("This application is closed; nothing more can be recorded on it."))


def _log(
    application: Application,
    kind: str,
    on: datetime.date,
    actor: Actor = None,
    message: str = "",
    public: bool = True,
) -> Event:
    return Event.objects.create(
        application=application,
        kind=kind,
        on=on,
        actor=recorded_as(actor),
        message=message,
        public=public,
    )


def _awaited_supplement(application: Application) -> SupplementRequest:
    request = getattr(application, "supplement", None)
    if request is None or not request.is_awaited:
        raise ValidationError(_("No supplement is awaited for this application."))
    return request


def _awaited_fee(application: Application) -> Fee:
    fee = getattr(application, "fee", None)
    if fee is None or not fee.is_awaited:
        raise ValidationError(_("No fee is awaited on this application."))
    return fee


def _refresh(application: Application, today: datetime.date) -> None:
    """Status and due date follow from the records; save them."""
    if application.status in OPEN_STATUSES and application.received_on is not None:
        supplement = getattr(application, "supplement", None)
        fee = getattr(application, "fee", None)
        if supplement is not None and supplement.is_awaited:
            application.status = Status.AWAITING_SUPPLEMENT
        elif fee is not None and fee.is_awaited:
            application.status = Status.AWAITING_PAYMENT
        elif application.consultations.filter(answered_on__isnull=True).exists():
            application.status = Status.IN_CONSULTATION
        else:
            application.status = Status.IN_PROGRESS
    clock.apply_deadline(application, today)
    application.save()


def fingerprint(remote_address: str, purpose: str = "intake") -> str:
    """A keyed hash of a client's address, one per purpose (the intake limit, the tracking look-up
    limit): enough to rate-limit, useless to identify anyone."""
    key = settings.SECRET_KEY.encode()
    return hashlib.sha256(key + f"|{purpose}|".encode() + remote_address.encode()).hexdigest()[:32]


def _new_tracking_code(year: int) -> str:
    return f"GK{year}-" + "".join(secrets.choice(TRACKING_ALPHABET) for _ in range(6))


def _create(agency: Agency, fields: dict[str, Any], now: datetime.datetime) -> Application:
    """Insert with a fresh tracking code; a (rare) clash retries inside a savepoint."""
    for _attempt in range(10):
        application = Application(
            agency=agency,
            tracking_code=_new_tracking_code(timezone.localtime(now).year),
            submitted_at=now,
            **fields,
        )
        try:
            with transaction.atomic():
                application.save()
        except IntegrityError:
            if Application.objects.filter(tracking_code=application.tracking_code).exists():
                continue
            raise
        return application
    raise RuntimeError("could not draw a free tracking code")


class RateLimited(Exception):
    pass


MAX_ATTACHMENTS = 5


def check_files(files: Sequence[UploadedFile]) -> list[tuple[UploadedFile, str]]:
    """Each file's kind by its content; ``ValidationError`` on the field ``attachments`` naming the file."""
    if len(files) > MAX_ATTACHMENTS:
        raise ValidationError(
            {"attachments": _("Attach at most {count} files.").format(count=MAX_ATTACHMENTS)}
        )
    checked = []
    for upload in files:
        try:
            kind = uploads.check_upload(upload, upload.name or "", upload.size or 0)
        except ValidationError as error:
            raise ValidationError({"attachments": error.messages}) from None
        checked.append((upload, kind))
    return checked


def _store_files(application: Application, checked: list[tuple[UploadedFile, str]]) -> None:
    for upload, kind in checked:
        upload.seek(0)
        digest = hashlib.sha256()
        for chunk in upload.chunks():
            digest.update(chunk)
        upload.seek(0)
        attachment = ApplicationAttachment(
            application=application,
            original_name=(upload.name or "")[:200],
            kind=kind,
            size=upload.size or 0,
            sha256=digest.hexdigest(),
        )
        attachment.file.save(f"{len(application.attachments.all()) + 1}.{kind}", upload, save=False)
        attachment.save()


def do_submit_application(
    agency: Agency,
    fields: dict[str, Any],
    *,
    remote_address: str,
    files: Sequence[UploadedFile] = (),
    now: datetime.datetime | None = None,
) -> Application:
    """A citizen's online application (第二十九条). Received once staff confirm it (第三十一条第三项)."""
    now = now or timezone.now()
    # Checks first, outside the transaction: on SQLite a write transaction holds the one write lock, so
    # it does only the writes. (The rate limit may let a simultaneous few through; it is a flood guard.)
    checked = check_files(files)
    # The fingerprint keys the rate limit: a keyed hash, so the address itself is never stored.
    print_ = fingerprint(remote_address)
    limit, window = settings.GONGKAI_INTAKE_RATE_LIMIT
    recent = Application.objects.filter(
        submitter_fingerprint=print_, submitted_at__gte=now - datetime.timedelta(seconds=window)
    ).count()
    if recent >= limit:
        raise RateLimited
    with transaction.atomic():
        application = _create(
            agency, {**fields, "channel": Channel.ONLINE, "submitter_fingerprint": print_}, now
        )
        _store_files(application, checked)
        _log(application, Event.Kind.SUBMITTED, timezone.localdate(now), message=_("Submitted online."))
    return application


@transaction.atomic
def do_retire_tracking_link(application: Application) -> Application:
    """An old secret tracking link (from before the look-up form) has been used: it stops being a key,
    since it sits in access logs and browser histories. The applicant looks up with the tracking code and
    the telephone check from now on (``tracking``)."""
    retired = Application.objects.filter(pk=application.pk).exclude(access_secret="").update(access_secret="")
    application.access_secret = ""
    if retired:
        message = _("The old tracking link was used once and no longer opens the application.")
        _log(application, Event.Kind.NOTE, timezone.localdate(), message=message, public=False)
    return application


@transaction.atomic
def do_register_application(
    actor: Actor,
    agency: Agency,
    fields: dict[str, Any],
    *,
    channel: str,
    received_on: datetime.date | None = None,
    confirmation: str = "",
    files: Sequence[UploadedFile] = (),
) -> Application:
    """Staff enter an application received in person, by post, letter, fax or e-mail, with its receipt date
    as 第三十一条 fixes it for the channel (``receipt``): the day handed in or signed for; for a letter, a
    fax or an e-mail the day the receipt was confirmed with the applicant, with how (``confirmation``) —
    or no day yet, and the application waits, without a due date, for ``do_confirm_receipt``."""
    _require(actor, Action.WORK, agency)
    now = timezone.now()
    errors = receipt.intake_errors(channel, received_on, confirmation, timezone.localdate(now))
    if errors:
        raise ValidationError(errors)
    checked = check_files(files)
    confirmation = confirmation.strip() if receipt.needs_confirmation(channel) else ""
    application = _create(
        agency,
        {
            **fields,
            "channel": channel,
            "received_on": received_on,
            "receipt_confirmation": confirmation if received_on else "",
            "created_by": actor,
        },
        now,
    )
    _store_files(application, checked)
    label = str(Channel(channel).label)
    if received_on is None:
        message = _("{channel}; the receipt is to be confirmed with the applicant (Article 31).").format(
            channel=label
        )
        _log(application, Event.Kind.SUBMITTED, timezone.localdate(now), actor, message)
    else:
        _log(application, Event.Kind.RECEIVED, received_on, actor, _receipt_words(label, confirmation))
    _refresh(application, timezone.localdate(now))
    return application


def _receipt_words(channel: str, confirmation: str) -> str:
    return f"{channel}：{confirmation}" if confirmation else channel


@transaction.atomic
def do_confirm_receipt(
    actor: Actor, application: Application, on: datetime.date, confirmation: str = ""
) -> Application:
    """Confirm the receipt of an application that came online, by ordinary letter, fax or e-mail: the day
    of the confirmation with the applicant is the day of receipt (第三十一条第（二）、（三）项), and the
    office records how it confirmed (optional for the online form, whose submission is the applicant's
    side of the confirmation)."""
    _require(actor, Action.WORK, application.agency)
    if application.received_on is not None:
        raise ValidationError(_("The receipt of this application is already confirmed."))
    if on < timezone.localdate(application.submitted_at):
        raise ValidationError({"on": _("Receipt cannot be confirmed before the application was submitted.")})
    errors = receipt.confirmation_errors(application.channel, on, confirmation, timezone.localdate())
    if errors:
        raise ValidationError(errors)
    application.received_on = on
    application.receipt_confirmation = confirmation.strip()
    _log(application, Event.Kind.RECEIVED, on, actor, application.receipt_confirmation)
    _refresh(application, timezone.localdate())
    return application


@transaction.atomic
def do_request_supplement(
    actor: Actor,
    application: Application,
    *,
    what: str,
    on: datetime.date,
    reply_by: datetime.date | None = None,
) -> SupplementRequest:
    """补正 (第三十条): once, saying what and by when; the clock stops until the supplement arrives."""
    _require(actor, Action.WORK, application.agency)
    _require_open(application)
    if application.received_on is None:
        raise ValidationError(_("Confirm the receipt before asking for a supplement."))
    if hasattr(application, "supplement"):
        raise ValidationError(_("A supplement may be requested only once (Article 30)."))
    if on < application.received_on:
        raise ValidationError({"on": _("The request cannot predate the receipt.")})
    reply_by = reply_by or clock.nth_workday(on, SUPPLEMENT_REPLY_WORKDAYS)
    request = SupplementRequest.objects.create(
        application=application, requested_on=on, what=what, reply_by=reply_by
    )
    message = _("Asked for: {what} Reply by {date}.").format(what=what, date=reply_by.isoformat())
    if application.supplement_request_by and on > application.supplement_request_by:
        message += " " + _("Late: Article 30 asks for it within 7 workdays of receipt.")
    _log(application, Event.Kind.SUPPLEMENT_REQUESTED, on, actor, message)
    _refresh(application, timezone.localdate())
    letters.issue_letter(application, "supplement_notice", "supplement_notice", on)
    return request


@transaction.atomic
def do_receive_supplement(actor: Actor, application: Application, on: datetime.date) -> Application:
    """The supplement is in: the reply period starts again from this day."""
    _require(actor, Action.WORK, application.agency)
    return _receive_supplement(application, on, actor, "", _("The reply period starts again."))


@transaction.atomic
def do_submit_supplement(application: Application, *, text: str, on: datetime.date) -> Application:
    """The applicant supplies the supplement through the tracking page: received that day, the clock restarts."""
    if not text.strip():
        raise ValidationError({"text": _("Write the supplement.")})
    message = _("Supplied online; the reply period starts again.")
    return _receive_supplement(application, on, None, text.strip(), message)


def _receive_supplement(
    application: Application, on: datetime.date, actor: Actor, text: str, message: str
) -> Application:
    _require_open(application)
    request = _awaited_supplement(application)
    if on < request.requested_on:
        raise ValidationError({"on": _("The supplement cannot arrive before it was asked for.")})
    request.received_on = on
    request.supplement_text = text
    request.save()
    _log(application, Event.Kind.SUPPLEMENT_RECEIVED, on, actor, message)
    _refresh(application, timezone.localdate())
    return application


@transaction.atomic
def do_lapse_supplement(actor: Any, application: Application, on: datetime.date) -> Application:
    """No supplement in time: the application is treated as withdrawn (counted where the year's format counts
    it: the 2021 format's (六)1)."""
    if actor is not None:
        _require(actor, Action.WORK, application.agency)
    _require_open(application)
    request = _awaited_supplement(application)
    if on <= request.reply_by:
        raise ValidationError({"on": _("The applicant still has time to supplement.")})
    request.lapsed_on = on
    request.save()
    outcome = closing_outcome(on.year, Reason.NO_SUPPLEMENT)
    _close(application, outcome, on, "", _("No supplement received in time."))
    _log(application, Event.Kind.SUPPLEMENT_LAPSED, on, actor, _("Treated as withdrawn (Article 30)."))
    return application


@transaction.atomic
def do_send_consultation(
    actor: Any, application: Application, *, kind: str, party: str, on: datetime.date
) -> Consultation:
    """A consultation letter (第三十二条, 第三十四条): the consulted have 15 workdays; the time is not counted."""
    _require(actor, Action.WORK, application.agency)
    _require_open(application)
    if application.received_on is None or on < application.received_on:
        raise ValidationError({"on": _("A consultation cannot be sent before the application was received.")})
    consultation = Consultation.objects.create(
        application=application,
        kind=kind,
        party=party,
        sent_on=on,
        reply_by=clock.nth_workday(on, CONSULTATION_REPLY_WORKDAYS),
    )
    # The applicant sees that the clock stopped, not whom the agency consulted (第三十二条 protects them).
    message = _("Reply due by {date}; this time is not counted.").format(
        date=consultation.reply_by.isoformat()
    )
    _log(application, Event.Kind.CONSULTATION_SENT, on, actor, message)
    _log(application, Event.Kind.NOTE, on, actor, party, public=False)
    _refresh(application, timezone.localdate())
    letters.consultation_letter(consultation, on)
    return consultation


@transaction.atomic
def do_record_consultation_reply(
    actor: Any, consultation: Consultation, *, on: datetime.date, reply: str, note: str = ""
) -> Consultation:
    application = consultation.application
    _require(actor, Action.WORK, application.agency)
    _require_open(application)
    if consultation.answered_on is not None:
        raise ValidationError(_("This consultation's reply is already recorded."))
    if on < consultation.sent_on:
        raise ValidationError({"on": _("The reply cannot predate the letter.")})
    consultation.answered_on = on
    consultation.reply = reply
    consultation.note = note
    consultation.save()
    _log(application, Event.Kind.CONSULTATION_ANSWERED, on, actor)
    message = f"{consultation.party}：{Consultation.Reply(reply).label}"
    _log(application, Event.Kind.NOTE, on, actor, message, public=False)
    _refresh(application, timezone.localdate())
    return consultation


@transaction.atomic
def do_extend_deadline(
    actor: Actor, application: Application, *, reason: str, on: datetime.date
) -> Application:
    """Extension by up to 20 workdays (第三十三条): the approver's decision, with a reason told to the applicant."""
    _require(actor, Action.APPROVE, application.agency)
    _require_open(application)
    if application.extended:
        raise ValidationError(_("The reply period can be extended only once."))
    if not reason.strip():
        raise ValidationError({"reason": _("Give the reason for the extension; the applicant is told it.")})
    application.extended = True
    _log(application, Event.Kind.EXTENDED, on, actor, reason)
    _refresh(application, timezone.localdate())
    letters.issue_letter(application, "extension_notice", "extension_notice", on, extension_reason=reason)
    return application


def monthly_ordinal(application: Application) -> int:
    """Which of this applicant's applications to this agency in its calendar month this one is (by receipt)."""
    assert application.received_on is not None
    month = application.received_on.replace(day=1)
    same_month = Application.objects.filter(
        agency=application.agency,
        id_number_digest=application.id_number_digest,
        received_on__gte=month,
        received_on__lt=(month + datetime.timedelta(days=32)).replace(day=1),
    )
    earlier = same_month.filter(received_on__lt=application.received_on).count()
    same_day_before = same_month.filter(received_on=application.received_on, pk__lt=application.pk).count()
    return earlier + same_day_before + 1


@transaction.atomic
def do_issue_fee_notice(
    actor: Any, application: Application, *, method: str, on: datetime.date, pages: int | None = None
) -> Fee:
    """Charge the processing fee (from 2021): compute it by the method's tiers, send the notice; the clock
    stops until payment."""
    _require(actor, Action.APPROVE, application.agency)
    _require_open(application)
    if application.received_on is None or on < application.received_on:
        raise ValidationError({"on": _("The fee notice cannot predate the receipt.")})
    if on.year < fees.FIRST_YEAR:
        raise ValidationError({"on": _("Processing fees are charged from 2021 on.")})
    if hasattr(application, "fee"):
        raise ValidationError(_("A fee was already charged on this application; one method per application."))
    ordinal = None
    if method == Fee.Method.BY_PAGES:
        if pages is None:
            raise ValidationError({"pages": _("Give the number of pages to charge by pages.")})
        amount = fees.fee_by_pages(pages)
    else:
        ordinal = monthly_ordinal(application)
        amount = fees.fee_by_count(ordinal)
    if amount == 0:
        raise ValidationError(_("No fee is due: the application is within the free allowance."))
    fee = Fee.objects.create(
        application=application,
        method=method,
        pages=pages if method == Fee.Method.BY_PAGES else None,
        ordinal=ordinal,
        amount=amount,
        notice_on=on,
        pay_by=clock.nth_workday(on, 20),
    )
    message = _("{amount} yuan, payable by {date}.").format(amount=amount, date=fee.pay_by.isoformat())
    _log(application, Event.Kind.FEE_NOTICE, on, actor, message)
    _refresh(application, timezone.localdate())
    letters.issue_letter(
        application,
        "fee_notice",
        "fee_notice",
        on,
        fee_method=letters.fee_method_words(fee),
        fee_amount=str(amount),
        fee_pay_by=fee.pay_by,
    )
    return fee


@transaction.atomic
def do_record_fee_payment(actor: Any, application: Application, *, on: datetime.date) -> Fee:
    _require(actor, Action.WORK, application.agency)
    _require_open(application)
    fee = _awaited_fee(application)
    if on < fee.notice_on:
        raise ValidationError({"on": _("Payment cannot predate the notice.")})
    fee.paid_on = on
    fee.save()
    _log(application, Event.Kind.FEE_PAID, on, actor, _("The reply period runs on."))
    _refresh(application, timezone.localdate())
    return fee


@transaction.atomic
def do_lapse_fee(actor: Any, application: Application, *, on: datetime.date) -> Application:
    """Unpaid 20 workdays after the notice: treated as withdrawn (the 2021 format's (六)2)."""
    if actor is not None:
        _require(actor, Action.WORK, application.agency)
    _require_open(application)
    fee = _awaited_fee(application)
    if on <= fee.pay_by:
        raise ValidationError({"on": _("The applicant still has time to pay.")})
    fee.lapsed_on = on
    fee.save()
    outcome = closing_outcome(on.year, Reason.FEE_UNPAID)
    _close(application, outcome, on, "第四十二条", _("The fee was not paid in time."))
    _log(application, Event.Kind.FEE_LAPSED, on, actor, _("Treated as withdrawn."))
    return application


def _close(application: Application, outcome: str, on: datetime.date, article: str, text: str) -> None:
    application.status = Status.DECIDED
    application.outcome = outcome
    application.outcome_article = article
    application.decision_text = text
    application.decided_on = on
    application.closed_on = on
    application.save()


@transaction.atomic
def do_decide_application(
    actor: Actor,
    application: Application,
    *,
    outcome: str,
    on: datetime.date,
    article: str = "",
    text: str = "",
) -> Application:
    """The decision, coded to one row of section 三 of the format of its year; it needs the approver."""
    _require(actor, Action.APPROVE, application.agency)
    _require_open(application)
    if application.received_on is None:
        raise ValidationError(_("Confirm the receipt before deciding."))
    if on < application.received_on:
        raise ValidationError({"on": _("The decision cannot predate the receipt.")})
    row = next((row for row in outcomes_for(on.year) if row.key == outcome), None)
    if row is None:
        raise ValidationError(
            {"outcome": _("This decision type is not in the {year} report format.").format(year=on.year)}
        )
    _close(application, outcome, on, article or article_for(outcome), text)
    _log(application, Event.Kind.DECIDED, on, actor, row.decision)
    letters.issue_letter(application, "reply", reply_key(outcome), on)
    return application


@transaction.atomic
def do_record_delivery(actor: Actor, application: Application, *, on: datetime.date) -> Application:
    _require(actor, Action.WORK, application.agency)
    if application.status != Status.DECIDED or application.decided_on is None:
        raise ValidationError(_("Only a decided application's reply can be delivered."))
    if on < application.decided_on:
        raise ValidationError({"on": _("Delivery cannot predate the decision.")})
    application.delivered_on = on
    application.save()
    _log(application, Event.Kind.DELIVERED, on, actor)
    return application


@transaction.atomic
def do_withdraw_application(
    actor: Actor, application: Application, *, on: datetime.date, note: str = ""
) -> Application:
    """The applicant withdraws: closed, and counted in the row the year's format keeps for withdrawals
    (its (六)其他处理)."""
    _require(actor, Action.WORK, application.agency)
    _require_open(application)
    outcome = closing_outcome(on.year, Reason.WITHDRAWN)
    _close(application, outcome, on, "", note or _("Withdrawn by the applicant."))
    application.status = Status.WITHDRAWN
    application.save()
    _log(application, Event.Kind.WITHDRAWN, on, actor, note)
    return application


@transaction.atomic
def do_redate_open_applications(
    years: frozenset[int], today: datetime.date | None = None
) -> list[Application]:
    """After the calendar changed for ``years``: recompute the open applications' deadlines, store the ones
    that moved, and log old and new date on each. Returns the applications re-dated."""
    from gongkai.workdays.queries import current_calendar

    today = today or timezone.localdate()
    calendar = current_calendar()
    changed = []
    candidates = Application.objects.open().filter(received_on__isnull=False).select_for_update(of=("self",))
    for application in candidates.select_related("supplement").prefetch_related("consultations"):
        before = (application.due_on, application.due_is_provisional, application.supplement_request_by)
        clock.apply_deadline(application, today, calendar)
        after = (application.due_on, application.due_is_provisional, application.supplement_request_by)
        if before == after:
            continue
        application.save(update_fields=["due_on", "due_is_provisional", "supplement_request_by"])
        message = _("Due date {old} → {new} (calendar of {years} changed).").format(
            old=before[0].isoformat() if before[0] else "—",
            new=after[0].isoformat() if after[0] else "—",
            years="、".join(str(y) for y in sorted(years)),
        )
        _log(application, Event.Kind.REDATED, today, None, message, public=True)
        changed.append(application)
    return changed


REOPENED_REPLY_WORKDAYS = 20


@transaction.atomic
def do_reopen_application(
    actor: Actor, application: Application, *, on: datetime.date, reason: str, review: Any = None
) -> Application:
    """Reopen a decided application for a new decision (a 复议/诉讼 case whose outcome is *corrected* (纠正),
    or the agency's own review of its decision). The new reply is due 20 workdays after ``on``.

    How the annual report counts it: section 三 counts every application once, in the year and row of its
    *first* closing. The first decision is kept in ``reviews.ReportedDecision`` (written at the first
    reopening only); the new decision changes the application but not the counts of the year already
    reported, and is not counted again in a later year. So 一+二 = (七)+四 (R1) and 二 = last year's 四 (R6)
    hold by construction, and the corrected outcome itself is visible in section 四 (结果纠正).
    """
    from gongkai.reviews.models import ReportedDecision  # reviews depends on applications, not back

    _require(actor, Action.WORK, application.agency)
    if application.status != Status.DECIDED or application.closed_on is None:
        raise ValidationError(_("Only a decided application can be reopened."))
    if on < application.closed_on:
        raise ValidationError({"on": _("An application cannot be reopened before it was decided.")})
    if not reason.strip():
        raise ValidationError({"reason": _("Give the reason for reopening the application.")})
    ReportedDecision.objects.get_or_create(
        application=application,
        defaults={
            "outcome": application.outcome,
            "decided_on": application.decided_on,
            "closed_on": application.closed_on,
            "reopened_on": on,
            "review": review,
        },
    )
    decided = outcome_row(
        application.outcome, application.decided_on.year if application.decided_on else None
    )
    previous = decided.decision if decided is not None else application.outcome
    application.status = Status.IN_PROGRESS
    application.outcome = ""
    application.outcome_article = ""
    application.decision_text = ""
    application.decided_on = None
    application.closed_on = None
    application.delivered_on = None
    application.save()
    # The new reply period runs from the reopening, not from the original receipt.
    application.due_on = clock.nth_workday(on, REOPENED_REPLY_WORKDAYS)
    application.due_is_provisional = False
    application.save(update_fields=["due_on", "due_is_provisional"])
    message = _("Reopened: {reason} (previous decision: {previous})").format(reason=reason, previous=previous)
    _log(application, Event.Kind.REOPENED, on, actor, message)
    return application


@transaction.atomic
def do_reveal_personal_data(actor: Actor, application: Application, reason: str) -> Event:
    """Show ``actor``, who may view the application but does not handle it, the applicant's personal data
    in clear for ``access.REVEAL_WINDOW``. The one audit entry is an internal timeline event naming who
    and why; the handling staff see it, the applicant does not."""
    _require(actor, Action.VIEW, application.agency)
    reason = " ".join(reason.split())
    if not reason:
        raise ValidationError({"reason": _("Give the reason for seeing the applicant's personal data.")})
    return _log(
        application, Event.Kind.PERSONAL_DATA_REVEALED, timezone.localdate(), actor, reason, public=False
    )


def do_mark_reminders_read(actor: Actor, now: datetime.datetime) -> int:
    """Mark ``actor``'s unread reminders read at ``now`` (they have opened their reminders page); one
    UPDATE, so it needs no transaction of its own. Returns how many were unread."""
    user = recorded_as(actor)
    if user is None:
        return 0
    return Reminder.objects.filter(user_id=user.pk, read_at__isnull=True).update(read_at=now)
