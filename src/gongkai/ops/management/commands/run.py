"""``gongkai run [ADDRESS:PORT]``: the web server (Django's, for development and the demo) and the
background worker together — what ``make run`` serves. Ctrl-C or SIGTERM stops both; when either ends
by itself the other is stopped too and the command fails. Production runs ``gongkai serve`` and
``gongkai worker`` as two services instead (docs/deployment.md).
"""

from __future__ import annotations

import sys
from typing import Any

from django.core.management.base import BaseCommand, CommandError

from gongkai.ops.supervise import run_together

NAMES = {"web": "网站 / web server", "worker": "后台任务 / background worker"}


class Command(BaseCommand):
    help = "同时运行网站和后台任务（开发、演示）/ run the web server and the background worker together"
    requires_system_checks = []

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("addrport", nargs="?", default="127.0.0.1:8000", help="address:port to serve")
        parser.add_argument(
            "--worker-interval", type=float, default=2.0, help="seconds between the worker's polls"
        )

    def handle(self, *args: Any, addrport: str, worker_interval: float, **options: Any) -> None:
        gongkai = [sys.executable, "-m", "gongkai.cli"]
        commands = [
            ("web", [*gongkai, "runserver", "--noreload", addrport]),
            ("worker", [*gongkai, "worker", "--interval", str(worker_interval)]),
        ]

        def started(pids: dict[str, int]) -> None:
            self.stdout.write(
                f"gongkai run: 网站 / web server http://{addrport}/ (pid {pids['web']}), "
                f"后台任务 / background worker (pid {pids['worker']}); Ctrl-C 同时停止 / stops both"
            )
            self.stdout.flush()

        outcome = run_together(commands, on_started=started)
        if outcome.ended is not None:
            name, code = outcome.ended
            raise CommandError(
                f"{NAMES[name]} 已退出 / ended (exit {code}); 其余已停止 / the other was stopped as well"
            )
        self.stdout.write("gongkai run: 已停止 / stopped")
