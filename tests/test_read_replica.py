"""The database router sends anonymous portal reads to the replica and everything else to the primary.

The replica alias here points at the primary's own test database (as ``TEST: {"MIRROR": "default"}`` does in
a configured deployment), through a connection of its own: what the router chooses shows as the queries
each connection ran."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from django.db import connections, router
from django.db.utils import load_backend
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from gongkai.catalog.models import Document
from gongkai.catalog.tests.helpers import publish
from gongkai.lib.dbrouter import replica_reads
from gongkai.testing import Cast

# Committed rows: the replica's connection cannot see the primary's open test transaction.
pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.filterwarnings("ignore:Overriding setting DATABASES:UserWarning"),
]


@pytest.fixture
def replica(settings: Any) -> Iterator[str]:
    """A replica alias in ``DATABASES`` (as GONGKAI_REPLICA_DATABASE_URL adds it) whose connection is a second
    connection to the test database. The connection is made by hand: the test case's database list was fixed
    before the alias existed, and Django refuses connections to aliases outside it."""
    alias = settings.REPLICA_DATABASE
    mirrored = dict(connections["default"].settings_dict) | {"TEST": {"MIRROR": "default"}}
    settings.DATABASES = settings.DATABASES | {alias: mirrored}
    connections[alias] = load_backend(mirrored["ENGINE"]).DatabaseWrapper(mirrored, alias)
    yield alias
    connections[alias].close()
    del connections[alias]


class Queries:
    """The SQL each connection ran during the block."""

    def __init__(self, alias: str) -> None:
        self.primary = CaptureQueriesContext(connections["default"])
        self.replica = CaptureQueriesContext(connections[alias])

    def __enter__(self) -> Queries:
        self.primary.__enter__()
        self.replica.__enter__()
        return self

    def __exit__(self, *exc: Any) -> None:
        self.replica.__exit__(*exc)
        self.primary.__exit__(*exc)


@pytest.mark.parametrize(
    "page",
    [
        lambda cast: reverse("home"),
        lambda cast: reverse("agency_catalog", args=[cast.agency.pk]),
        lambda cast: reverse("catalog_search") + "?q=通知",
        lambda cast: reverse("open_data"),
        lambda cast: "/api/catalog/search?q=通知",
        lambda cast: "/api/catalog/documents",
    ],
    ids=["home", "catalog", "search", "open-data", "api-search", "api-documents"],
)
def test_anonymous_portal_reads_go_to_the_replica(cast: Cast, replica: str, page: Any) -> None:
    publish(cast, "关于读副本的通知")
    with Queries(replica) as queries:
        response = Client().get(page(cast))
    assert response.status_code == 200
    assert len(queries.replica) > 0
    assert len(queries.primary) == 0


def test_a_signed_in_user_reads_the_primary_even_on_a_portal_page(cast: Cast, replica: str) -> None:
    publish(cast, "关于读副本的通知")
    clerk = Client()
    clerk.force_login(cast.clerk)
    with Queries(replica) as queries:
        response = clerk.get(reverse("agency_catalog", args=[cast.agency.pk]))
    assert response.status_code == 200
    assert len(queries.replica) == 0
    assert len(queries.primary) > 0


def test_pages_not_marked_as_portal_pages_read_the_primary(cast: Cast, replica: str) -> None:
    with Queries(replica) as queries:
        response = Client().get(reverse("track_lookup"))  # a citizen's own application: read-your-writes
    assert response.status_code == 200
    assert len(queries.replica) == 0


def test_writes_go_to_the_primary_even_for_a_row_read_from_the_replica(cast: Cast, replica: str) -> None:
    document = publish(cast, "关于读副本的通知")
    with replica_reads():
        read = Document.objects.get(pk=document.pk)
    assert read._state.db == replica
    with Queries(replica) as queries:
        read.title = "关于读副本的通知（修订）"
        read.save(update_fields=["title"])
    assert [q["sql"] for q in queries.replica] == []
    assert any("UPDATE" in q["sql"] for q in queries.primary)
    assert Document.objects.get(pk=document.pk).title == "关于读副本的通知（修订）"


def test_without_a_replica_every_read_goes_to_the_primary(cast: Cast) -> None:
    with replica_reads():
        assert router.db_for_read(Document) == "default"
    assert router.db_for_write(Document) == "default"


def test_migrations_never_run_on_the_replica(settings: Any) -> None:
    assert router.allow_migrate(settings.REPLICA_DATABASE, "catalog", model_name="document") is False
    assert router.allow_migrate("default", "catalog", model_name="document") is True
