"""The oversight dashboard runs a fixed number of queries whatever the number of agencies it lists, and
counts exactly what the per-agency computation it replaced counted (kept here as the oracle)."""

from __future__ import annotations

import datetime
import secrets
from typing import Any

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from gongkai.agencies.models import Agency
from gongkai.applications.models import Application, Status
from gongkai.applications.tests.helpers import applicant
from gongkai.catalog.models import Document
from gongkai.oversight import dashboard as board
from gongkai.reports.actions import findings_of
from gongkai.reports.models import Report
from gongkai.reviews.models import Review, ReviewKind, ReviewOutcome
from gongkai.testing import Cast

from .helpers import balanced_report

pytestmark = pytest.mark.django_db
URLS = ("/oversight/", "/oversight/dashboard.xlsx", "/oversight/summary/")


def per_agency_rows(agencies: Any, year: int, today: datetime.date) -> list[board.Row]:
    """The old computation: one set of queries per agency. The oracle for the grouped one."""
    rows = []
    for agency in agencies:
        record = Report.objects.for_agency(agency).of_year(year).order_by("-version").first()
        findings = findings_of(record) if record is not None else []
        deadline = board.publication_deadline(agency, year)
        applications = Application.objects.for_agency(agency)
        rows.append(
            board.Row(
                agency=agency,
                record=record,
                status=board.report_status(record, findings),
                timeliness=board.timeliness(record, deadline, today),
                deadline=deadline,
                findings=findings,
                open=applications.open().count(),
                overdue=applications.overdue(today).count(),
                provisional=applications.provisional().count(),
                supplement_late=applications.received_in(year).supplement_late().count(),
                reviews=Review.objects.for_agency(agency).pending().count(),
                uninterpreted=Document.objects.for_agency(agency).lacking_interpretation().count(),
            )
        )
    return rows


def as_numbers(rows: list[board.Row]) -> list[tuple[Any, ...]]:
    return [
        (
            row.agency.pk,
            row.record.pk if row.record else None,
            row.status,
            row.timeliness,
            row.deadline,
            [(finding.rule, finding.severity, finding.message) for finding in row.findings],
            row.open,
            row.overdue,
            row.provisional,
            row.supplement_late,
            row.reviews,
            row.uninterpreted,
        )
        for row in rows
    ]


def add_agencies(root: Agency, count: int, year: int, today: datetime.date) -> list[Agency]:
    """``count`` departments below ``root``, each with a different mix of reports, applications and
    reviews (by its index), written with bulk_create so that 100 take a moment."""
    start = Agency.objects.filter(name__startswith="测试部门").count()
    agencies = Agency.objects.bulk_create(
        Agency(name=f"测试部门{start + i:04d}", level=Agency.Level.DEPARTMENT, parent=root)
        for i in range(count)
    )
    for agency in agencies:
        agency.path = f"{root.path}{agency.pk}/"
    Agency.objects.bulk_update(agencies, ["path"])

    reports: list[Report] = []
    applications: list[Application] = []
    for index, agency in enumerate(agencies, start=start):
        reports += reports_of(agency, index, year)
        applications += applications_of(agency, index, today)
    Report.objects.bulk_create(reports)
    store_findings(agencies)
    created = Application.objects.bulk_create(applications)
    Review.objects.bulk_create(reviews_of(created, today))
    return agencies


def store_findings(agencies: list[Agency]) -> None:
    """What the report actions do when they write a report: keep its findings in ``data``, which the
    dashboard reads instead of running the rules again."""
    records = list(Report.objects.filter(agency__in=agencies))
    for record in records:
        record.data = {**record.data, "findings": [finding.to_json() for finding in findings_of(record)]}
    Report.objects.bulk_update(records, ["data"])


def reports_of(agency: Agency, index: int, year: int) -> list[Report]:
    """By index: none; a balanced draft; a draft breaking R2; published on time; published late; a
    published version and its draft correction; every third agency has last year's report too (R6)."""

    def report(version: int, status: str, data: Any, published: datetime.datetime | None = None) -> Report:
        return Report(
            agency=agency,
            year=data.year,
            version=version,
            source=Report.Source.IMPORTED,
            status=status,
            data=data.to_json(),
            published_at=published,
        )

    def at(day: datetime.date) -> datetime.datetime:
        return timezone.make_aware(datetime.datetime.combine(day, datetime.time(9)))

    draft, published = Report.Status.DRAFT, Report.Status.PUBLISHED
    this_year = balanced_report(agency.name, year, received=index % 4 + 1)
    kind = index % 6
    records = []
    if kind == 1:
        records = [report(1, draft, this_year)]
    elif kind == 2:
        this_year.applications["new_received"]["total"] = 99
        records = [report(1, draft, this_year)]
    elif kind == 3:
        records = [report(1, published, this_year, at(datetime.date(year + 1, 1, 20)))]
    elif kind == 4:
        records = [report(1, published, this_year, at(datetime.date(year + 1, 2, 20)))]
    elif kind == 5:
        records = [
            report(1, published, this_year, at(datetime.date(year + 1, 1, 10))),
            report(2, draft, balanced_report(agency.name, year, received=7)),
        ]
    if index % 3 == 0:
        # Last year's report; for odd indexes it carried work forward that this year's does not carry over.
        last_year = balanced_report(agency.name, year - 1)
        last_year.applications["carried_forward"].update(natural_person=index % 2, total=index % 2)
        records.append(report(1, published, last_year))
    return records


def applications_of(agency: Agency, index: int, today: datetime.date) -> list[Application]:
    """By index: some open and on time, some overdue, some with a provisional date, some closed."""
    fields = applicant()
    fields.pop("postcode")

    def application(status: str, due_on: datetime.date | None, provisional: bool = False) -> Application:
        return Application(
            agency=agency,
            tracking_code=f"GK{secrets.token_hex(6).upper()}",
            access_secret=secrets.token_urlsafe(24),
            channel="in_person",
            submitted_at=timezone.now(),
            received_on=today - datetime.timedelta(days=30),
            status=status,
            due_on=due_on,
            due_is_provisional=provisional,
            **fields,
        )

    later, earlier = today + datetime.timedelta(days=10), today - datetime.timedelta(days=3)
    made = [application(Status.IN_PROGRESS, later) for _ in range(index % 3)]
    made += [application(Status.IN_PROGRESS, earlier) for _ in range(index % 4 == 1)]
    made += [application(Status.AWAITING_SUPPLEMENT, None) for _ in range(index % 5 == 2)]
    made += [application(Status.IN_PROGRESS, later, provisional=True) for _ in range(index % 2)]
    made += [application(Status.DECIDED, earlier, provisional=True) for _ in range(index % 3 == 0)]
    made += [application(Status.WITHDRAWN, earlier)]
    return made


def reviews_of(applications: list[Application], today: datetime.date) -> list[Review]:
    """A pending case against every other closed application, a decided one against the rest."""
    closed = [a for a in applications if a.status in (Status.DECIDED, Status.WITHDRAWN)]
    return [
        Review(
            kind=ReviewKind.RECONSIDERATION,
            application=application,
            agency_id=application.agency_id,
            filed_on=today,
            body="区政府",
            outcome=ReviewOutcome.PENDING if position % 2 else ReviewOutcome.UPHELD,
        )
        for position, application in enumerate(closed)
    ]


def queries_of(client: Client, year: int) -> dict[str, int]:
    counts = {}
    for url in URLS:
        with CaptureQueriesContext(connection) as queries:
            response = client.get(url, {"year": year})
        assert response.status_code == 200, url
        counts[url] = len(queries)
    return counts


def test_the_dashboard_export_and_summary_run_as_many_queries_for_100_agencies_as_for_10(
    cast: Cast,
) -> None:
    today = timezone.localdate()
    year = today.year - 1
    client = Client()
    client.force_login(cast.oversight)
    add_agencies(cast.district, 10, year, today)
    assert cast.district.children.count() == 12
    at_ten = queries_of(client, year)
    add_agencies(cast.district, 90, year, today)
    assert cast.district.children.count() == 102
    at_hundred = queries_of(client, year)
    assert at_hundred == at_ten
    pages = [client.get("/oversight/", {"year": year, "page": n}).content.decode() for n in (1, 2, 3)]
    # Every agency of the subtree is listed, fifty to a page.
    assert [page.count('<tr class="status-') for page in pages] == [50, 50, 3]


def test_the_rows_take_nine_queries_whatever_the_number_of_agencies(cast: Cast) -> None:
    today = timezone.localdate()
    add_agencies(cast.district, 30, today.year - 1, today)
    agencies = Agency.objects.subtree(cast.district)
    # the agencies, the newest reports, one grouped count each for open, overdue, provisional, late
    # 补正 requests (第三十条), reviews, 规范性文件 without a 政策解读, and the 第二十条 items covered
    with CaptureQueriesContext(connection) as queries:
        rows = board.dashboard_rows(agencies, today.year - 1, today)
    assert len(rows) == 33
    assert len(queries) == 9, [query["sql"] for query in queries]


def test_the_grouped_rows_equal_the_per_agency_computation_on_a_varied_world(cast: Cast) -> None:
    today = timezone.localdate()
    year = today.year - 1
    add_agencies(cast.district, 36, year, today)
    add_agencies(cast.outside_district, 7, year, today)
    for agencies in (Agency.objects.subtree(cast.district), Agency.objects.all()):
        grouped = board.dashboard_rows(agencies, year, today)
        expected = per_agency_rows(agencies, year, today)
        assert as_numbers(grouped) == as_numbers(expected)
    # The world is varied enough for the comparison to mean something: every status and timeliness
    # occurs, some findings, and every measure is non-zero somewhere and zero somewhere else.
    rows = board.dashboard_rows(Agency.objects.subtree(cast.district), year, today)
    assert {row.status for row in rows} == set(board.STATUS_LABELS)
    assert {row.timeliness for row in rows} >= {board.ON_TIME, board.LATE}
    assert any("R6" in [finding.rule for finding in row.findings] for row in rows)
    for measure in ("open", "overdue", "provisional", "reviews", "errors"):
        values = {getattr(row, measure) for row in rows}
        assert 0 in values and len(values) > 1, measure
    # A corrected report shows its newest version, the draft correction.
    corrected = [row for row in rows if row.record is not None and row.record.version == 2]
    assert corrected and all(row.status == board.DRAFT for row in corrected)
