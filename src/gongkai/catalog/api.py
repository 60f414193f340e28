"""The catalog's read API: public documents and search (anonymous, read-only)."""

from __future__ import annotations

import datetime

from django.db.models import Q
from django.http import HttpRequest
from django.utils import timezone
from ninja import Router, Schema
from ninja.errors import HttpError

from . import queries
from .access import public_document
from .models import Document
from .search import SearchFilters, backend

router = Router(tags=["catalog"])
MAX_LIMIT = 100


class DocumentOut(Schema):
    id: int
    index_number: str | None
    title: str
    document_number: str
    agency_id: int
    agency: str
    written_on: datetime.date | None
    published_on: datetime.date | None
    topic: str | None
    genre: str | None
    disclosure_mode: str
    article20_item: str
    validity: str
    validity_changed_on: datetime.date | None
    repealed_by_id: int | None
    interprets_id: int | None
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
    items: list[DocumentOut]


@router.get("/documents", response=DocumentPage, summary="List public documents, newest first (keyset pages)")
def list_documents(
    request: HttpRequest,
    agency: int | None = None,
    topic: str | None = None,
    genre: str | None = None,
    year: int | None = None,
    after: str | None = None,
    limit: int = 20,
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


@router.get("/documents/{document_id}", response=DocumentDetailOut, summary="One public document")
def get_document(request: HttpRequest, document_id: int) -> Document:
    return public_document(document_id)


@router.get("/search", response=SearchOut, summary="Full-text search (Chinese words and phrases)")
def search_documents(
    request: HttpRequest,
    q: str,
    agency: int | None = None,
    topic: int | None = None,
    genre: int | None = None,
    year: int | None = None,
    validity: Document.Validity | None = None,
    offset: int = 0,
    limit: int = 20,
) -> dict:
    if offset < 0 or offset > 20000:
        raise HttpError(400, "offset must be between 0 and 20000")
    filters = SearchFilters(agency_id=agency, topic_id=topic, genre_id=genre, year=year, validity=validity)
    page = backend().search(
        q, filters, offset=offset, limit=max(1, min(limit, MAX_LIMIT)), today=timezone.localdate()
    )
    by_id = Document.objects.public().select_related("agency", "topic", "genre").in_bulk(page.ids)
    return {"total": page.total, "items": [by_id[pk] for pk in page.ids if pk in by_id]}
