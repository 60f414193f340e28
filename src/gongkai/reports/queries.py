"""Reading stored annual reports: an agency-year's newest version, last year's report, the rule findings.

``reports.actions`` (the writes) and ``reports.checks`` (what stands in the way of publishing) both read
through these.
"""

from __future__ import annotations

import datetime

from gongkai.agencies.models import Agency
from gongkai.annual_report.model import AnnualReport, Finding
from gongkai.annual_report.rules import validate

from .models import Report


def current_report(agency: Agency, year: int) -> Report | None:
    """The agency-year's newest version (draft or published), if any."""
    return Report.objects.for_agency(agency).of_year(year).order_by("-version").first()


def previous_report(agency: Agency, year: int) -> AnnualReport | None:
    """Last year's report as far as gongkai knows it (for R6): its newest version."""
    record = current_report(agency, year - 1)
    return record.annual_report() if record is not None else None


def findings_of(record: Report, *, published_on: datetime.date | None = None) -> list[Finding]:
    """The rule findings of the record as it stands, last year's record included (R6). ``published_on``:
    the findings the report would have if published that day (R13 then checks the publication date)."""
    report = record.annual_report()
    if published_on is not None:
        report.published_on = published_on.isoformat()
    return validate(report, previous_report(record.agency, record.year))
