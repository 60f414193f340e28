"""The background worker as the rest of the platform sees it: whether one is alive, and how the work in
hand is told to stop.

``gongkai worker`` registers itself here (``start``) and, when SIGTERM or SIGINT arrives, asks the work in
hand to stop (``request_stop``). A long task calls ``checkpoint()`` between its items: in a worker told to
stop it raises ``WorkerStopping``, the task abandons the rest, and the worker puts the task back in the
queue for the next worker and exits — within one item, however much work was left. Only tasks that are
safe to run again may call it (see ``ops.recovery``). Outside a worker (tests, the demo, a task run with
``.call()``) ``checkpoint`` does nothing.

The heartbeat: a running worker keeps a ``WorkerHeartbeat`` row fresh — between its polls and at the
checkpoints of a long task — and deletes it when it stops. ``worker_seen_recently`` is what the pages whose
work waits for a worker (batch audits, reminders) ask before saying that none is running.
"""

from __future__ import annotations

import datetime
import os
import socket
import time
from dataclasses import dataclass

from django.conf import settings
from django.utils import timezone

from .models import WorkerHeartbeat

# A running worker writes its heartbeat at least this often (the pages wait far longer before they worry).
HEARTBEAT_SECONDS = 10.0
# Rows of workers that died without deleting theirs are removed after this long.
FORGET_AFTER = datetime.timedelta(days=1)


class WorkerStopping(BaseException):
    """The worker was told to stop: abandon the task at this checkpoint. A ``BaseException``, like
    ``KeyboardInterrupt``, so that a task's ``except Exception`` does not take it for the task's failure."""


@dataclass
class _Worker:
    worker_id: str
    stop_requested: bool = False
    last_beat: float = 0.0  # time.monotonic() of the last heartbeat written


_current: _Worker | None = None


def start(worker_id: str) -> None:
    """Register this process as the worker ``worker_id`` and write its first heartbeat."""
    global _current
    _current = _Worker(worker_id)
    now = timezone.now()
    WorkerHeartbeat.objects.filter(last_seen__lt=now - FORGET_AFTER).delete()
    beat(force=True)


def finish() -> None:
    """The worker stops: delete its heartbeat, so the pages know at once that it is gone."""
    global _current
    if _current is not None:
        WorkerHeartbeat.objects.filter(worker_id=_current.worker_id).delete()
    _current = None


def request_stop() -> None:
    """Ask the work in hand to stop at its next checkpoint (called from the worker's signal handler)."""
    if _current is not None:
        _current.stop_requested = True


def stop_requested() -> bool:
    return _current is not None and _current.stop_requested


def beat(force: bool = False) -> None:
    """Write this worker's heartbeat if ``HEARTBEAT_SECONDS`` have passed since the last (or ``force``)."""
    if _current is None or (not force and time.monotonic() - _current.last_beat < HEARTBEAT_SECONDS):
        return
    now = timezone.now()
    if not WorkerHeartbeat.objects.filter(worker_id=_current.worker_id).update(last_seen=now):
        WorkerHeartbeat.objects.create(
            worker_id=_current.worker_id,
            host=socket.gethostname()[:255],
            pid=os.getpid(),
            started_at=now,
            last_seen=now,
        )
    _current.last_beat = time.monotonic()


def checkpoint() -> None:
    """Between two items of a long task: keep the heartbeat fresh, and raise ``WorkerStopping`` if the
    worker was told to stop. Call it where abandoning the task is safe (no transaction open)."""
    if _current is None:
        return
    if _current.stop_requested:
        raise WorkerStopping
    beat()


def abandoned_after() -> datetime.timedelta:
    """How long a task may have been running before it counts as its dead worker's, and may run again.

    The database queue knows nothing of a running task's worker but when it started: longer than any task
    takes (``GONGKAI_WORKER_STALE_SECONDS``). The Redis pool hands a running job to another worker only once
    its heartbeat is ``GONGKAI_TASKS_ABANDONED_SECONDS`` late (``ops.taskqueue``): its first run is dead."""
    if settings.GONGKAI_TASKS_BACKEND == "rq":
        return datetime.timedelta(seconds=settings.GONGKAI_TASKS_ABANDONED_SECONDS)
    return datetime.timedelta(seconds=settings.GONGKAI_WORKER_STALE_SECONDS)


def worker_seen_recently(now: datetime.datetime | None = None) -> bool:
    """Whether some worker wrote its heartbeat within ``GONGKAI_WORKER_MISSING_SECONDS``."""
    since = (now or timezone.now()) - datetime.timedelta(seconds=settings.GONGKAI_WORKER_MISSING_SECONDS)
    return WorkerHeartbeat.objects.filter(last_seen__gte=since).exists()


def missing_minutes() -> int:
    """``GONGKAI_WORKER_MISSING_SECONDS`` in whole minutes (at least one), for the pages' notice."""
    return max(1, round(settings.GONGKAI_WORKER_MISSING_SECONDS / 60))
