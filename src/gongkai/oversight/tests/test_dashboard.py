"""The oversight dashboard: per agency of the subtree, the year's report status, findings and open work;
sortable and filterable by query parameters, exportable to XLSX, printable."""

from __future__ import annotations

import datetime
import io
from typing import Any

import openpyxl
import pytest
from django.test import Client
from django.utils import timezone

from gongkai.oversight.dashboard import (
    DRAFT,
    FAILING,
    LATE,
    MISSED,
    NOT_STARTED,
    ON_TIME,
    PUBLISHED,
    publication_deadline,
    report_status,
    timeliness,
)
from gongkai.reports import actions as reports
from gongkai.reports.models import Report
from gongkai.testing import Cast

from .helpers import balanced_report

pytestmark = pytest.mark.django_db
YEAR = 2024


def signed_in(user: Any) -> Client:
    client = Client()
    client.force_login(user)
    return client


def rows_of(page: str) -> list[str]:
    """The rows of the agencies' table (the charts above it are tables too)."""
    table = page.split('id="agencies"')[1]
    body = table.split("<tbody>")[1].split("</tbody>")[0]
    return [row.split("</th>")[0] for row in body.split("<tr")[1:]]


@pytest.fixture
def year_of_reports(cast: Cast) -> dict[str, Report]:
    """经信商务局 published on time; 住建局 a draft breaking R2; 秀洲区 itself nothing yet."""
    published = reports.do_import_report(cast.approver, cast.agency, balanced_report(cast.agency.name, YEAR))
    Report.objects.filter(pk=published.pk).update(
        published_at=timezone.make_aware(datetime.datetime(YEAR + 1, 1, 20, 9))
    )
    broken = balanced_report(cast.other_agency.name, YEAR)
    broken.applications["new_received"]["total"] = 99
    draft = Report.objects.create(
        agency=cast.other_agency, year=YEAR, source=Report.Source.IMPORTED, data=broken.to_json()
    )
    # As the report actions do: the findings are stored with the report, and the dashboard reads them.
    draft.data = {**draft.data, "findings": [finding.to_json() for finding in reports.findings_of(draft)]}
    draft.save(update_fields=["data"])
    return {"published": published, "draft": draft}


def test_each_agency_of_the_subtree_shows_its_report_status(cast: Cast, year_of_reports: Any) -> None:
    page = signed_in(cast.oversight).get(f"/oversight/?year={YEAR}").content.decode()
    names = [cast.district.name, cast.agency.name, cast.other_agency.name]
    assert all(name in page for name in names)
    assert cast.outside_agency.name not in page and cast.city.name not in page  # not below 秀洲区
    assert f'href="/workspace/reports/{year_of_reports["published"].pk}/"' in page  # drill down
    assert "R2" in page  # the draft's findings
    assert 'class="status-failing"' in page and 'class="status-published"' in page
    assert 'class="status-not_started"' in page


def test_filters_and_sorting_are_query_parameters(cast: Cast, year_of_reports: Any) -> None:
    client = signed_in(cast.oversight)
    failing = rows_of(client.get(f"/oversight/?year={YEAR}&status=failing").content.decode())
    assert len(failing) == 1 and cast.other_agency.name in failing[0]
    page = client.get(f"/oversight/?year={YEAR}&sort=-errors").content.decode()
    assert 'aria-sort="descending"' in page
    by_errors = rows_of(page)
    assert cast.other_agency.name in by_errors[0]
    by_status = rows_of(client.get(f"/oversight/?year={YEAR}&sort=-status").content.decode())
    assert cast.agency.name in by_status[0]  # published last in the order, first descending
    named = rows_of(client.get(f"/oversight/?year={YEAR}&q=住房").content.decode())
    assert len(named) == 1
    on_time = rows_of(client.get(f"/oversight/?year={YEAR}&timeliness=on_time").content.decode())
    assert len(on_time) == 1 and cast.agency.name in on_time[0]


def test_the_dashboard_exports_to_xlsx(cast: Cast, year_of_reports: Any) -> None:
    response = signed_in(cast.oversight).get(f"/oversight/dashboard.xlsx?year={YEAR}&sort=agency")
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    sheet = openpyxl.load_workbook(io.BytesIO(response.content)).active
    assert sheet is not None
    values = list(sheet.iter_rows(values_only=True))
    assert len(values) == 4  # the header and three agencies
    by_name: dict[Any, Any] = {row[0]: row for row in values[1:]}
    assert by_name[cast.other_agency.name][6] >= 1  # errors
    assert "R2" in by_name[cast.other_agency.name][8]
    assert by_name[cast.agency.name][1] == YEAR
    assert "行政许可" in by_name[cast.agency.name][14]  # 第二十条 items not covered: none published yet


def test_the_printable_summary_counts_the_year(cast: Cast, year_of_reports: Any) -> None:
    page = signed_in(cast.oversight).get(f"/oversight/summary/?year={YEAR}").content.decode()
    assert 'class="printable"' in page
    assert cast.other_agency.name in page.split("<caption>")[2]  # needs attention
    assert cast.agency.name not in page.split("<caption>")[2]


@pytest.mark.parametrize("who", ["clerk", "approver", "agency_admin", "other_clerk", "outsider"])
def test_the_dashboard_is_for_oversight_offices(cast: Cast, who: str) -> None:
    client = signed_in(getattr(cast, who))
    for url in ("/oversight/", "/oversight/dashboard.xlsx", "/oversight/summary/"):
        assert client.get(url).status_code == 404


def test_the_workspace_links_to_the_dashboard_for_oversight(cast: Cast) -> None:
    assert 'href="/oversight/"' in signed_in(cast.oversight).get("/workspace/").content.decode()
    assert 'href="/oversight/"' not in signed_in(cast.clerk).get("/workspace/").content.decode()


def test_a_superuser_sees_every_agency(cast: Cast) -> None:
    page = signed_in(cast.superuser).get("/oversight/").content.decode()
    assert cast.outside_agency.name in page and cast.province.name in page


@pytest.mark.parametrize(
    ("status", "errors", "expected"),
    [
        (None, False, NOT_STARTED),
        ("draft", False, DRAFT),
        ("draft", True, FAILING),
        ("published", False, PUBLISHED),
        ("published", True, PUBLISHED),
    ],
)
def test_report_status_names(status: str | None, errors: bool, expected: str) -> None:
    from gongkai.annual_report.model import Finding

    record = None if status is None else Report(status=status)
    findings = [Finding("R1", "error", (), "x")] if errors else []
    assert report_status(record, findings) == expected


def test_departments_publish_by_january_governments_by_march(cast: Cast) -> None:
    assert publication_deadline(cast.agency, 2024) == datetime.date(2025, 1, 31)
    assert publication_deadline(cast.district, 2024) == datetime.date(2025, 3, 31)
    record = Report(status="published", published_at=timezone.make_aware(datetime.datetime(2025, 2, 3, 9)))
    assert timeliness(record, datetime.date(2025, 1, 31), datetime.date(2025, 6, 1)) == LATE
    assert timeliness(record, datetime.date(2025, 3, 31), datetime.date(2025, 6, 1)) == ON_TIME
    assert timeliness(None, datetime.date(2025, 1, 31), datetime.date(2025, 1, 2)) == "due"
    assert timeliness(None, datetime.date(2025, 1, 31), datetime.date(2025, 2, 2)) == MISSED


def test_open_work_is_counted_with_the_queues_own_filters(cast: Cast) -> None:
    from gongkai.applications import actions as applications
    from gongkai.applications.models import Application
    from gongkai.applications.tests.helpers import register
    from gongkai.reviews.actions import do_file_review
    from gongkai.workdays.seed import seed_from_chinesecalendar

    seed_from_chinesecalendar()
    today = timezone.localdate()
    register(cast.clerk, cast.agency, datetime.date(2021, 3, 1))  # long overdue
    register(cast.clerk, cast.agency, today)
    decided = register(cast.clerk, cast.agency, datetime.date(2021, 3, 2))
    applications.do_decide_application(
        cast.approver, decided, outcome="granted", on=datetime.date(2021, 3, 10)
    )
    do_file_review(
        cast.clerk,
        Application.objects.get(pk=decided.pk),
        kind="reconsideration",
        filed_on=datetime.date(2021, 4, 1),
        body="区政府",
    )
    client = signed_in(cast.oversight)
    xlsx = client.get("/oversight/dashboard.xlsx?sort=agency").content
    sheet = openpyxl.load_workbook(io.BytesIO(xlsx)).active
    assert sheet is not None
    row: dict[Any, Any] = {line[0]: line for line in sheet.iter_rows(values_only=True)}
    mine = Application.objects.for_agency(cast.agency)
    counts = (mine.open().count(), mine.overdue(today).count(), mine.provisional().count(), 0, 1)
    assert row[cast.agency.name][9:14] == counts
    assert counts[:2] == (2, 1)
    assert row[cast.other_agency.name][9:14] == (0, 0, 0, 0, 0)


def test_a_supplement_requested_after_7_workdays_shows_on_the_dashboard(cast: Cast) -> None:
    """第三十条: 在收到申请之日起7个工作日内一次性告知 — a later request is allowed, and oversight sees it."""
    from gongkai.agencies.models import Agency
    from gongkai.applications import actions as applications
    from gongkai.applications.tests.helpers import register
    from gongkai.oversight.dashboard import dashboard_rows
    from gongkai.workdays.seed import seed_from_chinesecalendar

    seed_from_chinesecalendar()
    late = register(cast.clerk, cast.agency, datetime.date(2025, 2, 27))  # within 7 workdays: by 03-10
    applications.do_request_supplement(cast.clerk, late, what="x", on=datetime.date(2025, 3, 11))
    in_time = register(cast.clerk, cast.agency, datetime.date(2025, 2, 27), applicant_name="李华")
    applications.do_request_supplement(cast.clerk, in_time, what="x", on=datetime.date(2025, 3, 10))
    rows = {
        row.agency: row
        for row in dashboard_rows(Agency.objects.subtree(cast.district), 2025, timezone.localdate())
    }
    assert (rows[cast.agency].supplement_late, rows[cast.other_agency].supplement_late) == (1, 0)
    page = signed_in(cast.oversight).get("/oversight/", {"year": 2025}).content.decode()
    assert "补正告知逾期" in page
