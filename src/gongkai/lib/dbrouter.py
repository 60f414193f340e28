"""Read replicas: anonymous portal reads go to the replica, everything else to the primary.

``settings.DATABASES["replica"]`` exists when ``GONGKAI_REPLICA_DATABASE_URL`` names a streaming replica of
the primary. The pages anonymous readers open in bursts — the portal, search, open data — are marked with
:func:`gongkai.lib.pagecache.portal_page` (the open API's public endpoints by :class:`ReplicaReadsMiddleware`);
while such a page answers a reader who is not signed in, the router sends its reads to the replica. Writes always go to the
primary, and so does every read of a signed-in user, a POST, and any page not marked: those read what was
just written (a citizen's tracking page after submitting, a clerk's list after saving), which a replica a
few hundred milliseconds behind might not have yet.
"""

from __future__ import annotations

import contextlib
from collections.abc import Callable, Iterator
from contextvars import ContextVar
from typing import Any

from django.conf import settings
from django.db import DEFAULT_DB_ALIAS, models
from django.http import HttpRequest
from django.http.response import HttpResponseBase

_reading_for_anonymous: ContextVar[bool] = ContextVar("gongkai_replica_reads", default=False)


def replica_alias() -> str | None:
    """The replica's alias when one is configured."""
    alias: str = settings.REPLICA_DATABASE
    return alias if alias in settings.DATABASES else None


@contextlib.contextmanager
def replica_reads() -> Iterator[None]:
    """Within the block, reads go to the replica (when there is one)."""
    token = _reading_for_anonymous.set(True)
    try:
        yield
    finally:
        _reading_for_anonymous.reset(token)


class ReplicaRouter:
    """Django's database router (``DATABASE_ROUTERS``)."""

    def db_for_read(self, model: type[models.Model], **hints: Any) -> str | None:
        # None: Django's own choice — the primary, or the database an object related by the hints came
        # from (a benchmark's scratch database, say).
        if _reading_for_anonymous.get():
            return replica_alias()
        return None

    def db_for_write(self, model: type[models.Model], **hints: Any) -> str | None:
        # Never the replica — not even for an object that was read from it, where Django would choose the
        # database the object came from.
        instance = hints.get("instance")
        if instance is not None and instance._state.db == settings.REPLICA_DATABASE:
            return DEFAULT_DB_ALIAS
        return None

    def allow_relation(self, obj1: models.Model, obj2: models.Model, **hints: Any) -> bool | None:
        # The replica holds the primary's rows: an object read from either may refer to one from the other.
        return True

    def allow_migrate(
        self, db: str, app_label: str, model_name: str | None = None, **hints: Any
    ) -> bool | None:
        # The replica follows the primary's schema through replication; migrations run on the primary only.
        return False if db == settings.REPLICA_DATABASE else None


class ReplicaReadsMiddleware:
    """The open API's public reads (``GET /api/catalog/…``, ``/api/agencies/…`` without a token) on the
    replica: django-ninja serialises what an operation returns after it returns, so the whole request, not
    the operation, is marked. The token-guarded API (applications) reads the primary."""

    PUBLIC_API = ("/api/catalog/", "/api/agencies/")

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponseBase]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponseBase:
        if (
            request.method in ("GET", "HEAD")
            and request.path_info.startswith(self.PUBLIC_API)
            and "HTTP_AUTHORIZATION" not in request.META
        ):
            with replica_reads():
                return self.get_response(request)
        return self.get_response(request)
