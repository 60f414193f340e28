"""``gongkai run``'s supervisor: the commands start together and stop together — when it is told to stop,
when one of them ends by itself, and when the supervisor itself is killed."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from gongkai.ops.supervise import run_together

# A child that records its pid and runs until SIGTERM (or, with IGNORE, until SIGKILL).
CHILD = """
import os, signal, sys, time
open(sys.argv[1], "w").write(str(os.getpid()))
if sys.argv[2] == "ignore":
    signal.signal(signal.SIGTERM, signal.SIG_IGN)
elif sys.argv[2] == "fail":
    sys.exit(3)
while True:
    time.sleep(0.05)
"""
# The supervisor, in a process of its own (it installs signal handlers and is sent signals).
SUPERVISOR = """
import sys
from gongkai.ops.supervise import run_together
child = [sys.executable, "-c", sys.argv[1]]
outcome = run_together(
    [("one", [*child, sys.argv[2], "run"]), ("two", [*child, sys.argv[3], sys.argv[4]])], grace=float(sys.argv[5])
)
print(outcome.told, outcome.ended)
sys.exit(0 if outcome.ok else 1)
"""


def alive(pid: int) -> bool:
    """Whether the process exists and is not a zombie."""
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except (FileNotFoundError, ProcessLookupError):
        return False
    return state != "Z"


STARTED: list[int] = []


@pytest.fixture(autouse=True)
def no_child_left() -> Iterator[None]:
    """A failing test leaves no child running behind it."""
    yield
    for pid in STARTED:
        if alive(pid):
            os.kill(pid, signal.SIGKILL)
    STARTED.clear()


def wait_for_pids(*files: Path) -> list[int]:
    until = time.monotonic() + 60
    while not all(file.exists() and file.read_text() for file in files):
        assert time.monotonic() < until, "the children did not start"
        time.sleep(0.05)
    pids = [int(file.read_text()) for file in files]
    STARTED.extend(pids)
    return pids


def wait_until_gone(pids: list[int]) -> None:
    until = time.monotonic() + 60
    while any(alive(pid) for pid in pids):
        assert time.monotonic() < until, f"still running: {[pid for pid in pids if alive(pid)]}"
        time.sleep(0.05)


def supervisor(tmp_path: Path, second: str = "run", grace: float = 30) -> subprocess.Popen[str]:
    return subprocess.Popen(
        [
            sys.executable,
            "-c",
            SUPERVISOR,
            CHILD,
            str(tmp_path / "one"),
            str(tmp_path / "two"),
            second,
            str(grace),
        ],
        stdout=subprocess.PIPE,
        text=True,
        env={**os.environ, "PYTHONPATH": os.pathsep.join(sys.path)},
    )


@pytest.mark.parametrize("sig", [signal.SIGTERM, signal.SIGINT])
def test_told_to_stop_it_stops_both_and_succeeds(tmp_path: Path, sig: signal.Signals) -> None:
    process = supervisor(tmp_path)
    pids = wait_for_pids(tmp_path / "one", tmp_path / "two")
    process.send_signal(sig)
    output, _ = process.communicate(timeout=60)
    assert process.returncode == 0, output
    assert output.split() == [str(int(sig)), "None"]
    wait_until_gone(pids)


def test_when_one_ends_by_itself_the_other_is_stopped_and_the_run_fails(tmp_path: Path) -> None:
    one = tmp_path / "one"
    outcome = run_together(
        [
            ("one", [sys.executable, "-c", CHILD, str(one), "run"]),
            ("two", [sys.executable, "-c", CHILD, str(tmp_path / "two"), "fail"]),
        ]
    )
    assert outcome.ended == ("two", 3) and not outcome.ok
    wait_until_gone(wait_for_pids(one))


def test_a_command_that_ignores_sigterm_is_killed_after_the_grace_period(tmp_path: Path) -> None:
    process = supervisor(tmp_path, second="ignore", grace=1)
    pids = wait_for_pids(tmp_path / "one", tmp_path / "two")
    process.send_signal(signal.SIGTERM)
    process.communicate(timeout=60)
    assert process.returncode == 0
    wait_until_gone(pids)


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="PR_SET_PDEATHSIG is Linux's")
def test_the_commands_stop_when_the_supervisor_is_killed(tmp_path: Path) -> None:
    process = supervisor(tmp_path)
    pids = wait_for_pids(tmp_path / "one", tmp_path / "two")
    process.kill()
    process.communicate(timeout=60)
    wait_until_gone(pids)
