"""The numbers the narrative draft states besides the tables: the catalog's and the processing fees'.

The prose itself is :func:`gongkai.annual_report.narrative.draft`, which takes these summaries.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from django.db.models import Count, Sum

from gongkai.agencies.models import Agency
from gongkai.annual_report.model import AnnualReport
from gongkai.annual_report.narrative import (
    SERVICE_WORDS,
    CatalogSummary,
    FeeSummary,
    Narrative,
    ServicesSummary,
    draft,
    service_phrase,
    states_fees,
)


def catalog_summary(agency: Agency, year: int) -> CatalogSummary:
    from gongkai.catalog.models import Document

    public = Document.objects.for_agency(agency).public()
    rows = (
        public.published_in(year).values("genre__name").annotate(n=Count("id")).order_by("-n", "genre__name")
    )
    by_category = tuple((row["genre__name"] or "其他", row["n"]) for row in rows)
    cumulative = public.published_by(datetime.date(year, 12, 31)).count()
    return CatalogSummary(sum(n for _, n in by_category), by_category, cumulative)


def fee_summary(agency: Agency, year: int) -> FeeSummary:
    from gongkai.applications.models import Fee

    totals = Fee.objects.filter(application__agency=agency, paid_on__year=year).aggregate(
        n=Count("id"), amount=Sum("amount")
    )
    return FeeSummary(totals["n"] or 0, totals["amount"] or 0)


def services_summary(agency: Agency, year: int) -> tuple[ServicesSummary, dict[str, list[int]]]:
    """The public services' numbers of the year and, like the table cells' provenance, the ids each counts
    (``services.interpretations`` → document ids, ``services.inquiries_answered`` → inquiry ids, …)."""
    from gongkai.catalog.models import Document
    from gongkai.difficulties.models import Difficulty
    from gongkai.inquiries.models import Inquiry
    from gongkai.ratings.models import POOR_LEVELS, Rating
    from gongkai.ratings.queries import percent
    from gongkai.rectifications.models import Rectification

    interpretations = list(
        Document.objects.for_agency(agency).public().published_in(year)
        .filter(interprets__isnull=False).values_list("pk", flat=True)
    )  # fmt: skip
    answered = list(
        Inquiry.objects.for_agency(agency).answered_in(year).values_list("pk", "submitted_at", "answered_at")
    )
    closed = list(
        Difficulty.objects.closed_in(year).filter(assigned_agency=agency).values_list("pk", flat=True)
    )
    ratings = list(Rating.objects.filter(agency=agency, rated_at__year=year).values_list("pk", "level"))
    satisfied = [pk for pk, level in ratings if level not in POOR_LEVELS]
    done = list(Rectification.objects.for_agency(agency).done_in(year).values_list("pk", flat=True))
    summary = ServicesSummary(
        interpretations=len(interpretations),
        inquiries_answered=len(answered),
        inquiry_average_days=average_days((asked, at) for _, asked, at in answered),
        difficulties_closed=len(closed),
        ratings=len(ratings),
        satisfaction_rate=percent(len(satisfied), len(ratings)),
        rectifications_done=len(done),
    )
    provenance = {
        "services.interpretations": interpretations,
        "services.inquiries_answered": [pk for pk, _, _ in answered],
        "services.difficulties_closed": closed,
        "services.ratings": [pk for pk, _ in ratings],
        "services.ratings.satisfied": satisfied,
        "services.rectifications_done": done,
    }
    return summary, {path: ids for path, ids in provenance.items() if ids}


def average_days(spans: Iterable[tuple[datetime.datetime, datetime.datetime | None]]) -> float | None:
    """The average time from asking to answer, in days to one decimal, of the answered ones."""
    days = [(answered - asked).total_seconds() / 86400 for asked, answered in spans if answered is not None]
    return round(sum(days) / len(days), 1) if days else None


@dataclass(frozen=True)
class ServiceProvenance:
    """One of the services' numbers in 一、总体情况 and the records behind it, as the build counted them
    (the report's provenance): ``kind`` names the records (documents, inquiries, difficulties, ratings,
    rectifications); ``value`` is the number the records give, ``phrase`` it in the narrative's words."""

    key: str
    label: str
    kind: str
    rows: list[Any]
    value: float | None
    phrase: str
    satisfied: frozenset[int] = frozenset()  # for the ratings: those in the first three levels


def service_provenance(agency: Agency, provenance: dict[str, list[int]], key: str) -> ServiceProvenance:
    """The records ``SERVICE_WORDS[key]`` counts in a report of ``agency`` whose provenance is
    ``provenance`` (the agency's own records only: a stale id of another agency is not shown)."""
    from gongkai.catalog.models import Document
    from gongkai.difficulties.models import Difficulty
    from gongkai.inquiries.models import Inquiry
    from gongkai.ratings.models import Rating
    from gongkai.ratings.queries import percent
    from gongkai.rectifications.models import Rectification

    words = SERVICE_WORDS[key]
    ids = provenance.get(words.counts, [])
    kind = words.counts.removeprefix("services.")
    rows: list[Any]
    satisfied: frozenset[int] = frozenset()
    if kind == "interpretations":
        kind = "documents"
        rows = list(Document.objects.for_agency(agency).filter(pk__in=ids).order_by("published_on", "pk"))
    elif kind == "inquiries_answered":
        kind = "inquiries"
        rows = list(Inquiry.objects.for_agency(agency).filter(pk__in=ids).order_by("answered_at", "pk"))
    elif kind == "difficulties_closed":
        kind = "difficulties"
        rows = list(Difficulty.objects.filter(pk__in=ids, assigned_agency=agency).order_by("closed_at", "pk"))
    elif kind == "ratings":
        rows = list(Rating.objects.filter(pk__in=ids, agency=agency).order_by("rated_at", "pk"))
        satisfied = frozenset(provenance.get("services.ratings.satisfied", [])) & {r.pk for r in rows}
    else:
        kind = "rectifications"
        rows = list(Rectification.objects.for_agency(agency).filter(pk__in=ids).order_by("done_at", "pk"))
    value: float | None = len(rows)
    if key == "inquiry_average_days":
        value = average_days((row.submitted_at, row.answered_at) for row in rows)
    elif key == "satisfaction_rate":
        value = percent(len(satisfied), len(rows))
    phrase = service_phrase(key, value) if value is not None else ""
    return ServiceProvenance(key, words.label, kind, rows, value, phrase, satisfied)


def draft_for(agency: Agency, report: AnnualReport) -> Narrative:
    assert report.year is not None
    fees = fee_summary(agency, report.year) if states_fees(report.report_format) else None
    services, _ = services_summary(agency, report.year)
    return draft(report, catalog_summary(agency, report.year), fees, services)
