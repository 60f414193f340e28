"""The worker as the pages see it (its heartbeat and the notice when none runs) and a worker told to stop:
the task in hand goes back to the queue at its next checkpoint, and the next worker finishes it."""

from __future__ import annotations

import datetime
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.test import Client
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from gongkai.applications.management.commands.worker import StoppableWorker
from gongkai.applications.models import Reminder, ScheduledRun
from gongkai.applications.tasks import schedule_daily_sweep
from gongkai.applications.tests.helpers import register
from gongkai.ops import worker as runtime
from gongkai.ops.models import WorkerHeartbeat
from gongkai.oversight.models import AuditJob
from gongkai.testing import Cast
from gongkai.workdays.seed import seed_from_chinesecalendar

pytestmark = pytest.mark.django_db(transaction=True)
NOTICE = 'id="worker-notice"'


@pytest.fixture(autouse=True)
def no_worker_left_registered(settings: Any, tmp_path: Path) -> Iterator[None]:
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    yield
    runtime.finish()


def signed_in(user: Any) -> Client:
    client = Client()
    client.force_login(user)
    return client


def notice_shown(page: str) -> bool:
    """Whether the page carries the no-worker notice, visible (it is rendered hidden when a worker ran)."""
    start = page.index(NOTICE)
    tag = page[page.rindex("<", 0, start) : page.index(">", start)]
    return " hidden" not in tag


def test_the_pages_that_wait_for_a_worker_say_when_none_has_been_seen(cast: Cast, settings: Any) -> None:
    settings.GONGKAI_WORKER_MISSING_SECONDS = 120
    oversight, clerk = signed_in(cast.oversight), signed_in(cast.clerk)
    response = oversight.post("/oversight/audits/", {"reports": [SimpleUploadedFile("a.txt", b"x")]})
    job = AuditJob.objects.get()
    pages = {
        "audits": lambda: oversight.get("/oversight/audits/").content.decode(),
        "audit job": lambda: oversight.get(response["Location"]).content.decode(),
        "reminders": lambda: clerk.get("/workspace/reminders/").content.decode(),
    }
    progress = f"/oversight/audits/{job.pk}/progress.json"

    # Never a worker: every page says so, in Chinese, and the job page's live progress says so too.
    for name, page in pages.items():
        assert notice_shown(page()), name
    assert "最近 2 分钟内没有后台任务在运行" in pages["audits"]()
    assert "上传的报告会一直排队" in pages["audit job"]()
    assert "不会生成、也不会发送提醒邮件" in pages["reminders"]()
    assert oversight.get(progress).json()["worker_missing"] is True

    # A worker starts: its heartbeat hides the notice.
    runtime.start("heartbeat-test")
    for name, page in pages.items():
        assert not notice_shown(page()), name
    assert oversight.get(progress).json()["worker_missing"] is False

    # It falls silent (killed: no row deleted) for longer than the setting: the notice is back.
    WorkerHeartbeat.objects.update(last_seen=timezone.now() - datetime.timedelta(seconds=121))
    for name, page in pages.items():
        assert notice_shown(page()), name

    # It stops cleanly: its row goes at once.
    runtime.start("heartbeat-test")
    runtime.finish()
    assert not WorkerHeartbeat.objects.exists()


def test_a_running_worker_keeps_its_heartbeat_fresh_and_removes_it_on_stopping(cast: Cast) -> None:
    """``gongkai worker --once`` registers, runs, and deletes its row; a row of a worker that died a day
    ago is removed by the next worker."""
    long_ago = timezone.now() - datetime.timedelta(days=2)
    WorkerHeartbeat.objects.create(worker_id="dead", host="h", pid=1, started_at=long_ago, last_seen=long_ago)
    assert not runtime.worker_seen_recently()
    runtime.start("alive")
    assert list(WorkerHeartbeat.objects.values_list("worker_id", flat=True)) == ["alive"]
    assert runtime.worker_seen_recently()
    assert not runtime.worker_seen_recently(timezone.now() + datetime.timedelta(minutes=5))
    runtime.finish()
    call_command("worker", "--once")
    assert not WorkerHeartbeat.objects.exists()


def claim_next_task(worker: StoppableWorker) -> DBTaskResult:
    task = DBTaskResult.objects.ready().get()
    task.claim(worker.worker_id)
    return task


def stoppable_worker() -> StoppableWorker:
    return StoppableWorker(
        queue_names=["default"],
        interval=0,
        batch=True,
        backend_name="default",
        startup_delay=False,
        max_tasks=None,
        worker_id="stopping-test",
        excluded_queue_names=[],
    )


def test_a_sweep_told_to_stop_goes_back_to_the_queue_and_the_next_worker_finishes_it(cast: Cast) -> None:
    seed_from_chinesecalendar()
    register(cast.clerk, cast.agency, datetime.date(2019, 9, 2))  # long overdue: two reminders to make
    assert schedule_daily_sweep(timezone.localdate())
    worker = stoppable_worker()
    task = claim_next_task(worker)
    runtime.start(worker.worker_id)
    runtime.request_stop()  # SIGTERM arrived: the sweep stops at its first checkpoint

    worker.run_task(task)

    task.refresh_from_db()
    assert (task.status, task.started_at) == ("READY", None)  # queued again, not failed
    assert not Reminder.objects.exists()
    runtime.finish()
    call_command("worker", "--once")  # the next worker
    task.refresh_from_db()
    assert task.status == "SUCCESSFUL"
    assert Reminder.objects.count() == 2 and ScheduledRun.objects.count() == 1


def test_a_batch_audit_told_to_stop_is_queued_again_and_audited_by_the_next_worker(cast: Cast) -> None:
    files = [SimpleUploadedFile("a.txt", b"x"), SimpleUploadedFile("b.md", b"y")]
    assert signed_in(cast.oversight).post("/oversight/audits/", {"reports": files}).status_code == 302
    worker = stoppable_worker()
    task = claim_next_task(worker)
    runtime.start(worker.worker_id)
    runtime.request_stop()

    worker.run_task(task)

    job = AuditJob.objects.get()
    task.refresh_from_db()
    assert task.status == "READY"
    assert (job.status, job.started_at, job.read, job.checked) == ("queued", None, 0, 0)
    runtime.finish()
    call_command("worker", "--once")
    job.refresh_from_db()
    assert (job.status, job.checked) == ("done", 2)


def test_outside_a_worker_a_checkpoint_does_nothing() -> None:
    runtime.request_stop()  # no worker registered: nothing to stop
    runtime.checkpoint()
    assert not runtime.stop_requested()
