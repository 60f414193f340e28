"""The batch audit as a background task (django-tasks, database backend): takes the job's primary key."""

from __future__ import annotations

import logging
from collections.abc import Iterator
from pathlib import Path

from django_tasks import task

from gongkai.lib.storage import local_copy, private_storage
from gongkai.ops.worker import WorkerStopping, checkpoint
from gongkai.reports.auditing import AuditResult, audit_all

from . import actions
from .models import AuditFile, AuditJob

logger = logging.getLogger(__name__)


@task()
def run_audit_job(job_pk: int) -> dict[str, int]:
    """Audit the job's files exactly as ``gongkai audit`` audits a directory (``audit_all``: reports of the
    year before found in the same upload inform R6), recording progress after each file read and checked.
    A worker told to stop abandons the job between two files and puts it back in the queue."""
    if not actions.do_claim_audit_job(job_pk):
        return {"files": 0}
    job = AuditJob.objects.get(pk=job_pk)
    files = list(job.files.order_by("position"))
    storage = private_storage()

    def paths() -> Iterator[Path]:
        # ``audit_all`` reads each path when it asks for the next: count the ones it has finished. A file in
        # an object store is read from a local copy that lasts until then.
        for index, file in enumerate(files):
            checkpoint()
            actions.do_count_read(job_pk, index)
            with local_copy(storage, file.stored) as path:
                yield path
        actions.do_count_read(job_pk, len(files))

    checked = 0

    def on_done(result: AuditResult) -> None:
        nonlocal checked
        file: AuditFile = files[checked]
        checked += 1
        actions.do_record_audit_result(job, file, result, checked)
        checkpoint()

    try:
        audit_all(paths(), on_done=on_done)
    except WorkerStopping:
        actions.do_requeue_audit_job(job_pk)
        raise
    except Exception as exc:  # recorded on the job for the page to show; the worker goes on
        logger.exception("batch audit %s failed", job_pk)
        actions.do_finish_audit_job(job_pk, error=type(exc).__name__)
        raise
    actions.do_finish_audit_job(job_pk)
    return {"files": len(files)}
