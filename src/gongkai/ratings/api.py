"""服务评价 in the API: rate a service with the link's tracking code and secret, once; read the agencies'
public satisfaction and rectification rates."""

from __future__ import annotations

from django.http import Http404, HttpRequest
from ninja import Router, Schema
from ninja import Status as Answer
from pydantic import Field

from gongkai.api_common import ERRORS
from gongkai.lib import abuse

from . import actions, queries, services

router = Router(tags=["ratings (服务评价)"])


class RatingIn(Schema):
    service_kind: str = Field(pattern="^(application|inquiry|difficulty)$")
    tracking_code: str = Field(max_length=20)
    secret: str = Field(max_length=40)
    level: int = Field(ge=1, le=5)
    comment: str = Field("", max_length=2000)


class RatingOut(Schema):
    service_kind: str
    service_code: str
    agency_id: int
    level: int


class FiguresOut(Schema):
    agency_id: int
    agency_name: str
    ratings: int
    poor: int
    satisfaction_rate: float | None
    rectification_rate: float | None


@router.post("/", response={201: RatingOut, **ERRORS}, summary="Rate a service once")
def rate(request: HttpRequest, payload: RatingIn) -> Answer:
    if not services.check_secret(payload.service_kind, payload.tracking_code, payload.secret):
        raise Http404("No such rating link.")
    try:
        abuse.guard(request, "rating")
    except abuse.RateLimited:
        return Answer(429, {"detail": str(abuse.TOO_MANY)})
    rating = actions.do_rate_service(
        payload.service_kind, payload.tracking_code, payload.level, payload.comment
    )
    return Answer(201, rating)


@router.get("/figures", response={200: list[FiguresOut], **ERRORS}, summary="Agencies' rating figures")
def figures(request: HttpRequest) -> list[queries.AgencyFigures]:
    return queries.figures()
