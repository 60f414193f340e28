"""An agency's annual report for a year, as a stored record: built from gongkai's records or imported.

``data`` is the ``gongkai.annual-report/1`` document (sections 二, 三, 四 and the findings); ``provenance``
maps each cell path of 三 and 四 to the ids it counts (applications, or review cases); the narrative
sections 一、五、六 are edited by staff. A report moves draft → published; a published row never changes
again — a correction is a new version (``corrects`` points to the version it corrects). Every change
goes through ``reports.actions``.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from gongkai.agencies.models import Agency, AuditEntry
from gongkai.annual_report.model import AnnualReport, Sections


class ReportQuerySet(models.QuerySet["Report"]):
    def for_agency(self, agency: Agency) -> ReportQuerySet:
        return self.filter(agency=agency)

    def of_year(self, year: int) -> ReportQuerySet:
        return self.filter(year=year)

    def published(self) -> ReportQuerySet:
        return self.filter(status=Report.Status.PUBLISHED)

    def current(self) -> ReportQuerySet:
        """The newest version of each agency-year (the one a correction has not replaced)."""
        return self.exclude(corrections__isnull=False)


class Report(models.Model):
    class Source(models.TextChoices):
        RECORDS = "records", _("Built from the records")
        IMPORTED = "imported", _("Imported from a published report")
        ROLLUP = "rollup", _("Combined from the departments' reports")

    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        PUBLISHED = "published", _("Published")

    agency = models.ForeignKey(
        Agency, verbose_name=_("agency"), on_delete=models.PROTECT, related_name="reports"
    )
    year = models.PositiveIntegerField(_("year"))
    version = models.PositiveIntegerField(_("version"), default=1)
    corrects = models.ForeignKey(
        "self",
        verbose_name=_("corrects"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="corrections",
    )
    source = models.CharField(_("source"), max_length=20, choices=Source.choices)
    status = models.CharField(_("status"), max_length=20, choices=Status.choices, default=Status.DRAFT)
    data = models.JSONField(_("report data"), default=dict)
    provenance = models.JSONField(_("ids behind each cell"), default=dict, blank=True)
    overview = models.TextField(_("一、总体情况"), blank=True)
    problems = models.TextField(_("五、存在的主要问题及改进情况"), blank=True)
    other = models.TextField(_("六、其他需要报告的事项"), blank=True)
    correction_note = models.TextField(_("what this version corrects"), blank=True)
    file_name = models.CharField(_("imported file"), max_length=255, blank=True)
    built_at = models.DateTimeField(_("built at"), null=True, blank=True)
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("approved by"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    approved_at = models.DateTimeField(_("approved at"), null=True, blank=True)
    published_at = models.DateTimeField(_("published at"), null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    objects = ReportQuerySet.as_manager()

    class Meta:
        verbose_name = _("annual report")
        verbose_name_plural = _("annual reports")
        ordering = ["agency", "-year", "-version"]
        constraints = [
            models.UniqueConstraint(fields=["agency", "year", "version"], name="unique_report_version"),
            # At most one draft per agency-year: building again updates it.
            models.UniqueConstraint(
                fields=["agency", "year"], condition=Q(status="draft"), name="one_draft_report"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.agency} {self.year} v{self.version}"

    def save(self, *args: Any, **kwargs: Any) -> None:
        # Published reports are immutable: the stored row is checked, not this instance's status.
        if self.pk is not None:
            stored = Report.objects.filter(pk=self.pk).values_list("status", flat=True).first()
            if stored == Report.Status.PUBLISHED:
                raise ValidationError(
                    _("A published report cannot be changed; publish a correction instead.")
                )
        super().save(*args, **kwargs)

    def delete(self, *args: Any, **kwargs: Any) -> Any:
        if self.status == Report.Status.PUBLISHED:
            raise ValidationError(_("A published report cannot be deleted."))
        return super().delete(*args, **kwargs)

    @property
    def is_published(self) -> bool:
        return self.status == Report.Status.PUBLISHED

    def annual_report(self) -> AnnualReport:
        """The report document with its narrative, ready for the rules and the renderers."""
        report = AnnualReport.from_json(self.data)
        report.sections = Sections(
            overview=self.overview or None, problems=self.problems or None, other=self.other or None
        )
        return report

    def title(self) -> str:
        return f"{self.data.get('agency') or self.agency.name}{self.year}年度政府信息公开工作年度报告"


class Acknowledgement(models.Model):
    """The approver's reason for publishing a report despite one of its warning findings.

    Keyed by the finding's rule and cells (``cells``: the cell paths, space-separated); ``finding`` keeps
    the finding as it was acknowledged, so that an acknowledgement is void once the finding changes (other
    numbers, another message) and the approver must look again. Written by ``do_acknowledge_warning``; the
    checks before publishing (``reports.checks``) read it.
    """

    report = models.ForeignKey(
        Report, verbose_name=_("annual report"), on_delete=models.CASCADE, related_name="acknowledgements"
    )
    rule = models.CharField(_("rule"), max_length=10)
    cells = models.TextField(_("cells"))
    finding = models.JSONField(_("finding as acknowledged"))
    reason = models.TextField(_("reason"))
    acknowledged_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("acknowledged by"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    acknowledged_at = models.DateTimeField(_("acknowledged at"))

    class Meta:
        verbose_name = _("acknowledged warning")
        verbose_name_plural = _("acknowledged warnings")
        ordering = ["report", "rule", "cells"]
        constraints = [
            models.UniqueConstraint(
                fields=["report", "rule", "cells"], name="one_acknowledgement_per_finding"
            )
        ]

    def __str__(self) -> str:
        return f"{self.report} {self.rule} {self.cells}"


class ReportEvent(AuditEntry):
    """The audit log of a report: one row per change, written by the action in the same transaction."""

    class Kind(models.TextChoices):
        BUILT = "built", _("Built")
        NARRATIVE = "narrative", _("Narrative edited")
        ACKNOWLEDGED = "acknowledged", _("Warning acknowledged")
        PUBLISHED = "published", _("Published")
        CORRECTION = "correction", _("Correction started")
        IMPORTED = "imported", _("Imported")

    report = models.ForeignKey(
        Report, verbose_name=_("annual report"), on_delete=models.CASCADE, related_name="events"
    )
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    # The report as this change left it (its tables and narrative: ``editor.snapshot``), so that the
    # editor can compare any two versions; empty for changes that leave the content as it was.
    snapshot = models.JSONField(_("content after the change"), default=dict, blank=True)

    class Meta(AuditEntry.Meta):
        verbose_name = _("report event")
        verbose_name_plural = _("report events")

    def __str__(self) -> str:
        return f"{self.report_id} {self.kind} {self.at:%Y-%m-%d %H:%M}"
