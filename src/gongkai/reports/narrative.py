"""The numbers the narrative draft states besides the tables: the catalog's and the processing fees'.

The prose itself is :func:`gongkai.annual_report.narrative.draft`, which takes these summaries.
"""

from __future__ import annotations

import datetime

from django.db.models import Count, Sum

from gongkai.agencies.models import Agency
from gongkai.annual_report.model import AnnualReport
from gongkai.annual_report.narrative import (
    CatalogSummary,
    FeeSummary,
    Narrative,
    ServicesSummary,
    draft,
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
    from gongkai.rectifications.models import Rectification

    interpretations = list(
        Document.objects.for_agency(agency).public().published_in(year)
        .filter(interprets__isnull=False).values_list("pk", flat=True)
    )  # fmt: skip
    answered = list(
        Inquiry.objects.for_agency(agency).answered_in(year).values_list("pk", "submitted_at", "answered_at")
    )
    days = [(at - asked).total_seconds() / 86400 for _, asked, at in answered if at is not None]
    closed = list(
        Difficulty.objects.closed_in(year).filter(assigned_agency=agency).values_list("pk", flat=True)
    )
    ratings = list(Rating.objects.filter(agency=agency, rated_at__year=year).values_list("pk", "level"))
    satisfied = [pk for pk, level in ratings if level not in POOR_LEVELS]
    done = list(Rectification.objects.for_agency(agency).done_in(year).values_list("pk", flat=True))
    summary = ServicesSummary(
        interpretations=len(interpretations),
        inquiries_answered=len(answered),
        inquiry_average_days=round(sum(days) / len(days), 1) if days else None,
        difficulties_closed=len(closed),
        ratings=len(ratings),
        satisfaction_rate=round(100 * len(satisfied) / len(ratings), 1) if ratings else None,
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


def draft_for(agency: Agency, report: AnnualReport) -> Narrative:
    assert report.year is not None
    fees = fee_summary(agency, report.year) if states_fees(report.report_format) else None
    services, _ = services_summary(agency, report.year)
    return draft(report, catalog_summary(agency, report.year), fees, services)
