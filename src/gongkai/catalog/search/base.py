"""The search interface, the same for every database.

The index (``SearchEntry``, one row per document) holds the public documents only
(``Document.objects.public()``), as CJK bigram text (``gongkai.lib.search_tokens``) in three weighted fields — title,
document number and index number, body — plus the columns the filters and the recency boost read. It lives in the database and is written by the catalog actions in the
same transaction as the document, so that a search never sees a document the catalog does not (and a
rolled-back publish leaves no trace in the index).

Ranking, the same rule in both databases: first the documents whose title or document/index number matches
the query (every phrase of it occurs in the title or the numbers), by relevance × recency — the
database's score of the title and numbers only (BM25 of those columns in SQLite, ``ts_rank`` of
``title_vector`` in PostgreSQL), multiplied by ``1 + 365 / (365 + age in days)`` (2 for today's documents, 1.5
for a year old), ties newest first; then the documents that match in the body only, newest first (publication day, then
document id, descending). The total is exact. PostgreSQL bounds the rule for a province's millions of
documents (``postgresql``): it ranks the newest 1,000 title matches only, and counts up to 1,000 matches
exactly, estimating beyond. A reader looking for a document usually knows words of its
title or its number; a word that occurs only somewhere in a body says little about which of tens of
thousands of such documents is meant, and newest first is what a disclosure catalog lists by anyway. The
rule also keeps a search's cost proportional to its title matches and the page read, not to all the
documents that mention a common word (SQLite: ``order_key``, migration 0006).
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from dataclasses import dataclass

from django.db import DEFAULT_DB_ALIAS, connections, router
from django.db.backends.base.base import BaseDatabaseWrapper

from gongkai.lib import search_tokens

from ..models import Document, SearchEntry


@dataclass(frozen=True)
class SearchFilters:
    agency_id: int | None = None
    topic_id: int | None = None
    genre_id: int | None = None
    year: int | None = None
    validity: str | None = None

    def conditions(self, table: str = "") -> tuple[list[str], list[object]]:
        """The filters that are set, as SQL conditions on ``catalog_searchentry`` (``table`` qualifies the
        columns, e.g. ``"e."``) and their parameters, for the backends' queries."""
        where, params = [], []
        for column in ("agency_id", "topic_id", "genre_id", "year", "validity"):
            value = getattr(self, column)
            if value is not None:
                where.append(f"{table}{column} = %s")
                params.append(value)
        return where, params


@dataclass(frozen=True)
class SearchPage:
    ids: list[int]  # document ids, best first
    total: int
    approximate: bool = False  # ``total`` is an estimate ("about N"): PostgreSQL beyond ``COUNTED`` matches


# The document fields IndexRow.of reads.
INDEXED_FIELDS = (
    "title",
    "document_number",
    "index_number",
    "body_text",
    "agency",
    "topic",
    "genre",
    "published_on",
    "validity",
)


@dataclass(frozen=True)
class IndexRow:
    """What the index stores for one document."""

    document_id: int
    title: str
    number: str
    body: str
    agency_id: int
    topic_id: int | None
    genre_id: int | None
    year: int
    validity: str
    published_on: datetime.date

    @property
    def order_key(self) -> int:
        """``SearchEntry.order_key``: sorts as (publication day, document id)."""
        assert 0 < self.document_id < 2**32
        return self.published_on.toordinal() * 2**32 + self.document_id

    @classmethod
    def of(cls, document: Document) -> IndexRow:
        assert document.published_on is not None
        return cls(
            document_id=document.pk,
            title=search_tokens.index_text(document.title),
            number=search_tokens.index_text(document.document_number + " " + (document.index_number or "")),
            body=search_tokens.index_text(document.body_text),
            agency_id=document.agency_id,
            topic_id=document.topic_id,
            genre_id=document.genre_id,
            year=document.published_on.year,
            validity=document.validity,
            published_on=document.published_on,
        )


def read_connection() -> BaseDatabaseWrapper:
    """The connection a search reads from: the replica for an anonymous portal reader when there is one
    (``gongkai.lib.dbrouter``), else the primary."""
    return connections[router.db_for_read(SearchEntry) or DEFAULT_DB_ALIAS]


class SearchBackend:
    """One implementation per database; ``gongkai.catalog.search.backend()`` picks the connection's."""

    vendor = ""

    def update(self, documents: Iterable[Document]) -> None:
        """Bring the index up to date for ``documents``: public ones (re)indexed, others removed."""
        documents = list(documents)
        self.remove([document.pk for document in documents])
        self.insert([IndexRow.of(document) for document in documents if document.is_public])

    def insert(self, rows: list[IndexRow]) -> None:
        raise NotImplementedError

    def remove(self, document_ids: list[int]) -> None:
        for start in range(0, len(document_ids), 500):
            SearchEntry.objects.filter(document_id__in=document_ids[start : start + 500]).delete()

    def clear(self) -> None:
        SearchEntry.objects.all().delete()

    def search(
        self, query: str, filters: SearchFilters, *, offset: int, limit: int, today: datetime.date
    ) -> SearchPage:
        """The ``limit`` best matches from ``offset`` and the number of all matches.

        A query of only punctuation matches nothing. Each whitespace-separated or punctuation-separated run of the
        query must occur (as a phrase); a single character matches any word that starts with it.
        """
        raise NotImplementedError

    def rebuild(self, batch_size: int = 2000) -> int:
        """Empty the index and fill it from the catalog; returns the number of documents indexed."""
        self.clear()
        count = 0
        # In order_key order: SQLite's FTS5 writes out its pending index whenever a rowid (order_key) is lower
        # than the one before, so documents in id order (not publication order) wrote one tiny segment each
        # (twice the CPU and four times the disk writes at 200,000 documents).
        public = Document.objects.public()
        order = sorted(public.values_list("published_on", "pk"))
        # Only what IndexRow.of reads: not the HTML body, as large as the text again.
        queryset = public.only(*INDEXED_FIELDS)
        for start in range(0, len(order), batch_size):
            ids = [pk for _, pk in order[start : start + batch_size]]
            by_id = queryset.in_bulk(ids)
            self.insert([IndexRow.of(by_id[pk]) for pk in ids if pk in by_id])
            count += len(by_id)
        return count
