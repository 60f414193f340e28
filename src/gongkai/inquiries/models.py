"""政策咨询 (Inquiry): anyone asks an agency a question about a policy or its work; the agency answers within
a number of workdays (``answer_workdays``); an answer the asker agreed to publish is published — in a
wording staff approved, without personal data — in the agency's question-and-answer list."""

from __future__ import annotations

import datetime

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from gongkai.agencies.models import Agency, AuditEntry
from gongkai.applications.models import due_soon_last_day, due_state
from gongkai.catalog.models import Document


class InquirySetting(models.Model):
    """An agency's own answer period, where it differs from ``GONGKAI_INQUIRY_ANSWER_WORKDAYS``."""

    agency = models.OneToOneField(
        Agency, verbose_name=_("agency"), on_delete=models.CASCADE, related_name="inquiry_setting"
    )
    answer_workdays = models.PositiveSmallIntegerField(_("workdays to answer an inquiry"))

    class Meta:
        verbose_name = _("inquiry setting")
        verbose_name_plural = _("inquiry settings")

    def __str__(self) -> str:
        return f"{self.agency}: {self.answer_workdays}"


def answer_workdays(agency: Agency) -> int:
    """The workdays ``agency`` has to answer an inquiry: its own setting, else the platform's."""
    own = InquirySetting.objects.filter(agency=agency).values_list("answer_workdays", flat=True).first()
    return own or settings.GONGKAI_INQUIRY_ANSWER_WORKDAYS


class InquiryQuerySet(models.QuerySet["Inquiry"]):
    def for_agency(self, agency: Agency) -> InquiryQuerySet:
        return self.filter(agency=agency)

    def open(self) -> InquiryQuerySet:
        """Not answered yet."""
        return self.filter(status=Inquiry.Status.SUBMITTED)

    def overdue(self, today: datetime.date) -> InquiryQuerySet:
        return self.open().filter(due_on__lt=today)

    def due_soon_or_overdue(self, today: datetime.date) -> InquiryQuerySet:
        """What the daily sweep reminds staff of (``inquiries.reminders``)."""
        return self.open().filter(due_on__lte=due_soon_last_day(today))

    def answered_in(self, year: int) -> InquiryQuerySet:
        return self.filter(answered_at__year=year)

    def published(self) -> InquiryQuerySet:
        """In the public question-and-answer list."""
        return self.filter(publication=Inquiry.Publication.PUBLISHED)

    def awaiting_moderation(self) -> InquiryQuerySet:
        return self.filter(status=Inquiry.Status.ANSWERED, publication=Inquiry.Publication.PENDING)


class Inquiry(models.Model):
    class Status(models.TextChoices):
        SUBMITTED = "submitted", _("Awaiting answer")
        ANSWERED = "answered", _("Answered")

    class Publication(models.TextChoices):
        NOT_AGREED = "not_agreed", _("Not to be published")
        PENDING = "pending", _("Awaiting moderation")
        PUBLISHED = "published", _("Published")
        DECLINED = "declined", _("Not published")

    agency = models.ForeignKey(Agency, verbose_name=_("agency"), on_delete=models.PROTECT, related_name="+")
    document = models.ForeignKey(
        Document,
        verbose_name=_("policy document asked about"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    tracking_code = models.CharField(_("tracking code"), max_length=20, unique=True)
    # Personal data: shown to the agency's staff only, never on a public page, feed or API answer.
    name = models.CharField(_("name"), max_length=50)
    contact = models.CharField(_("telephone or e-mail"), max_length=100)
    subject = models.CharField(_("subject"), max_length=100)
    question = models.TextField(_("question"))
    agrees_to_publish = models.BooleanField(_("agrees to publication"), default=False)
    status = models.CharField(_("status"), max_length=20, choices=Status.choices, default=Status.SUBMITTED)
    publication = models.CharField(
        _("publication"), max_length=20, choices=Publication.choices, default=Publication.NOT_AGREED
    )
    submitted_at = models.DateTimeField(_("submitted at"))
    due_on = models.DateField(_("to be answered by"))
    answer = models.TextField(_("answer"), blank=True)
    answered_at = models.DateTimeField(_("answered at"), null=True, blank=True)
    answered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("answered by"), null=True, blank=True,
        on_delete=models.SET_NULL, related_name="+",
    )  # fmt: skip
    # The wording staff approved for the public list (personal data removed).
    public_question = models.TextField(_("question as published"), blank=True)
    public_answer = models.TextField(_("answer as published"), blank=True)
    published_at = models.DateTimeField(_("published at"), null=True, blank=True)
    # CJK bigrams of the published wording (``gongkai.lib.search_tokens``) for the site search.
    search_text = models.TextField(blank=True, editable=False)
    submitter_fingerprint = models.CharField(max_length=64, blank=True, editable=False)
    # The last day the daily sweep reminded staff of it (one reminder a day, claimed by a conditional UPDATE).
    reminded_on = models.DateField(null=True, blank=True, editable=False)

    objects = InquiryQuerySet.as_manager()

    class Meta:
        verbose_name = _("inquiry")
        verbose_name_plural = _("inquiries")
        ordering = ["-submitted_at"]
        indexes = [
            # The staff queue and the daily sweep (inquiries.reminders) read the open inquiries by due date.
            models.Index(fields=["due_on"], name="inquiry_open_due", condition=models.Q(status="submitted")),
            models.Index(fields=["agency", "publication", "published_at"], name="inquiry_published"),
        ]

    def __str__(self) -> str:
        return f"{self.tracking_code} {self.subject}"

    def deadline_state(self, today: datetime.date, due_soon_by: datetime.date | None = None) -> str:
        """For ``components/due_badge.html``: closed once answered, else overdue, due soon (the
        applications' meaning: ``DUE_SOON_WORKDAYS`` workdays; a list passes ``due_soon_by``, read once)
        or on time."""
        if self.status == self.Status.ANSWERED:
            return "closed"
        return due_state(self.due_on, today, due_soon_by)


class InquiryEvent(AuditEntry):
    """The audit log of an inquiry (``inquiries.actions``)."""

    class Kind(models.TextChoices):
        SUBMITTED = "submitted", _("Submitted")
        ANSWERED = "answered", _("Answered")
        PUBLISHED = "published", _("Published")
        DECLINED = "declined", _("Publication declined")
        WITHDRAWN = "withdrawn", _("Withdrawn from the public list")
        REDATED = "redated", _("Due date changed with the calendar")

    inquiry = models.ForeignKey(
        Inquiry, verbose_name=_("inquiry"), on_delete=models.CASCADE, related_name="events"
    )
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)

    class Meta(AuditEntry.Meta):
        verbose_name = _("inquiry event")
        verbose_name_plural = _("inquiry events")

    def __str__(self) -> str:
        return f"{self.inquiry.tracking_code} {self.kind}"
