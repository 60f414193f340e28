"""PostgreSQL: a ``tsvector`` column on ``catalog_searchentry`` built with the ``simple`` configuration.

Migration 0002 adds ``vector`` with a GIN index: title weighted A, numbers B, body D, made from the same
bigram text as in SQLite (which is not stored again). A query run becomes a phrase query of its bigrams
(``'财政' <-> '政预' <-> '预算'``); a lone character a prefix query (``'预':*``). ``title_vector`` (migration
0003) holds the title and number only: small, stored inline, and GIN-indexed too (migration 0009), so that the
title matches are found without reading any body.

A search reads three bounded things, so that its cost at a province's 2,000,000 documents does not grow with
the number of documents that mention a common word (the rule of ``base``, with its bounds):

1. the total, counted exactly up to ``COUNTED`` matches; beyond, the planner's estimate (at least
   ``COUNTED + 1``), which the search page shows as "about N" (``SearchPage.approximate``);
2. the ranked title matches — the newest ``RANKED`` documents whose title or number matches (a bitmap of the
   title GIN index; for a word in more titles than that, such as 关于 or 通知, in windows as below), ordered
   by ``ts_rank(title_vector)`` × recency;
3. the page's rest, the other matches newest first: with many matches, looked for among the documents of
   the last month first, then of longer spans up to eight years (``WINDOWS``: a bitmap of the GIN index and
   a range of ``order_key``'s B-tree, then a sort of what is in the window; a deep page starts at the span
   the planner expects to hold it), and only if the page is not full there, among all. Reading ``order_key``'s B-tree newest first instead checks every row's
   ``vector`` (stored out of line, in TOAST) on the way: at 2,000,000 documents a common word's 500th page
   read 200,000 of them (3–6 s), and scoring or sorting every match (as before) read all of them.

A page past the ranked title matches (page 500 of a common word) reads the rest only: the ranked ones are left
out of it by their place among the title matches in the rest's window, counted newest first (every newer match
is in the window), so they are neither read nor ranked.

With fewer than ``RANKED`` title matches (nearly every query) the order is exactly the rule's; with more,
the older title matches follow the ranked ones newest first, among the body-only matches.
``benchmarks/province.py --only search`` measures the agreement with the unbounded ranking.
"""

from __future__ import annotations

import datetime
import functools
import json
from math import ceil
from typing import Any

from django.db import connection, transaction

from gongkai.lib import search_tokens

from .base import IndexRow, SearchBackend, SearchFilters, SearchPage, read_connection

# How many title matches (the newest) are ranked by relevance × recency.
RANKED = 1000
# Matches counted exactly up to this many; beyond, the total is an estimate.
COUNTED = 1000
# The newest matches are looked for among the documents of the last 31 days first, then of longer spans
# (B-tree range ∧ GIN, a bitmap): reading ``order_key``'s B-tree newest first instead checks each row's
# ``vector``, stored out of line, and a common word's 500th page read 200,000 of them. A search starts at the
# span the planner expects to hold ``MARGIN`` times the rows asked for (between the first of ``WINDOWS`` it
# expects to and the one before, in proportion), so that a deep page of a common word reads one window of about
# the right size, not every smaller one before it (each builds the word's bitmap again) nor a much larger one.
# The estimate is the planner's for the query's rarest key (a bigram, one key of the GIN index, whose frequency
# the planner knows): a phrase matches no more documents than any of its bigrams, and the planner's own
# estimate of a phrase is far too low. A prefix query (a lone character) has no such key and tries
# ``PREFIX_WINDOWS`` in turn.
WINDOWS = (31, 61, 92, 183, 365, 548, 730, 1095, 1461, 2922, None)
PREFIX_WINDOWS = (31, 183, 730, 2922, None)
MARGIN = 1.2
# For the search's transaction: bitmaps of the GIN and B-tree indexes (exact ones: the GIN match then needs
# no recheck of the out-of-line ``vector`` for a word of two characters), no JIT compilation (tens of
# milliseconds to save less).
SETTINGS = ("enable_indexscan = off", "enable_seqscan = off", "work_mem = '64MB'", "jit = off")

# The search indexes (migrations 0002 and 0009), built again at the end of a rebuild.
INDEXES = {
    "catalog_searchentry_vector": "USING gin (vector)",
    "catalog_searchentry_title": "USING gin (title_vector)",
    "catalog_searchentry_order": "(order_key)",
}

SCORE = (
    "ts_rank(title_vector, query) * (1.0 + 365.0 / (365.0 + greatest(0, %s - published_day))) DESC,"
    " order_key DESC"
)


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
        """As the base class, but builds the search indexes once at the end: much faster than updating them
        row by row (inside the caller's transaction, so searches see the old index until it commits)."""
        with connection.cursor() as cursor:
            for name in INDEXES:
                cursor.execute(f"DROP INDEX IF EXISTS {name}")
        count = super().rebuild(batch_size)
        create_indexes()
        return count

    def search(
        self, query: str, filters: SearchFilters, *, offset: int, limit: int, today: datetime.date
    ) -> SearchPage:
        text = tsquery(query)
        if text is None:
            return SearchPage(ids=[], total=0)
        filtered, conditions = filters.conditions()
        values: list[Any] = conditions
        condition = " AND ".join(["vector @@ query", *filtered])
        heading = " AND ".join(["title_vector @@ query", *filtered])
        source = "catalog_searchentry, to_tsquery('simple', %s) AS query"
        reader = read_connection()
        with transaction.atomic(using=reader.alias), reader.cursor() as cursor:
            # The title matches counted first, as the planner likes (a word in most titles is counted fastest
            # by reading rows in any order): more than COUNTED of them make the total an estimate.
            cursor.execute(
                f"SELECT count(*) FROM (SELECT 1 FROM {source} WHERE {heading} LIMIT %s) AS found",
                [text, *values, max(RANKED, COUNTED) + 1],
            )
            headings = cursor.fetchone()[0]
            for setting in SETTINGS:
                cursor.execute(f"SET LOCAL {setting}")

            def estimate(where: str, params: list[Any], key: str | None = None) -> int:
                """The planner's estimate of the matches of ``where`` (statistics only: nothing is read), for
                the query or for one ``key`` of it."""
                cursor.execute(
                    f"EXPLAIN (FORMAT JSON) SELECT 1 FROM {source} WHERE {where}", [key or text, *params]
                )
                plan = cursor.fetchone()[0]  # psycopg parses the JSON
                return int((json.loads(plan) if isinstance(plan, str) else plan)[0]["Plan"]["Plan Rows"])

            @functools.cache
            def rarest() -> str | None:
                """The query's rarest GIN key, whose estimates choose the first window (see WINDOWS); none
                for a prefix. Looked for when a search needs windows only."""
                if ":*" in text:
                    return None
                keys = {f"'{token}'" for phrase in search_tokens.query_phrases(query) for token in phrase}
                return (
                    min(sorted(keys), key=lambda key: estimate("vector @@ query", [], key))
                    if len(keys) > 1
                    else keys.pop()
                )

            def newest(
                where: str,
                params: list[Any],
                skip: int,
                take: int,
                ranked: str = "",
                *,
                windowed: bool,
                after: int = 0,
            ) -> list[Any]:
                """Rows ``skip`` to ``skip + take`` of the matches of ``where``, newest first (or ``take``
                of them, ordered by ``ranked``; or, with ``after``, of those that are not among the newest
                ``after`` title matches), looked for in the newest ``windows`` first: from the first window
                the planner expects to hold them (a deep page skips the windows that cannot; a window that
                proves too small passes on to the next)."""
                probe = rarest() if windowed else None
                spans: list[int | None] = list(
                    (PREFIX_WINDOWS if probe is None else WINDOWS) if windowed else (None,)
                )
                needed, shorter, expected_there = (skip + take + after) * MARGIN, 0, 0
                while probe is not None and (days := spans[0]) is not None:
                    expected = estimate(
                        f"{where} AND order_key >= %s", [*params, (today.toordinal() - days) << 32], probe
                    )
                    if expected >= needed:
                        # First the span between the last too short one and this, as the planner expects.
                        share = (needed - expected_there) / (expected - expected_there)
                        spans.insert(0, shorter + ceil((days - shorter) * share))
                        break
                    shorter, expected_there = days, expected
                    spans.pop(0)
                bounds = [None if days is None else (today.toordinal() - days) << 32 for days in spans]
                columns = "document_id, order_key" + (
                    ", published_day, title_vector, query" if ranked else ""
                )
                for bound in bounds:
                    within, more = ("", []) if bound is None else (" AND order_key >= %s", [bound])
                    select = (
                        f"SELECT {columns} FROM {source} WHERE {where}{within}"
                        " ORDER BY order_key DESC LIMIT %s OFFSET %s"
                    )
                    arguments = [text, *params, *more, take, skip]
                    if after:
                        # The title matches in the window counted newest first: as every newer match is in
                        # the window, the count is a title match's place among all of them.
                        # (OFFSET 0: the sort carries the flag, not the title_vector it is read from.)
                        select = (
                            "SELECT document_id, order_key FROM (SELECT document_id, order_key, titled,"
                            " count(*) FILTER (WHERE titled) OVER (ORDER BY order_key DESC ROWS UNBOUNDED"
                            " PRECEDING) AS place FROM (SELECT document_id, order_key, title_vector @@ query"
                            f" AS titled FROM {source} WHERE {where}{within} OFFSET 0) AS matches) AS found"
                            " WHERE NOT (titled AND place <= %s)"
                            " ORDER BY order_key DESC LIMIT %s OFFSET %s"
                        )
                        arguments = [text, *params, *more, after, take, skip]
                    if ranked:
                        select = f"SELECT document_id, order_key FROM ({select}) AS newest ORDER BY {ranked}"
                        arguments.append(today.toordinal())
                    cursor.execute(select, arguments)
                    rows = cursor.fetchall()
                    if len(rows) == take or bound is None:
                        return rows
                return []  # pragma: no cover (the last window is unbounded)

            total = COUNTED + 1
            if headings <= COUNTED:
                cursor.execute(
                    f"SELECT count(*) FROM (SELECT 1 FROM {source} WHERE {condition} LIMIT %s) AS found",
                    [text, *values, COUNTED + 1],
                )
                total = cursor.fetchone()[0]
            if total <= min(offset, COUNTED):  # counted exactly, and no match on this page
                return SearchPage(ids=[], total=total)

            def found(ids: list[int]) -> SearchPage:
                """The page of ``ids`` with the total: exact up to COUNTED, the planner's estimate beyond."""
                if total <= COUNTED:
                    return SearchPage(ids=ids, total=total)
                approximately = max(estimate(condition, values), COUNTED + 1, offset + len(ids))
                return SearchPage(ids=ids, total=approximately, approximate=True)

            if offset >= min(headings, RANKED):
                # A page past the ranked title matches (a deep page): they are not read, only left out of
                # the rest (all the title matches, or the newest RANKED of them, counted in the window).
                if headings <= RANKED:
                    where, skip, after = f"{condition} AND NOT title_vector @@ query", offset - headings, 0
                else:
                    where, skip, after = condition, offset - RANKED, RANKED
                rows = newest(
                    where, values, skip, limit, windowed=total > COUNTED or headings > RANKED, after=after
                )
                return found([row[0] for row in rows])
            # Few title matches: a bitmap of them all; many (关于, 通知 are in most titles): the newest, in
            # windows.
            ranked = newest(heading, values, 0, RANKED, SCORE, windowed=headings > RANKED)
            ids = [row[0] for row in ranked[offset : offset + limit]]
            if len(ids) < limit:
                # The rest: every other match, newest first. With RANKED title matches there may be older
                # ones, which are not among the ranked.
                if len(ranked) < RANKED:
                    rest, rest_values = f"{condition} AND NOT title_vector @@ query", values
                else:
                    oldest = min(row[1] for row in ranked)
                    rest = f"{condition} AND NOT (title_vector @@ query AND order_key >= %s)"
                    rest_values = [*values, oldest]
                rows = newest(
                    rest,
                    rest_values,
                    max(0, offset - len(ranked)),
                    limit - len(ids),
                    windowed=total > COUNTED,
                )
                ids += [row[0] for row in rows]
            return found(ids)


def create_indexes() -> None:
    """Build the search indexes that are missing (in the caller's transaction)."""
    with connection.cursor() as cursor:
        # Django's foreign keys are checked at commit; CREATE INDEX refuses to run with such checks pending.
        cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
        cursor.execute("SET CONSTRAINTS ALL DEFERRED")
        # The default 64 MB makes a GIN build over a province's 2,000,000 documents spill for tens of
        # minutes; for this transaction only.
        cursor.execute("SET LOCAL maintenance_work_mem = '512MB'")
        for name, definition in INDEXES.items():
            cursor.execute(f"CREATE INDEX IF NOT EXISTS {name} ON catalog_searchentry {definition}")
