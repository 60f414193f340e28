"""Applications for government information (依申请公开) and what happens to them.

An application's state lives in its own columns (``status``, ``due_on`` …) so that queues and the reminder
job can filter on them; every change to them goes through ``actions.py`` and leaves an ``Event`` on the
timeline, which is also the audit log.
"""

from __future__ import annotations

import datetime
from typing import Any

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from gongkai.agencies.models import Agency
from gongkai.annual_report.formats import decision_choices
from gongkai.lib import crypto
from gongkai.lib.fields import EncryptedCharField, EncryptedEmailField
from gongkai.workdays import clock


class ApplicantKind(models.TextChoices):
    """The applicant columns of section 三 of the annual report."""

    NATURAL_PERSON = "natural_person", _("Natural person")
    COMMERCIAL_ENTERPRISE = "commercial_enterprise", _("Commercial enterprise")
    RESEARCH_INSTITUTION = "research_institution", _("Research institution")
    PUBLIC_INTEREST_ORG = "public_interest_org", _("Public-interest organisation")
    LEGAL_SERVICE_ORG = "legal_service_org", _("Legal service organisation")
    OTHER_ORG = "other_org", _("Other organisation")


class IdDocument(models.TextChoices):
    RESIDENT_ID = "resident_id", _("Resident identity card")
    PASSPORT = "passport", _("Passport")
    HK_MACAO_PERMIT = "hk_macao_permit", _("Mainland travel permit for Hong Kong and Macao residents")
    TAIWAN_PERMIT = "taiwan_permit", _("Mainland travel permit for Taiwan residents")
    FOREIGN_RESIDENCE = "foreign_residence", _("Foreign permanent resident ID card")
    CREDIT_CODE = "credit_code", _("Unified social credit code (organisations)")
    OTHER = "other", _("Other document")


class Channel(models.TextChoices):
    """How the application reached the agency; 第三十一条 fixes the receipt date for each."""

    ONLINE = "online", _("Online form")
    IN_PERSON = "in_person", _("In person")
    POST = "post", _("Registered post or EMS (signed for)")
    LETTER = "letter", _("Ordinary letter")
    FAX = "fax", _("Fax")
    EMAIL = "email", _("E-mail")


class FormWanted(models.TextChoices):
    """The form in which the applicant asks for the information (第二十九条第二款第（三）项)."""

    PAPER = "paper", _("Paper")
    ELECTRONIC = "electronic", _("Electronic document")
    DISC = "disc", _("Disc")


class Delivery(models.TextChoices):
    """How the applicant asks to receive the information."""

    COLLECT = "collect", _("Collect in person")
    POST = "post", _("By post")
    EMAIL = "email", _("By e-mail")
    ONLINE = "online", _("View online")


class Status(models.TextChoices):
    SUBMITTED = "submitted", _("Submitted, receipt not yet confirmed")
    IN_PROGRESS = "in_progress", _("In progress")
    AWAITING_SUPPLEMENT = "awaiting_supplement", _("Waiting for the applicant's supplement")
    IN_CONSULTATION = "in_consultation", _("In consultation")
    AWAITING_PAYMENT = "awaiting_payment", _("Waiting for the processing fee")
    DECIDED = "decided", _("Decided")
    WITHDRAWN = "withdrawn", _("Withdrawn")


OPEN_STATUSES = (
    Status.SUBMITTED,
    Status.IN_PROGRESS,
    Status.AWAITING_SUPPLEMENT,
    Status.IN_CONSULTATION,
    Status.AWAITING_PAYMENT,
)


class ApplicationQuerySet(models.QuerySet["Application"]):
    """Named filters: the queues, the reminder job and the annual report all use these."""

    def for_agency(self, agency: Agency) -> ApplicationQuerySet:
        return self.filter(agency=agency)

    def open(self) -> ApplicationQuerySet:
        return self.filter(status__in=OPEN_STATUSES)

    def overdue(self, today: datetime.date) -> ApplicationQuerySet:
        return self.open().filter(due_on__lt=today)

    def due_within(self, today: datetime.date, last_day: datetime.date) -> ApplicationQuerySet:
        return self.open().filter(due_on__gte=today, due_on__lte=last_day)

    def provisional(self) -> ApplicationQuerySet:
        return self.open().filter(due_is_provisional=True)

    def supplement_late(self) -> ApplicationQuerySet:
        """Those whose 补正 went out after the 7 workdays of 第三十条 (allowed, and marked late)."""
        return self.filter(supplement__late=True)

    def received_in(self, year: int) -> ApplicationQuerySet:
        return self.filter(received_on__year=year)

    def in_queue_order(self) -> ApplicationQuerySet:
        """The order of every staff queue, the same on SQLite and PostgreSQL (which otherwise put NULL
        first and last respectively): open applications before closed ones; the open ones by due date,
        overdue first, then those whose clock has not started or stands still (no due date); the closed
        ones most recently closed first; ties by submission, then by row, so that pages never overlap."""
        return self.order_by(
            F("closed_on").desc(nulls_first=True),
            F("due_on").asc(nulls_last=True),
            "submitted_at",
            "pk",
        )

    def open_at(self, day: datetime.date) -> ApplicationQuerySet:
        """Received on or before ``day`` and not closed by its end: the carry-over of the annual report."""
        return self.filter(received_on__lte=day).filter(Q(closed_on__isnull=True) | Q(closed_on__gt=day))


class Application(models.Model):
    agency = models.ForeignKey(
        Agency, verbose_name=_("agency"), on_delete=models.PROTECT, related_name="applications"
    )
    tracking_code = models.CharField(_("tracking code"), max_length=20, unique=True)
    # The secret of the old tracking links (/track/<code>/<secret>/), from before the look-up form: empty
    # for new applications, and emptied once an old link is used (tracking.legacy_link).
    access_secret = models.CharField(max_length=64, editable=False, blank=True, default="")

    # The applicant (第二十九条).
    applicant_kind = models.CharField(_("applicant"), max_length=30, choices=ApplicantKind.choices)
    applicant_name = models.CharField(_("name"), max_length=100)
    id_document = models.CharField(_("identity document"), max_length=30, choices=IdDocument.choices)
    # Personal data is encrypted at rest (lib.crypto); the digest finds the same applicant's applications.
    id_number = EncryptedCharField(_("document number"), max_length=40)
    id_number_digest = models.CharField(max_length=64, editable=False, db_index=True, default="")
    contact_person = models.CharField(_("contact person"), max_length=50, blank=True)
    phone = EncryptedCharField(_("telephone"), max_length=30)
    email = EncryptedEmailField(_("e-mail"), blank=True)
    address = EncryptedCharField(_("postal address"), max_length=200, blank=True)
    postcode = models.CharField(_("postcode"), max_length=6, blank=True)

    # What is asked for.
    description = models.TextField(_("information requested"), max_length=5000)
    purpose = models.TextField(_("purpose (optional)"), max_length=2000, blank=True)
    form_wanted = models.CharField(_("form wanted"), max_length=20, choices=FormWanted.choices)
    delivery_wanted = models.CharField(_("delivery wanted"), max_length=20, choices=Delivery.choices)

    # Receipt (第三十一条).
    channel = models.CharField(_("channel"), max_length=20, choices=Channel.choices)
    submitted_at = models.DateTimeField(_("submitted at"))
    received_on = models.DateField(_("received on"), null=True, blank=True)
    # For a letter, fax, e-mail or the online form the receipt day is the day of a confirmation with the
    # applicant, which the office records (receipt.py): how, and with whom.
    receipt_confirmation = models.CharField(_("receipt confirmed how"), max_length=200, blank=True)

    # State, derived by actions.py from the events and the clock; stored for queues and the reminder job.
    status = models.CharField(_("status"), max_length=30, choices=Status.choices, default=Status.SUBMITTED)
    due_on = models.DateField(_("reply due on"), null=True, blank=True)
    due_is_provisional = models.BooleanField(_("due date provisional"), default=False)
    supplement_request_by = models.DateField(_("supplement request due by"), null=True, blank=True)
    extended = models.BooleanField(_("extended"), default=False)
    # 第三十三条第二款: at most 20 workdays; a shorter extension may be decided.
    extension_workdays = models.PositiveSmallIntegerField(_("extended by (workdays)"), default=0)
    # 第三十五条: a later reply date set for a request plainly beyond a reasonable range; replaces the due date.
    postponed_to = models.DateField(_("reply postponed to"), null=True, blank=True)
    closed_on = models.DateField(_("closed on"), null=True, blank=True)

    # The decision (one row of section 三 of the format of its year).
    outcome = models.CharField(_("decision"), max_length=40, blank=True, choices=decision_choices)
    outcome_article = models.CharField(_("article cited"), max_length=50, blank=True)
    decision_text = models.TextField(_("decision text"), blank=True)
    decided_on = models.DateField(_("decided on"), null=True, blank=True)
    delivered_on = models.DateField(_("delivered on"), null=True, blank=True)

    submitter_fingerprint = models.CharField(max_length=64, blank=True, editable=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("entered by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    objects = ApplicationQuerySet.as_manager()

    class Meta:
        verbose_name = _("application")
        verbose_name_plural = _("applications")
        ordering = ["-submitted_at"]
        indexes = [
            # Read by the reminder job and the due-soon/overdue queues: open applications by due date.
            models.Index(
                fields=["due_on"],
                name="application_open_due",
                condition=Q(status__in=[s.value for s in OPEN_STATUSES]),
            ),
            # The oversight dashboard counts open (and provisional) applications by agency for every agency
            # it oversees: read from this index alone, not from a heap block per open application
            # (benchmarks/province.py, 1,000,000 applications).
            models.Index(
                fields=["agency", "due_is_provisional"],
                name="application_open_agency",
                condition=Q(status__in=[s.value for s in OPEN_STATUSES]),
            ),
            models.Index(fields=["agency", "status"], name="application_agency_status"),
            models.Index(fields=["agency", "received_on"], name="application_agency_received"),
            # The intake rate limit counts recent submissions by fingerprint.
            models.Index(fields=["submitter_fingerprint", "submitted_at"], name="application_fingerprint"),
        ]

    def __str__(self) -> str:
        return self.tracking_code

    def save(self, *args: Any, **kwargs: Any) -> None:
        self.id_number_digest = crypto.digest(self.id_number)
        if "update_fields" in kwargs and kwargs["update_fields"] is not None:
            kwargs["update_fields"] = {*kwargs["update_fields"], "id_number_digest"}
        super().save(*args, **kwargs)

    @property
    def is_open(self) -> bool:
        return self.status in OPEN_STATUSES

    def deadline_state(self, today: datetime.date) -> str:
        """'overdue', 'due_soon' (due within ``DUE_SOON_WORKDAYS`` workdays of ``today``, the same as the
        queue tab and the reminders), 'on_time', 'paused' or 'closed' on ``today``."""
        if not self.is_open:
            return "closed"
        if self.due_on is None:
            return "paused"
        return due_state(self.due_on, today)


def due_state(due_on: datetime.date, today: datetime.date, due_soon_by: datetime.date | None = None) -> str:
    """An open case's due date on ``today``: 'overdue' after it, 'due_soon' up to ``due_soon_by`` (by default
    ``due_soon_last_day(today)``; a list reads it once and passes it), else 'on_time'. One meaning for the
    applications, the inquiries and the poor ratings (``components/due_badge.html`` shows it)."""
    if due_on < today:
        return "overdue"
    if due_on <= (due_soon_by or due_soon_last_day(today)):
        return "due_soon"
    return "on_time"


def due_soon_last_day(today: datetime.date) -> datetime.date:
    """The last day that is "due soon" on ``today``: ``DUE_SOON_WORKDAYS`` workdays on (one meaning for the
    queue tab, the reminders and ``deadline_state``)."""
    from gongkai.workdays.queries import current_calendar  # the calendar is read when asked, not at import

    return clock.nth_workday(current_calendar(), today, clock.DUE_SOON_WORKDAYS)


class SupplementRequest(models.Model):
    """补正 (第三十条): asked once, within 7 workdays of receipt (later is allowed, and marked late); the
    supplement restarts the clock. Past ``reply_by`` with nothing received, the sweep marks it lapsed and a
    clerk confirms 视为放弃申请 or gives the reason and a new date (``waits``)."""

    application = models.OneToOneField(
        Application, verbose_name=_("application"), on_delete=models.CASCADE, related_name="supplement"
    )
    requested_on = models.DateField(_("requested on"))
    what = models.TextField(_("what to supplement"))
    reply_by = models.DateField(_("supplement due by"))
    received_on = models.DateField(_("supplement received on"), null=True, blank=True)
    supplement_text = models.TextField(_("supplement"), max_length=5000, blank=True)
    lapsed_on = models.DateField(_("lapsed on"), null=True, blank=True)
    late = models.BooleanField(_("requested late"), default=False)  # after the 7 workdays of 第三十条

    class Meta:
        verbose_name = _("supplement request")
        verbose_name_plural = _("supplement requests")

    def __str__(self) -> str:
        return f"{self.application} 补正"

    @property
    def is_awaited(self) -> bool:
        """Asked for and not received: the clock stands still (also once lapsed, until a clerk confirms)."""
        return self.received_on is None


class Consultation(models.Model):
    """A letter to a third party (第三十二条) or another agency (第三十四条); its time is not counted."""

    class Kind(models.TextChoices):
        THIRD_PARTY = "third_party", _("Third party")
        AGENCY = "agency", _("Another agency")

    class Reply(models.TextChoices):
        AGREES = "agrees", _("Agrees to disclosure")
        OBJECTS = "objects", _("Objects to disclosure")
        NO_REPLY = "no_reply", _("No reply in time")  # 第三十二条: the agency decides
        DEEMED_CONSENT = "deemed_consent", _("No opinion in time: deemed consent")  # 第三十四条

    application = models.ForeignKey(
        Application, verbose_name=_("application"), on_delete=models.CASCADE, related_name="consultations"
    )
    kind = models.CharField(_("consulted"), max_length=20, choices=Kind.choices)
    party = models.CharField(_("consulted party"), max_length=200)
    sent_on = models.DateField(_("sent on"))
    # The day the consulted received it (by post: signed for); the 15 workdays run from it. Online: sent_on.
    delivered_on = models.DateField(_("delivered on"), null=True, blank=True)
    reply_by = models.DateField(_("reply due by"))
    answered_on = models.DateField(_("answered or lapsed on"), null=True, blank=True)
    reply = models.CharField(_("reply"), max_length=20, choices=Reply.choices, blank=True)
    note = models.TextField(_("note"), blank=True)

    class Meta:
        verbose_name = _("consultation")
        verbose_name_plural = _("consultations")
        ordering = ["sent_on", "pk"]

    def __str__(self) -> str:
        return f"{self.application} · {self.party}"


class Fee(models.Model):
    """信息处理费 (国办函〔2020〕109号, from 2021): one method per application; the time from the notice to
    payment is not counted in the reply period; unpaid 20 workdays after the day the notice was received,
    the sweep marks it lapsed and a clerk confirms the closing (``waits``)."""

    class Method(models.TextChoices):
        BY_COUNT = "by_count", _("By number of applications in the month")
        BY_PAGES = "by_pages", _("By pages")

    application = models.OneToOneField(Application, on_delete=models.CASCADE, related_name="fee")
    method = models.CharField(_("method"), max_length=20, choices=Method.choices)
    pages = models.PositiveIntegerField(_("pages"), null=True, blank=True)
    ordinal = models.PositiveIntegerField(_("applications this month"), null=True, blank=True)
    amount = models.PositiveIntegerField(_("amount (yuan)"))
    notice_on = models.DateField(_("notice sent on"))
    # The day the applicant received the notice; the 20 workdays run from the next day. None: notice_on.
    delivered_on = models.DateField(_("notice delivered on"), null=True, blank=True)
    pay_by = models.DateField(_("payable by"))
    paid_on = models.DateField(_("paid on"), null=True, blank=True)
    lapsed_on = models.DateField(_("lapsed on"), null=True, blank=True)

    class Meta:
        verbose_name = _("processing fee")
        verbose_name_plural = _("processing fees")

    def __str__(self) -> str:
        return f"{self.application} · {self.amount}"

    @property
    def is_awaited(self) -> bool:
        """Notified and not paid: the clock stands still (also once lapsed, until a clerk confirms)."""
        return self.paid_on is None


class Event(models.Model):
    """The application's timeline and audit log: who did what, when, on which legal date."""

    class Kind(models.TextChoices):
        SUBMITTED = "submitted", _("Submitted")
        RECEIVED = "received", _("Receipt confirmed")
        SUPPLEMENT_REQUESTED = "supplement_requested", _("Supplement requested")
        SUPPLEMENT_RECEIVED = "supplement_received", _("Supplement received")
        SUPPLEMENT_LAPSED = "supplement_lapsed", _("Supplement not received in time")
        CONSULTATION_SENT = "consultation_sent", _("Consultation letter sent")
        CONSULTATION_ANSWERED = "consultation_answered", _("Consultation answered")
        EXTENDED = "extended", _("Reply period extended")
        CONSULTATION_LAPSED = "consultation_lapsed", _("Consultation not answered in time")
        LAPSE_TO_CONFIRM = "lapse_to_confirm", _("Period ran out: to confirm")
        WAIT_RENEWED = "wait_renewed", _("New date given")
        POSTPONED = "postponed", _("Reply postponed (Article 35)")
        REASONS_ASKED = "reasons_asked", _("Reasons asked for (Article 35)")
        FEE_NOTICE = "fee_notice", _("Fee notice sent")
        FEE_PAID = "fee_paid", _("Fee paid")
        FEE_LAPSED = "fee_lapsed", _("Fee not paid in time")
        DECIDED = "decided", _("Decision made")
        DELIVERED = "delivered", _("Reply delivered")
        WITHDRAWN = "withdrawn", _("Withdrawn by the applicant")
        REDATED = "redated", _("Due date changed by the workday calendar")
        REOPENED = "reopened", _("Reopened for a new decision")
        # Internal: the clerk's draft decision (拟办意见) and the approver's return of it.
        DRAFTED = "drafted", _("Decision drafted")
        DRAFT_RETURNED = "draft_returned", _("Draft returned with a comment")
        NOTE = "note", _("Note")
        # Internal: someone who does not handle the case saw the applicant's personal data, and why.
        PERSONAL_DATA_REVEALED = "personal_data_revealed", _("Applicant's personal data shown")

    application = models.ForeignKey(
        Application, verbose_name=_("application"), on_delete=models.CASCADE, related_name="events"
    )
    kind = models.CharField(_("event"), max_length=30, choices=Kind.choices)
    on = models.DateField(_("date"))
    at = models.DateTimeField(_("recorded at"), auto_now_add=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    message = models.TextField(_("details"), blank=True)
    # Shown to the applicant on the tracking page (internal notes are not).
    public = models.BooleanField(_("shown to the applicant"), default=True)

    class Meta:
        verbose_name = _("event")
        verbose_name_plural = _("events")
        ordering = ["on", "at", "pk"]

    def __str__(self) -> str:
        return f"{self.application} · {self.get_kind_display()} · {self.on}"


class LetterKind(models.TextChoices):
    SUPPLEMENT_NOTICE = "supplement_notice", _("Supplement notice")
    EXTENSION_NOTICE = "extension_notice", _("Extension notice")
    CONSULTATION = "consultation", _("Consultation letter")
    FEE_NOTICE = "fee_notice", _("Fee notice")
    REASONS_REQUEST = "reasons_request", _("Request for reasons")
    POSTPONEMENT_NOTICE = "postponement_notice", _("Postponement notice")
    REPLY = "reply", _("Reply letter")


class LetterTemplate(models.Model):
    """An agency's own wording of a letter (or, without agency, everyone's); the built-in text otherwise.

    ``key`` is a letter kind (``consultation:agency`` for another agency, 第三十四条), or for reply letters
    ``reply:<type>`` (granted, partial, denied, not_held,
    need_create, unclear, not_processed, other). The body is a Django template over plain values only.
    """

    agency = models.ForeignKey(
        Agency, verbose_name=_("agency"), null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    key = models.CharField(_("letter"), max_length=40)
    title = models.CharField(_("title"), max_length=100)
    body = models.TextField(
        _("text"), help_text=_("Paragraphs separated by blank lines; {{ placeholders }}.")
    )

    class Meta:
        verbose_name = _("letter template")
        verbose_name_plural = _("letter templates")
        constraints = [models.UniqueConstraint(fields=["agency", "key"], name="unique_letter_template")]

    def __str__(self) -> str:
        return self.title


def letter_path(letter: Letter, filename: str) -> str:
    return f"letters/{letter.agency_id}/{letter.year}/{filename}"


class Letter(models.Model):
    """A numbered letter issued on an application, kept as DOCX and PDF."""

    application = models.ForeignKey(Application, on_delete=models.CASCADE, related_name="letters")
    agency = models.ForeignKey(Agency, on_delete=models.PROTECT, related_name="+")
    kind = models.CharField(_("letter"), max_length=30, choices=LetterKind.choices)
    year = models.PositiveIntegerField(_("year"))
    serial = models.PositiveIntegerField(_("serial"))
    number = models.CharField(_("letter number"), max_length=60)
    title = models.CharField(_("title"), max_length=100)
    issued_on = models.DateField(_("issued on"))
    text = models.TextField(_("text"))
    docx = models.FileField(upload_to=letter_path, max_length=200)
    pdf = models.FileField(upload_to=letter_path, max_length=200)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("letter")
        verbose_name_plural = _("letters")
        ordering = ["issued_on", "pk"]
        constraints = [
            # Letter numbers run per agency and year and are never reused.
            models.UniqueConstraint(fields=["agency", "year", "serial"], name="unique_letter_serial"),
        ]

    def __str__(self) -> str:
        return self.number


class ReminderQuerySet(models.QuerySet["Reminder"]):
    def current(self, today: datetime.date) -> ReminderQuerySet:
        """The reminders still true on ``today``: the application is open and still due on the date it
        was reminded of (not decided, withdrawn, lapsed, extended or re-dated since), and a due-soon
        reminder's date has not passed (the overdue one takes its place); a consultation reminder holds
        while that consultation is unanswered and its last day has not passed. The reminders page, the
        header's count and the e-mails show these only; the rows stay, as the record of who was told."""
        reply = Q(application__due_on=F("due_on")) & ~Q(kind=Reminder.Kind.CONSULTATION_DUE)
        consultation = Q(
            kind=Reminder.Kind.CONSULTATION_DUE,
            due_on__gte=today,
            application__consultations__answered_on__isnull=True,
            application__consultations__reply_by=F("due_on"),
        )
        return (
            self.filter(application__status__in=OPEN_STATUSES)
            .filter(reply | consultation)
            .exclude(kind=Reminder.Kind.DUE_SOON, due_on__lt=today)
            .distinct()
        )


class Reminder(models.Model):
    """A due-soon or overdue notice to one staff member about one application's due date.

    Unique per (user, application, kind, due date): a worker that restarts, or two workers, cannot
    remind twice; a re-dated application is reminded again for its new date. Whether a reminder still
    holds is read from the application (``Reminder.objects.current``), never from the row alone.
    """

    class Kind(models.TextChoices):
        DUE_SOON = "due_soon", _("Due soon")  # within clock.DUE_SOON_WORKDAYS workdays
        OVERDUE = "overdue", _("Overdue")
        CONSULTATION_DUE = "consultation_due", _("Consultation reply due soon")

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="reminders")
    application = models.ForeignKey(Application, on_delete=models.CASCADE, related_name="reminders")
    kind = models.CharField(_("reminder"), max_length=20, choices=Kind.choices)
    due_on = models.DateField(_("reply due on"))
    created_at = models.DateTimeField(auto_now_add=True)
    emailed_at = models.DateTimeField(null=True, blank=True)
    read_at = models.DateTimeField(null=True, blank=True)

    objects = ReminderQuerySet.as_manager()

    class Meta:
        verbose_name = _("reminder")
        verbose_name_plural = _("reminders")
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.UniqueConstraint(fields=["user", "application", "kind", "due_on"], name="unique_reminder")
        ]

    def __str__(self) -> str:
        return f"{self.user} · {self.application} · {self.kind}"


class TrackingLookupFailure(models.Model):
    """A failed tracking look-up, by a keyed hash of the client's address: counted to limit guessing
    (``tracking.look_up``), deleted by the daily sweep once older than the window."""

    fingerprint = models.CharField(_("address fingerprint"), max_length=64)
    at = models.DateTimeField(_("time"))

    class Meta:
        verbose_name = _("failed tracking look-up")
        verbose_name_plural = _("failed tracking look-ups")
        indexes = [models.Index(fields=["fingerprint", "at"], name="tracking_failure_fingerprint")]

    def __str__(self) -> str:
        return f"{self.fingerprint[:8]} {self.at:%Y-%m-%d %H:%M}"


class ScheduledRun(models.Model):
    """One row per job and day: the worker claims the day's sweep by inserting it, so it runs once."""

    job = models.CharField(_("job"), max_length=50)
    day = models.DateField(_("day"))
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        verbose_name = _("scheduled run")
        verbose_name_plural = _("scheduled runs")
        constraints = [models.UniqueConstraint(fields=["job", "day"], name="unique_scheduled_run")]

    def __str__(self) -> str:
        return f"{self.job} {self.day}"


def attachment_path(attachment: ApplicationAttachment, filename: str) -> str:
    application = attachment.application
    return f"applications/{application.agency_id}/{application.tracking_code}/{filename}"


class ApplicationAttachment(models.Model):
    """A file sent with the application (or its supplement), checked by content; staff download it."""

    application = models.ForeignKey(Application, on_delete=models.CASCADE, related_name="attachments")
    file = models.FileField(upload_to=attachment_path, max_length=300)
    original_name = models.CharField(_("file name"), max_length=200)
    kind = models.CharField(_("kind"), max_length=10)  # a key of gongkai.lib.filetypes.KINDS
    size = models.PositiveIntegerField(_("size in bytes"))
    sha256 = models.CharField(max_length=64)
    uploaded_at = models.DateTimeField(_("uploaded at"), auto_now_add=True)

    class Meta:
        verbose_name = _("attachment")
        verbose_name_plural = _("attachments")
        ordering = ["uploaded_at", "pk"]

    def __str__(self) -> str:
        return self.original_name


class RecordAccess(models.Model):
    """Who opened an application's full record (personal data included), when, and how."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    application = models.ForeignKey(Application, on_delete=models.CASCADE, related_name="accesses")
    at = models.DateTimeField(auto_now_add=True)
    via = models.CharField(max_length=20)  # "page", "api" or "admin"

    class Meta:
        verbose_name = _("access to a record")
        verbose_name_plural = _("accesses to records")
        ordering = ["-at"]

    def __str__(self) -> str:
        return f"{self.user} · {self.application} · {self.at:%Y-%m-%d %H:%M}"


class DecisionDraft(models.Model):
    """拟办意见: a clerk's draft of the decision and its reply letter, for the approver to approve (then the
    decision is made as ``do_decide_application`` makes it) or return with a comment. Each redraft is a
    new row with the next ``version``; the earlier ones stay, as the record of what was returned and why."""

    class State(models.TextChoices):
        PENDING = "pending", _("Waiting for approval")
        RETURNED = "returned", _("Returned to the clerk")
        APPROVED = "approved", _("Approved")
        SUPERSEDED = "superseded", _("Replaced by a later draft")

    application = models.ForeignKey(
        Application, verbose_name=_("application"), on_delete=models.CASCADE, related_name="drafts"
    )
    version = models.PositiveSmallIntegerField(_("version"))
    state = models.CharField(_("state"), max_length=20, choices=State.choices, default=State.PENDING)
    outcome = models.CharField(_("decision"), max_length=40, choices=decision_choices)
    outcome_article = models.CharField(_("article cited"), max_length=50, blank=True)
    decision_text = models.TextField(_("decision text"), blank=True)
    decide_on = models.DateField(_("decision date"))
    drafted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("drafted by"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    drafted_at = models.DateTimeField(_("drafted at"), auto_now_add=True)
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("reviewed by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    reviewed_at = models.DateTimeField(_("reviewed at"), null=True, blank=True)
    comment = models.TextField(_("approver's comment"), blank=True)

    class Meta:
        verbose_name = _("decision draft")
        verbose_name_plural = _("decision drafts")
        ordering = ["application", "version"]
        constraints = [
            models.UniqueConstraint(fields=["application", "version"], name="unique_draft_version"),
        ]
        indexes = [
            # Read by the approvers' list of drafts waiting for them.
            models.Index(fields=["state"], name="draft_pending", condition=Q(state="pending")),
        ]

    def __str__(self) -> str:
        return f"{self.application} · v{self.version}"


class Notification(models.Model):
    """One message to the applicant about a letter or a change of status, by one channel, to the contact
    the applicant gave. Written with the action (so a rollback leaves none), sent once it commits
    (``notifications.send``), its outcome recorded here."""

    class Channel(models.TextChoices):
        EMAIL = "email", _("E-mail")
        SMS = "sms", _("Text message")

    class State(models.TextChoices):
        QUEUED = "queued", _("Waiting to be sent")
        SENT = "sent", _("Sent")
        FAILED = "failed", _("Failed")

    application = models.ForeignKey(
        Application, verbose_name=_("application"), on_delete=models.CASCADE, related_name="notifications"
    )
    event = models.ForeignKey(
        Event, verbose_name=_("event"), null=True, on_delete=models.SET_NULL, related_name="+"
    )
    letter = models.ForeignKey(
        Letter, verbose_name=_("letter"), null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    channel = models.CharField(_("channel"), max_length=10, choices=Channel.choices)
    to = EncryptedCharField(_("sent to"), max_length=254)  # the applicant's e-mail or telephone
    subject = models.CharField(_("subject"), max_length=200)
    body = models.TextField(_("message"))
    state = models.CharField(_("state"), max_length=10, choices=State.choices, default=State.QUEUED)
    error = models.TextField(_("error"), blank=True)
    attempts = models.PositiveSmallIntegerField(_("attempts"), default=0)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    sent_at = models.DateTimeField(_("sent at"), null=True, blank=True)

    class Meta:
        verbose_name = _("notification to the applicant")
        verbose_name_plural = _("notifications to the applicant")
        ordering = ["created_at", "pk"]

    def __str__(self) -> str:
        return f"{self.application} · {self.channel} · {self.state}"
