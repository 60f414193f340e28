"""Every change the oversight app makes: starting a batch audit and recording its results."""

from __future__ import annotations

import datetime
import tempfile
from collections.abc import Iterable
from pathlib import Path
from typing import IO, TYPE_CHECKING

from django.core.exceptions import ValidationError
from django.core.files import File
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from gongkai.agencies.access import recorded_as
from gongkai.agencies.models import Agency
from gongkai.lib.storage import private_storage
from gongkai.ops.worker import abandoned_after
from gongkai.reports.auditing import AuditResult, same_agency

from .collect import Collector, Refused
from .models import AuditFile, AuditJob

if TYPE_CHECKING:
    from gongkai.agencies.access import Actor


def do_start_audit_job(
    actor: Actor, scope: Agency | None, uploads: Iterable[tuple[str, IO[bytes]]]
) -> AuditJob:
    """Store the uploaded reports (ZIPs unpacked safely) as a new job and queue its audit.

    ``ValidationError`` when nothing in the upload is a report file or the upload is refused as a whole;
    no job remains then.
    """
    storage = private_storage()
    with transaction.atomic(), tempfile.TemporaryDirectory(prefix="gongkai-audit-") as scratch:
        job = AuditJob.objects.create(created_by=recorded_as(actor), scope=scope)
        # Unpacked and checked on this host's disk, then stored where every worker host finds them (the
        # object store in a province deployment: docs/deployment.md).
        collector = Collector(Path(scratch))
        try:
            for name, stream in uploads:
                collector.add_file(name, stream)
            if not collector.result.files:
                raise Refused(_("The upload holds no report files."))
        except Refused as exc:
            transaction.set_rollback(True)
            raise ValidationError(exc.reason) from exc
        # Audited in name order, as ``gongkai audit DIRECTORY`` does.
        ordered = sorted(collector.result.files, key=lambda item: item[0])
        stored: list[str] = []
        try:
            for _name, path, _size in ordered:
                with path.open("rb") as handle:
                    stored.append(storage.save(f"{job.storage_dir()}/{path.name}", File(handle)))
        except BaseException:
            for saved in stored:
                storage.delete(saved)
            raise
        AuditFile.objects.bulk_create(
            AuditFile(job=job, position=index, name=name[:500], stored=saved, size=size)
            for index, ((name, _path, size), saved) in enumerate(zip(ordered, stored, strict=True), start=1)
        )
        job.total = len(ordered)
        job.skipped = collector.result.skipped
        job.save(update_fields=["total", "skipped"])
        transaction.on_commit(lambda: _enqueue(job.pk))
    return job


def _enqueue(job_pk: int) -> None:
    from .tasks import run_audit_job

    run_audit_job.enqueue(job_pk)


def do_claim_audit_job(job_pk: int, now: datetime.datetime | None = None) -> bool:
    """Mark a queued job running; ``False`` if another worker has it (a conditional UPDATE).

    A job left running longer than ``ops.worker.abandoned_after()`` belonged to a worker that died: it may
    be claimed again and audited from the start (each file's result is overwritten, so that is safe)."""
    now = now or timezone.now()
    stale = now - abandoned_after()
    claimable = Q(status=AuditJob.Status.QUEUED) | Q(status=AuditJob.Status.RUNNING, started_at__lt=stale)
    return bool(
        AuditJob.objects.filter(claimable, pk=job_pk).update(
            status=AuditJob.Status.RUNNING, started_at=now, read=0, checked=0
        )
    )


def do_requeue_audit_job(job_pk: int) -> None:
    """A worker told to stop abandoned the running job: queued again, to be audited from the start."""
    AuditJob.objects.filter(pk=job_pk, status=AuditJob.Status.RUNNING).update(
        status=AuditJob.Status.QUEUED, started_at=None, read=0, checked=0
    )


def do_count_read(job_pk: int, read: int) -> None:
    AuditJob.objects.filter(pk=job_pk).update(read=read)


def match_agency(printed: str | None, candidates: Iterable[Agency]) -> Agency | None:
    """The one agency among ``candidates`` whose name the report prints (exact name first)."""
    if not printed:
        return None
    pool = list(candidates)
    exact = [agency for agency in pool if printed in (agency.name, agency.short_name)]
    if len(exact) == 1:
        return exact[0]
    close = [agency for agency in pool if same_agency(printed, agency.name)]
    return close[0] if len(close) == 1 else None


@transaction.atomic
def do_record_audit_result(job: AuditJob, file: AuditFile, result: AuditResult, checked: int) -> None:
    """Store one file's audit (as ``gongkai audit`` reports it) and advance the job's progress."""
    file.done = True
    if result.report is None:
        file.cannot_read = result.error or _("cannot be read")
    else:
        report = result.report
        data = result.to_json()
        data.pop("file", None)  # the path on the server's disk says nothing to the reader
        file.report = data
        file.agency_name = (report.agency or "")[:200]
        file.year = report.year
        file.format = report.format
        file.errors = result.errors
        file.warnings = result.warnings
        file.findings = [finding.to_json() for finding in result.findings]
        scope = Agency.objects.subtree(job.scope) if job.scope is not None else Agency.objects.all()
        file.agency = match_agency(report.agency, scope)
    file.save()
    AuditJob.objects.filter(pk=job.pk).update(checked=checked)


def do_finish_audit_job(job_pk: int, error: str = "") -> None:
    AuditJob.objects.filter(pk=job_pk).update(
        status=AuditJob.Status.FAILED if error else AuditJob.Status.DONE,
        error=error,
        finished_at=timezone.now(),
    )
