"""``gongkai backup [-o FILE | --store]``: the database and the uploaded files in one verified archive,
written to a file or stored through the "backups" storage (the backup bucket of a province deployment)."""

from __future__ import annotations

import tempfile
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.files import File
from django.core.files.storage import storages
from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from gongkai.ops.backup import BackupError, default_archive_name, make_backup, summary


class Command(BaseCommand):
    help = "备份数据库和上传文件 / back up the database and the uploaded files (safe while serving)"
    requires_system_checks = []

    def add_arguments(self, parser: Any) -> None:
        where = parser.add_mutually_exclusive_group()
        where.add_argument(
            "-o", "--output", help="archive to write (default: gongkai-backup-DATE-TIME.tar.gz)"
        )
        where.add_argument(
            "--store",
            action="store_true",
            help="store the archive in the backups storage (GONGKAI_VAR_DIR/backups, or GONGKAI_S3_BACKUP_BUCKET)",
        )

    def handle(self, *args: Any, output: str | None, store: bool, **options: Any) -> None:
        name = default_archive_name(timezone.localtime())
        if store:
            if "backups" not in settings.STORAGES:
                raise CommandError(
                    "GONGKAI_S3_BACKUP_BUCKET is not set: name the bucket that keeps the backups."
                )
            with tempfile.TemporaryDirectory(prefix="gongkai-backup-") as scratch:
                path = Path(scratch) / name
                manifest = self.make(path)
                with path.open("rb") as archive:
                    stored = storages["backups"].save(name, File(archive, name=name))
            self.stdout.write(f"gongkai backup: stored as {stored} ({summary(manifest)})")
            return
        path = Path(output or name)
        manifest = self.make(path)
        self.stdout.write(f"gongkai backup: {path} ({summary(manifest)})")

    def make(self, path: Path) -> dict[str, Any]:
        try:
            return make_backup(path)
        except BackupError as exc:
            raise CommandError(str(exc)) from None
