"""困难反馈 in the API: anyone reports a difficulty and follows it by its tracking code — the same form and
actions as the pages; no answer holds the reporter's name or contact, nor a staff member's name."""

from __future__ import annotations

import datetime

from django.core.exceptions import ValidationError
from django.http import HttpRequest
from django.shortcuts import get_object_or_404
from ninja import Router, Schema
from ninja import Status as Answer
from pydantic import Field

from gongkai.api_common import ERRORS, Id
from gongkai.lib import abuse

from . import actions, forms
from .models import Difficulty

router = Router(tags=["difficulties (困难反馈)"])


class DifficultyIn(Schema):
    agency_id: Id
    reporter_kind: str = Field(pattern="^(company|citizen)$")
    subject: str = Field(max_length=100)
    description: str = Field(max_length=3000)
    name: str = Field(max_length=100)
    contact: str = Field(max_length=100)


class EventOut(Schema):
    at: datetime.datetime
    kind: str
    agency: str | None


class TrackOut(Schema):
    tracking_code: str
    receiving_agency_id: int
    assigned_agency_id: int | None
    subject: str
    status: str
    due_on: datetime.date | None
    answer: str
    answered_at: datetime.datetime | None
    confirm_by: datetime.date | None
    events: list[EventOut]


def _out(case: Difficulty) -> dict[str, object]:
    events = [
        {"at": event.at, "kind": event.kind, "agency": event.agency.name if event.agency else None}
        for event in case.events.select_related("agency")
    ]
    fields = ("tracking_code", "receiving_agency_id", "assigned_agency_id", "subject", "status", "due_on",
              "answer", "answered_at", "confirm_by")  # fmt: skip
    return {**{name: getattr(case, name) for name in fields}, "events": events}


@router.post("/", response={201: TrackOut, **ERRORS}, summary="Report a difficulty")
def report(request: HttpRequest, payload: DifficultyIn) -> Answer:
    # The API has no rendered form to time, and no honeypot: the per-address limit guards it.
    form = forms.ReportForm({**payload.dict(), "agency": payload.agency_id, **abuse.guard_fields()})
    if not form.is_valid():
        raise ValidationError({field: list(messages) for field, messages in form.errors.items()})
    try:
        abuse.guard(request, "difficulty")
    except abuse.RateLimited:
        return Answer(429, {"detail": str(abuse.TOO_MANY)})
    case = actions.do_report_difficulty(
        form.cleaned_data["agency"], form.cleaned_data, remote_address=abuse.client_address(request)
    )
    return Answer(201, _out(case))


@router.get("/track/{code}", response={200: TrackOut, **ERRORS}, summary="Follow a difficulty case")
def track(request: HttpRequest, code: str) -> dict[str, object]:
    return _out(get_object_or_404(Difficulty, tracking_code=code.strip().upper()[:20]))
