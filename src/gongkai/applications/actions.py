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
from functools import partial
from typing import TYPE_CHECKING, Any

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from gongkai.agencies.access import Action, can, others_who_may, recorded_as
from gongkai.agencies.models import Agency
from gongkai.annual_report.formats import Reason
from gongkai.lib import uploads
from gongkai.lib.abuse import fingerprint
from gongkai.workdays.clock import (
    CONSULTATION_REPLY_WORKDAYS,
    EXTENSION_WORKDAYS,
    FEE_PAYMENT_WORKDAYS,
    LAPSE_WORDS,
    REPLY_WORKDAYS,
    PauseKind,
)

from . import clock, fees, letters, notifications, receipt, waits
from .articles import article_for
from .letter_texts import reply_key
from .models import (
    OPEN_STATUSES,
    Application,
    ApplicationAttachment,
    Channel,
    Consultation,
    DecisionDraft,
    Event,
    Fee,
    Notification,
    Reminder,
    Status,
    SupplementRequest,
)
from .outcomes import closing_outcome, outcome_row, outcomes_for

if TYPE_CHECKING:
    from gongkai.agencies.access import Actor

SUPPLEMENT_REPLY_WORKDAYS = 15  # the applicant's time to supplement, when staff do not set another
# *Chosen:* the least time a 补正 or a new date after a lapse may leave the applicant ("a reasonable period").
SUPPLEMENT_MIN_WORKDAYS = 5
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
    """The step's timeline entry; a public step the applicant is told of queues its message
    (``notifications``), sent once the transaction commits."""
    event = Event.objects.create(
        application=application,
        kind=kind,
        on=on,
        actor=recorded_as(actor),
        message=message,
        public=public,
    )
    notifications.queue_for_event(event)
    return event


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
    _check_reply_by(on, reply_by, "reply_by")
    late = application.supplement_request_by is not None and on > application.supplement_request_by
    request = SupplementRequest.objects.create(
        application=application, requested_on=on, what=what, reply_by=reply_by, late=late
    )
    message = _("Asked for: {what} Reply by {date}.").format(what=what, date=reply_by.isoformat())
    if late:
        message += " " + _("Late: Article 30 asks for it within 7 workdays of receipt.")
    _log(application, Event.Kind.SUPPLEMENT_REQUESTED, on, actor, message)
    _refresh(application, timezone.localdate())
    letters.issue_letter(application, "supplement_notice", "supplement_notice", on)
    return request


def _check_reply_by(on: datetime.date, reply_by: datetime.date, field: str) -> None:
    """The applicant's date must come after ``on`` and leave a reasonable period (第三十条)."""
    if reply_by <= on:
        raise ValidationError({field: _("The date for the applicant must come after {on}.").format(on=on)})
    earliest = clock.nth_workday(on, SUPPLEMENT_MIN_WORKDAYS)
    if reply_by < earliest:
        raise ValidationError(
            {
                field: _(
                    "Leave the applicant a reasonable period: at least {days} workdays, so {earliest} or later."
                ).format(days=SUPPLEMENT_MIN_WORKDAYS, earliest=earliest)
            }
        )


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


def do_lapse_supplement(actor: Actor, application: Application, on: datetime.date) -> Application:
    """A clerk confirms that no supplement came in time: 视为放弃申请 (第三十条)."""
    return do_confirm_lapse(actor, application, waits.SUPPLEMENT.name, on=on)


@transaction.atomic
def do_mark_wait_lapsed(application: Application, wait_name: str, today: datetime.date) -> Application:
    """The sweep found the applicant's period ran out: the application joins the "to confirm" list; it is
    not closed (``waits``)."""
    wait = waits.WAITS[wait_name]
    record = wait.awaited(application)
    if record is None or record.lapsed_on is not None:
        return application
    if today <= wait.deadline_of(record):
        raise ValidationError({"on": _("The applicant still has time.")})
    record.lapsed_on = today
    record.save(update_fields=["lapsed_on"])
    _log(application, Event.Kind.LAPSE_TO_CONFIRM, today, None, str(wait.lapse_words), public=False)
    return application


def _awaited(
    actor: Actor, application: Application, wait_name: str
) -> tuple[waits.Wait, SupplementRequest | Fee]:
    """The wait ``wait_name`` and its record, when ``actor`` may act on it and something is awaited."""
    wait = waits.WAITS[wait_name]
    _require(actor, Action.WORK, application.agency)
    _require_open(application)
    record = wait.awaited(application)
    if record is None:
        raise ValidationError(_("Nothing is awaited from the applicant on this application."))
    return wait, record


@transaction.atomic
def do_confirm_lapse(
    actor: Actor, application: Application, wait_name: str, *, on: datetime.date
) -> Application:
    """A clerk confirms that the applicant let the period pass without good reason: the application is
    treated as withdrawn (视为放弃申请), coded to the row the year's format counts the reason in."""
    wait, record = _awaited(actor, application, wait_name)
    if on <= wait.deadline_of(record):
        raise ValidationError(
            {"on": _("The applicant has until {date}.").format(date=wait.deadline_of(record).isoformat())}
        )
    record.lapsed_on = record.lapsed_on or on
    record.save(update_fields=["lapsed_on"])
    outcome = closing_outcome(on.year, wait.reason)
    _close(application, outcome, on, wait.closing_article, str(wait.closing_text))
    _log(
        application,
        wait.lapsed_event,
        on,
        actor,
        _("Treated as withdrawn ({article}).").format(article=wait.article),
    )
    return application


@transaction.atomic
def do_renew_wait(
    actor: Actor,
    application: Application,
    wait_name: str,
    *,
    reason: str,
    until: datetime.date,
    on: datetime.date,
) -> Application:
    """A clerk records why the applicant is late (a good reason) and gives a new date."""
    wait, record = _awaited(actor, application, wait_name)
    if not reason.strip():
        raise ValidationError({"reason": _("Give the applicant's reason for the delay.")})
    _check_reply_by(on, until, "until")
    setattr(record, wait.deadline_field, until)
    record.lapsed_on = None
    record.save()
    message = _("New date {date}: {reason}").format(date=until.isoformat(), reason=reason.strip())
    _log(application, Event.Kind.WAIT_RENEWED, on, actor, message)
    _refresh(application, timezone.localdate())
    return application


@transaction.atomic
def do_send_consultation(
    actor: Actor,
    application: Application,
    *,
    kind: str,
    party: str,
    on: datetime.date,
    delivered_on: datetime.date | None = None,
) -> Consultation:
    """A consultation letter (第三十二条, 第三十四条): the consulted have 15 workdays from the day they receive
    it (online: the day sent; by post: the signed-for day, recorded when known); the time is not counted."""
    _require(actor, Action.WORK, application.agency)
    _require_open(application)
    if application.received_on is None or on < application.received_on:
        raise ValidationError({"on": _("A consultation cannot be sent before the application was received.")})
    if delivered_on is not None and delivered_on < on:
        raise ValidationError({"delivered_on": _("The letter cannot be received before it was sent.")})
    consultation = Consultation.objects.create(
        application=application,
        kind=kind,
        party=party,
        sent_on=on,
        delivered_on=delivered_on,
        reply_by=clock.nth_workday(delivered_on or on, CONSULTATION_REPLY_WORKDAYS),
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


def _unanswered(actor: Actor, consultation: Consultation, on: datetime.date, before_sent: str) -> Application:
    """The consultation's application, when ``actor`` may record a step of it dated ``on``: the application
    is open, the consultation not yet answered, and ``on`` not before the letter was sent (else
    ``before_sent``)."""
    application = consultation.application
    _require(actor, Action.WORK, application.agency)
    _require_open(application)
    if consultation.answered_on is not None:
        raise ValidationError(_("This consultation's reply is already recorded."))
    if on < consultation.sent_on:
        raise ValidationError({"on": before_sent})
    return application


@transaction.atomic
def do_record_consultation_delivery(
    actor: Actor, consultation: Consultation, *, on: datetime.date
) -> Consultation:
    """The consulted party received the letter on ``on`` (by post: signed for): its 15 workdays run from
    that day (第三十二条, 第三十四条)."""
    application = _unanswered(actor, consultation, on, _("The letter cannot be received before it was sent."))
    consultation.delivered_on = on
    consultation.reply_by = clock.nth_workday(on, CONSULTATION_REPLY_WORKDAYS)
    consultation.save(update_fields=["delivered_on", "reply_by"])
    message = _("Received by the consulted on {on}; reply due by {date}.").format(
        on=on.isoformat(), date=consultation.reply_by.isoformat()
    )
    _log(application, Event.Kind.NOTE, on, actor, message, public=False)
    _refresh(application, timezone.localdate())
    return consultation


@transaction.atomic
def do_lapse_consultation(consultation: Consultation, today: datetime.date) -> Consultation:
    """The consulted party let its 15 workdays pass: the pause ends on its last day and the clock resumes.
    A third party's silence leaves the decision to the agency (第三十二条); another agency's is consent
    (第三十四条), recorded as such."""
    application = consultation.application
    if consultation.answered_on is not None or today <= consultation.reply_by:
        return consultation
    agency = consultation.kind == Consultation.Kind.AGENCY
    consultation.answered_on = consultation.reply_by
    consultation.reply = Consultation.Reply.DEEMED_CONSENT if agency else Consultation.Reply.NO_REPLY
    consultation.save(update_fields=["answered_on", "reply"])
    words = LAPSE_WORDS[PauseKind.AGENCY if agency else PauseKind.THIRD_PARTY]
    _log(application, Event.Kind.CONSULTATION_LAPSED, consultation.reply_by, None, words)
    _log(
        application,
        Event.Kind.NOTE,
        consultation.reply_by,
        None,
        f"{consultation.party}：{words}",
        public=False,
    )
    _refresh(application, today)
    return consultation


@transaction.atomic
def do_record_consultation_reply(
    actor: Actor, consultation: Consultation, *, on: datetime.date, reply: str, note: str = ""
) -> Consultation:
    application = _unanswered(actor, consultation, on, _("The reply cannot predate the letter."))
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
    actor: Actor,
    application: Application,
    *,
    reason: str,
    on: datetime.date,
    workdays: int = EXTENSION_WORKDAYS,
) -> Application:
    """Extension (第三十三条第二款): with the consent of the head of the disclosure office (a role the agency
    grants, ``Action.CONSENT_EXTENSION``), decided and told before the reply period ends, by at most 20
    workdays (fewer may be decided), with a reason told to the applicant."""
    _require(actor, Action.CONSENT_EXTENSION, application.agency)
    _require_open(application)
    if application.extended:
        raise ValidationError(_("The reply period can be extended only once."))
    if not 1 <= workdays <= EXTENSION_WORKDAYS:
        raise ValidationError(
            {
                "workdays": _("An extension is at most {days} workdays (Article 33(2)).").format(
                    days=EXTENSION_WORKDAYS
                )
            }
        )
    if application.due_on is not None and on > application.due_on:
        raise ValidationError(
            {
                "on": _(
                    "Too late to extend: the reply period ended on {due}; an extension must be decided and told "
                    "to the applicant before it ends (Article 33(2))."
                ).format(due=application.due_on.isoformat())
            }
        )
    if not reason.strip():
        raise ValidationError({"reason": _("Give the reason for the extension; the applicant is told it.")})
    application.extended = True
    application.extension_workdays = workdays
    message = _("{reason} (extended by {days} workdays)").format(reason=reason, days=workdays)
    _log(application, Event.Kind.EXTENDED, on, actor, message)
    _refresh(application, timezone.localdate())
    letters.issue_letter(
        application,
        "extension_notice",
        "extension_notice",
        on,
        extension_reason=reason,
        extension_workdays=str(workdays),
    )
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
    actor: Actor, application: Application, *, method: str, on: datetime.date, pages: int | None = None
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
        # Until the delivery is recorded, as if received the day sent (online).
        pay_by=clock.nth_workday(on, FEE_PAYMENT_WORKDAYS),
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
def do_record_fee_delivery(actor: Actor, application: Application, *, on: datetime.date) -> Fee:
    """The applicant received the fee notice on ``on``: the 20 workdays to pay run from the next day
    (国办函〔2020〕109号)."""
    _require(actor, Action.WORK, application.agency)
    _require_open(application)
    fee = _awaited_fee(application)
    if on < fee.notice_on:
        raise ValidationError({"on": _("The notice cannot be received before it was sent.")})
    fee.delivered_on = on
    fee.pay_by = clock.nth_workday(on, FEE_PAYMENT_WORKDAYS)
    fee.lapsed_on = None
    fee.save(update_fields=["delivered_on", "pay_by", "lapsed_on"])
    message = _("Notice received on {on}; payable by {date}.").format(
        on=on.isoformat(), date=fee.pay_by.isoformat()
    )
    _log(application, Event.Kind.NOTE, on, actor, message)
    _refresh(application, timezone.localdate())
    return fee


@transaction.atomic
def do_record_fee_payment(actor: Actor, application: Application, *, on: datetime.date) -> Fee:
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


def do_lapse_fee(actor: Actor, application: Application, *, on: datetime.date) -> Application:
    """A clerk confirms that the fee was not paid in time: 视为放弃申请 (国办函〔2020〕109号)."""
    return do_confirm_lapse(actor, application, waits.FEE.name, on=on)


# 第三十五条: requests plainly beyond a reasonable range in number or frequency. The office may ask for
# reasons, refuse unreasonable ones (不予处理), or set a reasonable later reply date; each with its letter.
BEYOND_REASONABLE_RANGE = "not_processed_mass_repeat"  # the report row for 不合理的大量重复申请 (第三十五条)


@transaction.atomic
def do_ask_for_reasons(
    actor: Actor, application: Application, *, what: str, on: datetime.date
) -> Application:
    """Ask the applicant to explain requests beyond a reasonable range (第三十五条), by letter."""
    _require(actor, Action.WORK, application.agency)
    _require_open(application)
    if not what.strip():
        raise ValidationError({"what": _("Say what the applicant is asked to explain.")})
    _log(application, Event.Kind.REASONS_ASKED, on, actor, what.strip())
    letters.issue_letter(application, "reasons_request", "reasons_request", on, reasons_asked=what.strip())
    return application


def do_refuse_unreasonable(
    actor: Actor, application: Application, *, on: datetime.date, text: str
) -> Application:
    """The reasons are unreasonable: 不予处理 (第三十五条), coded to the row of the year's format for it; the
    letter cites the article that ``articles`` gives that row. One decision, so one transaction: the
    decision's own."""
    return do_decide_application(actor, application, outcome=BEYOND_REASONABLE_RANGE, on=on, text=text)


@transaction.atomic
def do_postpone_reply(
    actor: Actor, application: Application, *, until: datetime.date, reason: str, on: datetime.date
) -> Application:
    """Set a reasonable later reply date (第三十五条): it replaces the due date; the applicant is told."""
    _require(actor, Action.APPROVE, application.agency)
    _require_open(application)
    if not reason.strip():
        raise ValidationError(
            {"reason": _("Give the reason for the later reply date; the applicant is told it.")}
        )
    floor = max(day for day in (on, application.due_on) if day is not None)
    if until <= floor:
        raise ValidationError(
            {"until": _("The later reply date must come after {date}.").format(date=floor.isoformat())}
        )
    application.postponed_to = until
    message = _("Reply by {date}: {reason}").format(date=until.isoformat(), reason=reason.strip())
    _log(application, Event.Kind.POSTPONED, on, actor, message)
    _refresh(application, timezone.localdate())
    letters.issue_letter(
        application,
        "postponement_notice",
        "postponement_notice",
        on,
        postponement_reason=reason.strip(),
        postponed_to=until,
    )
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
    """The decision, coded to one row of section 三 of the format of its year; it needs the approver. A
    draft still waiting for approval is replaced by it (the approver decided directly)."""
    _require(actor, Action.APPROVE, application.agency)
    row = _decision_row(application, outcome, on)
    application.drafts.filter(state=DecisionDraft.State.PENDING).update(state=DecisionDraft.State.SUPERSEDED)
    _close(application, outcome, on, article or article_for(outcome), text)
    _log(application, Event.Kind.DECIDED, on, actor, row.decision)
    letters.issue_letter(application, "reply", reply_key(outcome), on)
    return application


def _decision_row(application: Application, outcome: str, on: datetime.date) -> Any:
    """The row of section 三 that ``outcome`` names in the format of ``on``'s year, when the application
    may be decided on ``on``."""
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
    return row


@transaction.atomic
def do_draft_decision(
    actor: Actor,
    application: Application,
    *,
    outcome: str,
    on: datetime.date,
    article: str = "",
    text: str = "",
) -> DecisionDraft:
    """拟办: a clerk drafts the decision (and so its reply letter) for an approver. A redraft is the next
    version and replaces a draft still waiting; a returned draft stays returned, with its comment."""
    _require(actor, Action.WORK, application.agency)
    row = _decision_row(application, outcome, on)
    drafts = DecisionDraft.objects.select_for_update().filter(application=application)
    version = max((draft.version for draft in drafts), default=0) + 1
    drafts.filter(state=DecisionDraft.State.PENDING).update(state=DecisionDraft.State.SUPERSEDED)
    draft = DecisionDraft.objects.create(
        application=application,
        version=version,
        outcome=outcome,
        outcome_article=article.strip(),
        decision_text=text.strip(),
        decide_on=on,
        drafted_by=recorded_as(actor),
    )
    message = _("Version {version}: {decision}").format(version=version, decision=row.decision)
    _log(application, Event.Kind.DRAFTED, timezone.localdate(), actor, message, public=False)
    return draft


def _pending(actor: Actor, draft: DecisionDraft) -> Application:
    application = draft.application
    _require(actor, Action.APPROVE, application.agency)
    if draft.state != DecisionDraft.State.PENDING:
        raise ValidationError(
            _("This draft is no longer waiting for approval ({state}).").format(
                state=draft.get_state_display()
            )
        )
    return application


@transaction.atomic
def do_approve_draft(actor: Actor, draft: DecisionDraft, *, on: datetime.date) -> Application:
    """The approver approves the draft: the decision is made on ``on`` (the day of approval) exactly as
    ``do_decide_application`` makes it — the same report coding, the same reply letter. Four eyes: an
    approver does not approve their own draft while the agency has another approver to do it."""
    application = _pending(actor, draft)
    user = recorded_as(actor)
    if (
        user is not None
        and draft.drafted_by_id == user.pk
        and others_who_may(user, Action.APPROVE, application.agency)
    ):
        raise ValidationError(_("You drafted this decision; another approver of the agency approves it."))
    draft.state = DecisionDraft.State.APPROVED
    draft.reviewed_by = user
    draft.reviewed_at = timezone.now()
    draft.save(update_fields=["state", "reviewed_by", "reviewed_at"])
    return do_decide_application(
        actor,
        application,
        outcome=draft.outcome,
        on=on,
        article=draft.outcome_article,
        text=draft.decision_text,
    )


@transaction.atomic
def do_return_draft(actor: Actor, draft: DecisionDraft, *, comment: str) -> DecisionDraft:
    """The approver sends the draft back to the clerk with a comment saying what to change."""
    application = _pending(actor, draft)
    comment = comment.strip()
    if not comment:
        raise ValidationError({"comment": _("Say what the clerk should change.")})
    draft.state = DecisionDraft.State.RETURNED
    draft.reviewed_by = recorded_as(actor)
    draft.reviewed_at = timezone.now()
    draft.comment = comment
    draft.save(update_fields=["state", "reviewed_by", "reviewed_at", "comment"])
    message = _("Version {version}: {comment}").format(version=draft.version, comment=comment)
    _log(application, Event.Kind.DRAFT_RETURNED, timezone.localdate(), actor, message, public=False)
    return draft


@transaction.atomic
def do_retry_notification(actor: Actor, notification: Notification) -> Notification:
    """Send a failed message to the applicant again, once this transaction commits."""
    application = notification.application
    _require(actor, Action.WORK, application.agency)
    if notification.state != Notification.State.FAILED:
        raise ValidationError(_("Only a message that failed can be sent again."))
    notification.state = Notification.State.QUEUED
    notification.save(update_fields=["state"])
    message = _("Message to the applicant ({channel}) sent again.").format(
        channel=notification.get_channel_display()
    )
    _log(application, Event.Kind.NOTE, timezone.localdate(), actor, message, public=False)
    transaction.on_commit(partial(notifications.send, notification.pk))
    return notification


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


REOPENED_REPLY_WORKDAYS = REPLY_WORKDAYS  # the new reply runs the 20 workdays of 第三十三条 again


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
    application.postponed_to = None  # a 第三十五条 date belonged to the first reply
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
