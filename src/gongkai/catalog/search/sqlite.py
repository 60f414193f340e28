"""SQLite: FTS5 over ``catalog_searchentry``'s bigram text, ranked with BM25.

``catalog_fts(title, number, body)`` (migrations 0002 and 0006) is an external-content FTS5 table with rowid =
``order_key`` (publication day × 2³² + document id) and the ``unicode61`` tokenizer, which splits on the spaces between our bigrams; triggers on
``catalog_searchentry`` keep it in step. A query run becomes an FTS5 phrase of its bigrams
(``"财政 政预 预算"``): consecutive tokens, so 财政预算 matches and 预算财政 does not.

A search (the rule in ``base``) is two FTS5 queries: the title and number matches (a column filter,
``{title number} : (…)``, a small set) ranked by BM25 of those columns × recency, then the body-only matches
(``(…) NOT {title number} : (…)``) in descending rowid order, which FTS5 reads from the index in that order
and stops at the page's end, so a deep page costs its offset in index steps rather than a sort of all
matches. Ranking every match by BM25 instead cost about 2 µs a match, and a common word matches 40–90 thousand
of 200,000 documents.
"""

from __future__ import annotations

import datetime
from typing import Any

from django.db import connection

from gongkai.lib import search_tokens

from .base import IndexRow, SearchBackend, SearchFilters, SearchPage, read_connection

# BM25 column weights: title, number, body (the column filter leaves no body hits to weigh); BM25 is negative
# (more negative is better), so multiplying by the recency factor (between 1 and 2) moves newer documents up.
# The publication day is the rowid's high half.
RANK = (
    "bm25(catalog_fts, 10.0, 5.0, 0.0)"
    " * (1.0 + 365.0 / (365.0 + max(0, %s - (catalog_fts.rowid >> 32)))), catalog_fts.rowid DESC"
)

# The trigger of migration 0002 that takes a deleted row out of the FTS index.
DELETE_TRIGGER = "catalog_searchentry_ad"


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


def fts_command(command: str, value: int | None = None) -> None:
    """Run one of FTS5's special INSERT commands on ``catalog_fts`` ('optimize', or a setting and its value)."""
    with connection.cursor() as cursor:
        if value is None:
            cursor.execute("INSERT INTO catalog_fts (catalog_fts) VALUES (%s)", [command])
        else:
            cursor.execute("INSERT INTO catalog_fts (catalog_fts, rank) VALUES (%s, %s)", [command, value])


class SQLiteSearchBackend(SearchBackend):
    vendor = "sqlite"

    def clear(self) -> None:
        """Empty the index. The delete trigger would take each row out of the FTS index one by one (a third
        of a rebuild's time at 20,000 documents); FTS5's 'delete-all' empties it at once, so the trigger is
        set aside for the delete and put back as it was (all inside the caller's transaction)."""
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT sql FROM sqlite_master WHERE type = 'trigger' AND name = %s", [DELETE_TRIGGER]
            )
            (trigger,) = cursor.fetchone()
            cursor.execute(f"DROP TRIGGER {DELETE_TRIGGER}")
            cursor.execute("DELETE FROM catalog_searchentry")
            cursor.execute(trigger)
        fts_command("delete-all")

    def rebuild(self, batch_size: int = 2000) -> int:
        """As the base class, but without FTS5's merging of index segments while the rows go in: merged once
        by 'optimize' at the end, each part of the index is written twice instead of once per merge level
        (a quarter less work at 20,000 documents, more with more), and searches read a single segment.
        The merge settings go back to FTS5's defaults for the small writes of publishing afterwards."""
        fts_command("automerge", 0)
        fts_command("crisismerge", 1000)  # a merge only when 1,000 segments of one size pile up
        count = super().rebuild(batch_size)
        fts_command("automerge", 4)
        fts_command("crisismerge", 16)
        fts_command("optimize")
        return count

    def insert(self, rows: list[IndexRow]) -> None:
        # One prepared INSERT run per row (the trigger indexes it): cheaper than bulk_create's long
        # multi-row statements, which Django builds and SQLite parses again for each batch.
        if not rows:
            return
        with connection.cursor() as cursor:
            cursor.executemany(
                "INSERT INTO catalog_searchentry (document_id, agency_id, topic_id, genre_id, year, validity,"
                " published_day, order_key, title, number, body)"
                " VALUES (%s, %s, %s, %s, %s, %s, %s, %s, %s, %s, %s)",
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
                        row.title,
                        row.number,
                        row.body,
                    )
                    for row in rows
                ],
            )

    def search(
        self, query: str, filters: SearchFilters, *, offset: int, limit: int, today: datetime.date
    ) -> SearchPage:
        expression = match_expression(query)
        if expression is None:
            return SearchPage(ids=[], total=0)
        heading = f"{{title number}} : ({expression})"
        body_only = f"({expression}) NOT {heading}"
        filtered, conditions = filters.conditions("e.")
        values: list[Any] = conditions
        source, condition = "catalog_fts", ""
        if filtered:  # the filter columns, found through the covering index on order_key
            source += " JOIN catalog_searchentry e ON e.order_key = catalog_fts.rowid"
            condition = "".join(f" AND {where}" for where in filtered)
        match = f"SELECT {{}} FROM {source} WHERE catalog_fts MATCH %s{condition}"
        with read_connection().cursor() as cursor:
            cursor.execute(match.format("count(*)"), [expression, *values])
            total = cursor.fetchone()[0]
            if total <= offset:
                return SearchPage(ids=[], total=total)
            cursor.execute(match.format("count(*)"), [heading, *values])
            headings = cursor.fetchone()[0]
            keys: list[int] = []
            if offset < headings:
                cursor.execute(
                    match.format("catalog_fts.rowid") + f" ORDER BY {RANK} LIMIT %s OFFSET %s",
                    [heading, *values, today.toordinal(), limit, offset],
                )
                keys = [row[0] for row in cursor.fetchall()]
            if len(keys) < limit and total > headings:
                cursor.execute(
                    match.format("catalog_fts.rowid") + " ORDER BY catalog_fts.rowid DESC LIMIT %s OFFSET %s",
                    [body_only, *values, limit - len(keys), max(0, offset - headings)],
                )
                keys += [row[0] for row in cursor.fetchall()]
        return SearchPage(ids=[key & 0xFFFFFFFF for key in keys], total=total)
