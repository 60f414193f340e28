"""The README's first command serves the home page with the demo agencies (a real HTTP request)."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import time
import urllib.request
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def wait_for(url: str, process: subprocess.Popen, seconds: float = 90) -> str:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise AssertionError(f"the server exited with {process.returncode}")
        try:
            with urllib.request.urlopen(url, timeout=5) as response:
                return response.read().decode()
        except OSError:
            time.sleep(0.5)
    raise AssertionError(f"{url} did not answer within {seconds} s")


def test_make_run_serves_the_demo_agencies(tmp_path: Path) -> None:
    port = free_port()
    env = {k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "DATABASE_URL", "GONGKAI_"))}
    env["GONGKAI_VAR_DIR"] = str(tmp_path / "var")  # SQLite, the README default, in a fresh place
    process = subprocess.Popen(
        ["make", "--no-print-directory", "serve-demo", f"PORT={port}"],
        cwd=REPO,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        start_new_session=True,
    )
    try:
        page = wait_for(f"http://127.0.0.1:{port}/", process)
        assert "秀洲区经济信息商务局" in page
        assert "嘉兴市秀洲区人民政府" in page
        assert "机关名录" in page
        login = wait_for(f"http://127.0.0.1:{port}/accounts/login/", process)
        assert "工作人员登录" in login
        stylesheet = wait_for(f"http://127.0.0.1:{port}/static/gongkai/site.css", process)
        assert "font-family" in stylesheet
    finally:
        os.killpg(process.pid, signal.SIGTERM)
        output, _ = process.communicate(timeout=30)
    assert "jxsw_clerk" in output  # the demo printed its users' passwords once
