"""``gongkai restore FILE [--force]``: restore a backup and check it against its manifest."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError

from gongkai.ops.backup import BackupError, restore_backup, summary


class Command(BaseCommand):
    help = "从备份恢复 / restore a backup (stop the servers and workers first)"
    requires_system_checks = []

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("archive", help="a file written by gongkai backup")
        parser.add_argument("--force", action="store_true", help="replace a database that already holds data")

    def handle(self, *args: Any, archive: str, force: bool, **options: Any) -> None:
        try:
            restored = restore_backup(Path(archive), force=force)
        except BackupError as exc:
            raise CommandError(str(exc)) from None
        self.stdout.write(f"gongkai restore: {archive} restored and verified ({summary(restored.manifest)})")
