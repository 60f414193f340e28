"""困难反馈 and 问题交办 (Difficulty, Assignment): a company or citizen reports a difficulty to a receiving
office; the office assigns (交办) it to the responsible agency with a due date in workdays; the assignee
answers or reassigns it with a reason; an overdue case is escalated to the oversight office; the case closes
when the reporter confirms the answer or the confirmation window passes."""

from __future__ import annotations

import datetime

from django.db import models
from django.utils.translation import gettext_lazy as _

from gongkai.agencies.models import Agency, AuditEntry


class DifficultyQuerySet(models.QuerySet["Difficulty"]):
    def for_agency(self, agency: Agency) -> DifficultyQuerySet:
        """Received by ``agency`` or assigned to it."""
        return self.filter(models.Q(receiving_agency=agency) | models.Q(assigned_agency=agency))

    def overdue(self, today: datetime.date) -> DifficultyQuerySet:
        return self.filter(status=Difficulty.Status.ASSIGNED, due_on__lt=today)

    def closed_in(self, year: int) -> DifficultyQuerySet:
        return self.filter(status=Difficulty.Status.CLOSED, closed_at__year=year)


class Difficulty(models.Model):
    class Status(models.TextChoices):
        REPORTED = "reported", _("Awaiting assignment")
        ASSIGNED = "assigned", _("Assigned")
        ANSWERED = "answered", _("Answered, awaiting confirmation")
        CLOSED = "closed", _("Closed")

    class ReporterKind(models.TextChoices):
        COMPANY = "company", _("Company")
        CITIZEN = "citizen", _("Citizen")

    receiving_agency = models.ForeignKey(
        Agency, verbose_name=_("receiving office"), on_delete=models.PROTECT, related_name="+"
    )
    assigned_agency = models.ForeignKey(
        Agency, verbose_name=_("responsible agency"), null=True, blank=True, on_delete=models.PROTECT,
        related_name="+",
    )  # fmt: skip
    tracking_code = models.CharField(_("tracking code"), max_length=20, unique=True)
    reporter_kind = models.CharField(_("reported by"), max_length=10, choices=ReporterKind.choices)
    # Personal data: shown to the staff of the two agencies only, never on a public page or API answer.
    name = models.CharField(_("name or company name"), max_length=100)
    contact = models.CharField(_("telephone or e-mail"), max_length=100)
    subject = models.CharField(_("subject"), max_length=100)
    description = models.TextField(_("difficulty"))
    status = models.CharField(_("status"), max_length=20, choices=Status.choices, default=Status.REPORTED)
    reported_at = models.DateTimeField(_("reported at"))
    due_on = models.DateField(_("to be answered by"), null=True, blank=True)
    answer = models.TextField(_("answer"), blank=True)
    answered_at = models.DateTimeField(_("answered at"), null=True, blank=True)
    confirm_by = models.DateField(_("to be confirmed by"), null=True, blank=True)
    escalated_at = models.DateTimeField(_("escalated at"), null=True, blank=True)
    closed_at = models.DateTimeField(_("closed at"), null=True, blank=True)
    confirmed = models.BooleanField(_("confirmed by the reporter"), default=False)
    submitter_fingerprint = models.CharField(max_length=64, blank=True, editable=False)

    objects = DifficultyQuerySet.as_manager()

    class Meta:
        verbose_name = _("difficulty")
        verbose_name_plural = _("difficulties")
        ordering = ["-reported_at"]
        indexes = [models.Index(fields=["status", "due_on"], name="difficulty_status_due")]

    def __str__(self) -> str:
        return f"{self.tracking_code} {self.subject}"

    def deadline_state(self, today: datetime.date) -> str:
        if self.status in (self.Status.ANSWERED, self.Status.CLOSED):
            return "closed"
        if self.due_on is None:
            return "provisional"
        return "overdue" if self.due_on < today else "on_time"


class DifficultyEvent(AuditEntry):
    """The history of a case (``difficulties.actions``), shown to the reporter with the acting agency only."""

    class Kind(models.TextChoices):
        REPORTED = "reported", _("Reported")
        ASSIGNED = "assigned", _("Assigned")
        REASSIGNED = "reassigned", _("Reassigned")
        ANSWERED = "answered", _("Answered")
        ESCALATED = "escalated", _("Escalated to the oversight office")
        CONFIRMED = "confirmed", _("Confirmed by the reporter")
        CLOSED = "closed", _("Closed after the confirmation window")

    difficulty = models.ForeignKey(
        Difficulty, verbose_name=_("difficulty"), on_delete=models.CASCADE, related_name="events"
    )
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    agency = models.ForeignKey(
        Agency, verbose_name=_("agency"), null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    class Meta(AuditEntry.Meta):
        verbose_name = _("difficulty event")
        verbose_name_plural = _("difficulty events")

    def __str__(self) -> str:
        return f"{self.difficulty.tracking_code} {self.kind}"
