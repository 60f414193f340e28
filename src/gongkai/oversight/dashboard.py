"""The oversight dashboard's rows: per agency, the year's report status and findings, open work and reviews.

Counts use the same named filters as the workspace queues and the annual report (``open()``,
``overdue(today)``, ``provisional()``, ``pending()``), so a dashboard number and a list page cannot disagree;
each is one query grouped by agency, so the page, its XLSX export and the printable summary run the same
number of queries for 10 agencies as for 1,000.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Count, Exists, OuterRef, QuerySet
from django.db.models.fields.json import KeyTransform
from django.utils.translation import gettext_lazy as _

from gongkai.agencies.models import Agency, AgencyQuerySet
from gongkai.annual_report.model import Finding, FindingCounts, Severity
from gongkai.annual_report.rules import validate
from gongkai.applications.models import Application
from gongkai.catalog.models import Article20Item, Document
from gongkai.catalog.proactive import items_covered, missing_items
from gongkai.reports.models import Report
from gongkai.reviews.models import Review

NOT_STARTED, DRAFT, FAILING, PUBLISHED = "not_started", "draft", "failing", "published"
STATUS_LABELS = {
    NOT_STARTED: _("Not started"),
    DRAFT: _("Draft"),
    FAILING: _("Failing rules"),
    PUBLISHED: _("Published"),
}
ON_TIME, LATE, MISSED, DUE = "on_time", "late", "missed", "due"
TIMELINESS_LABELS = {
    ON_TIME: _("Published on time"),
    LATE: _("Published late"),
    MISSED: _("Not published, deadline passed"),
    DUE: _("Not yet due"),
}
GOVERNMENT_LEVELS = {
    Agency.Level.PROVINCE,
    Agency.Level.CITY,
    Agency.Level.DISTRICT,
    Agency.Level.TOWNSHIP,
}
SORT_KEYS = (
    "agency",
    "status",
    "timeliness",
    "errors",
    "warnings",
    "open",
    "overdue",
    "provisional",
    "supplement_late",
    "reviews",
    "uninterpreted",
    "missing",
)


def publication_deadline(agency: Agency, year: int) -> datetime.date:
    """By 31 January for departments, 31 March for a government's own report (条例第四十九条, rule R13)."""
    if agency.level in GOVERNMENT_LEVELS:
        return datetime.date(year + 1, 3, 31)
    return datetime.date(year + 1, 1, 31)


@dataclass
class Row(FindingCounts):
    agency: Agency
    record: Report | None
    status: str
    timeliness: str
    deadline: datetime.date
    findings: list[Finding] = field(default_factory=list)
    open: int = 0
    overdue: int = 0
    provisional: int = 0
    supplement_late: int = 0  # received in the year, 补正 requested after the 7 workdays (第三十条)
    reviews: int = 0
    uninterpreted: int = (
        0  # public 规范性文件 with no public 政策解读 (Document.objects.lacking_interpretation)
    )
    # 条例第二十条: the items an agency of this kind must publish proactively that it has no current
    # (public, in force) document for (``catalog.disclosure.REQUIRED_ITEMS``), as Article20Item keys.
    missing: list[str] = field(default_factory=list)

    @property
    def missing_labels(self) -> list[str]:
        return [str(Article20Item(item).label) for item in self.missing]

    @property
    def tone(self) -> str:
        """The status tag's colour (components/status_tag.html)."""
        if self.status == PUBLISHED:
            return "success" if self.timeliness == ON_TIME else "warning"
        if self.status == FAILING or self.timeliness == MISSED:
            return "danger"
        return "secondary" if self.status == NOT_STARTED else "info"

    @property
    def status_label(self) -> Any:
        return STATUS_LABELS[self.status]

    @property
    def timeliness_label(self) -> Any:
        return TIMELINESS_LABELS[self.timeliness]

    def sort_value(self, key: str) -> Any:
        if key == "agency":
            return self.agency.path
        if key == "status":
            return list(STATUS_LABELS).index(self.status)
        if key == "timeliness":
            return list(TIMELINESS_LABELS).index(self.timeliness)
        if key == "missing":
            return len(self.missing)
        return getattr(self, key)


def report_status(record: Report | None, findings: list[Finding]) -> str:
    if record is None:
        return NOT_STARTED
    if record.is_published:
        return PUBLISHED
    if any(finding.severity == Severity.ERROR for finding in findings):
        return FAILING
    return DRAFT


def timeliness(record: Report | None, deadline: datetime.date, today: datetime.date) -> str:
    published = record.published_at if record is not None and record.is_published else None
    if published is not None:
        return ON_TIME if published.date() <= deadline else LATE
    return MISSED if today > deadline else DUE


def dashboard_rows(agencies: AgencyQuerySet, year: int, today: datetime.date) -> list[Row]:
    """One row per agency, in tree order. The report is the agency-year's newest version.

    A fixed number of queries whatever the number of agencies (an oversight office of a city sees
    hundreds): the agencies, the newest reports of the year and of the year before (for R6), and one
    count grouped by agency for each measure, each counted with its named filter.
    """
    scope = agencies.order_by().values("pk")
    newest = newest_reports(scope, (year - 1, year))
    counts = {
        "open": counts_by_agency(Application.objects.open().filter(agency__in=scope)),
        "overdue": counts_by_agency(Application.objects.overdue(today).filter(agency__in=scope)),
        "provisional": counts_by_agency(Application.objects.provisional().filter(agency__in=scope)),
        "supplement_late": counts_by_agency(
            Application.objects.received_in(year).supplement_late().filter(agency__in=scope)
        ),
        "reviews": counts_by_agency(Review.objects.pending().filter(agency__in=scope)),
        "uninterpreted": counts_by_agency(Document.objects.lacking_interpretation().filter(agency__in=scope)),
    }
    covered = items_covered(scope, today)
    rows = []
    for agency in agencies:
        record = newest.get((agency.pk, year))
        findings = stored_findings(record, newest.get((agency.pk, year - 1))) if record is not None else []
        deadline = publication_deadline(agency, year)
        rows.append(
            Row(
                agency=agency,
                record=record,
                status=report_status(record, findings),
                timeliness=timeliness(record, deadline, today),
                deadline=deadline,
                findings=findings,
                missing=missing_items(agency.level, agency.may_make_rules, covered.get(agency.pk, ())),
                **{measure: by_agency.get(agency.pk, 0) for measure, by_agency in counts.items()},
            )
        )
    return rows


def newest_reports(scope: QuerySet[Any, Any], years: Iterable[int]) -> dict[tuple[int, int], Report]:
    """The newest version of each agency-year in ``scope`` and ``years`` (``current_report``'s choice),
    by (agency id, year), in one query."""
    newer = Report.objects.filter(
        agency=OuterRef("agency"), year=OuterRef("year"), version__gt=OuterRef("version")
    )
    # Only the stored findings of ``data`` are read: decoding every report's whole document was most of
    # the page's time at a few thousand agencies (benchmarks/province.py).
    records = (
        Report.objects.filter(agency__in=scope, year__in=list(years))
        .exclude(Exists(newer))
        .defer("data", "provenance", "overview", "problems", "other")
        .annotate(stored_findings=KeyTransform("findings", "data"))
    )
    return {(record.agency_id, record.year): record for record in records}


def stored_findings(record: Report, previous: Report | None) -> list[Finding]:
    """The findings the report actions stored in ``record.data`` when it was built, edited or imported
    (``reports.actions._store_findings``), so the dashboard does not run the rules for every agency; a
    record written before findings were stored is validated here."""
    stored = getattr(record, "stored_findings", None)
    if stored is None and "data" not in record.get_deferred_fields():
        stored = record.data.get("findings")
    if isinstance(stored, list):
        return [Finding.from_json(item) for item in stored]
    return findings_with(record, previous)


def findings_with(record: Report, previous: Report | None) -> list[Finding]:
    """``findings_of(record)`` with last year's record already fetched (the rules are pure)."""
    return validate(record.annual_report(), previous.annual_report() if previous is not None else None)


def counts_by_agency(queryset: QuerySet[Any, Any]) -> dict[int, int]:
    """How many rows of ``queryset`` each agency has (agencies with none are absent), in one query."""
    # COUNT(*), not of a column: an index that holds the filter and the agency answers it alone.
    grouped = queryset.order_by().values("agency_id").annotate(count=Count("*"))
    return {entry["agency_id"]: entry["count"] for entry in grouped}


def select(
    rows: list[Row], *, status: str = "", timeliness: str = "", q: str = "", level: str = "", parent: str = ""
) -> list[Row]:
    """The rows matching the filters (empty filter: any). ``parent`` is an agency id: that agency and
    everything below it."""
    below = next((row.agency.path for row in rows if str(row.agency.pk) == parent), None) if parent else ""
    return [
        row
        for row in rows
        if (not level or row.agency.level == level)
        and (below is not None and row.agency.path.startswith(below))
        and (not status or row.status == status)
        and (not timeliness or row.timeliness == timeliness)
        and (not q or q in row.agency.name or q in row.agency.short_name)
    ]


def order(rows: list[Row], sort: str) -> list[Row]:
    """Sorted by ``sort`` (one of SORT_KEYS, ``-`` first for descending); unknown keys keep tree order."""
    descending = sort.startswith("-")
    key = sort.lstrip("-")
    if key not in SORT_KEYS:
        return rows
    return sorted(rows, key=lambda row: (row.sort_value(key), row.agency.path), reverse=descending)


@dataclass
class Summary:
    agencies: int
    by_status: dict[str, int]
    by_timeliness: dict[str, int]
    late: int
    errors: int
    warnings: int
    open: int
    overdue: int
    provisional: int
    supplement_late: int
    reviews: int
    coverage_gaps: int  # agencies missing a document of an item 第二十条 requires of them


def summarise(rows: list[Row]) -> Summary:
    return Summary(
        agencies=len(rows),
        by_status={status: sum(1 for row in rows if row.status == status) for status in STATUS_LABELS},
        by_timeliness={key: sum(1 for row in rows if row.timeliness == key) for key in TIMELINESS_LABELS},
        late=sum(1 for row in rows if row.timeliness in (LATE, MISSED)),
        errors=sum(row.errors for row in rows),
        warnings=sum(row.warnings for row in rows),
        open=sum(row.open for row in rows),
        overdue=sum(row.overdue for row in rows),
        provisional=sum(row.provisional for row in rows),
        supplement_late=sum(row.supplement_late for row in rows),
        reviews=sum(row.reviews for row in rows),
        coverage_gaps=sum(1 for row in rows if row.missing),
    )


@dataclass
class Node:
    """One agency of the tree with the agencies directly below it (``tree``)."""

    row: Row
    children: list[Node] = field(default_factory=list)


def tree(rows: list[Row]) -> list[Node]:
    """The rows as a tree by ``Agency.parent``; a row whose parent is not among ``rows`` is a root."""
    nodes = {row.agency.pk: Node(row) for row in rows}
    roots: list[Node] = []
    for row in sorted(rows, key=lambda row: row.agency.path):
        parent = nodes.get(row.agency.parent_id) if row.agency.parent_id is not None else None
        (parent.children if parent is not None else roots).append(nodes[row.agency.pk])
    return roots


def worst_by_findings(rows: list[Row], limit: int = 10) -> list[Row]:
    """The ``limit`` agencies with the most error findings, then warnings (the chart's bars)."""
    ranked = sorted(
        (row for row in rows if row.errors or row.warnings), key=lambda row: (-row.errors, -row.warnings)
    )
    return ranked[:limit]
