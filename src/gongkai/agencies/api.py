"""Public read API: the agency tree."""

from __future__ import annotations

from django.http import HttpRequest
from django.shortcuts import get_object_or_404
from ninja import Query, Router, Schema
from pydantic import Field

from gongkai.api_common import ERRORS, Id

from .models import Agency

router = Router(tags=["agencies"])


class AgencyOut(Schema):
    id: int
    name: str
    short_name: str
    credit_code: str | None
    level: str
    parent_id: Id | None
    website: str
    may_make_rules: bool


class AgencyPage(Schema):
    count: int
    items: list[AgencyOut]


class AgencyFilters(Schema):
    parent: Id | None = None
    level: Agency.Level | None = None
    limit: int = Field(100, ge=1, le=500)
    offset: int = Field(0, ge=0, le=1_000_000)


@router.get("", response={200: AgencyPage, **ERRORS}, summary="Agencies, in tree order")
def list_agencies(request: HttpRequest, filters: Query[AgencyFilters]) -> dict[str, object]:
    agencies = Agency.objects.all()
    if filters.parent is not None:
        agencies = agencies.filter(parent_id=filters.parent)
    if filters.level is not None:
        agencies = agencies.filter(level=filters.level)
    page = agencies[filters.offset : filters.offset + filters.limit]
    return {"count": agencies.count(), "items": list(page)}


@router.get("/{agency_id}", response={200: AgencyOut, **ERRORS}, summary="One agency")
def get_agency(request: HttpRequest, agency_id: Id) -> Agency:
    return get_object_or_404(Agency, pk=agency_id)
