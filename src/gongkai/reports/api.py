"""Annual reports in the API: audit any report (a file or a web address), read the published ones.

Both answer with ``gongkai.annual-report/1`` documents (``/schema/annual-report-1.json``) and their rule
findings. Auditing reads the file in the request and changes nothing; it is open to everyone, with its own
rate limit, a size limit, and — for addresses — only addresses on the public internet.
"""

from __future__ import annotations

import datetime
import math
from typing import Any

from django.conf import settings
from django.http import HttpRequest
from django.utils.translation import gettext as _
from ninja import File, Form, Query, Router, Schema
from ninja.errors import HttpError, Throttled
from ninja.files import UploadedFile
from ninja.throttling import AnonRateThrottle
from pydantic import Field

from gongkai.api_common import ERRORS, ErrorOut, Id

from .access import access_published_report
from .auditing import AuditResult, audit
from .fetching import Limits, audit_url, with_sources
from .models import Report
from .queries import findings_of

router = Router(tags=["annual reports"])


class FindingOut(Schema):
    rule: str
    severity: str
    cells: list[str]
    message: str
    left: Any = None
    right: Any = None
    source: str | None = Field(None, description="The address or file the report was read from.")


class AnnualReportDocument(Schema):
    """A ``gongkai.annual-report/1`` document; the full shape is ``/schema/annual-report-1.json``."""

    schema_: str = Field(alias="schema")
    agency: str | None
    year: int | None
    format: str | None
    proactive: dict[str, Any]
    applications: dict[str, Any]
    reviews: dict[str, Any]
    findings: list[FindingOut]
    file: str | None = Field(None, description="The file or address the report was read from.")
    layout: str | None = None
    notes: list[str] = []
    published_on: str | None = None
    ambiguous: dict[str, list[Any]] | None = Field(
        None, description="Cells the reader could not decide between readings of (the cell is null)."
    )


class Unreadable(Schema):
    file: str
    error: str


class AuditOut(Schema):
    reports: list[AnnualReportDocument]
    unreadable: list[Unreadable]


class PublishedReportOut(Schema):
    id: int
    agency_id: int
    year: int
    version: int
    published_at: datetime.datetime | None


class PublishedReportPage(Schema):
    count: int
    items: list[PublishedReportOut]


class PublishedReportFilters(Schema):
    agency: Id | None = None
    year: int | None = Field(None, ge=2000, le=2100)
    limit: int = Field(100, ge=1, le=500)
    offset: int = Field(0, ge=0, le=1_000_000)


class AuditRateThrottle(AnonRateThrottle):
    """``GONGKAI_AUDIT_RATE`` per client address, counted apart from the API's other requests (whose
    throttles' scope is "anon"). Checked once the request is known to ask for an audit: a request the API
    refuses anyway costs nothing and is not counted."""

    scope = "audit"

    def __init__(self) -> None:
        super().__init__(settings.GONGKAI_AUDIT_RATE)


def check_audit_rate(request: HttpRequest) -> None:
    throttle = AuditRateThrottle()
    if not throttle.allow_request(request):
        raise Throttled(wait=math.ceil(throttle.wait() or 0))


@router.post(
    "/audit",
    response={200: AuditOut, 413: ErrorOut, **ERRORS},
    summary="Audit an annual report: an uploaded file, or the address of its web page",
    by_alias=True,
)
def audit_report(
    request: HttpRequest,
    file: UploadedFile | None = File(None),  # noqa: B008 (ninja's way of declaring a parameter)
    url: str | None = Form(None, max_length=2000),
) -> dict[str, Any]:
    if (file is None) == (not url):
        raise HttpError(400, _("Send either a report file or the address of its web page."))
    check_audit_rate(request)
    if file is not None:
        if file.size is not None and file.size > settings.GONGKAI_AUDIT_MAX_BYTES:
            raise HttpError(413, _("The file is larger than {size} MB.").format(size=max_megabytes()))
        results = [audit(file.read(), name=file.name or "report")]
    else:
        limits = Limits(
            timeout=settings.GONGKAI_AUDIT_FETCH_TIMEOUT,
            max_bytes=settings.GONGKAI_AUDIT_MAX_BYTES,
            public_only=not settings.GONGKAI_AUDIT_FETCH_PRIVATE_ADDRESSES,
        )
        results = audit_url(str(url), limits=limits)
    return audit_out(results)


def max_megabytes() -> int:
    return max(1, settings.GONGKAI_AUDIT_MAX_BYTES // 1024 // 1024)


def audit_out(results: list[AuditResult]) -> dict[str, Any]:
    return {
        "reports": [with_sources(result) for result in results if result.readable],
        "unreadable": [
            {"file": result.source, "error": result.error} for result in results if not result.readable
        ],
    }


@router.get(
    "/annual-reports/", response={200: PublishedReportPage, **ERRORS}, summary="Published annual reports"
)
def list_published_reports(request: HttpRequest, filters: Query[PublishedReportFilters]) -> dict[str, Any]:
    reports = Report.objects.published().order_by("agency_id", "-year", "-version")
    if filters.agency is not None:
        reports = reports.filter(agency_id=filters.agency)
    if filters.year is not None:
        reports = reports.filter(year=filters.year)
    page = reports[filters.offset : filters.offset + filters.limit]
    return {"count": reports.count(), "items": list(page)}


@router.get(
    "/annual-reports/{report_id}",
    response={200: AnnualReportDocument, **ERRORS},
    summary="A published annual report as a gongkai.annual-report/1 document with its findings",
    by_alias=True,
)
def get_published_report(request: HttpRequest, report_id: Id) -> dict[str, Any]:
    record = access_published_report(report_id)
    report = record.annual_report()
    report.findings = findings_of(record)
    return report.to_json()
