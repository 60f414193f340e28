"""PostgreSQL: a ``tsvector`` column on ``catalog_searchentry`` built with the ``simple`` configuration.

Migration 0002 adds ``vector`` with a GIN index: title weighted A, numbers B, body D, made from the same
bigram text as in SQLite (which is not stored again). A query run becomes a phrase query of its bigrams
(``'财政' <-> '政预' <-> '预算'``); a lone character a prefix query (``'预':*``).

Matches are found with ``vector`` and ranked with ``title_vector`` (migration 0003: title and number only,
small and stored inline): documents whose title or number matches the query (``title_vector @@ query``)
come first, by relevance and recency, then those that match in the body only, newest first (the rule in
``base``; a body-only match whose title shares some of the query's bigrams scores above zero with ``ts_rank``
but is not a title match). Scoring with the whole vector read every match's
large body vector; at 100,000 documents that made a common word's first page four times slower.
"""

from __future__ import annotations

import datetime
from typing import Any

from django.db import connection

from gongkai.lib import search_tokens

from .base import IndexRow, SearchBackend, SearchFilters, SearchPage, read_connection


def tsquery(query: str) -> str | None:
    """The ``to_tsquery('simple', …)`` text for a user query, or ``None`` when nothing is searchable.

    Tokens contain only letters and digits, so quoting them needs no escaping.
    """
    phrases = []
    for phrase in search_tokens.query_phrases(query):
        if len(phrase) == 1 and len(phrase[0]) == 1 and not phrase[0].isascii():
            phrases.append(f"'{phrase[0]}':*")
        else:
            phrases.append("(" + " <-> ".join(f"'{token}'" for token in phrase) + ")")
    return " & ".join(phrases) or None


class PostgreSQLSearchBackend(SearchBackend):
    vendor = "postgresql"

    def insert(self, rows: list[IndexRow]) -> None:
        if not rows:
            return
        with connection.cursor() as cursor:
            cursor.executemany(
                "INSERT INTO catalog_searchentry (document_id, agency_id, topic_id, genre_id, year, validity,"
                " published_day, order_key, title, number, body, vector, title_vector)"
                " SELECT %s, %s, %s, %s, %s, %s, %s, %s, '', '', '', heading || setweight(to_tsvector('simple', %s), 'D'),"
                " heading FROM (SELECT setweight(to_tsvector('simple', %s), 'A')"
                " || setweight(to_tsvector('simple', %s), 'B') AS heading) AS parts",
                [
                    (
                        row.document_id,
                        row.agency_id,
                        row.topic_id,
                        row.genre_id,
                        row.year,
                        row.validity,
                        row.published_on.toordinal(),
                        row.order_key,
                        row.body,
                        row.title,
                        row.number,
                    )
                    for row in rows
                ],
            )

    def rebuild(self, batch_size: int = 2000) -> int:
        """As the base class, but builds the GIN index once at the end: much faster than updating it row by
        row (inside the caller's transaction, so searches see the old index until it commits)."""
        with connection.cursor() as cursor:
            cursor.execute("DROP INDEX IF EXISTS catalog_searchentry_vector")
        count = super().rebuild(batch_size)
        with connection.cursor() as cursor:
            # Django's foreign keys are checked at commit; CREATE INDEX refuses to run with such checks pending.
            cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
            cursor.execute("SET CONSTRAINTS ALL DEFERRED")
            # The default 64 MB makes a GIN build over a province's 2,000,000 documents spill for tens of
            # minutes; for this transaction only.
            cursor.execute("SET LOCAL maintenance_work_mem = '512MB'")
            cursor.execute(
                "CREATE INDEX catalog_searchentry_vector ON catalog_searchentry USING gin (vector)"
            )
        return count

    def search(
        self, query: str, filters: SearchFilters, *, offset: int, limit: int, today: datetime.date
    ) -> SearchPage:
        text = tsquery(query)
        if text is None:
            return SearchPage(ids=[], total=0)
        filtered, values = filters.conditions()
        where = ["vector @@ to_tsquery('simple', %s)", *filtered]
        params: list[Any] = [text, *values]
        condition = " AND ".join(where)
        with read_connection().cursor() as cursor:
            cursor.execute(f"SELECT count(*) FROM catalog_searchentry WHERE {condition}", params)
            total = cursor.fetchone()[0]
            if total <= offset:
                return SearchPage(ids=[], total=total)
            cursor.execute(
                f"SELECT document_id FROM catalog_searchentry, to_tsquery('simple', %s) AS query"
                f" WHERE {condition} ORDER BY CASE WHEN title_vector @@ query THEN ts_rank(title_vector, query)"
                " * (1.0 + 365.0 / (365.0 + greatest(0, %s - published_day))) ELSE 0 END DESC,"
                " published_day DESC, document_id DESC LIMIT %s OFFSET %s",
                [text, *params, today.toordinal(), limit, offset],
            )
            ids = [row[0] for row in cursor.fetchall()]
        return SearchPage(ids=ids, total=total)
