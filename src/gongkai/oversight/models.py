"""Batch audits of the departments' published annual reports, run by the oversight office.

An ``AuditJob`` is one upload (a ZIP or several files); each report file in it is an ``AuditFile``, stored
under ``oversight/audits/<job>/`` in the private storage (``STORAGES["default"]``, which every worker host
reaches). The background task (``tasks.run_audit_job``) reads and checks the files and fills in each file's
result and the job's progress counters as it goes; the job page polls them.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from gongkai.agencies.models import Agency


class AuditJob(models.Model):
    class Status(models.TextChoices):
        QUEUED = "queued", _("Queued")
        RUNNING = "running", _("Running")
        DONE = "done", _("Done")
        FAILED = "failed", _("Failed")

    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("uploaded by"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    # The oversight office whose subtree the job belongs to; null for a superuser's job over every agency.
    scope = models.ForeignKey(
        Agency,
        verbose_name=_("agency scope"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="audit_jobs",
    )
    status = models.CharField(_("status"), max_length=20, choices=Status.choices, default=Status.QUEUED)
    total = models.PositiveIntegerField(_("files"), default=0)
    # Two passes, as ``gongkai audit`` makes them: every file is read first (so that a department's report
    # of last year found in the same upload informs rule R6), then each is checked.
    read = models.PositiveIntegerField(_("files read"), default=0)
    checked = models.PositiveIntegerField(_("files checked"), default=0)
    skipped = models.JSONField(_("skipped upload members"), default=list, blank=True)
    error = models.TextField(_("error"), blank=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    started_at = models.DateTimeField(_("started at"), null=True, blank=True)
    finished_at = models.DateTimeField(_("finished at"), null=True, blank=True)

    class Meta:
        verbose_name = _("batch audit")
        verbose_name_plural = _("batch audits")
        ordering = ["-created_at", "-pk"]

    def __str__(self) -> str:
        # The page's own heading (templates/oversight/audit_job.html), for the admin's lists.
        when = timezone.localtime(self.created_at).strftime("%Y-%m-%d %H:%M")
        return gettext("Batch audit of %(when)s") % {"when": when}

    @property
    def finished(self) -> bool:
        return self.status in (AuditJob.Status.DONE, AuditJob.Status.FAILED)

    @property
    def percent(self) -> int:
        """Progress in per cent: reading and checking count as half each."""
        if not self.total:
            return 100 if self.finished else 0
        return min(100, (self.read + self.checked) * 50 // self.total)

    def storage_dir(self) -> str:
        """Where the job's files live in the private storage."""
        return f"oversight/audits/{self.pk}"


class AuditFile(models.Model):
    job = models.ForeignKey(
        AuditJob, verbose_name=_("batch audit"), on_delete=models.CASCADE, related_name="files"
    )
    position = models.PositiveIntegerField(_("position"))
    name = models.CharField(_("file name"), max_length=500)  # as uploaded (the path inside the ZIP)
    stored = models.CharField(_("stored as"), max_length=500)  # its name in the private storage
    size = models.PositiveBigIntegerField(_("size"), default=0)
    done = models.BooleanField(_("done"), default=False)
    # Why the file could not be read (the reason ``gongkai audit`` gives); empty when read.
    cannot_read = models.TextField(_("cannot read"), blank=True)
    agency_name = models.CharField(_("agency as printed"), max_length=200, blank=True)
    year = models.PositiveIntegerField(_("year"), null=True, blank=True)
    format = models.CharField(_("format"), max_length=10, blank=True)
    errors = models.PositiveIntegerField(_("errors"), default=0)
    warnings = models.PositiveIntegerField(_("warnings"), default=0)
    findings = models.JSONField(_("findings"), default=list, blank=True)
    report = models.JSONField(_("report as read"), default=dict, blank=True)
    # The agency in the job's scope whose name the report prints, where there is one.
    agency = models.ForeignKey(
        Agency, verbose_name=_("agency"), null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        verbose_name = _("audited file")
        verbose_name_plural = _("audited files")
        ordering = ["job", "position"]
        constraints = [models.UniqueConstraint(fields=["job", "position"], name="unique_audit_file_position")]

    def __str__(self) -> str:
        return self.name

    @property
    def readable(self) -> bool:
        return self.done and not self.cannot_read

    @property
    def ok(self) -> bool:
        return self.readable and self.errors == 0
