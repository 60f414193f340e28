"""``gongkai serve``: the platform under gunicorn with the production settings.

Production mode needs SECRET_KEY and ALLOWED_HOSTS (see README); static files are collected first and
served by WhiteNoise. Behind nginx, keep SECURE_SSL_REDIRECT on and let nginx pass X-Forwarded-Proto.
"""

from __future__ import annotations

import os
import shutil
import sys
from typing import Any

from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError


class Command(BaseCommand):
    help = "以生产方式运行网站（gunicorn）/ run the web platform in production mode (gunicorn)"
    requires_system_checks = []

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("--bind", default=os.environ.get("GONGKAI_BIND", "127.0.0.1:8000"))
        parser.add_argument("--workers", type=int, default=int(os.environ.get("GONGKAI_WORKERS", "0") or 0))
        parser.add_argument("--threads", type=int, default=int(os.environ.get("GONGKAI_THREADS", "1") or 1))
        parser.add_argument("--no-collectstatic", action="store_true")

    def handle(
        self, *args: Any, bind: str, workers: int, threads: int, no_collectstatic: bool, **options: Any
    ) -> None:
        from django.conf import settings

        if not settings.PRODUCTION:
            raise CommandError(
                "gongkai serve runs the production settings: set GONGKAI_PRODUCTION=1, SECRET_KEY, GONGKAI_DATA_KEYS and "
                "ALLOWED_HOSTS (use gongkai runserver for development)."
            )
        gunicorn = shutil.which("gunicorn", path=os.path.dirname(sys.executable)) or shutil.which("gunicorn")
        if gunicorn is None:
            raise CommandError("gunicorn is not installed in this environment (run make setup).")
        if not no_collectstatic:
            call_command("collectstatic", interactive=False, verbosity=0)
        workers = workers or (2 * (os.cpu_count() or 1) + 1)
        argv = [
            gunicorn,
            "gongkai.wsgi:application",
            "--bind",
            bind,
            "--workers",
            str(workers),
            "--threads",
            str(threads),
            "--access-logfile",
            "-",
            "--graceful-timeout",
            "30",
        ]
        self.stdout.write(f"gongkai serve: {bind}, {workers} workers × {threads} threads")
        self.stdout.flush()
        os.execv(gunicorn, argv)
