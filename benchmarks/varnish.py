"""varnishd for a benchmark or a test: the repository's VCL (``deploy/varnish/gongkai.vcl``) in front of one
local gongkai server, in a folder of its own, with the site's include written as an operator would (one
backend, BANs allowed from 127.0.0.1). Not a daemon: it lives as long as the object, in the foreground (-F),
without privilege separation (-j none) so that it runs as any user."""

from __future__ import annotations

import os
import shutil
import signal
import socket
import subprocess
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
VCL = ROOT / "deploy" / "varnish" / "gongkai.vcl"
BACKENDS = """\
backend app {{
    .host = "127.0.0.1";
    .port = "{port}";
    .connect_timeout = 5s;
    .first_byte_timeout = 120s;
}}

acl gongkai_app_servers {{
    "127.0.0.1";
}}

sub vcl_init {{
    new gongkai = directors.round_robin();
    gongkai.add_backend(app);
}}
"""


def varnishd_path() -> str | None:
    """varnishd, installed by scripts/setup.sh (Debian's package puts it in /usr/sbin, which a user's PATH
    may lack)."""
    found = shutil.which("varnishd")
    if found:
        return found
    fallback = "/usr/sbin/varnishd"
    return fallback if os.access(fallback, os.X_OK) else None


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


class Varnish:
    """varnishd on a free port of 127.0.0.1, its backend the gongkai server on ``backend_port``."""

    def __init__(self, backend_port: int, *, storage_mb: int = 64) -> None:
        varnishd = varnishd_path()
        if varnishd is None:
            raise FileNotFoundError("varnishd is not installed (scripts/setup.sh installs Debian's varnish)")
        self.folder = Path(tempfile.mkdtemp(prefix="gongkai-varnish-"))
        (self.folder / "gongkai-backends.vcl").write_text(BACKENDS.format(port=backend_port))
        self.port = _free_port()
        self.url = f"http://127.0.0.1:{self.port}/"
        vcl_path = [str(self.folder), str(VCL.parent), "/usr/share/varnish/vcl"]
        self.log = (self.folder / "varnishd.log").open("wb")
        self.process = subprocess.Popen(
            [
                varnishd, "-F", "-j", "none", "-n", str(self.folder / "work"),
                "-a", f"127.0.0.1:{self.port}", "-f", str(VCL), "-p", "vcl_path=" + ":".join(vcl_path),
                "-s", f"malloc,{storage_mb}m",
            ],
            stdout=self.log, stderr=subprocess.STDOUT, start_new_session=True,
        )  # fmt: skip
        deadline = time.monotonic() + 120  # compiling the VCL takes a C compiler's while on a busy machine
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"varnishd stopped: {self.output()[-2000:]}")
            try:
                socket.create_connection(("127.0.0.1", self.port), timeout=1).close()
                return
            except OSError:
                time.sleep(0.2)
        self.stop()
        raise RuntimeError(f"varnishd did not start: {self.output()[-2000:]}")

    def output(self) -> str:
        self.log.flush()
        return (self.folder / "varnishd.log").read_text(errors="replace")

    def stop(self) -> None:
        if self.process.poll() is None:
            os.killpg(self.process.pid, signal.SIGTERM)
            try:
                self.process.wait(timeout=60)
            except subprocess.TimeoutExpired:
                os.killpg(self.process.pid, signal.SIGKILL)
                self.process.wait(timeout=60)
        self.log.close()
        shutil.rmtree(self.folder, ignore_errors=True)

    def __enter__(self) -> Varnish:
        return self

    def __exit__(self, *exc: object) -> None:
        self.stop()
