"""The Redis-backed worker pool (``GONGKAI_TASKS_BACKEND=rq``): django-tasks-rq puts the tasks on an RQ
queue that any number of ``gongkai worker`` processes, on any number of hosts, take jobs from.

A killed worker loses no task. RQ records each running job in the queue's ``StartedJobRegistry`` with an
expiry that the worker pushes forward (its heartbeat, every ``GONGKAI_TASKS_HEARTBEAT_SECONDS``) while the
job runs. A worker that dies (SIGKILL, power loss, OOM killer) stops renewing it; once it is
``GONGKAI_TASKS_ABANDONED_SECONDS`` late, the next registry cleanup of any live worker (every
``GONGKAI_TASKS_MAINTENANCE_SECONDS``, one worker at a time under RQ's maintenance lock) finds the job
abandoned and, because every job is enqueued with an RQ ``Retry``, puts it back in the queue for another
worker. That is only sound because every task is idempotent (``ops.recovery.RERUNNABLE_TASKS`` lists them;
tests/test_task_queue.py runs each twice). RQ's own grace is a fixed minute on top of the heartbeat
interval; here it is a setting, so that the kill test can be fast.

Periodic jobs are not RQ's business: each worker's maintenance calls ``periodic`` (the command passes
``schedule_daily_sweep``), whose claim row per job and day lets only one worker of the pool enqueue it.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.conf import settings
from django.db import connections
from django_rq.queues import DjangoRQ
from rq import Retry, Worker
from rq.job import Job
from rq.queue import Queue

from . import worker as runtime


class RetryingQueue(DjangoRQ):
    """django-rq's queue, except that every job it creates comes back after an abandonment or a failure,
    up to ``GONGKAI_TASKS_RETRIES`` times (RQ's ``Retry``: the abandoned-job cleanup honours it)."""

    def create_job(self, *args: Any, **kwargs: Any) -> Job:
        if kwargs.get("retry") is None:
            kwargs["retry"] = Retry(max=settings.GONGKAI_TASKS_RETRIES)
        return super().create_job(*args, **kwargs)


class PoolWorker(Worker):
    """RQ's forking worker (each job in a child process, the "work horse"), with gongkai's heartbeat row
    kept fresh for the pages, the periodic jobs scheduled at each maintenance, and the grace after which a
    silent job counts as abandoned taken from the settings."""

    periodic: Callable[[], None] | None = None

    def get_heartbeat_ttl(self, job: Job) -> int:
        return int(self.job_monitoring_interval + settings.GONGKAI_TASKS_ABANDONED_SECONDS)

    def run_maintenance_tasks(self) -> None:
        super().run_maintenance_tasks()  # among others: requeue the jobs of dead workers
        runtime.beat(force=True)
        if self.periodic is not None:
            self.periodic()

    def maintain_heartbeats(self, job: Job) -> None:
        super().maintain_heartbeats(job)
        runtime.beat()

    def fork_work_horse(self, job: Job, queue: Queue) -> None:
        # The child must not share the parent's database connections (its queries would interleave with
        # the parent's heartbeat on one socket): close them, each side opens its own.
        connections.close_all()
        super().fork_work_horse(job, queue)


def pool_worker(name: str, periodic: Callable[[], None] | None = None) -> PoolWorker:
    """A worker on the "default" queue of ``RQ_QUEUES``, its timings from the settings."""
    from django_rq.workers import get_worker

    maintenance = settings.GONGKAI_TASKS_MAINTENANCE_SECONDS
    worker = get_worker(
        "default",
        worker_class=PoolWorker,
        job_class="django_tasks_rq.Job",  # runs the job as the django-tasks task it is
        name=name,
        # RQ waits for a job this long less 15 s between maintenances: wake up at least every maintenance.
        worker_ttl=maintenance + 15,
        maintenance_interval=maintenance,
        job_monitoring_interval=settings.GONGKAI_TASKS_HEARTBEAT_SECONDS,
    )
    assert isinstance(worker, PoolWorker)
    worker.periodic = periodic
    return worker
