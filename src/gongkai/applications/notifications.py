"""Messages to the applicant on letters and changes of status, by e-mail and (when the site has an SMS
backend, ``sms``) by text message, only to the contact the applicant gave.

The rows are written inside the action's transaction (``queue_for_event``), so a rollback leaves neither a
row nor a message; they are sent once it commits (``send``), and each send's outcome is recorded on its row.
A failed send never undoes the action; staff send it again from the case page
(``actions.do_retry_notification``).
"""

from __future__ import annotations

from functools import partial

from django.conf import settings
from django.core.mail import EmailMessage
from django.db import transaction
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from . import sms
from .models import Application, Event, Letter, LetterKind, Notification

# The public steps the applicant is told of: receipt, 补正, pauses and their ends, extension, the 第三十五条
# letters, the fee, the decision, its delivery, a reopening and a changed due date.
NOTIFIED = frozenset(
    {
        Event.Kind.RECEIVED,
        Event.Kind.SUPPLEMENT_REQUESTED,
        Event.Kind.SUPPLEMENT_RECEIVED,
        Event.Kind.SUPPLEMENT_LAPSED,
        Event.Kind.CONSULTATION_SENT,
        Event.Kind.CONSULTATION_ANSWERED,
        Event.Kind.CONSULTATION_LAPSED,
        Event.Kind.EXTENDED,
        Event.Kind.WAIT_RENEWED,
        Event.Kind.POSTPONED,
        Event.Kind.REASONS_ASKED,
        Event.Kind.FEE_NOTICE,
        Event.Kind.FEE_PAID,
        Event.Kind.FEE_LAPSED,
        Event.Kind.DECIDED,
        Event.Kind.DELIVERED,
        Event.Kind.REOPENED,
        Event.Kind.REDATED,
    }
)


def contacts(application: Application) -> list[tuple[str, str]]:
    """(channel, address) for each way the applicant can be told: the e-mail they gave, and their
    telephone when the site sends text messages."""
    found = []
    if application.email:
        found.append((Notification.Channel.EMAIL.value, application.email))
    if settings.GONGKAI_SMS_BACKEND and application.phone:
        found.append((Notification.Channel.SMS.value, application.phone))
    return found


def tracking_url() -> str:
    return settings.GONGKAI_SITE_URL.rstrip("/") + reverse("track_lookup")


def compose(application: Application, event: Event, letter: Letter | None, channel: str) -> tuple[str, str]:
    """(subject, text) of the message, in the site's language whoever's request it was sent from."""
    with translation.override(settings.LANGUAGE_CODE):
        what = str(event.get_kind_display())
        values = {
            "agency": application.agency.name,
            "code": application.tracking_code,
            "what": what,
            "on": event.on.isoformat(),
            "url": tracking_url(),
        }
        subject = _("Your application {code}: {what}").format(**values)
        if channel == Notification.Channel.SMS:
            return subject, _("[{agency}] Your application {code}: {what} ({on}). Details: {url}").format(
                **values
            )
        parts = [
            _(
                "{agency} recorded on your government information disclosure application {code}: {what} ({on})."
            ).format(**values)
        ]
        if event.message:
            parts.append(event.message)
        if letter is not None:
            parts.append(_("The letter {number}:").format(number=letter.number))
            parts.append(f"{letter.title}\n\n{letter.text}")
        parts.append(
            _(
                "Follow your application at {url} with its tracking code and the last four digits of the "
                "telephone number you gave; the letters are there as PDF files. This message was sent "
                "automatically; do not reply to it."
            ).format(**values)
        )
        return subject, "\n\n".join(parts)


def queue_for_event(event: Event) -> list[Notification]:
    """Inside the action's transaction: a queued message per contact for a step the applicant is told
    of, sent once the transaction commits."""
    if not event.public or event.kind not in NOTIFIED:
        return []
    application = event.application
    queued = []
    for channel, to in contacts(application):
        subject, body = compose(application, event, None, channel)
        queued.append(
            Notification.objects.create(
                application=application, event=event, channel=channel, to=to, subject=subject, body=body
            )
        )
    for notification in queued:
        transaction.on_commit(partial(send, notification.pk))
    return queued


def attach_letter(letter: Letter) -> None:
    """A letter issued by the same action as the step just queued goes with its message (not the letters
    to consulted parties: they are between the agency and them)."""
    if letter.kind == LetterKind.CONSULTATION:
        return
    queued = Notification.objects.filter(
        application=letter.application, state=Notification.State.QUEUED, letter__isnull=True
    ).select_related("event")
    latest = queued.order_by("-event_id").values_list("event_id", flat=True).first()
    if latest is None:
        return
    for notification in queued.filter(event_id=latest):
        assert notification.event is not None
        notification.letter = letter
        notification.subject, notification.body = compose(
            letter.application, notification.event, letter, notification.channel
        )
        notification.save(update_fields=["letter", "subject", "body"])


def send(notification_pk: int) -> bool:
    """Send one queued message and record how it went; True if it went. Claimed by a conditional UPDATE,
    so two callers cannot send it twice; claimed, it counts as failed until the send returns (a process
    killed mid-send leaves it to be sent again by hand, not marked sent); any failure is recorded, never
    raised."""
    claimed = Notification.objects.filter(pk=notification_pk, state=Notification.State.QUEUED).update(
        state=Notification.State.FAILED, error="interrupted before the send completed"
    )
    if not claimed:
        return False
    notification = Notification.objects.get(pk=notification_pk)
    notification.attempts += 1
    try:
        if notification.channel == Notification.Channel.SMS:
            backend = sms.backend()
            if backend is None:
                raise sms.SmsError(_("The site sends no text messages (GONGKAI_SMS_BACKEND is not set)."))
            backend.send(notification.to, notification.body)
        else:
            EmailMessage(
                notification.subject, notification.body, settings.DEFAULT_FROM_EMAIL, [notification.to]
            ).send()
    except Exception as error:
        notification.error = f"{type(error).__name__}: {error}"[:2000]
    else:
        notification.state = Notification.State.SENT
        notification.sent_at = timezone.now()
        notification.error = ""
    notification.save(update_fields=["state", "sent_at", "error", "attempts"])
    return notification.state == Notification.State.SENT
