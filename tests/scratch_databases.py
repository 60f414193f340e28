"""Scratch databases for tests that start gongkai as separate processes: a fresh SQLite file, or, when the
suite runs on PostgreSQL (DATABASE_URL names one), a uniquely named PostgreSQL database that is dropped
afterwards."""

from __future__ import annotations

import os
import secrets
import urllib.parse
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path


def suite_database_url() -> str:
    return os.environ.get("DATABASE_URL", "")


def on_postgresql() -> bool:
    return suite_database_url().startswith(("postgres://", "postgresql://"))


@contextmanager
def scratch_database(directory: Path, label: str) -> Iterator[str]:
    """Yield a DATABASE_URL for an empty database of the suite's kind."""
    if not on_postgresql():
        yield f"sqlite:///{directory / (label + '.sqlite3')}"
        return
    import psycopg

    admin = suite_database_url()
    parts = urllib.parse.urlsplit(admin)
    name = f"gk_{label}_{secrets.token_hex(4)}"
    with psycopg.connect(urllib.parse.urlunsplit(parts._replace(path="/postgres")), autocommit=True) as db:
        db.execute(f'CREATE DATABASE "{name}"')
    try:
        yield urllib.parse.urlunsplit(parts._replace(path="/" + name))
    finally:
        with psycopg.connect(
            urllib.parse.urlunsplit(parts._replace(path="/postgres")), autocommit=True
        ) as db:
            db.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
