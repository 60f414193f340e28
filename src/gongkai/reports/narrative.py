"""The numbers the narrative draft states besides the tables: the catalog's and the processing fees'.

The prose itself is :func:`gongkai.annual_report.narrative.draft`, which takes these summaries.
"""

from __future__ import annotations

import datetime

from django.db.models import Count, Sum

from gongkai.agencies.models import Agency
from gongkai.annual_report.model import AnnualReport
from gongkai.annual_report.narrative import CatalogSummary, FeeSummary, Narrative, draft, states_fees


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


def draft_for(agency: Agency, report: AnnualReport) -> Narrative:
    assert report.year is not None
    fees = fee_summary(agency, report.year) if states_fees(report.report_format) else None
    return draft(report, catalog_summary(agency, report.year), fees)
