"""Stored files through Django's storage API, wherever they are kept (``settings.STORAGES``): the local file
system by default, an S3-compatible object store in a province deployment. Code that writes or serves a
file goes through ``storages[...]`` and these helpers, never through paths under ``MEDIA_ROOT``."""

from __future__ import annotations

import os
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


def private_storage() -> Storage:
    return storages["default"]


def public_storage() -> Storage:
    return storages["public"]
