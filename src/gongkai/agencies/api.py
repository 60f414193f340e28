"""Public read API: the agency tree."""

from __future__ import annotations

from django.http import HttpRequest
from django.shortcuts import get_object_or_404
from ninja import Query, Router, Schema

from .models import Agency

router = Router(tags=["agencies"])


class AgencyOut(Schema):
    id: int
    name: str
    short_name: str
    credit_code: str | None
    level: str
    parent_id: int | None
    website: str
    may_make_rules: bool


class AgencyPage(Schema):
    count: int
    items: list[AgencyOut]


class AgencyFilters(Schema):
    parent: int | None = None
    level: Agency.Level | None = None
    limit: int = 100
    offset: int = 0


@router.get("", response=AgencyPage, summary="Agencies, in tree order")
def list_agencies(request: HttpRequest, filters: Query[AgencyFilters]) -> dict[str, object]:
    agencies = Agency.objects.all()
    if filters.parent is not None:
        agencies = agencies.filter(parent_id=filters.parent)
    if filters.level is not None:
        agencies = agencies.filter(level=filters.level)
    limit = max(1, min(filters.limit, 500))
    offset = max(0, filters.offset)
    return {"count": agencies.count(), "items": list(agencies[offset : offset + limit])}


@router.get("/{agency_id}", response=AgencyOut, summary="One agency")
def get_agency(request: HttpRequest, agency_id: int) -> Agency:
    return get_object_or_404(Agency, pk=agency_id)
