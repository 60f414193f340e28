"""Running several commands side by side and stopping them together — ``gongkai run`` (the web server and
the background worker of ``make run``).

Each command runs in a process group of its own, so that a Ctrl-C in the terminal (or a SIGTERM to the
group of ``make``) reaches only the supervisor, which then stops each command once, with SIGTERM (a worker
stops after the item in hand), and with SIGKILL if it has not ended within the grace period. When one command ends by itself the others are
stopped the same way and the supervisor reports a failure. On Linux each command is also told to stop when
the supervisor itself dies (``PR_SET_PDEATHSIG``), so that none is left running without it.
"""

from __future__ import annotations

import ctypes
import os
import signal
import subprocess
import sys
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

POLL_SECONDS = 0.2
PR_SET_PDEATHSIG = 1


@dataclass(frozen=True)
class Outcome:
    """How the run ended: ``told`` the signal that stopped it (``None`` if a command ended first),
    ``ended`` the name and exit code of the command that ended first (``None`` if told to stop)."""

    told: int | None
    ended: tuple[str, int] | None

    @property
    def ok(self) -> bool:
        return self.ended is None


def _stop_with_parent(parent: int) -> Callable[[], None] | None:
    if not sys.platform.startswith("linux"):
        return None

    def preexec() -> None:
        ctypes.CDLL(None, use_errno=True).prctl(PR_SET_PDEATHSIG, signal.SIGTERM)
        if os.getppid() != parent:  # the supervisor died before the line above
            os._exit(1)

    return preexec


def run_together(
    commands: Sequence[tuple[str, Sequence[str]]],
    *,
    grace: float = 30.0,
    on_started: Callable[[dict[str, int]], None] | None = None,
) -> Outcome:
    """Run ``commands`` (name, argv) until SIGTERM or SIGINT arrives or one of them ends, then stop the
    rest. ``on_started`` gets each command's process id once all have started."""
    told: list[int] = []

    def on_signal(signum: int, frame: Any) -> None:
        told.append(signum)

    previous = {sig: signal.signal(sig, on_signal) for sig in (signal.SIGTERM, signal.SIGINT)}
    processes: dict[str, subprocess.Popen[bytes]] = {}
    ended: tuple[str, int] | None = None
    try:
        for name, argv in commands:
            processes[name] = subprocess.Popen(
                list(argv), process_group=0, preexec_fn=_stop_with_parent(os.getpid())
            )
        if on_started is not None:
            on_started({name: process.pid for name, process in processes.items()})
        while not told and ended is None:
            for name, process in processes.items():
                if process.poll() is not None:
                    ended = (name, process.returncode)
                    break
            else:
                time.sleep(POLL_SECONDS)
    finally:
        _stop(list(processes.values()), grace)
        for sig, handler in previous.items():
            signal.signal(sig, handler)
    return Outcome(told[0] if told and ended is None else None, ended)


def _stop(processes: list[subprocess.Popen[bytes]], grace: float) -> None:
    """SIGTERM, once, to each process still running; SIGKILL to those still running ``grace`` seconds later.
    (Signals the supervisor receives meanwhile change nothing: ``make`` passes on the SIGTERM its process
    group was sent, so a second one is no sign of impatience.)"""
    for process in processes:
        if process.poll() is None:
            process.send_signal(signal.SIGTERM)
    deadline = time.monotonic() + grace
    for process in processes:
        try:
            process.wait(timeout=max(0.0, deadline - time.monotonic()))
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
