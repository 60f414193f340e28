"""Rebuilding the PostgreSQL index at a province's size: the GIN index is built once at the end, with the
memory it needs (the default made it spill for tens of minutes at 400,000 documents)."""

import pytest
from django.db import connection, transaction

from gongkai.catalog.search import backend

from .helpers import publish

pytestmark = pytest.mark.skipif(connection.vendor != "postgresql", reason="PostgreSQL's index build")


def setting(name: str) -> str:
    with connection.cursor() as cursor:
        cursor.execute(f"SHOW {name}")
        return cursor.fetchone()[0]


def test_the_gin_index_is_built_again_with_the_memory_it_needs(cast):
    publish(cast, "关于下达财政预算的通知", "<p>现将财政预算下达。</p>")
    assert setting("maintenance_work_mem") != "512MB"  # the server's default is left alone…
    with transaction.atomic():
        assert backend().rebuild() == 1
        assert setting("maintenance_work_mem") == "512MB"  # …but for the rebuild's transaction (SET LOCAL)
        with connection.cursor() as cursor:
            cursor.execute("SELECT indexdef FROM pg_indexes WHERE indexname = 'catalog_searchentry_vector'")
            assert "gin (vector)" in cursor.fetchone()[0]
