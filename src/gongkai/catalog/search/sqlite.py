"""SQLite: FTS5 over ``catalog_searchentry``'s bigram text, ranked with BM25.

``catalog_fts(title, number, body)`` (migration 0002) is an external-content FTS5 table with rowid =
document id and the ``unicode61`` tokenizer, which splits on the spaces between our bigrams; triggers on
``catalog_searchentry`` keep it in step. A query run becomes an FTS5 phrase of its bigrams
(``"财政 政预 预算"``): consecutive tokens, so 财政预算 matches and 预算财政 does not.
"""

from __future__ import annotations

import datetime
from typing import Any

from gongkai.lib import search_tokens

from ..models import SearchEntry
from .base import IndexRow, SearchBackend, SearchFilters, SearchPage, read_connection

# BM25 column weights: title, number, body; BM25 is negative (more negative is better), so multiplying by the
# recency factor (between 1 and 2) moves newer documents up.
RANK = "bm25(catalog_fts, 10.0, 5.0, 1.0) * (1.0 + 365.0 / (365.0 + max(0, %s - e.published_day)))"


def match_expression(query: str) -> str | None:
    """The FTS5 MATCH expression for a user query, or ``None`` when nothing in it is searchable.

    Tokens contain only letters and digits, so quoting them needs no escaping.
    """
    phrases = []
    for phrase in search_tokens.query_phrases(query):
        if len(phrase) == 1 and len(phrase[0]) == 1 and not phrase[0].isascii():
            phrases.append(f'"{phrase[0]}" *')  # a lone character: any bigram starting with it
        else:
            phrases.append('"' + " ".join(phrase) + '"')
    return " AND ".join(phrases) or None


class SQLiteSearchBackend(SearchBackend):
    vendor = "sqlite"

    def insert(self, rows: list[IndexRow]) -> None:
        SearchEntry.objects.bulk_create(
            [
                SearchEntry(
                    document_id=row.document_id,
                    agency_id=row.agency_id,
                    topic_id=row.topic_id,
                    genre_id=row.genre_id,
                    year=row.year,
                    validity=row.validity,
                    published_day=row.published_on.toordinal(),
                    title=row.title,
                    number=row.number,
                    body=row.body,
                )
                for row in rows
            ],
            batch_size=500,
        )

    def search(
        self, query: str, filters: SearchFilters, *, offset: int, limit: int, today: datetime.date
    ) -> SearchPage:
        expression = match_expression(query)
        if expression is None:
            return SearchPage(ids=[], total=0)
        filtered, values = filters.conditions("e.")
        where = ["catalog_fts MATCH %s", *filtered]
        params: list[Any] = [expression, *values]
        condition = " AND ".join(where)
        source = "catalog_fts JOIN catalog_searchentry e ON e.document_id = catalog_fts.rowid"
        if len(where) == 1:
            source = "catalog_fts"  # the count needs no join without filters
        with read_connection().cursor() as cursor:
            cursor.execute(f"SELECT count(*) FROM {source} WHERE {condition}", params)
            total = cursor.fetchone()[0]
            if total <= offset:
                return SearchPage(ids=[], total=total)
            cursor.execute(
                "SELECT e.document_id FROM catalog_fts JOIN catalog_searchentry e"
                f" ON e.document_id = catalog_fts.rowid WHERE {condition}"
                f" ORDER BY {RANK}, e.published_day DESC, e.document_id DESC LIMIT %s OFFSET %s",
                [*params, today.toordinal(), limit, offset],
            )
            ids = [row[0] for row in cursor.fetchall()]
        return SearchPage(ids=ids, total=total)
