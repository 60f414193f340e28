"""Nothing acknowledged is lost: the production server and the worker killed with SIGKILL mid-work, and
the worker told to stop (SIGTERM) mid-sweep.

The tests run real processes — ``gongkai serve`` (gunicorn, production settings) and ``gongkai worker`` —
on a scratch database of the suite's kind (a SQLite file, or a PostgreSQL database made and dropped here
when DATABASE_URL names PostgreSQL), kill or stop them in the middle of the work, start them again and
count what the database holds. They wait on what the database shows, never on how fast the machine is.
"""

from __future__ import annotations

import contextlib
import http.client
import os
import re
import secrets
import signal
import socket
import sqlite3
import subprocess
import sys
import threading
import time
import urllib.parse
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest
from cryptography.fernet import Fernet

from conftest import GONGKAI, REPO
from scratch_databases import scratch_database

sys.path.insert(0, str(REPO / "benchmarks"))
from intake import CSRF_INPUT, STEPS, id_number, merge_cookies

from gongkai.applications.tracking import MAX_TRACKED

CLIENTS = 8
PHONE = "13905730000"
# Applications acknowledged before the SIGKILL, and after the restart: the test waits for them however
# slowly a busy machine serves, and fails only when none is acknowledged for STALLED seconds.
ACKNOWLEDGED_BEFORE_KILL = 20
ACKNOWLEDGED_AFTER_RESTART = 20
STALLED = 120.0
# Bounds on a server that never starts answering (it is reported at once if it exits instead).
STARTUP_SECONDS = 900.0
WORKER_APPLICATIONS = 1500
WORKER_STAFF = 4  # reminded users in the agency: WORKER_APPLICATIONS × WORKER_STAFF reminders


@dataclass
class Site:
    root: Path
    database_url: str
    env: dict[str, str] = field(default_factory=dict)

    def __post_init__(self) -> None:
        base = {
            k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "DATABASE_URL", "GONGKAI_"))
        }
        self.env = {
            **base,
            "GONGKAI_VAR_DIR": str(self.root / "var"),
            "DATABASE_URL": self.database_url,
            "GONGKAI_PRODUCTION": "1",
            "SECRET_KEY": secrets.token_urlsafe(50),
            "GONGKAI_DATA_KEYS": Fernet.generate_key().decode(),
            "ALLOWED_HOSTS": "127.0.0.1",
            "SECURE_SSL_REDIRECT": "0",
            "GONGKAI_INTAKE_RATE_LIMIT": "1000000000",  # every client comes from 127.0.0.1
            "EMAIL_BACKEND": "django.core.mail.backends.locmem.EmailBackend",
            "LOG_LEVEL": "WARNING",
            # A task left running by a killed worker is queued again after this long (default 15 min).
            "GONGKAI_WORKER_STALE_SECONDS": "2",
        }

    def run(self, *args: str) -> str:
        result = subprocess.run(
            [str(GONGKAI), *args], env=self.env, cwd=self.root, capture_output=True, text=True, timeout=900
        )
        assert result.returncode == 0, result.stderr
        return result.stdout

    def start(self, *args: str) -> subprocess.Popen:
        # A session of its own, so that killing its process group kills gunicorn's workers too.
        return subprocess.Popen(
            [str(GONGKAI), *args],
            env=self.env,
            cwd=self.root,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            start_new_session=True,
        )

    def query(self, sql: str, params: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
        """Read the database directly, not through gongkai (placeholders: %s)."""
        if self.database_url.startswith("sqlite:///"):
            with sqlite3.connect(self.database_url.removeprefix("sqlite:///"), timeout=20) as db:
                return list(db.execute(sql.replace("%s", "?"), params).fetchall())
        import psycopg

        with psycopg.connect(self.database_url) as db:
            return list(db.execute(sql, params).fetchall())  # type: ignore[arg-type]


def kill_group(process: subprocess.Popen, sig: signal.Signals) -> None:
    with contextlib.suppress(ProcessLookupError):
        os.killpg(process.pid, sig)
    process.wait(timeout=120)  # gunicorn's graceful timeout is 30 s, on a machine that may be crawling


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Site]:
    root = tmp_path_factory.mktemp("durability")
    with scratch_database(root, "durability") as url:
        site = Site(root, url)
        site.run("migrate", "--noinput")
        site.run("demo")
        yield site


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def wait_until_answering(port: int, server: subprocess.Popen, seconds: float = STARTUP_SECONDS) -> None:
    until = time.monotonic() + seconds
    while time.monotonic() < until:
        if server.poll() is not None:
            raise AssertionError(f"the server exited with {server.returncode} before answering")
        try:
            connection = http.client.HTTPConnection("127.0.0.1", port, timeout=2)
            connection.request("GET", "/healthz")
            if connection.getresponse().status == 200:
                return
        except (OSError, http.client.HTTPException):
            pass
        time.sleep(0.1)
    raise AssertionError(f"the server on port {port} did not answer /healthz within {seconds} s")


class Applicants:
    """Concurrent clients posting valid applications through the real form; each 302 to a tracking page
    is an acknowledgement, and its Location is kept."""

    def __init__(self, port: int, path: str) -> None:
        self.port = port
        self.path = path
        self.acknowledged: list[str] = []
        # Tracking page → the session cookie that opens it. Each acknowledgement rotates the session key
        # (tracking.authorise) and the old key dies, so, as a browser does, a client's newest cookie is the
        # one that opens every application it submitted in that session.
        self.sessions: dict[str, str] = {}
        self.failed = 0
        self.lock = threading.Lock()
        self.stop = threading.Event()
        self.run_id = secrets.token_hex(3)

    def client(self, number: int) -> None:
        serial = 0
        connection: http.client.HTTPConnection | None = None
        cookie = token = ""
        submitted: list[str] = []  # this session's acknowledged tracking pages
        deadline = time.monotonic() + 3600  # a bound in case the test forgets to stop us
        while not self.stop.is_set() and time.monotonic() < deadline:
            try:
                if connection is None:
                    connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=10)
                    connection.request("GET", self.path)
                    response = connection.getresponse()
                    page = response.read().decode()
                    cookie = "; ".join(
                        v.split(";")[0] for k, v in response.getheaders() if k.lower() == "set-cookie"
                    )
                    match = CSRF_INPUT.search(page)
                    token = match.group(1) if match else ""
                    submitted = []  # a new session
                serial += 1
                fields = {
                    "applicant_kind": "natural_person",
                    "applicant_name": "测试申请人",
                    "id_document": "resident_id",
                    "id_number": id_number(number * 100000 + serial),
                    "phone": PHONE,
                    "email": "durability@example.org",
                    "description": f"CRASH-{self.run_id}-{number}-{serial} 工业企业技术改造补助资金拨付明细",
                    "form_wanted": "electronic",
                    "delivery_wanted": "email",
                }
                # The form's steps (applications.apply_steps), each posting its own fields; the
                # answers wait in the session, whose cookie the first step sets. Only the check page's
                # post submits: its redirect to a tracking page is the acknowledgement.
                for step, names in STEPS:
                    body = urllib.parse.urlencode(
                        {"csrfmiddlewaretoken": token, **{n: fields[n] for n in names if n in fields}}
                    )
                    headers = {"Content-Type": "application/x-www-form-urlencoded", "Cookie": cookie}
                    connection.request("POST", f"{self.path}{step}/", body, headers)
                    response = connection.getresponse()
                    response.read()
                    cookie = merge_cookies(cookie, response.getheaders())
                    if response.status != 302:
                        break
                location = response.getheader("Location", "")
                if response.status == 302 and location.startswith("/track/"):
                    # The session that may open the tracking page (the applicant's browser keeps it).
                    session = "; ".join(part for part in cookie.split("; ") if part.startswith("sessionid="))
                    submitted = [*submitted, location][-MAX_TRACKED:]
                    with self.lock:
                        self.acknowledged.append(location)
                        self.sessions.update(dict.fromkeys(submitted, session))
                    continue
            except (OSError, http.client.HTTPException):
                if connection is not None:
                    connection.close()
                connection = None
                time.sleep(0.05)
            with self.lock:
                self.failed += 1

    def __enter__(self) -> Applicants:
        self.threads = [threading.Thread(target=self.client, args=(n,)) for n in range(CLIENTS)]
        for thread in self.threads:
            thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.stop.set()
        for thread in self.threads:
            thread.join(timeout=30)


def wait_for_acknowledgements(applicants: Applicants, count: int) -> None:
    """Until ``count`` applications are acknowledged in all; fail if none comes for ``STALLED`` seconds."""
    last, last_change = len(applicants.acknowledged), time.monotonic()
    while (now_acknowledged := len(applicants.acknowledged)) < count:
        if now_acknowledged != last:
            last, last_change = now_acknowledged, time.monotonic()
        assert time.monotonic() - last_change < STALLED, (
            f"no application acknowledged for {STALLED:.0f} s ({now_acknowledged} of {count})"
        )
        time.sleep(0.05)


TRACKING = re.compile(r"^/track/([^/]+)/$")


def look_up(connection: http.client.HTTPConnection, code: str, check: str) -> str:
    """The tracking page reached as an applicant without the session does: the look-up form, code and check."""
    connection.request("GET", "/track/")
    response = connection.getresponse()
    match = CSRF_INPUT.search(response.read().decode())
    cookie = merge_cookies("", response.getheaders())
    body = urllib.parse.urlencode(
        {"csrfmiddlewaretoken": match.group(1) if match else "", "code": code, "check": check}
    )
    headers = {"Content-Type": "application/x-www-form-urlencoded", "Cookie": cookie}
    connection.request("POST", "/track/", body, headers)
    response = connection.getresponse()
    response.read()
    assert response.status == 302, f"the look-up of {code} was refused ({response.status})"
    cookie = merge_cookies(cookie, response.getheaders())
    connection.request("GET", response.getheader("Location", ""), headers={"Cookie": cookie})
    response = connection.getresponse()
    assert response.status == 200
    return response.read().decode()


def test_every_acknowledged_application_survives_a_sigkill_of_the_server(site: Site) -> None:
    agency = site.query("SELECT id FROM agencies_agency WHERE name = %s", ("秀洲区经济信息商务局",))[0][0]
    port = free_port()
    serve = ("serve", "--bind", f"127.0.0.1:{port}", "--workers", "3")
    server = site.start(*serve)
    try:
        wait_until_answering(port, server)
        with Applicants(port, f"/agencies/{agency}/apply/") as applicants:
            wait_for_acknowledgements(applicants, ACKNOWLEDGED_BEFORE_KILL)
            before_kill = len(applicants.acknowledged)
            kill_group(server, signal.SIGKILL)  # mid-request for most of the clients
            time.sleep(0.3)
            server = site.start(*serve, "--no-collectstatic")
            wait_until_answering(port, server)
            wait_for_acknowledgements(applicants, before_kill + ACKNOWLEDGED_AFTER_RESTART)
        acknowledged = list(applicants.acknowledged)
        after_restart = len(acknowledged) - before_kill

        codes = [TRACKING.match(location).group(1) for location in acknowledged]  # type: ignore[union-attr]
        stored = {
            code
            for (code,) in site.query(
                "SELECT tracking_code FROM applications_application WHERE description LIKE %s",
                (f"CRASH-{applicants.run_id}-%",),
            )
        }
        duplicates = site.query(
            "SELECT tracking_code FROM applications_application GROUP BY tracking_code HAVING COUNT(*) > 1"
        )
        print(
            f"SIGKILL test: acknowledged={len(codes)} (before the kill {before_kill}, after the restart "
            f"{after_restart}) stored={len(stored)} lost={len(set(codes) - stored)} "
            f"duplicates={len(duplicates)} refused_or_cut={applicants.failed}"
        )
        assert before_kill > 0 and after_restart > 0, "the load did not run on both sides of the kill"
        assert set(codes) <= stored, f"acknowledged but not stored: {sorted(set(codes) - stored)[:5]}"
        assert len(codes) == len(set(codes)), "one tracking code acknowledged twice"
        assert duplicates == []
        # The restarted server answers, and shows each applicant the application acknowledged before the kill:
        # through the session the acknowledgement left in the browser, or — where the kill cut off the answer
        # to a later submission, whose new session key retired that one — through the look-up form.
        connection = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
        through_session = 0
        for location in acknowledged[:before_kill][-5:]:
            code = TRACKING.match(location).group(1)  # type: ignore[union-attr]
            connection.request("GET", location, headers={"Cookie": applicants.sessions[location]})
            response = connection.getresponse()
            page = response.read().decode()
            if response.status == 302:
                page = look_up(connection, code, PHONE[-4:])
            else:
                through_session += 1
            assert response.status in (200, 302)
            assert code in page
        assert through_session > 0, "no acknowledged application opened with the session that submitted it"
    finally:
        kill_group(server, signal.SIGTERM)


SWEEP_TASK = "gongkai.applications.tasks.daily_sweep"


def sweep_state(site: Site) -> tuple[int, int, list[str]]:
    """The reminders stored, how many of them were e-mailed, and the status of each daily sweep task."""
    ((stored, emailed),) = site.query("SELECT COUNT(*), COUNT(emailed_at) FROM applications_reminder")
    statuses = site.query(
        "SELECT status FROM django_tasks_database_dbtaskresult WHERE task_path = %s", (SWEEP_TASK,)
    )
    return int(stored), int(emailed), [status for (status,) in statuses]


def wait_for_sweep(site: Site, done: Any, *, stalled_after: float = 120, at_most: float = 1800) -> None:
    """Wait until ``done(stored, emailed, statuses)`` holds, however slowly the busy machine lets the
    worker go, as long as it goes: fail only when nothing changed for ``stalled_after`` seconds (a worker
    that never resumes the sweep) — ``at_most`` merely bounds a run that would otherwise never end."""
    started = last_change = time.monotonic()
    last = sweep_state(site)
    while not done(*last):
        now = time.monotonic()
        assert now - last_change < stalled_after, (
            f"the sweep made no progress for {stalled_after:.0f} s: {last}"
        )
        assert now - started < at_most, f"the sweep did not end within {at_most:.0f} s: {last}"
        time.sleep(0.05)
        state = sweep_state(site)
        if state != last:
            last, last_change = state, time.monotonic()


def stop_worker(site: Site, worker: subprocess.Popen) -> int:
    """SIGTERM, as systemd sends it; the worker's exit code. Its heartbeat row goes with it."""
    told = time.monotonic()
    os.killpg(worker.pid, signal.SIGTERM)
    code = worker.wait(timeout=60)
    print(f"the worker exited {time.monotonic() - told:.2f} s after SIGTERM")
    assert site.query("SELECT COUNT(*) FROM ops_workerheartbeat WHERE pid = %s", (worker.pid,)) == [(0,)]
    return code


PREPARE_SWEEP = """
from django.contrib.auth.models import User
from django.utils import timezone
from django_tasks_db.models import DBTaskResult
from gongkai.agencies.models import Agency, Membership
from gongkai.applications import clock
from gongkai.applications.models import Application, Reminder, ScheduledRun
from gongkai.applications.reminders import REMINDED_ROLES
from gongkai.workdays.clock import DUE_SOON_WORKDAYS

today = timezone.localdate()
agency = Agency.objects.get(name="秀洲区住房和城乡建设局")
for number in range({staff}):
    user, _ = User.objects.get_or_create(
        username=f"sweep_staff_{{number}}", defaults={{"email": f"sweep{{number}}@example.org"}}
    )
    Membership.objects.get_or_create(user=user, agency=agency, role=Membership.Role.CLERK)
if not Application.objects.filter(tracking_code__startswith="SWEEP-").exists():
    due = clock.nth_workday(today, 1)
    Application.objects.bulk_create(
        Application(
            agency=agency, tracking_code=f"SWEEP-{{number}}", access_secret="x" * 32,
            applicant_kind="natural_person", applicant_name="测试", id_document="resident_id",
            id_number="330411198501010011", phone="13905730000", description="提醒测试",
            form_wanted="electronic", delivery_wanted="email", channel="online",
            submitted_at=timezone.now(), received_on=today, status="in_progress", due_on=due,
        )
        for number in range({applications})
    )
# Today's sweep not run yet: no reminder, no claim, no task.
Reminder.objects.all().delete()
ScheduledRun.objects.all().delete()
DBTaskResult.objects.filter(task_path="{task}").delete()
last_day = clock.nth_workday(today, DUE_SOON_WORKDAYS)
expected = 0
for application in Application.objects.open().filter(due_on__isnull=False, due_on__lte=last_day):
    staff = Membership.objects.filter(agency=application.agency_id, role__in=REMINDED_ROLES)
    expected += len(set(staff.values_list("user_id", flat=True)))
print(expected)
"""


def prepare_sweep(site: Site) -> int:
    script = PREPARE_SWEEP.format(staff=WORKER_STAFF, applications=WORKER_APPLICATIONS, task=SWEEP_TASK)
    expected = int(site.run("shell", "--no-imports", "-c", script).strip())
    assert expected >= WORKER_APPLICATIONS * WORKER_STAFF
    return expected


def check_the_days_reminders(site: Site, expected: int) -> None:
    stored, emailed, statuses = sweep_state(site)
    duplicates = site.query(
        "SELECT user_id, application_id, kind, due_on FROM applications_reminder "
        "GROUP BY user_id, application_id, kind, due_on HAVING COUNT(*) > 1"
    )
    assert stored == expected, f"{expected - stored} of the day's reminders were lost after the restart"
    assert duplicates == []
    assert emailed == stored, "reminders created before the kill were never e-mailed"
    assert statuses == ["SUCCESSFUL"], "the day's sweep was scheduled more than once, or did not finish"
    assert site.query("SELECT COUNT(*) FROM applications_scheduledrun") == [(1,)]


def test_a_worker_killed_mid_sweep_neither_loses_nor_duplicates_reminders(site: Site) -> None:
    expected = prepare_sweep(site)
    worker = site.start("worker", "--interval", "0.2")
    try:
        wait_for_sweep(site, lambda stored, emailed, statuses: stored >= expected // 10)
        kill_group(worker, signal.SIGKILL)
        at_kill, _emailed, _statuses = sweep_state(site)
        assert 0 < at_kill < expected, f"the kill did not land mid-sweep ({at_kill} of {expected})"

        worker = site.start("worker", "--interval", "0.2")
        wait_for_sweep(site, lambda stored, emailed, statuses: statuses == ["SUCCESSFUL"])
        time.sleep(1)  # let a duplicating worker show itself
        # Idle now: SIGTERM ends it at once (the clock only bounds a worker that would never exit).
        assert stop_worker(site, worker) == 0
    finally:
        kill_group(worker, signal.SIGKILL)
    print(f"worker SIGKILL test: expected={expected} at_kill={at_kill} stored={sweep_state(site)[0]}")
    check_the_days_reminders(site, expected)


def test_a_worker_told_to_stop_mid_sweep_leaves_the_rest_to_the_next_worker(site: Site) -> None:
    """SIGTERM ends the worker within the item in hand, not after the whole sweep: the task goes back to the
    queue with most of its work undone, and the next worker finishes it with nothing lost or twice."""
    expected = prepare_sweep(site)
    worker = site.start("worker", "--interval", "0.2")
    try:
        wait_for_sweep(site, lambda stored, emailed, statuses: stored >= expected // 10)
        assert stop_worker(site, worker) == 0
        at_stop, emailed, statuses = sweep_state(site)
        # Abandoned, not finished (however long the exit took): thousands of reminders were still to be
        # made or e-mailed, and the task is queued again rather than recorded as failed or done.
        assert emailed < at_stop or at_stop < expected, f"the worker finished the sweep ({emailed} e-mailed)"
        assert statuses == ["READY"]

        worker = site.start("worker", "--interval", "0.2")
        wait_for_sweep(site, lambda stored, emailed, statuses: statuses == ["SUCCESSFUL"])
        assert stop_worker(site, worker) == 0
    finally:
        kill_group(worker, signal.SIGKILL)
    print(f"worker SIGTERM test: expected={expected} at_stop={at_stop} e-mailed at the stop={emailed}")
    check_the_days_reminders(site, expected)
