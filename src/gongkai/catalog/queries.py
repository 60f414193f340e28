"""Reads for the portal: keyset pagination, the search page's results, highlighting."""

from __future__ import annotations

import datetime
import re
from dataclasses import dataclass
from typing import Any

from django.db.models import Q
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

from gongkai.lib import search_tokens

from .models import Document, DocumentQuerySet
from .search import SearchFilters, backend

PAGE_SIZE = 20
SEARCH_PAGE_SIZE = 20
MAX_SEARCH_PAGE = 1000


@dataclass
class KeysetPage:
    items: list[Document]
    next_cursor: str | None
    is_first: bool


def parse_cursor(value: str | None) -> tuple[datetime.date, int] | None:
    """``2024-06-03.123`` → (date, id); anything malformed is the first page."""
    if not value:
        return None
    try:
        day, pk = value.split(".", 1)
        return datetime.date.fromisoformat(day), int(pk)
    except ValueError:
        return None


def keyset_page(queryset: DocumentQuerySet, cursor: str | None, size: int = PAGE_SIZE) -> KeysetPage:
    """Newest first, ``size`` documents after ``cursor``: one index range scan, however deep.

    The cursor is the (published_on, id) of the last document shown; published documents always have a
    publication date.
    """
    after = parse_cursor(cursor)
    queryset = queryset.newest_first()
    if after is not None:
        day, pk = after
        queryset = queryset.filter(Q(published_on__lt=day) | Q(published_on=day, id__lt=pk))
    items = list(queryset.select_related("agency", "topic", "genre")[: size + 1])
    next_cursor = None
    if len(items) > size:
        items = items[:size]
        last = items[-1]
        assert last.published_on is not None
        next_cursor = f"{last.published_on.isoformat()}.{last.pk}"
    return KeysetPage(items=items, next_cursor=next_cursor, is_first=after is None)


def highlight(text: str, query: str) -> SafeString:
    """``text`` escaped, with each occurrence of the query's runs wrapped in ``<mark>``."""
    terms = [term for term in search_tokens.query_terms(query) if term]
    escaped = escape(text)
    if not terms:
        return mark_safe(escaped)
    pattern = re.compile("|".join(re.escape(escape(term)) for term in terms), re.IGNORECASE)
    return mark_safe(pattern.sub(lambda m: f"<mark>{m.group(0)}</mark>", escaped))


def snippet(text: str, query: str, width: int = 80) -> str:
    """About ``width`` characters of ``text`` around the first match of the query (or its start)."""
    normalised = search_tokens.normalise(text)
    positions = [normalised.find(term) for term in search_tokens.query_terms(query)]
    found = [position for position in positions if position >= 0]
    start = max(0, min(found) - width // 4) if found else 0
    piece = text[start : start + width].replace("\n", " ")
    return ("…" if start else "") + piece + ("…" if start + width < len(text) else "")


@dataclass
class SearchResult:
    document: Document
    title: SafeString
    excerpt: SafeString


@dataclass
class SearchResults:
    results: list[SearchResult]
    total: int
    page: int
    pages: int
    approximate: bool = False  # ``total`` is an estimate ("about N")


def search_documents(query: str, filters: SearchFilters, page: int, today: datetime.date) -> SearchResults:
    """The search page: page ``page`` (from 1) of ranked public documents, with highlighted excerpts."""
    page = max(1, min(page, MAX_SEARCH_PAGE))
    found = backend().search(
        query, filters, offset=(page - 1) * SEARCH_PAGE_SIZE, limit=SEARCH_PAGE_SIZE, today=today
    )
    by_id: dict[Any, Document] = (
        Document.objects.public().select_related("agency", "topic", "genre").in_bulk(found.ids)
    )
    results = [
        SearchResult(
            document=by_id[pk],
            title=highlight(by_id[pk].title, query),
            excerpt=highlight(snippet(by_id[pk].body_text, query), query),
        )
        for pk in found.ids
        if pk in by_id
    ]
    pages = min(MAX_SEARCH_PAGE, (found.total + SEARCH_PAGE_SIZE - 1) // SEARCH_PAGE_SIZE)
    return SearchResults(
        results=results, total=found.total, page=page, pages=pages, approximate=found.approximate
    )
