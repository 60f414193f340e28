"""The operators' records: which background workers are alive (``WorkerHeartbeat``, see ``ops.worker``)."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class WorkerHeartbeat(models.Model):
    """One row per running ``gongkai worker``: it writes ``last_seen`` while it runs (between polls and
    between the items of a long task) and deletes its row when it stops cleanly. Pages whose work waits for
    a worker (batch audits, reminders) say so when no row is recent."""

    worker_id = models.CharField(_("worker"), max_length=64, unique=True)
    host = models.CharField(_("host"), max_length=255)
    pid = models.PositiveIntegerField(_("process"))
    started_at = models.DateTimeField(_("started at"))
    last_seen = models.DateTimeField(_("last seen"), db_index=True)

    class Meta:
        verbose_name = _("worker heartbeat")
        verbose_name_plural = _("worker heartbeats")
        ordering = ["-last_seen"]

    def __str__(self) -> str:
        return f"{self.host}:{self.pid} ({self.worker_id})"
