"""The README's first command, for real: ``make run`` (its ``serve-demo`` part, on a fresh SQLite database)
serves the demo, and its background worker audits a report uploaded in the browser and reminds the clerk of
the demo's overdue applications; stopping ``make`` stops the web server and the worker together."""

from __future__ import annotations

import datetime
import os
import re
import signal
import socket
import sqlite3
import subprocess
import time
import urllib.request
import zoneinfo
from pathlib import Path
from typing import Any

import pytest

from gongkai.testing import sign_in_page

REPO = Path(__file__).resolve().parent.parent
# Creating the database and loading the demo take a while on a busy machine: the bound only stops a run
# that would never answer; the test fails at once if make exits.
STARTUP_SECONDS = 900
DEMO_USER = re.compile(r"^  (\w+) +(\S+)$", re.MULTILINE)  # "  jxsw_clerk           8etgQNBggxCi"
# gongkai run's first line names the web server's process, then the worker's.
PIDS = re.compile(r"^gongkai run: .*\(pid (\d+)\).*\(pid (\d+)\)", re.MULTILINE)


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def wait_for(url: str, process: subprocess.Popen, seconds: float = STARTUP_SECONDS) -> str:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise AssertionError(f"make exited with {process.returncode}")
        try:
            with urllib.request.urlopen(url, timeout=5) as response:
                return response.read().decode()
        except OSError:
            time.sleep(0.5)
    raise AssertionError(f"{url} did not answer within {seconds} s")


def alive(pid: int) -> bool:
    """Whether the process exists and is not a zombie."""
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except (FileNotFoundError, ProcessLookupError):
        return False
    return state != "Z"


def overdue_codes(database: Path, agency: str) -> set[str]:
    """The agency's open applications past their due date, read from the database itself."""
    from gongkai.applications.models import OPEN_STATUSES

    today = datetime.datetime.now(zoneinfo.ZoneInfo("Asia/Shanghai")).date().isoformat()
    marks = ",".join("?" * len(OPEN_STATUSES))
    with sqlite3.connect(database, timeout=20) as db:
        rows = db.execute(
            "SELECT a.tracking_code FROM applications_application a JOIN agencies_agency g ON g.id = a.agency_id "
            f"WHERE g.name = ? AND a.status IN ({marks}) AND a.due_on < ?",
            (agency, *OPEN_STATUSES, today),
        )
        return {code for (code,) in rows}


def visible_notice(page: Any) -> bool:
    notice = page.locator("#worker-notice")
    return notice.count() > 0 and notice.is_visible()


@pytest.mark.browser
def test_make_run_audits_an_upload_and_reminds_of_the_overdue_demo_applications(
    tmp_path: Path, new_page: Any, serious_violations: Any
) -> None:
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    env = {k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "DATABASE_URL", "GONGKAI_"))}
    env["GONGKAI_VAR_DIR"] = str(tmp_path / "var")  # SQLite, the README default, in a fresh place
    log = tmp_path / "make.log"
    with log.open("w") as output:
        process = subprocess.Popen(
            ["make", "--no-print-directory", "serve-demo", f"PORT={port}"],
            cwd=REPO,
            env=env,
            stdout=output,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
    pids: list[int] = []
    try:
        home = wait_for(f"{base}/", process)
        assert "秀洲区经济信息商务局" in home and "嘉兴市秀洲区人民政府" in home and "机关名录" in home
        assert "font-family" in wait_for(f"{base}/static/gongkai/site.css", process)
        printed = log.read_text()
        passwords = dict(DEMO_USER.findall(printed))  # the demo printed its users' passwords once
        assert {"jxsw_clerk", "xiuzhou_oversight"} <= passwords.keys(), printed
        until = time.monotonic() + 60
        while len(pids) < 2 and time.monotonic() < until:
            pids = [int(pid) for found in PIDS.findall(log.read_text()) for pid in found]
            time.sleep(0.2)
        assert len(pids) == 2, "gongkai run did not name the web server's and the worker's processes"

        # A citizen downloads the agency's published annual report from the portal.
        citizen = new_page()
        citizen.goto(f"{base}/")
        with citizen.expect_navigation():
            citizen.click("main a:text-is('秀洲区经济信息商务局')")
        with citizen.expect_navigation():
            citizen.click("main a[href$='/annual-reports/']")
        assert serious_violations(citizen) == []
        with citizen.expect_navigation():
            citizen.click("main a[href^='/reports/']")
        assert serious_violations(citizen) == []
        pdf = citizen.request.get(
            base + citizen.get_attribute("main a[href$='.pdf']", "href"), timeout=120_000
        )
        assert pdf.ok and pdf.body().startswith(b"%PDF")
        report = tmp_path / "秀洲区经济信息商务局年度报告.pdf"
        report.write_bytes(pdf.body())

        # The district's oversight office uploads it; the worker audits it while the page watches.
        oversight = new_page()
        sign_in_page(oversight, base, "xiuzhou_oversight", password=passwords["xiuzhou_oversight"])
        oversight.goto(f"{base}/oversight/audits/")
        assert not visible_notice(oversight)  # a worker runs beside the web server
        assert serious_violations(oversight) == []
        oversight.set_input_files("#audit-upload input[type=file]", str(report))
        with oversight.expect_navigation():
            oversight.click("#audit-upload button[type=submit]")
        assert re.search(r"/oversight/audits/\d+/$", oversight.url)
        oversight.wait_for_selector("#audit-summary", timeout=STARTUP_SECONDS * 1000)
        assert oversight.get_attribute("#audit-bar", "value") == "100"
        row = oversight.locator("#audit-results tbody tr")
        assert row.count() == 1 and row.get_attribute("class") in ("passing", "failing")  # audited
        assert serious_violations(oversight) == []

        # The clerk's reminders: the worker's daily sweep reminded them of every overdue application.
        overdue = overdue_codes(tmp_path / "var" / "gongkai.sqlite3", "秀洲区经济信息商务局")
        assert overdue, "the demo has no overdue application to remind of"
        clerk = new_page()
        sign_in_page(clerk, base, "jxsw_clerk", password=passwords["jxsw_clerk"])
        until = time.monotonic() + STARTUP_SECONDS
        while True:
            clerk.goto(f"{base}/workspace/reminders/")
            reminded = clerk.inner_text("#reminders")
            if all(code in reminded for code in overdue) or time.monotonic() > until:
                break
            time.sleep(1)
        assert all(code in reminded for code in overdue), (overdue, reminded)
        due_now = clerk.inner_text("#due-now")
        assert all(code in due_now for code in overdue) and "已超期" in due_now
        assert not visible_notice(clerk)
        assert serious_violations(clerk) == []
    finally:
        # As a Ctrl-C or a service manager stops it: SIGTERM to make's whole process group.
        os.killpg(process.pid, signal.SIGTERM)
        process.wait(timeout=120)
    printed = log.read_text()
    assert "gongkai worker stopped" in printed and "gongkai run: 已停止 / stopped" in printed
    assert not [pid for pid in pids if alive(pid)], "the web server or the worker outlived make"
