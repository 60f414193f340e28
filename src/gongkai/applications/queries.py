"""The staff queues, by name: each is a QuerySet method chain, so counts and lists cannot disagree."""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from dataclasses import dataclass
from functools import reduce
from operator import or_
from typing import Any

from django.db.models import Count, F, Q
from django.utils import timezone
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _

from gongkai.agencies.models import Agency
from gongkai.lib import cjk
from gongkai.workdays import clock

from . import waits
from .models import (
    OPEN_STATUSES,
    Application,
    ApplicationQuerySet,
    Consultation,
    Status,
    due_soon_last_day,
)
from .verbs import VERB_TITLES, next_verb

QUEUE_PAGE_SIZE = 50
QUEUE_FILTERS = {
    "open": _("All open"),
    "due_soon": format_lazy(_("Due within {days} workdays"), days=clock.DUE_SOON_WORKDAYS),
    "to_confirm": _("Lapsed: to confirm"),
    "supplement_late": _("Supplement requested late"),
    "overdue": _("Overdue"),
    "provisional": _("Provisional due date"),
    "awaiting_supplement": _("Waiting on the applicant"),
    "in_consultation": _("In consultation"),
    "unconfirmed": _("Receipt to confirm"),
    "closed": _("Closed"),
}


def tab_conditions(today: datetime.date) -> dict[str, Q]:
    """Each tab as one condition, so that the list of a tab and its count in the tab bar (one aggregate
    query for all of them) cannot disagree."""
    is_open = Q(status__in=OPEN_STATUSES)
    return {
        "open": is_open,
        "due_soon": is_open & Q(due_on__gte=today, due_on__lte=due_soon_last_day(today)),
        "to_confirm": is_open & reduce(or_, (wait.to_confirm() for wait in waits.WAITS.values())),
        "supplement_late": Q(supplement__late=True),
        "overdue": is_open & Q(due_on__lt=today),
        "provisional": is_open & Q(due_is_provisional=True),
        "awaiting_supplement": Q(status=Status.AWAITING_SUPPLEMENT),
        "in_consultation": Q(status=Status.IN_CONSULTATION),
        "unconfirmed": Q(status=Status.SUBMITTED),
        "closed": Q(status__in=[Status.DECIDED, Status.WITHDRAWN]),
    }


def queue(agency: Agency, name: str, today: datetime.date) -> ApplicationQuerySet:
    return queue_of(Application.objects.for_agency(agency), name, today)


def queue_of(applications: ApplicationQuerySet, name: str, today: datetime.date) -> ApplicationQuerySet:
    condition = tab_conditions(today).get(name) or tab_conditions(today)["open"]
    return (
        applications.filter(condition)
        .select_related("supplement", "fee", "agency")
        .prefetch_related("consultations")
        .in_queue_order()
    )


def tab_counts(applications: ApplicationQuerySet, today: datetime.date) -> dict[str, int]:
    """How many applications each tab holds, in one query."""
    counts = applications.aggregate(
        **{name: Count("pk", filter=condition) for name, condition in tab_conditions(today).items()}
    )
    return {name: counts[name] or 0 for name in QUEUE_FILTERS}


# The due windows of the filter form: a case's clock as the clerk thinks of it.
WINDOWS = {
    "overdue": _("Overdue"),
    "due_soon": format_lazy(_("Due within {days} workdays"), days=clock.DUE_SOON_WORKDAYS),
    "this_week": _("Due this week"),
    "paused": _("Clock paused"),
    "provisional": _("Provisional (receipt not confirmed)"),
}

SORTS = {
    "due": _("Due date"),
    "received": _("Received on (newest first)"),
    "code": _("Tracking code"),
    "status": _("Status"),
}


def window_condition(window: str, today: datetime.date) -> Q:
    is_open = Q(status__in=OPEN_STATUSES)
    if window == "overdue":
        return is_open & Q(due_on__lt=today)
    if window == "due_soon":
        return is_open & Q(due_on__gte=today, due_on__lte=due_soon_last_day(today))
    if window == "this_week":
        sunday = today + datetime.timedelta(days=6 - today.weekday())
        return is_open & Q(due_on__gte=today, due_on__lte=sunday)
    if window == "paused":  # received, and no due date: the clock stands still (补正, 征求意见, fee)
        return is_open & Q(due_on__isnull=True, received_on__isnull=False)
    if window == "provisional":  # receipt not confirmed yet, or a due date the calendar may still move
        return is_open & (Q(received_on__isnull=True) | Q(due_is_provisional=True))
    return Q()


def narrowed(
    applications: ApplicationQuerySet, filters: dict[str, Any], today: datetime.date
) -> ApplicationQuerySet:
    """The applications the filter form's cleaned data (``forms`` of ``queue_form``) leaves: every field
    optional, all of them together."""
    if filters.get("status"):
        applications = applications.filter(status=filters["status"])
    if filters.get("agency"):
        applications = applications.filter(agency=filters["agency"])
    if filters.get("channel"):
        applications = applications.filter(channel=filters["channel"])
    if filters.get("applicant_kind"):
        applications = applications.filter(applicant_kind=filters["applicant_kind"])
    if filters.get("window"):
        applications = applications.filter(window_condition(filters["window"], today))
    text = (filters.get("q") or "").strip()
    if text:
        applications = applications.filter(
            Q(tracking_code__icontains=text)
            | Q(applicant_name__icontains=text)
            | Q(description__icontains=text)
        )
    return applications


def sorted_queue(applications: ApplicationQuerySet, sort: str) -> ApplicationQuerySet:
    """The queue in the clerk's chosen order; by due date (``in_queue_order``) unless told otherwise, ties
    always broken by row so that pages never overlap."""
    if sort == "received":
        return applications.order_by(F("received_on").desc(nulls_last=True), "-submitted_at", "pk")
    if sort == "code":
        return applications.order_by("tracking_code", "pk")
    if sort == "status":
        return applications.order_by("status", F("due_on").asc(nulls_last=True), "submitted_at", "pk")
    return applications


@dataclass(frozen=True)
class QueueRow:
    application: Application
    notes: list[str]
    state: str = ""  # the due badge's: overdue, due_soon, on_time, paused, closed or provisional
    next_verb: str = ""

    @property
    def next_title(self) -> str:
        return str(VERB_TITLES[self.next_verb]) if self.next_verb else ""


def due_state(application: Application, today: datetime.date, soon_last: datetime.date) -> str:
    """``Application.deadline_state`` with the day that ends "due soon" computed once per page, and
    "provisional" for an open case whose receipt is not confirmed or whose due date may still move."""
    if application.is_open and application.due_on is not None and application.due_on < today:
        return "overdue"
    if application.is_open and (application.received_on is None or application.due_is_provisional):
        return "provisional"
    if not application.is_open:
        return "closed"
    if application.due_on is None:
        return "paused"
    return "due_soon" if application.due_on <= soon_last else "on_time"


def queue_rows(applications: Iterable[Application], today: datetime.date | None = None) -> list[QueueRow]:
    """Each application of a queue page with what the workflow says about it: a 补正 requested late
    (第三十条), a lapsed wait to confirm (``waits``), a consultation that lapsed — "第三方逾期未提出意见，
    由本机关决定" (第三十二条) or consent by silence (第三十四条) — its due badge and its next step. The
    queue prefetches what this reads: no query per row."""
    rows = []
    applications = list(applications)
    pks = [application.pk for application in applications]
    today = today or timezone.localdate()
    soon_last = due_soon_last_day(today)
    lapsed = {
        (c.application_id, c.reply)
        for c in Consultation.objects.filter(
            application_id__in=pks, reply__in=[Consultation.Reply.NO_REPLY, Consultation.Reply.DEEMED_CONSENT]
        )
    }
    for application in applications:
        notes = []
        supplement = getattr(application, "supplement", None)
        if supplement is not None and supplement.late:
            notes.append(str(_("Supplement requested late (Article 30)")))
        if application.is_open:
            wait = waits.lapsed_wait(application)
            if wait is not None:
                notes.append(str(wait.lapse_words))
            if (application.pk, Consultation.Reply.NO_REPLY) in lapsed:
                notes.append(clock.THIRD_PARTY_LAPSED)
            if (application.pk, Consultation.Reply.DEEMED_CONSENT) in lapsed:
                notes.append(clock.AGENCY_LAPSED)
        state = due_state(application, today, soon_last)
        rows.append(QueueRow(application, notes, state, next_verb(application)))
    return rows


@dataclass(frozen=True)
class Similar:
    application: Application
    score: float  # 0 … 1
    same_applicant: bool

    @property
    def percent(self) -> int:
        return round(self.score * 100)


def similar_applications(
    application: Application, *, threshold: float = 0.35, limit: int = 5, window_days: int = 730
) -> list[Similar]:
    """Earlier applications to the same agency that ask for much the same thing — the applicant's own
    (重复申请) and others' (大量反复申请) — best first. Staff decide; this only points."""
    since = application.submitted_at - datetime.timedelta(days=window_days)
    candidates = (
        Application.objects.for_agency(application.agency)
        .filter(submitted_at__gte=since, submitted_at__lte=application.submitted_at)
        .exclude(pk=application.pk)
        .only("pk", "tracking_code", "description", "id_number_digest", "outcome", "submitted_at")
        .order_by("-submitted_at")[:1000]
    )
    matches = []
    for candidate in candidates:
        score = cjk.similarity(application.description, candidate.description)
        same = candidate.id_number_digest == application.id_number_digest
        if score >= threshold:
            matches.append(Similar(candidate, score, same))
    matches.sort(key=lambda m: (m.same_applicant, m.score), reverse=True)
    return matches[:limit]
