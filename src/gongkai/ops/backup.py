"""Backups: the database and the uploaded files in one archive, with a manifest that proves the round trip.

An archive (``.tar.gz``) holds ``manifest.json`` first, then the database (``database.sqlite3``, a copy
made with SQLite's online backup API, or ``database.pgdump``, ``pg_dump -Fc``), then ``media/…``. The
manifest records the format, the database engine, the Django migration state, the row count of every table
and the sha256 of every other member. The counts and the dump come from one consistent view of the
database (the backup copy on SQLite; one exported snapshot on PostgreSQL), so a backup taken while the
servers run still verifies exactly. The files are read from, and restored to, the private storage
(``STORAGES["default"]``): the media folder, or the object store of a province deployment.

``restore`` checks every checksum before it touches anything, refuses a database that holds data unless
forced, and afterwards compares the restored database with the manifest (row counts, migrations).
"""

from __future__ import annotations

import datetime
import hashlib
import io
import json
import os
import posixpath
import shutil
import sqlite3
import subprocess
import tarfile
import tempfile
import zlib
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path, PurePosixPath
from typing import IO, Any

from django.conf import settings
from django.core.files import File
from django.core.files.storage import Storage
from django.db import connections, transaction

from gongkai.lib.storage import private_storage

FORMAT = "gongkai.backup/1"
MANIFEST = "manifest.json"
SQLITE_MEMBER = "database.sqlite3"
POSTGRES_MEMBER = "database.pgdump"
MEDIA_PREFIX = "media/"
CHUNK = 1024 * 1024


class BackupError(Exception):
    """A backup or restore that cannot go on; the message is one sentence for the operator."""


@dataclass
class Restored:
    manifest: dict[str, Any]
    tables: int
    rows: int
    media_files: int


# --- the database ---------------------------------------------------------------------------------------


def engine(alias: str = "default") -> str:
    vendor = connections[alias].vendor
    if vendor not in ("sqlite", "postgresql"):
        raise BackupError(f"gongkai backup supports SQLite and PostgreSQL, not {vendor}.")
    return vendor


def list_tables(cursor: Any, vendor: str) -> list[str]:
    if vendor == "sqlite":
        cursor.execute(
            "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name"
        )
    else:
        cursor.execute(
            "SELECT tablename FROM pg_tables WHERE schemaname = current_schema() ORDER BY tablename"
        )
    return [row[0] for row in cursor.fetchall()]


def quote(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


def row_counts(cursor: Any, vendor: str) -> dict[str, int]:
    counts = {}
    for table in list_tables(cursor, vendor):
        cursor.execute(f"SELECT COUNT(*) FROM {quote(table)}")
        counts[table] = int(cursor.fetchone()[0])
    return counts


def migration_state(cursor: Any, tables: list[str] | dict[str, int]) -> dict[str, list[str]]:
    if "django_migrations" not in tables:
        return {}
    cursor.execute("SELECT app, name FROM django_migrations ORDER BY app, name")
    state: dict[str, list[str]] = {}
    for app, name in cursor.fetchall():
        state.setdefault(app, []).append(name)
    return state


def postgres_env(alias: str = "default") -> tuple[list[str], dict[str, str]]:
    """Connection arguments for the PostgreSQL client tools (the password goes through the environment)."""
    db = settings.DATABASES[alias]
    args = ["--dbname", str(db["NAME"])]
    if db.get("HOST"):
        args += ["--host", str(db["HOST"])]
    if db.get("PORT"):
        args += ["--port", str(db["PORT"])]
    if db.get("USER"):
        args += ["--username", str(db["USER"])]
    env = dict(os.environ)
    if db.get("PASSWORD"):
        env["PGPASSWORD"] = str(db["PASSWORD"])
    return args, env


def client_tool(name: str) -> str:
    path = shutil.which(name)
    if path is None:
        raise BackupError(
            f"{name} is not installed: install the PostgreSQL client tools of the server's version "
            "(Debian: apt-get install postgresql-client) and try again."
        )
    return path


def dump_sqlite(target: Path, alias: str = "default") -> tuple[dict[str, int], dict[str, list[str]]]:
    """Copy the live database with SQLite's online backup API; count from the copy, which is consistent."""
    source = sqlite3.connect(str(settings.DATABASES[alias]["NAME"]), timeout=30)
    copy = sqlite3.connect(str(target))
    try:
        source.backup(copy)
    finally:
        source.close()
    try:
        cursor = copy.cursor()
        counts = row_counts(cursor, "sqlite")
        return counts, migration_state(cursor, counts)
    finally:
        copy.close()


def dump_postgres(target: Path, alias: str = "default") -> tuple[dict[str, int], dict[str, list[str]]]:
    """``pg_dump -Fc`` of one exported snapshot; the counts are read in the same snapshot."""
    pg_dump = client_tool("pg_dump")
    connection = connections[alias]
    args, env = postgres_env(alias)
    with transaction.atomic(using=alias), connection.cursor() as cursor:
        cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY")
        cursor.execute("SELECT pg_export_snapshot()")
        snapshot = cursor.fetchone()[0]
        result = subprocess.run(
            [
                pg_dump,
                "--format=custom",
                "--no-owner",
                "--no-privileges",
                f"--snapshot={snapshot}",
                "--file",
                str(target),
                *args,
            ],
            env=env,
            capture_output=True,
            text=True,
            check=False,
        )
        if result.returncode != 0:
            raise BackupError(f"pg_dump failed: {last_line(result.stderr)}")
        counts = row_counts(cursor, "postgresql")
        return counts, migration_state(cursor, counts)


def last_line(text: str) -> str:
    lines = [line.strip() for line in text.splitlines() if line.strip()]
    return lines[-1] if lines else "no message"


# --- files ------------------------------------------------------------------------------------------------


def sha256_stream(handle: IO[bytes]) -> str:
    digest = hashlib.sha256()
    for block in iter(lambda: handle.read(CHUNK), b""):
        digest.update(block)
    return digest.hexdigest()


def sha256_file(path: Path) -> str:
    with path.open("rb") as handle:
        return sha256_stream(handle)


def stored_files(storage: Storage, directory: str = "") -> Iterator[str]:
    """The name of every file in the storage (the local media folder or the object store), in order."""
    try:
        directories, files = storage.listdir(directory)
    except FileNotFoundError:  # a media folder nobody has written to yet
        return
    for name in sorted(files):
        yield posixpath.join(directory, name)
    for name in sorted(directories):
        yield from stored_files(storage, posixpath.join(directory, name))


def copy_media(into: Path) -> list[dict[str, Any]]:
    """Copy every file of the private storage under ``into``; their manifest entries (path, size, sha256)."""
    media: list[dict[str, Any]] = []
    storage = private_storage()
    for relative in stored_files(storage):
        safe_media_name(MEDIA_PREFIX + relative)
        copy = into / relative
        copy.parent.mkdir(parents=True, exist_ok=True)
        try:
            with storage.open(relative, "rb") as stored, copy.open("wb") as out:
                shutil.copyfileobj(stored, out, CHUNK)
        except FileNotFoundError:
            continue  # deleted while we walked
        media.append({"path": relative, "size": copy.stat().st_size, "sha256": sha256_file(copy)})
    return media


def default_archive_name(now: datetime.datetime) -> str:
    return f"gongkai-backup-{now:%Y%m%d-%H%M%S}.tar.gz"


def make_backup(output: Path, alias: str = "default") -> dict[str, Any]:
    """Write a backup archive to ``output`` (atomically, readable by its owner only); return the manifest."""
    vendor = engine(alias)
    output = output.resolve()
    output.parent.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="gongkai-backup-") as scratch:
        member = SQLITE_MEMBER if vendor == "sqlite" else POSTGRES_MEMBER
        database_file = Path(scratch) / member
        if vendor == "sqlite":
            counts, migrations = dump_sqlite(database_file, alias)
        else:
            counts, migrations = dump_postgres(database_file, alias)
        # Uploaded files are copied before they are hashed, so the archive holds exactly what was hashed
        # even if a file is replaced meanwhile.
        media_copy = Path(scratch) / "media"
        media = copy_media(media_copy)
        manifest = {
            "format": FORMAT,
            "created_at": datetime.datetime.now(datetime.UTC).isoformat(timespec="seconds"),
            "database": {
                "engine": vendor,
                "file": member,
                "size": database_file.stat().st_size,
                "sha256": sha256_file(database_file),
            },
            "migrations": migrations,
            "row_counts": counts,
            "media": media,
        }
        partial = output.with_name(output.name + ".partial")
        descriptor = os.open(partial, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        with os.fdopen(descriptor, "wb") as raw, tarfile.open(fileobj=raw, mode="w:gz") as archive:
            add_bytes(archive, MANIFEST, json.dumps(manifest, ensure_ascii=False, indent=1).encode())
            archive.add(database_file, arcname=member, recursive=False)
            for entry in media:
                archive.add(media_copy / entry["path"], arcname=MEDIA_PREFIX + entry["path"], recursive=False)
            raw.flush()
        os.replace(partial, output)
    return manifest


def add_bytes(archive: tarfile.TarFile, name: str, data: bytes) -> None:
    info = tarfile.TarInfo(name)
    info.size = len(data)
    info.mode = 0o600
    archive.addfile(info, io.BytesIO(data))


# --- restore ----------------------------------------------------------------------------------------------


def open_archive(path: Path) -> tarfile.TarFile:
    if not path.is_file():
        raise BackupError(f"{path} does not exist or is not a file.")
    try:
        return tarfile.open(path, mode="r:gz")
    except (tarfile.TarError, OSError, EOFError, zlib.error) as exc:
        raise BackupError(f"{path} is not a readable gongkai backup ({exc}).") from None


def read_manifest(archive: tarfile.TarFile, path: Path) -> dict[str, Any]:
    try:
        handle = archive.extractfile(MANIFEST)
        manifest = json.loads(handle.read()) if handle else None
    except (KeyError, tarfile.TarError, OSError, EOFError, zlib.error, ValueError):
        manifest = None
    if not isinstance(manifest, dict) or manifest.get("format") != FORMAT:
        raise BackupError(f"{path} is not a gongkai backup: its manifest is missing or unreadable.")
    return manifest


def safe_media_name(name: str) -> str:
    relative = PurePosixPath(name[len(MEDIA_PREFIX) :])
    if relative.is_absolute() or ".." in relative.parts or not relative.parts:
        raise BackupError(f"the backup names a file outside the media folder ({name}); it was not restored.")
    return relative.as_posix()


def unpack_verified(archive: tarfile.TarFile, path: Path, manifest: dict[str, Any], into: Path) -> None:
    """Extract the database and media into ``into``, checking each member's sha256 against the manifest."""
    expected = {MEDIA_PREFIX + entry["path"]: entry["sha256"] for entry in manifest.get("media", [])}
    expected[manifest["database"]["file"]] = manifest["database"]["sha256"]
    seen = set()
    try:
        for member in archive:
            if member.name == MANIFEST:
                continue
            if member.name not in expected or not member.isfile():
                raise BackupError(f"{path} holds {member.name}, which its manifest does not list.")
            if member.name.startswith(MEDIA_PREFIX):
                safe_media_name(member.name)
            source = archive.extractfile(member)
            assert source is not None
            target = into / member.name
            target.parent.mkdir(parents=True, exist_ok=True)
            digest = hashlib.sha256()
            with target.open("wb") as out:
                while block := source.read(CHUNK):
                    digest.update(block)
                    out.write(block)
            if digest.hexdigest() != expected[member.name]:
                raise BackupError(
                    f"{path} is damaged: the checksum of {member.name} does not match its manifest."
                )
            seen.add(member.name)
    except (tarfile.TarError, OSError, EOFError, zlib.error) as exc:
        raise BackupError(f"{path} is damaged and cannot be read to the end ({exc}).") from None
    missing = sorted(set(expected) - seen)
    if missing:
        raise BackupError(f"{path} is incomplete: {missing[0]} is listed in its manifest but missing.")


def holds_data(alias: str = "default") -> bool:
    """Whether the database holds anyone's work: a user account or an agency (a fresh ``migrate`` holds
    neither, only Django's bookkeeping and the seeded vocabularies)."""
    connection = connections[alias]
    with connection.cursor() as cursor:
        tables = set(list_tables(cursor, engine(alias)))
        for table in ("auth_user", "agencies_agency"):
            if table in tables:
                cursor.execute(f"SELECT 1 FROM {quote(table)} LIMIT 1")
                if cursor.fetchone():
                    return True
    return False


def restore_sqlite(database_file: Path, alias: str = "default") -> None:
    target = Path(settings.DATABASES[alias]["NAME"])
    connections[alias].close()
    target.parent.mkdir(parents=True, exist_ok=True)
    staged = target.with_name(target.name + ".restoring")
    shutil.copyfile(database_file, staged)
    for suffix in ("-wal", "-shm"):
        Path(str(target) + suffix).unlink(missing_ok=True)
    os.replace(staged, target)


def restore_postgres(database_file: Path, force: bool, alias: str = "default") -> None:
    pg_restore = client_tool("pg_restore")
    connections[alias].close()
    args, env = postgres_env(alias)
    command = [pg_restore, "--no-owner", "--no-privileges", "--exit-on-error", "--single-transaction", *args]
    if force:
        command += ["--clean", "--if-exists"]
    result = subprocess.run(
        [*command, str(database_file)], env=env, capture_output=True, text=True, check=False
    )
    if result.returncode != 0:
        raise BackupError(f"pg_restore failed: {last_line(result.stderr)}")


def restore_media(unpacked: Path, manifest: dict[str, Any]) -> int:
    """Put the archived files back into the private storage (the media folder or the object store) under
    their names, replacing what is there, and check each as stored."""
    storage = private_storage()
    count = 0
    for entry in manifest.get("media", []):
        relative = safe_media_name(MEDIA_PREFIX + entry["path"])
        if storage.exists(relative):
            storage.delete(relative)
        with (unpacked / MEDIA_PREFIX / relative).open("rb") as handle:
            saved = storage.save(relative, File(handle, name=relative))
        if saved != relative:
            raise BackupError(f"the file {relative} could not be restored under its own name.")
        with storage.open(relative, "rb") as stored:
            matches = sha256_stream(stored) == entry["sha256"]
        if not matches:
            raise BackupError(
                f"the restored file {relative} does not match its checksum (is the disk full?)."
            )
        count += 1
    return count


def verify_database(manifest: dict[str, Any], alias: str = "default") -> tuple[int, int]:
    vendor = engine(alias)
    connections[alias].close()
    with connections[alias].cursor() as cursor:
        counts = row_counts(cursor, vendor)
        migrations = migration_state(cursor, counts)
    expected: dict[str, int] = manifest["row_counts"]
    for table, rows in sorted(expected.items()):
        if counts.get(table) != rows:
            raise BackupError(
                f"the restored table {table} has {counts.get(table, 0)} rows where the backup had {rows}."
            )
    if migrations != manifest["migrations"]:
        raise BackupError("the restored database's migration state differs from the backup's.")
    return len(expected), sum(expected.values())


def restore_backup(path: Path, force: bool = False, alias: str = "default") -> Restored:
    """Restore an archive made by :func:`make_backup` into the configured database and media folder."""
    vendor = engine(alias)
    with open_archive(path) as archive:
        manifest = read_manifest(archive, path)
        if manifest["database"]["engine"] != vendor:
            raise BackupError(
                f"{path} is a {manifest['database']['engine']} backup and DATABASE_URL names a {vendor} "
                "database; restore it into the same kind of database."
            )
        if not force and holds_data(alias):
            raise BackupError(
                "the database already holds data (users or agencies); restore into an empty database, "
                "or pass --force to replace it."
            )
        with tempfile.TemporaryDirectory(prefix="gongkai-restore-") as scratch:
            unpacked = Path(scratch)
            unpack_verified(archive, path, manifest, unpacked)
            database_file = unpacked / manifest["database"]["file"]
            if vendor == "sqlite":
                restore_sqlite(database_file, alias)
            else:
                restore_postgres(database_file, force, alias)
            media = restore_media(unpacked, manifest)
    tables, rows = verify_database(manifest, alias)
    return Restored(manifest=manifest, tables=tables, rows=rows, media_files=media)


def summary(manifest: dict[str, Any]) -> str:
    rows = sum(manifest["row_counts"].values())
    return (
        f"{manifest['database']['engine']}: {len(manifest['row_counts'])} tables, {rows} rows; "
        f"{len(manifest['media'])} uploaded files"
    )
