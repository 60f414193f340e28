"""整改公开 (Rectification): an item an agency must put right — found by an audit, an inspection, or a 差评
(``ratings``) — with the unit that owns it, a deadline, its status and, once done, what was done; each
agency's items are public."""

from __future__ import annotations

import datetime

from django.db import models
from django.utils.translation import gettext_lazy as _

from gongkai.agencies.models import Agency, AuditEntry


class RectificationQuerySet(models.QuerySet["Rectification"]):
    def for_agency(self, agency: Agency) -> RectificationQuerySet:
        return self.filter(agency=agency)

    def done_in(self, year: int) -> RectificationQuerySet:
        return self.filter(status=Rectification.Status.DONE, done_at__year=year)


class Rectification(models.Model):
    class Source(models.TextChoices):
        AUDIT = "audit", _("Audit")
        INSPECTION = "inspection", _("Inspection")
        RATING = "rating", _("Poor service rating")

    class Status(models.TextChoices):
        OPEN = "open", _("Being rectified")
        DONE = "done", _("Rectified")

    agency = models.ForeignKey(Agency, verbose_name=_("agency"), on_delete=models.PROTECT, related_name="+")
    source = models.CharField(_("source"), max_length=20, choices=Source.choices)
    problem = models.TextField(_("problem found"))
    measures = models.TextField(_("rectification measures"))
    owner = models.CharField(_("responsible unit"), max_length=100)
    deadline = models.DateField(_("deadline"))
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.OPEN)
    result = models.TextField(_("what was done"), blank=True)
    opened_at = models.DateTimeField(_("opened at"))
    done_at = models.DateTimeField(_("rectified at"), null=True, blank=True)

    objects = RectificationQuerySet.as_manager()

    class Meta:
        verbose_name = _("rectification")
        verbose_name_plural = _("rectifications")
        ordering = ["status", "deadline", "pk"]

    def __str__(self) -> str:
        return f"{self.agency} {self.problem[:30]}"

    def deadline_state(self, today: datetime.date) -> str:
        if self.status == self.Status.DONE:
            return "closed"
        return "overdue" if self.deadline < today else "on_time"


class RectificationEvent(AuditEntry):
    class Kind(models.TextChoices):
        OPENED = "opened", _("Opened")
        DONE = "done", _("Rectified")

    rectification = models.ForeignKey(
        Rectification, verbose_name=_("rectification"), on_delete=models.CASCADE, related_name="events"
    )
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices)

    class Meta(AuditEntry.Meta):
        verbose_name = _("rectification event")
        verbose_name_plural = _("rectification events")

    def __str__(self) -> str:
        return f"{self.rectification_id} {self.kind}"
