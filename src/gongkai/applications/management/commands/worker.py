"""``gongkai worker``: the background worker — schedules the daily sweep and runs queued tasks.

Several workers may run; the day's sweep is claimed by a unique row and each task by django-tasks-db's
row lock, so nothing runs twice. SIGTERM/SIGINT stop it promptly: it takes no other task, and the task in
hand abandons its work at its next checkpoint (``gongkai.ops.worker``: one reminder, one e-mail, one
audited file) and goes back to the queue, for the next worker to run again. A second signal ends it at once.
While it runs it keeps its heartbeat fresh, for the pages that say when no worker is running.

With ``GONGKAI_TASKS_BACKEND=rq`` it is an RQ worker of the Redis-backed pool instead
(``gongkai.ops.taskqueue``): the same tasks, the same once-a-day claim of the sweep; SIGTERM lets the job in
hand finish (a second one ends it, and the job goes back to the queue), and the job of a worker that was
killed is queued again by the pool's other workers.
"""

from __future__ import annotations

import datetime
import logging
import os
import signal
import socket
import time
from typing import Any

from django.conf import settings
from django.core.exceptions import SuspiciousOperation
from django.core.management.base import BaseCommand
from django.db import close_old_connections
from django.utils import timezone
from django.utils.crypto import get_random_string
from django_tasks_db.compat import TaskContext, task_finished, task_started
from django_tasks_db.management.commands.db_worker import Worker
from django_tasks_db.models import DBTaskResult

from gongkai.applications.tasks import schedule_daily_sweep
from gongkai.ops import worker as runtime
from gongkai.ops.recovery import requeue_abandoned_tasks, requeue_stopped_task

logger = logging.getLogger("gongkai.worker")


class StoppableWorker(Worker):
    """django-tasks-db's worker, except that a task abandoned at a checkpoint because the worker was told
    to stop (``WorkerStopping``) goes back to the queue instead of being recorded as failed."""

    def run_task(self, db_task_result: DBTaskResult) -> None:
        self.running_task = True
        try:
            task = db_task_result.task
            task_result = db_task_result.task_result
            task_started.send(sender=type(task.get_backend()), task_result=task_result)
            if task.takes_context:
                context = TaskContext(task_result=task_result)
                value = task.call(context, *task_result.args, **task_result.kwargs)
            else:
                value = task.call(*task_result.args, **task_result.kwargs)
            db_task_result.set_successful(value)
            task_finished.send(sender=type(task.get_backend()), task_result=db_task_result.task_result)
        except runtime.WorkerStopping:
            requeue_stopped_task(db_task_result.pk)
            logger.warning(
                "Task id=%s abandoned because the worker is stopping: queued again.", db_task_result.pk
            )
        except BaseException as exc:  # recorded as django-tasks-db records a failure; the worker goes on
            db_task_result.set_failed(exc)
            try:
                sender = type(db_task_result.task.get_backend())
            except (ImportError, SuspiciousOperation):
                logger.exception("Task id=%s failed unexpectedly", db_task_result.pk)
            else:
                task_finished.send(sender=sender, task_result=db_task_result.task_result)
        finally:
            self.running_task = False
            self._run_tasks += 1


class Command(BaseCommand):
    help = "运行后台任务（提醒、逾期处理、批量审核）/ run the background worker (reminders, lapses, batch audits)"

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("--interval", type=float, default=5.0, help="seconds between polls")
        parser.add_argument("--once", action="store_true", help="schedule, run what is queued, and exit")

    def handle(self, *args: Any, interval: float, once: bool, **options: Any) -> None:
        if settings.GONGKAI_TASKS_BACKEND == "rq":
            self.run_pool_worker(once)
            return
        self.worker: Worker | None = None
        # django-tasks-db's own worker announces each poll ("Starting worker", "No more tasks"): every few
        # seconds here. The tasks' start and end are still logged (logger "django_tasks").
        logging.getLogger("django_tasks_db").setLevel(logging.WARNING)
        worker_id = get_random_string(16)
        runtime.start(worker_id)
        # Only now: a signal before this ends the process as by default (there is nothing to finish yet).
        previous = {sig: signal.signal(sig, self.stop) for sig in (signal.SIGTERM, signal.SIGINT)}
        self.stdout.write(f"gongkai worker {worker_id} started (pid {os.getpid()})")
        self.stdout.flush()
        try:
            while not runtime.stop_requested():
                self.poll(worker_id)
                if once:
                    break
                deadline = time.monotonic() + interval
                while not runtime.stop_requested() and time.monotonic() < deadline:
                    time.sleep(min(0.2, interval))
                    runtime.beat()
        finally:
            runtime.finish()
            for sig, handler in previous.items():  # (in-process callers, such as tests, get theirs back)
                signal.signal(sig, handler)
        self.stdout.write("gongkai worker stopped")

    def run_pool_worker(self, once: bool) -> None:
        """Take jobs from the Redis queue until told to stop (``--once``: until the queue is empty)."""
        from rq.logutils import setup_loghandlers

        from gongkai.ops.taskqueue import pool_worker

        name = f"{socket.gethostname()}.{os.getpid()}.{get_random_string(6)}"
        worker = pool_worker(name, periodic=self.schedule)
        runtime.start(name)
        self.stdout.write(f"gongkai worker {name} started (pid {os.getpid()}, queue {worker.queues[0].name})")
        self.stdout.flush()
        setup_loghandlers("WARNING")
        close_old_connections()
        try:
            worker.work(burst=once, logging_level="WARNING")
        finally:
            runtime.finish()
        self.stdout.write("gongkai worker stopped")

    def schedule(self) -> None:
        if schedule_daily_sweep(timezone.localdate()):
            self.stdout.write(f"scheduled the daily sweep for {timezone.localdate()}")

    def poll(self, worker_id: str) -> None:
        """Requeue what dead workers left, schedule the day's sweep, and run every queued task."""
        close_old_connections()
        runtime.beat()
        stale_after = datetime.timedelta(seconds=settings.GONGKAI_WORKER_STALE_SECONDS)
        if requeued := requeue_abandoned_tasks(stale_after):
            self.stdout.write(f"queued again {requeued} task(s) left running by a worker that died")
        if schedule_daily_sweep(timezone.localdate()):
            self.stdout.write(f"scheduled the daily sweep for {timezone.localdate()}")
        self.worker = StoppableWorker(
            queue_names=["default"],
            interval=0,
            batch=True,
            backend_name="default",
            startup_delay=False,
            max_tasks=None,
            worker_id=worker_id,
            excluded_queue_names=[],
        )
        if runtime.stop_requested():  # told to stop while scheduling: take no task
            return
        self.worker.run()

    def stop(self, signum: int, frame: Any) -> None:
        if runtime.stop_requested():  # told twice: stop now, as the signal's default action does
            signal.signal(signum, signal.SIG_DFL)
            os.kill(os.getpid(), signum)
            return
        runtime.request_stop()  # (no output here: a signal may arrive in the middle of a write)
        if self.worker is not None:
            self.worker.running = False  # take no other task
