"""``gongkai backup [-o FILE]``: the database and the uploaded files in one verified archive."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from gongkai.ops.backup import BackupError, default_archive_name, make_backup, summary


class Command(BaseCommand):
    help = "备份数据库和上传文件 / back up the database and the uploaded files (safe while serving)"
    requires_system_checks = []

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument(
            "-o", "--output", help="archive to write (default: gongkai-backup-DATE-TIME.tar.gz)"
        )

    def handle(self, *args: Any, output: str | None, **options: Any) -> None:
        path = Path(output or default_archive_name(timezone.localtime()))
        try:
            manifest = make_backup(path)
        except BackupError as exc:
            raise CommandError(str(exc)) from None
        self.stdout.write(f"gongkai backup: {path} ({summary(manifest)})")
