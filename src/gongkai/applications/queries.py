"""The staff queues, by name: each is a QuerySet method chain, so counts and lists cannot disagree."""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.utils.translation import gettext_lazy as _

from gongkai.agencies.models import Agency
from gongkai.lib import cjk

from .models import Application, ApplicationQuerySet, Status

QUEUE_PAGE_SIZE = 50
QUEUE_FILTERS = {
    "open": _("All open"),
    "due_soon": _("Due within 3 days"),
    "overdue": _("Overdue"),
    "provisional": _("Provisional due date"),
    "awaiting_supplement": _("Waiting on the applicant"),
    "in_consultation": _("In consultation"),
    "unconfirmed": _("Receipt to confirm"),
    "closed": _("Closed"),
}


def queue(agency: Agency, name: str, today: datetime.date) -> ApplicationQuerySet:
    applications = Application.objects.for_agency(agency)
    if name == "due_soon":
        result = applications.due_within(today, today + datetime.timedelta(days=3))
    elif name == "overdue":
        result = applications.overdue(today)
    elif name == "provisional":
        result = applications.provisional()
    elif name == "awaiting_supplement":
        result = applications.filter(status=Status.AWAITING_SUPPLEMENT)
    elif name == "in_consultation":
        result = applications.filter(status=Status.IN_CONSULTATION)
    elif name == "unconfirmed":
        result = applications.filter(status=Status.SUBMITTED)
    elif name == "closed":
        result = applications.filter(status__in=[Status.DECIDED, Status.WITHDRAWN])
    else:
        result = applications.open()
    return result.in_queue_order()


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
