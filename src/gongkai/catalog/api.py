"""The catalog's read API: public documents and search (anonymous, read-only)."""

from __future__ import annotations

import datetime
from typing import Annotated

from django.db.models import Q
from django.http import HttpRequest
from django.utils import timezone
from ninja import Router, Schema
from pydantic import Field

from gongkai.api_common import ERRORS, Id

from . import queries
from .access import public_document
from .models import Document
from .search import SearchFilters, backend

router = Router(tags=["catalog"])
MAX_LIMIT = 100
# Bounds declared in the OpenAPI document, so that clients know them and bad values get a 422.
Year = Annotated[int | None, Field(ge=1990, le=2100)]
Limit = Annotated[int, Field(ge=1, le=MAX_LIMIT)]


class DocumentOut(Schema):
    id: int
    index_number: str | None
    title: str
    document_number: str
    agency_id: Id
    agency: str
    written_on: datetime.date | None
    published_on: datetime.date | None
    topic: str | None
    genre: str | None
    disclosure_mode: str
    article20_item: str
    validity: str
    validity_changed_on: datetime.date | None
    repealed_by_id: Id | None
    interprets_id: Id | None
    interpretation_kind: str
    media_url: str
    url: str

    @staticmethod
    def resolve_agency(obj: Document) -> str:
        return obj.agency.name

    @staticmethod
    def resolve_topic(obj: Document) -> str | None:
        return obj.topic.name if obj.topic else None

    @staticmethod
    def resolve_genre(obj: Document) -> str | None:
        return obj.genre.name if obj.genre else None

    @staticmethod
    def resolve_url(obj: Document) -> str:
        return f"/documents/{obj.pk}/"


class DocumentDetailOut(DocumentOut):
    body: str
    attachments: list[str]

    @staticmethod
    def resolve_attachments(obj: Document) -> list[str]:
        return [f"/documents/{obj.pk}/attachments/{a.pk}/" for a in obj.attachments.all()]


class DocumentPage(Schema):
    items: list[DocumentOut]
    next_cursor: str | None


class SearchOut(Schema):
    total: int
    # ``total`` is an estimate: past 1,000 matches PostgreSQL counts no further (shown as "about N").
    total_is_estimate: bool = False
    items: list[DocumentOut]


@router.get(
    "/documents",
    response={200: DocumentPage, **ERRORS},
    summary="List public documents, newest first (keyset pages)",
)
def list_documents(
    request: HttpRequest,
    agency: Id | None = None,
    topic: str | None = None,
    genre: str | None = None,
    year: Year = None,
    after: str | None = None,
    limit: Limit = 20,
) -> dict:
    documents = Document.objects.public()
    if agency is not None:
        documents = documents.filter(agency_id=agency)
    if topic:
        documents = documents.filter(Q(topic__code=topic) | Q(topic__name=topic))
    if genre:
        documents = documents.filter(Q(genre__code=genre) | Q(genre__name=genre))
    if year is not None:
        documents = documents.published_in(year)
    page = queries.keyset_page(documents, after, max(1, min(limit, MAX_LIMIT)))
    return {"items": page.items, "next_cursor": page.next_cursor}


@router.get(
    "/documents/{document_id}", response={200: DocumentDetailOut, **ERRORS}, summary="One public document"
)
def get_document(request: HttpRequest, document_id: Id) -> Document:
    return public_document(document_id)


@router.get(
    "/search", response={200: SearchOut, **ERRORS}, summary="Full-text search (Chinese words and phrases)"
)
def search_documents(
    request: HttpRequest,
    q: str,
    agency: Id | None = None,
    topic: Id | None = None,
    genre: Id | None = None,
    year: Year = None,
    validity: Document.Validity | None = None,
    offset: Annotated[int, Field(ge=0, le=20000)] = 0,
    limit: Limit = 20,
) -> dict:
    filters = SearchFilters(agency_id=agency, topic_id=topic, genre_id=genre, year=year, validity=validity)
    page = backend().search(
        q, filters, offset=offset, limit=max(1, min(limit, MAX_LIMIT)), today=timezone.localdate()
    )
    by_id = Document.objects.public().select_related("agency", "topic", "genre").in_bulk(page.ids)
    return {
        "total": page.total,
        "total_is_estimate": page.approximate,
        "items": [by_id[pk] for pk in page.ids if pk in by_id],
    }
