"""``gongkai worker``: the background worker — schedules the daily sweep and runs queued tasks.

Several workers may run; the day's sweep is claimed by a unique row and each task by django-tasks-db's
row lock, so nothing runs twice. SIGTERM/SIGINT stop it after the task in hand.
"""

from __future__ import annotations

import datetime
import signal
import time
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand
from django.db import close_old_connections
from django.utils import timezone
from django.utils.crypto import get_random_string
from django_tasks_db.management.commands.db_worker import Worker

from gongkai.applications.tasks import schedule_daily_sweep
from gongkai.ops.recovery import requeue_abandoned_tasks


class Command(BaseCommand):
    help = "运行后台任务（提醒、逾期处理）/ run the background worker (reminders, lapses)"

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("--interval", type=float, default=5.0, help="seconds between polls")
        parser.add_argument("--once", action="store_true", help="schedule, run what is queued, and exit")

    def handle(self, *args: Any, interval: float, once: bool, **options: Any) -> None:
        self.running = True
        self.worker: Worker | None = None
        signal.signal(signal.SIGTERM, self.stop)
        signal.signal(signal.SIGINT, self.stop)
        worker_id = get_random_string(16)
        self.stdout.write(f"gongkai worker {worker_id} started")
        while self.running:
            close_old_connections()
            stale_after = datetime.timedelta(seconds=settings.GONGKAI_WORKER_STALE_SECONDS)
            if requeued := requeue_abandoned_tasks(stale_after):
                self.stdout.write(f"queued again {requeued} task(s) left running by a worker that died")
            if schedule_daily_sweep(timezone.localdate()):
                self.stdout.write(f"scheduled the daily sweep for {timezone.localdate()}")
            self.worker = Worker(
                queue_names=["default"],
                interval=0,
                batch=True,
                backend_name="default",
                startup_delay=False,
                max_tasks=None,
                worker_id=worker_id,
                excluded_queue_names=[],
            )
            self.worker.run()
            if once:
                break
            deadline = time.monotonic() + interval
            while self.running and time.monotonic() < deadline:
                time.sleep(0.2)
        self.stdout.write("gongkai worker stopped")

    def stop(self, signum: int, frame: Any) -> None:
        self.running = False
        if self.worker is not None:
            self.worker.running = False  # finish the task in hand, take no other
