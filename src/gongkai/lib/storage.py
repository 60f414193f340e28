"""Stored files through Django's storage API, wherever they are kept (``settings.STORAGES``): the local file
system by default, an S3-compatible object store in a province deployment. Code that writes or serves a
file goes through ``storages[...]`` and these helpers, never through paths under ``MEDIA_ROOT``."""

from __future__ import annotations

import contextlib
import os
import shutil
import tempfile
from collections.abc import Iterator
from pathlib import Path, PurePosixPath
from typing import Any

from django.conf import settings
from django.core.files.storage import FileSystemStorage, Storage, storages
from django.utils.functional import cached_property


class PublicFileSystemStorage(FileSystemStorage):
    """``MEDIA_ROOT/public``: public files (published reports) beside the private ones, following
    ``MEDIA_ROOT`` when it changes (as the tests change it)."""

    @cached_property
    def base_location(self) -> Any:
        return os.path.join(settings.MEDIA_ROOT, "public")

    @cached_property
    def base_url(self) -> str:
        return f"/{settings.MEDIA_URL.strip('/')}/public/"


def is_local(storage: Storage) -> bool:
    """Whether the storage's files are on this host's disk (then the app serves them itself; otherwise it
    hands out the store's link)."""
    try:
        storage.path("probe")
    except NotImplementedError:
        return False
    return True


@contextlib.contextmanager
def local_copy(storage: Storage, name: str) -> Iterator[Path]:
    """The stored file as a path on this host's disk, for code that reads files by path (the report
    reader): the file itself when the storage is local, else a temporary copy removed after the block."""
    if is_local(storage):
        yield Path(storage.path(name))
        return
    suffix = PurePosixPath(name).suffix
    with tempfile.TemporaryDirectory(prefix="gongkai-") as scratch:
        path = Path(scratch) / f"file{suffix}"
        with storage.open(name, "rb") as source, path.open("wb") as target:
            shutil.copyfileobj(source, target, 1 << 20)
        yield path


def private_storage() -> Storage:
    return storages["default"]


def public_storage() -> Storage:
    return storages["public"]
