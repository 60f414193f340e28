"""政策咨询 in the API: anyone asks, follows a question by its tracking code and reads the published
questions and answers (``router``); staff answer with a token (``staff_router``). The same forms and
actions as the pages; no public answer holds the asker's name or contact."""

from __future__ import annotations

import datetime
from typing import Any

from django.core.exceptions import ValidationError
from django.http import HttpRequest
from django.shortcuts import get_object_or_404
from ninja import Query, Router, Schema
from ninja import Status as Answer
from pydantic import Field

from gongkai.agencies.access import Action, access_record
from gongkai.api_common import ERRORS, Id
from gongkai.lib import abuse

from . import actions, forms, queries
from .models import Inquiry

router = Router(tags=["inquiries (政策咨询)"])
staff_router = Router(tags=["inquiries (staff)"])


class InquiryIn(Schema):
    agency_id: Id
    document_id: Id | None = None
    subject: str = Field(max_length=100)
    question: str = Field(max_length=2000)
    name: str = Field(max_length=50)
    contact: str = Field(max_length=100)
    agrees_to_publish: bool = False


class TrackOut(Schema):
    tracking_code: str
    agency_id: int
    subject: str
    question: str
    status: str
    due_on: datetime.date
    answer: str
    answered_at: datetime.datetime | None


class PublishedOut(Schema):
    id: int
    agency_id: int
    document_id: int | None
    subject: str
    question: str = Field(alias="public_question")
    answer: str = Field(alias="public_answer")
    answered_at: datetime.datetime | None
    published_at: datetime.datetime | None


class PublishedFilters(Schema):
    q: str = Field("", max_length=100)
    agency_id: Id | None = None
    limit: int = Field(20, ge=1, le=100)
    offset: int = Field(0, ge=0, le=10000)


class StaffAnswerIn(Schema):
    answer: str = Field(max_length=10000)


@router.post("/", response={201: TrackOut, **ERRORS}, summary="Ask a policy question")
def ask(request: HttpRequest, payload: InquiryIn) -> Answer:
    data = {**payload.dict(), "agency": payload.agency_id, "document": payload.document_id}
    # The API has no rendered form to time, and no honeypot: the per-address limit guards it.
    form = forms.InquiryForm(
        {**data, **abuse.guard_fields(), "agrees_to_publish": "on" if payload.agrees_to_publish else ""}
    )
    if not form.is_valid():
        raise ValidationError({field: list(messages) for field, messages in form.errors.items()})
    try:
        abuse.guard(request, "inquiry")
    except abuse.RateLimited:
        return Answer(429, {"detail": str(abuse.TOO_MANY)})
    inquiry = actions.do_submit_inquiry(
        form.cleaned_data["agency"], form.fields_for_action(), remote_address=abuse.client_address(request)
    )
    return Answer(201, inquiry)


@router.get(
    "/track/{code}", response={200: TrackOut, **ERRORS}, summary="Follow a question by its tracking code"
)
def track(request: HttpRequest, code: str) -> Inquiry:
    return get_object_or_404(Inquiry, tracking_code=code.strip().upper()[:20])


@router.get(
    "/published", response={200: list[PublishedOut], **ERRORS}, summary="Published questions and answers"
)
def published(request: HttpRequest, filters: Query[PublishedFilters]) -> Any:
    from gongkai.agencies.models import Agency

    agency = get_object_or_404(Agency, pk=filters.agency_id) if filters.agency_id else None
    if filters.q.strip():
        records = queries.search_published(filters.q, agency)
    else:
        records = Inquiry.objects.published()
        records = queries.public_fields(records.for_agency(agency) if agency else records).order_by(
            "-published_at"
        )
    return list(records[filters.offset : filters.offset + filters.limit])


@staff_router.post(
    "/{inquiry_id}/answer", response={200: TrackOut, **ERRORS}, summary="Answer an inquiry (staff)"
)
def answer(request: HttpRequest, inquiry_id: Id, payload: StaffAnswerIn) -> Inquiry:
    inquiry = access_record(request.user, Inquiry.objects.select_related("agency"), inquiry_id, Action.WORK)
    return actions.do_answer_inquiry(request.user, inquiry, payload.answer)
