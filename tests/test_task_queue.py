"""The background tasks on the Redis-backed worker pool (GONGKAI_TASKS_BACKEND=rq, gongkai.ops.taskqueue):
a worker killed mid-task loses nothing, every task may run twice with the effect of once, and the periodic
sweep is enqueued once per day however many workers race to schedule it — on the database queue too.

The pool runs on the machine's Redis (127.0.0.1:6379, or the server of GONGKAI_TEST_REDIS_URL), in a database
of these tests' own: RQ's key names are fixed (``rq:``) and its workers take every job of a queue, so the
SQLite suite (database 12) and the PostgreSQL suite (13), which scripts/test.sh runs side by side, must not
share one — a worker of one would run the other's jobs on the wrong database. Only the ``rq:`` keys there
are deleted, and the module's tests stay on one xdist worker."""

from __future__ import annotations

import contextlib
import datetime
import importlib
import os
import pkgutil
import signal
import sqlite3
import subprocess
import threading
import time
import urllib.parse
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
import redis
from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test import Client
from django.utils import timezone
from django_tasks.base import Task
from django_tasks_db.models import DBTaskResult

import gongkai
from conftest import GONGKAI
from gongkai.applications.models import Reminder, ScheduledRun
from gongkai.applications.tasks import DAILY_SWEEP, daily_sweep, schedule_daily_sweep
from gongkai.applications.tests.helpers import register
from gongkai.ops.recovery import RERUNNABLE_TASKS
from gongkai.ops.tests.queue_tasks import record_then_wait
from gongkai.oversight.models import AuditFile, AuditJob
from gongkai.oversight.tasks import run_audit_job
from gongkai.testing import Cast
from gongkai.workdays.seed import seed_from_chinesecalendar
from scratch_databases import on_postgresql

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.xdist_group("task_queue")]


def rq_test_url() -> str:
    server = urllib.parse.urlsplit(os.environ.get("GONGKAI_TEST_REDIS_URL", "redis://127.0.0.1:6379/11"))
    database = 13 if on_postgresql() else 12
    return urllib.parse.urlunsplit(server._replace(path=f"/{database}"))


RQ_TEST_URL = rq_test_url()
# The pool's timings in the kill test: a heartbeat every second, a job 2 s late is abandoned, and the
# surviving worker looks for abandoned jobs every second (production: 10, 60 and 30 s).
FAST_POOL = {
    "GONGKAI_TASKS_HEARTBEAT_SECONDS": "1",
    "GONGKAI_TASKS_ABANDONED_SECONDS": "2",
    "GONGKAI_TASKS_MAINTENANCE_SECONDS": "1",
}


def forget_rq_keys() -> None:
    client = redis.Redis.from_url(RQ_TEST_URL)
    keys = list(client.scan_iter(match="rq:*", count=500))
    if keys:
        client.delete(*keys)
    client.close()


@pytest.fixture
def rq_backend(settings: Any) -> Iterator[None]:
    """The tasks API on the Redis queue, as ``GONGKAI_TASKS_BACKEND=rq`` configures it."""
    forget_rq_keys()
    settings.GONGKAI_TASKS_BACKEND = "rq"
    settings.TASKS = {"default": {"BACKEND": "django_tasks_rq.RQBackend", "QUEUES": ["default"]}}
    settings.RQ_QUEUES = {
        "default": {"URL": RQ_TEST_URL, "QUEUE_CLASS": "gongkai.ops.taskqueue.RetryingQueue"}
    }
    yield
    forget_rq_keys()


@pytest.fixture(autouse=True)
def quiet_mail(settings: Any, tmp_path: Path) -> None:
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"


def rq_queue() -> Any:
    import django_rq

    return django_rq.get_queue("default")


# -- a killed worker loses no task ---------------------------------------------------------------------


def database_for_workers(tmp_path: Path) -> str:
    """A DATABASE_URL through which worker processes see this test's database: PostgreSQL's test database
    itself; SQLite's in-memory one copied, migrations and all, to a file (SQLite's backup API)."""
    db = connection.settings_dict
    if connection.vendor == "postgresql":
        password = f":{db['PASSWORD']}" if db["PASSWORD"] else ""
        return (
            f"postgres://{db['USER']}{password}@{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}/{db['NAME']}"
        )
    if not connection.is_in_memory_db():  # type: ignore[attr-defined]
        return f"sqlite:///{db['NAME']}"
    target = tmp_path / "pool.sqlite3"
    connection.ensure_connection()
    with contextlib.closing(sqlite3.connect(target)) as copy:
        connection.connection.backup(copy)  # type: ignore[union-attr]
    return f"sqlite:///{target}"


def claims(database_url: str, job: str) -> int:
    """The ``ScheduledRun`` rows of ``job`` in the workers' database."""
    if database_url.startswith("sqlite:///"):
        with contextlib.closing(sqlite3.connect(database_url.removeprefix("sqlite:///"), timeout=20)) as db:
            query = "SELECT COUNT(*) FROM applications_scheduledrun WHERE job = ?"
            return int(db.execute(query, (job,)).fetchone()[0])
    return ScheduledRun.objects.filter(job=job).count()


def status(result: Any) -> str:
    result.refresh()
    return str(result.status)


def start_worker(tmp_path: Path, database_url: str) -> subprocess.Popen:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "DATABASE_URL", "GONGKAI_"))}
    env.update(
        FAST_POOL,
        DATABASE_URL=database_url,
        GONGKAI_VAR_DIR=str(tmp_path / "var"),
        GONGKAI_TASKS_BACKEND="rq",
        GONGKAI_TASKS_REDIS_URL=RQ_TEST_URL,
        EMAIL_BACKEND="django.core.mail.backends.locmem.EmailBackend",
        PYTHONPATH=str(Path(gongkai.__file__).parent.parent),
    )
    # A session of its own: SIGKILL to the group kills the worker and the child running the job, as a lost
    # host or the OOM killer would.
    return subprocess.Popen(
        [str(GONGKAI), "worker"],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=open(tmp_path / f"worker-{time.monotonic_ns()}.log", "w"),
        start_new_session=True,
    )


def stop(worker: subprocess.Popen, sig: signal.Signals) -> None:
    """Send ``sig`` to the worker and to the child running its job, as systemd does to the unit's whole
    cgroup (and as a lost host does with SIGKILL): RQ puts that child in a process group of its own."""
    children = Path(f"/proc/{worker.pid}/task/{worker.pid}/children")
    horses = children.read_text().split() if children.exists() else []
    for group in [worker.pid, *map(int, horses)]:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(group, sig)
    worker.wait(timeout=60)


def wait_until(condition: Callable[[], bool], what: str, seconds: float = 60) -> None:
    deadline = time.monotonic() + seconds
    while not condition():
        assert time.monotonic() < deadline, f"not within {seconds:.0f} s: {what}"
        time.sleep(0.05)


@pytest.mark.parametrize(
    ("sig", "left_as"),
    [
        # Killed: the job stays "started" until its heartbeat is late, then a live worker queues it again.
        (signal.SIGKILL, "RUNNING"),
        # Stopped by systemd: the worker sees its job's process end and queues the job again at once.
        (signal.SIGTERM, "READY"),
    ],
    ids=["killed", "stopped"],
)
def test_a_job_whose_worker_dies_mid_task_is_run_again_by_another_worker_with_its_effect_made_once(
    rq_backend: None, tmp_path: Path, sig: signal.Signals, left_as: str
) -> None:
    url = database_for_workers(tmp_path)
    gate, attempts = tmp_path / "gate", tmp_path / "attempts"
    attempts.mkdir()
    key = f"kill-test-{time.monotonic_ns()}"
    result = record_then_wait.enqueue(key, str(gate), str(attempts))
    started = told = time.monotonic()

    first = start_worker(tmp_path, url)
    try:
        wait_until(lambda: claims(url, key) == 1, "the first worker runs the task")
        told = time.monotonic()
        stop(first, sig)  # mid-task: the effect made, the task not finished
        assert status(result) == left_as
        gate.touch()
        second = start_worker(tmp_path, url)
        try:
            wait_until(lambda: status(result) == "SUCCESSFUL", "another worker finishes it")
        finally:
            stop(second, signal.SIGTERM)  # idle: a warm shutdown ends it at once
    finally:
        stop(first, signal.SIGKILL)
    elapsed, recovered = time.monotonic() - started, time.monotonic() - told
    print(f"{sig.name}: the job was finished by the next worker {recovered:.1f} s after the first stopped")

    assert len(list(attempts.iterdir())) == 2  # the run stopped mid-task and the one that finished
    assert claims(url, key) == 1
    assert result.return_value == key
    assert recovered < 30, f"{recovered:.1f} s from the stop to the job done ({elapsed:.1f} s in all)"
    # Each worker scheduled the day's sweep when it started: one claimed it.
    assert claims(url, DAILY_SWEEP) == 1


# -- every task may run twice with the effect of once --------------------------------------------------


def every_task() -> set[str]:
    """The module paths of all tasks in gongkai's ``tasks`` modules."""
    found = set()
    for module in pkgutil.walk_packages(gongkai.__path__, "gongkai."):
        if module.name.endswith(".tasks"):
            for value in vars(importlib.import_module(module.name)).values():
                if isinstance(value, Task):
                    found.add(value.module_path)
    return found


def test_every_task_is_one_the_queue_may_run_again() -> None:
    # A new task joins RERUNNABLE_TASKS (and a test below) only once running it twice is shown harmless.
    assert every_task() == set(RERUNNABLE_TASKS)


def test_the_daily_sweep_run_twice_reminds_and_mails_as_once(cast: Cast) -> None:
    seed_from_chinesecalendar()
    register(cast.clerk, cast.agency, datetime.date(2019, 9, 2))  # long overdue: clerk and approver
    mail.outbox.clear()  # the applicant's message that the application is registered
    today = timezone.localdate().isoformat()
    first = daily_sweep.call(today)
    reminders, sent = list(Reminder.objects.values_list("pk", "emailed_at")), len(mail.outbox)
    second = daily_sweep.call(today)
    assert first["reminders"] == sent == 2
    assert second == {"reminders": 0, "emailed": 0, "lapsed": 0}
    assert list(Reminder.objects.values_list("pk", "emailed_at")) == reminders
    assert len(mail.outbox) == sent


def audit_upload(cast: Cast) -> AuditJob:
    client = Client()
    client.force_login(cast.oversight)
    files = [SimpleUploadedFile("a.txt", b"x"), SimpleUploadedFile("b.md", b"y")]
    assert client.post("/oversight/audits/", {"reports": files}).status_code == 302
    return AuditJob.objects.get()


def test_a_batch_audit_run_twice_is_audited_once(cast: Cast) -> None:
    job = audit_upload(cast)
    assert run_audit_job.call(job.pk) == {"files": 2}
    job.refresh_from_db()
    results = list(AuditFile.objects.order_by("pk").values())
    assert run_audit_job.call(job.pk) == {"files": 0}  # done already: nothing to claim
    assert AuditJob.objects.values("status", "checked", "finished_at").get() == {
        "status": "done",
        "checked": 2,
        "finished_at": job.finished_at,
    }
    assert list(AuditFile.objects.order_by("pk").values()) == results


def test_on_the_pool_a_batch_audit_left_running_by_a_dead_worker_is_audited_when_its_job_comes_back(
    cast: Cast, rq_backend: None, settings: Any
) -> None:
    settings.GONGKAI_TASKS_ABANDONED_SECONDS = 60
    job = audit_upload(cast)
    # The killed run: claimed, one file read, then nothing for longer than RQ waits before requeueing.
    AuditJob.objects.filter(pk=job.pk).update(
        status="running", started_at=timezone.now() - datetime.timedelta(seconds=90), read=1
    )
    assert run_audit_job.call(job.pk) == {"files": 2}
    assert AuditJob.objects.values_list("status", "checked").get() == ("done", 2)


# -- periodic jobs: once per period across hosts -------------------------------------------------------


def race(schedulers: int, day: datetime.date) -> list[bool]:
    """``schedulers`` workers (threads, each with its own database connection) schedule ``day``'s sweep
    at the same moment; what each was told."""
    barrier = threading.Barrier(schedulers)
    told: list[bool] = []
    errors: list[BaseException] = []

    def schedule() -> None:
        try:
            barrier.wait()
            told.append(schedule_daily_sweep(day))
        except BaseException as exc:  # reported below
            errors.append(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=schedule) for _ in range(schedulers)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    return told


@pytest.fixture
def shared_database() -> None:
    if connection.vendor == "sqlite" and connection.is_in_memory_db():  # type: ignore[attr-defined]
        # Threads share one in-memory database whose table locks are not waited for; a file database
        # (GONGKAI_TEST_DATABASE) and PostgreSQL run these tests.
        pytest.skip("needs a file or server database")


def test_workers_racing_on_the_pool_enqueue_the_days_sweep_once(
    rq_backend: None, shared_database: None
) -> None:
    day = datetime.date(2026, 3, 2)
    assert sorted(race(6, day)) == [False] * 5 + [True]
    assert list(ScheduledRun.objects.values_list("job", "day")) == [(DAILY_SWEEP, day)]
    jobs = rq_queue().get_jobs()
    assert [(job.func_name, list(job.args)) for job in jobs] == [
        ("gongkai.applications.tasks.daily_sweep", [day.isoformat()])
    ]


def test_workers_racing_on_the_database_queue_enqueue_the_days_sweep_once(shared_database: None) -> None:
    day = datetime.date(2026, 3, 2)
    assert sorted(race(6, day)) == [False] * 5 + [True]
    assert ScheduledRun.objects.count() == 1
    assert list(DBTaskResult.objects.values_list("task_path", "args_kwargs")) == [
        ("gongkai.applications.tasks.daily_sweep", {"args": [day.isoformat()], "kwargs": {}})
    ]
