"""Recovering the work of a worker that died without cleaning up (SIGKILL, power loss, OOM killer).

django-tasks-db marks a task RUNNING when a worker claims it and SUCCESSFUL or FAILED when it ends; a
worker killed in between leaves the row RUNNING for ever, and the day's sweep — claimed once per day by a
``ScheduledRun`` row — would then never finish that day: the remaining reminders would be lost.

``requeue_abandoned_tasks`` puts such rows back in the queue. It is only for tasks that are safe to run
again, even while the first run might still be going: the daily sweep is (one ``Reminder`` per user,
application, kind and due date is a unique constraint; e-mails are claimed by a conditional UPDATE; lapses
only touch applications still waiting). A worker calls it when it starts and before each poll.

On the Redis-backed worker pool (``GONGKAI_TASKS_BACKEND=rq``) RQ itself queues a dead worker's job again
(``ops.taskqueue``); the same list says which tasks may run again.

A worker told to stop (SIGTERM) does not wait that long: its task abandons the work at the next checkpoint
(``ops.worker``) and ``requeue_stopped_task`` puts it back in the queue at once.
"""

from __future__ import annotations

import datetime
from typing import Any

from django.db.models import Q
from django.utils import timezone
from django_tasks_db.compat import TaskResultStatus
from django_tasks_db.models import DBTaskResult

# Tasks that may safely run again (see the module docstring); "module.function" as django-tasks records it.
RERUNNABLE_TASKS = (
    "gongkai.applications.tasks.daily_sweep",
    # A batch audit job is claimed by a conditional UPDATE and rewrites each file's result: safe again too.
    "gongkai.oversight.tasks.run_audit_job",
)


def requeue_abandoned_tasks(older_than: datetime.timedelta, now: datetime.datetime | None = None) -> int:
    """Put RUNNING re-runnable tasks that started before ``now - older_than`` back in the queue; return
    how many. ``older_than`` must be longer than the task ever takes in a live worker, or the second run
    merely overlaps the first (harmless for these tasks, but wasted work)."""
    cutoff = (now or timezone.now()) - older_than
    stale = DBTaskResult.objects.filter(
        status=TaskResultStatus.RUNNING, task_path__in=RERUNNABLE_TASKS
    ).filter(Q(started_at__lt=cutoff) | Q(started_at__isnull=True))
    return stale.update(status=TaskResultStatus.READY, started_at=None)


def requeue_stopped_task(task_pk: Any) -> bool:
    """Put a task its worker abandoned at a checkpoint (``ops.worker.WorkerStopping``: the worker was told
    to stop) back in the queue at once, for the next worker to run from the start."""
    running = DBTaskResult.objects.filter(pk=task_pk, status=TaskResultStatus.RUNNING)
    return bool(running.update(status=TaskResultStatus.READY, started_at=None))
