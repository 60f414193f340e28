"""The dashboard at a glance: counts, the charts, the agency tree, and filters that survive navigation."""

from __future__ import annotations

from typing import Any

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from gongkai.agencies.models import Agency
from gongkai.oversight import dashboard as board
from gongkai.testing import Cast

from .test_dashboard import YEAR, signed_in, year_of_reports  # noqa: F401 (the fixture)
from .test_dashboard_queries import add_agencies

pytestmark = pytest.mark.django_db


def test_the_tree_nests_each_agency_under_its_parent(cast: Cast, year_of_reports: Any) -> None:  # noqa: F811
    rows = board.dashboard_rows(
        Agency.objects.filter(path__startswith=cast.district.path),
        YEAR,
        timezone.localdate(),
    )
    roots = board.tree(rows)
    assert [node.row.agency for node in roots] == [cast.district]
    assert {node.row.agency for node in roots[0].children} >= {cast.agency, cast.other_agency}


def test_the_dashboard_shows_counts_charts_and_the_tree_with_status_tags(
    cast: Cast,
    year_of_reports: Any,  # noqa: F811
) -> None:
    page = signed_in(cast.oversight).get(f"/oversight/?year={YEAR}").content.decode()
    glance = page.split('id="glance"')[1].split("</div>\n</div>")[0]
    assert "按时发布" in glance and "<dd" in glance
    findings_chart = page.split('id="chart-findings"')[1].split("</table>")[0]
    assert cast.other_agency.name in findings_chart  # the draft breaking R2 has the most errors
    tree = page.split('id="agency-tree"')[1]
    assert "<details" in tree and "status-tag" in tree and cast.agency.name in tree


def test_filters_are_remembered_when_the_officer_comes_back(cast: Cast, year_of_reports: Any) -> None:  # noqa: F811
    client = signed_in(cast.oversight)
    client.get(f"/oversight/?year={YEAR}&status=failing&level=department")
    back = client.get("/oversight/")
    assert back.status_code == 302
    assert back["Location"] == f"/oversight/?year={YEAR}&level=department&status=failing"
    page = client.get(back["Location"]).content.decode()
    assert 'value="failing" selected' in page and "?clear=1" in page
    assert (
        f"dashboard.xlsx?year={YEAR}&amp;level=department&amp;status=failing" in page
    )  # export honours them
    assert client.get("/oversight/?clear=1").status_code == 302
    assert client.get("/oversight/").status_code == 200  # forgotten


def test_the_parent_filter_keeps_that_agency_and_those_below_it(cast: Cast, year_of_reports: Any) -> None:  # noqa: F811
    client = signed_in(cast.oversight)
    page = client.get(f"/oversight/?year={YEAR}&parent={cast.agency.pk}").content.decode()
    table = page.split('id="agencies"')[1]
    assert cast.agency.name in table and cast.other_agency.name not in table
    assert client.get(f"/oversight/?year={YEAR}&parent=999999").status_code == 200


def test_the_dashboard_answers_in_a_constant_number_of_queries_for_5_or_50_agencies(cast: Cast) -> None:
    today = timezone.localdate()
    year = today.year - 1
    client = Client()
    client.force_login(cast.oversight)

    def count() -> int:
        with CaptureQueriesContext(connection) as queries:
            assert client.get("/oversight/", {"year": year}).status_code == 200
        return len(queries)

    add_agencies(cast.district, 5, year, today)
    at_five = count()
    add_agencies(cast.district, 45, year, today)
    assert count() == at_five
