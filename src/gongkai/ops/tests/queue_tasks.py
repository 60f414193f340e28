"""A task for the worker-pool tests (tests/test_task_queue.py): it makes its one effect, then holds its
worker until the test lets it finish — so that the test can kill the worker mid-task."""

from __future__ import annotations

import datetime
import os
import time
from pathlib import Path

from django_tasks import task

from gongkai.applications.models import ScheduledRun

EFFECT_DAY = datetime.date(2000, 1, 1)


@task()
def record_then_wait(key: str, gate: str, attempts: str) -> str:
    """Note this attempt (a file per process), claim the row ``key`` (once, however often it runs: the
    claim is unique), then wait until the file ``gate`` exists."""
    Path(attempts, str(os.getpid())).touch()
    ScheduledRun.objects.get_or_create(job=key, day=EFFECT_DAY)
    while not Path(gate).exists():
        time.sleep(0.05)
    return key
