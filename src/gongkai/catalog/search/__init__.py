"""Chinese full-text search over the catalog: one backend per database behind ``SearchBackend``."""

from __future__ import annotations

from django.db import connection

from .base import SearchBackend, SearchFilters, SearchPage
from .postgresql import PostgreSQLSearchBackend
from .sqlite import SQLiteSearchBackend

BACKENDS: dict[str, type[SearchBackend]] = {
    "sqlite": SQLiteSearchBackend,
    "postgresql": PostgreSQLSearchBackend,
}

__all__ = ["SearchBackend", "SearchFilters", "SearchPage", "backend"]


def backend() -> SearchBackend:
    """The backend for the default database's engine."""
    return BACKENDS[connection.vendor]()
