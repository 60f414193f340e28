"""Django's SQLite backend, with writers queued in the kernel rather than in SQLite's busy handler.

SQLite admits one writer at a time. A second one waits in SQLite's busy handler, which sleeps in growing
steps (up to 100 ms) between retries, so under concurrent writes — the public application form under load,
several gunicorn workers — waiters sleep on while the lock is already free: throughput drops and the slowest
answers take hundreds of milliseconds. Here every write transaction first takes an exclusive ``flock`` on a
file beside the database (``NAME.writelock``); the kernel hands it to the next waiter the moment it is
released, and the holder then finds SQLite's own lock free. A killed process releases its flock with its
file descriptors. In-memory databases (the tests' default) have a single connection and need no lock.

Writes outside a transaction (autocommit statements) still queue on SQLite's busy handler, as before.
"""

from __future__ import annotations

import fcntl
import os

from django.db.backends.sqlite3 import base


class DatabaseWrapper(base.DatabaseWrapper):
    _lock_fd: int | None = None
    _locked = False

    def _lock_path(self) -> str | None:
        name = str(self.settings_dict["NAME"])
        if self.is_in_memory_db() or name.startswith("file:"):
            return None
        return name + ".writelock"

    def _acquire_write_lock(self) -> None:
        if self._locked:
            return
        if self._lock_fd is None:
            path = self._lock_path()
            if path is None:
                return
            self._lock_fd = os.open(path, os.O_RDWR | os.O_CREAT | os.O_CLOEXEC, 0o600)
        fcntl.flock(self._lock_fd, fcntl.LOCK_EX)
        self._locked = True

    def _release_write_lock(self) -> None:
        if self._locked and self._lock_fd is not None:
            fcntl.flock(self._lock_fd, fcntl.LOCK_UN)
        self._locked = False

    def _start_transaction_under_autocommit(self) -> None:
        self._acquire_write_lock()
        try:
            super()._start_transaction_under_autocommit()  # type: ignore[misc]  # private in django-stubs
        except BaseException:
            self._release_write_lock()
            raise

    def _commit(self) -> None:
        try:
            super()._commit()  # type: ignore[misc]  # private in django-stubs
        finally:
            self._release_write_lock()

    def _rollback(self) -> None:
        try:
            super()._rollback()  # type: ignore[misc]  # private in django-stubs
        finally:
            self._release_write_lock()

    def _close(self) -> None:
        try:
            super()._close()  # type: ignore[misc]  # private in django-stubs
        finally:
            self._release_write_lock()
            if self._lock_fd is not None:
                os.close(self._lock_fd)
                self._lock_fd = None
