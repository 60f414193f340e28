"""Staff API for applications (token auth): other systems — a province's 12345 hotline, a case system —
file applications and record what happens to them, with exactly the rights of the token's user.

Every write goes through the same form and the same action as the workspace (``verbs.py``), so the API
cannot do what the pages would refuse. Lists mask identity numbers; one application's record shows the
applicant's personal data in clear to those who handle the case, masked to everyone else who may see it
(``access.sees_personal_data``), as the pages do.
"""

from __future__ import annotations

import datetime
from enum import StrEnum
from typing import Any

from django.core.exceptions import ValidationError
from django.http import HttpRequest
from django.utils import timezone
from ninja import Query, Router, Schema
from ninja import Status as Answer
from pydantic import Field

from gongkai.agencies.access import Action, access_agency
from gongkai.api_common import ERRORS, Id
from gongkai.lib import idcard

from . import actions, forms
from .access import access_application, applications_for, log_record_access
from .models import Application, Status
from .personal_data import AsSeen, personal_data_for
from .verbs import VERBS, action_form

router = Router(tags=["applications (staff)"])


class ApplicationOut(Schema):
    id: int
    tracking_code: str
    agency_id: Id
    applicant_kind: str
    applicant_name: str
    id_document: str
    id_number: str
    channel: str
    status: str
    submitted_at: datetime.datetime
    received_on: datetime.date | None
    receipt_confirmation: str
    due_on: datetime.date | None
    due_is_provisional: bool
    extended: bool
    extension_workdays: int
    postponed_to: datetime.date | None
    outcome: str
    decided_on: datetime.date | None

    @staticmethod
    def resolve_id_number(obj: Application) -> str:
        return idcard.mask(obj.id_number)


class ApplicationDetailOut(ApplicationOut):
    contact_person: str
    phone: str
    email: str
    address: str
    postcode: str
    description: str
    purpose: str
    form_wanted: str
    delivery_wanted: str
    outcome_article: str
    decision_text: str

    @staticmethod
    def resolve_id_number(obj: Application) -> str:
        return obj.id_number  # in clear or masked, as the reader may see it (``AsSeen``)


class ApplicationPage(Schema):
    count: int
    items: list[ApplicationOut]


class ApplicationFilters(Schema):
    agency: Id | None = None
    status: Status | None = None
    received_year: int | None = Field(None, ge=1990, le=2100)
    overdue: bool = False
    limit: int = Field(50, ge=1, le=200)
    offset: int = Field(0, ge=0, le=1_000_000)


class ApplicationIn(Schema):
    agency_id: Id
    channel: str
    received_on: datetime.date | None = None
    confirmation: str = ""
    applicant_kind: str
    applicant_name: str
    id_document: str
    id_number: str
    contact_person: str = ""
    phone: str
    email: str = ""
    address: str = ""
    postcode: str = ""
    description: str
    purpose: str = ""
    form_wanted: str
    delivery_wanted: str


class EventOut(Schema):
    kind: str
    on: datetime.date
    at: datetime.datetime
    message: str
    public: bool


Verb = StrEnum("Verb", {verb: verb for verb in VERBS})  # type: ignore[misc]


class EventIn(Schema):
    """A verb of ``verbs.py`` and its fields, e.g. ``{"verb": "supplement", "on": "2026-03-02", "fields": {…}}``."""

    verb: Verb
    on: datetime.date | None = None
    fields: dict[str, Any] = {}


@router.get("", response={200: ApplicationPage, **ERRORS}, summary="Applications you may see")
def list_applications(request: HttpRequest, filters: Query[ApplicationFilters]) -> dict[str, object]:
    applications = applications_for(request.user)
    if filters.agency is not None:
        applications = applications.filter(agency_id=filters.agency)
    if filters.status is not None:
        applications = applications.filter(status=filters.status)
    if filters.received_year is not None:
        applications = applications.received_in(filters.received_year)
    if filters.overdue:
        applications = applications.overdue(timezone.localdate())
    page = applications.order_by("-submitted_at", "-pk")[filters.offset : filters.offset + filters.limit]
    return {"count": applications.count(), "items": list(page)}


@router.get(
    "/{application_id}", response={200: ApplicationDetailOut, **ERRORS}, summary="One application, in full"
)
def get_application(request: HttpRequest, application_id: Id) -> AsSeen:
    application = access_application(request.user, application_id)
    log_record_access(request.user, application, "api")
    return AsSeen(application, personal_data_for(request.user, application, timezone.now()))


@router.post(
    "",
    response={201: ApplicationDetailOut, **ERRORS},
    summary="File an application received by another channel",
)
def create_application(request: HttpRequest, payload: ApplicationIn) -> Answer:
    agency = access_agency(request.user, payload.agency_id, Action.WORK)
    data = payload.dict()
    form = forms.StaffApplicationForm({k: v for k, v in data.items() if k != "agency_id"})
    if not form.is_valid():
        raise ValidationError({field: list(messages) for field, messages in form.errors.items()})
    fields = dict(form.cleaned_data)
    channel, received_on = fields.pop("channel"), fields.pop("received_on")
    confirmation = fields.pop("confirmation")
    fields.pop("attachments", None)
    application = actions.do_register_application(
        request.user, agency, fields, channel=channel, received_on=received_on, confirmation=confirmation
    )
    return Answer(201, AsSeen(application, personal_data_for(request.user, application, timezone.now())))


@router.get("/{application_id}/events", response={200: list[EventOut], **ERRORS}, summary="The timeline")
def list_events(request: HttpRequest, application_id: Id) -> Any:
    return access_application(request.user, application_id).events.all()


@router.post(
    "/{application_id}/events", response={201: list[EventOut], **ERRORS}, summary="Record what happened"
)
def record_event(request: HttpRequest, application_id: Id, payload: EventIn) -> Answer:
    verb = str(payload.verb.value)
    needed, call = VERBS[verb]
    application = access_application(request.user, application_id, needed)
    data = {**payload.fields, "on": payload.on.isoformat() if payload.on else ""}
    form = action_form(verb, data)
    if not form.is_valid():
        raise ValidationError({field: list(messages) for field, messages in form.errors.items()})
    # The events this call recorded are those written after the latest before it: by primary key, since
    # a step dated in the past (``on``) takes its place inside the timeline, not at its end.
    latest = application.events.order_by("-pk").values_list("pk", flat=True).first() or 0
    call(request.user, application, form.cleaned_data)
    return Answer(201, list(application.events.filter(pk__gt=latest)))
