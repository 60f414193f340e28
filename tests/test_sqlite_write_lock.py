"""gongkai's SQLite backend queues writers on a file lock: held from BEGIN to COMMIT or ROLLBACK (or the
connection's close), never otherwise; concurrent writers neither fail nor lose updates."""

from __future__ import annotations

import fcntl
import os
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from gongkai.lib.sqlite.base import DatabaseWrapper


def wrapper(path: Path) -> DatabaseWrapper:
    settings = {
        "ENGINE": "gongkai.lib.sqlite",
        "NAME": str(path),
        "OPTIONS": {
            "transaction_mode": "IMMEDIATE",
            "timeout": 20,
            "init_command": "PRAGMA journal_mode=WAL;",
        },
        "TIME_ZONE": None,
        "CONN_MAX_AGE": 0,
        "CONN_HEALTH_CHECKS": False,
        "AUTOCOMMIT": True,
        "ATOMIC_REQUESTS": False,
        "USER": "",
        "PASSWORD": "",
        "HOST": "",
        "PORT": "",
        "TEST": {},
    }
    return DatabaseWrapper(settings, alias="write_lock_test")


def begin(connection: DatabaseWrapper) -> None:
    """What ``transaction.atomic`` does on entry."""
    connection.set_autocommit(False, force_begin_transaction_with_broken_autocommit=True)


def end(connection: DatabaseWrapper, commit: bool = True) -> None:
    connection.commit() if commit else connection.rollback()
    connection.set_autocommit(True)


def lock_is_free(path: Path) -> bool:
    fd = os.open(str(path) + ".writelock", os.O_RDWR | os.O_CREAT)
    try:
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except BlockingIOError:
        return False
    finally:
        os.close(fd)  # closing drops the probe's own lock, if it got it
    return True


@pytest.fixture(autouse=True)
def own_connections(django_db_blocker: Any) -> Iterator[None]:
    """These tests open their own SQLite files, whatever database the suite runs on."""
    with django_db_blocker.unblock():
        yield


@pytest.fixture
def database(tmp_path: Path) -> Iterator[Path]:
    path = tmp_path / "db.sqlite3"
    setup = wrapper(path)
    with setup.cursor() as cursor:
        cursor.execute("CREATE TABLE counter (n INTEGER NOT NULL)")
        cursor.execute("INSERT INTO counter VALUES (0)")
    setup.close()
    yield path


@pytest.mark.parametrize("finish", ["commit", "rollback", "close"])
def test_the_lock_is_held_from_begin_to_the_end_of_the_transaction(database: Path, finish: str) -> None:
    connection = wrapper(database)
    with connection.cursor() as cursor:
        cursor.execute("SELECT n FROM counter")  # autocommit: no lock
    assert lock_is_free(database)
    begin(connection)
    assert not lock_is_free(database)
    with connection.cursor() as cursor:
        cursor.execute("UPDATE counter SET n = n + 1")
    assert not lock_is_free(database)
    if finish == "close":
        connection.close()
    else:
        end(connection, commit=finish == "commit")
    assert lock_is_free(database)
    expected = 1 if finish == "commit" else 0
    check = wrapper(database)
    with check.cursor() as cursor:
        cursor.execute("SELECT n FROM counter")
        assert cursor.fetchone()[0] == expected
    check.close()
    connection.close()


def test_in_memory_databases_take_no_lock(tmp_path: Path) -> None:
    connection = wrapper(Path(":memory:"))
    begin(connection)
    assert connection._lock_fd is None
    end(connection)
    connection.close()


def test_concurrent_writers_neither_fail_nor_lose_an_update(database: Path) -> None:
    errors: list[Any] = []

    def work() -> None:
        connection = wrapper(database)
        try:
            for _ in range(40):
                begin(connection)
                with connection.cursor() as cursor:
                    cursor.execute("SELECT n FROM counter")
                    (value,) = cursor.fetchone()
                    cursor.execute("UPDATE counter SET n = %s", [value + 1])
                end(connection)
        except Exception as exc:  # collected: a thread's exception would otherwise vanish
            errors.append(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=work) for _ in range(6)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    check = wrapper(database)
    with check.cursor() as cursor:
        cursor.execute("SELECT n FROM counter")
        assert cursor.fetchone()[0] == 6 * 40
    check.close()
    assert lock_is_free(database)
