"""The staff queues, by name: each is a QuerySet method chain, so counts and lists cannot disagree."""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from dataclasses import dataclass

from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _

from gongkai.agencies.models import Agency
from gongkai.lib import cjk
from gongkai.workdays import clock

from . import waits
from .models import Application, ApplicationQuerySet, Consultation, Status, due_soon_last_day

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


def queue(agency: Agency, name: str, today: datetime.date) -> ApplicationQuerySet:
    applications = Application.objects.for_agency(agency)
    if name == "due_soon":
        result = applications.due_within(today, due_soon_last_day(today))
    elif name == "to_confirm":
        result = waits.to_confirm(applications)
    elif name == "supplement_late":
        result = applications.supplement_late()
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
    return result.select_related("supplement", "fee").in_queue_order()


@dataclass(frozen=True)
class QueueRow:
    application: Application
    notes: list[str]


def queue_rows(applications: Iterable[Application]) -> list[QueueRow]:
    """Each application of a queue page with what the workflow says about it: a 补正 requested late
    (第三十条), a lapsed wait to confirm (``waits``), a consultation that lapsed — "第三方逾期未提出意见，
    由本机关决定" (第三十二条) or consent by silence (第三十四条)."""
    rows = []
    pks = [application.pk for application in applications]
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
        rows.append(QueueRow(application, notes))
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
