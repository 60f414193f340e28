"""The portal's annual-report list charts the published years, readable without JavaScript."""

from __future__ import annotations

from io import StringIO

import pytest
from django.core.management import call_command
from django.test import Client

from gongkai.agencies.models import Agency

from .conftest import FIXTURES

pytestmark = pytest.mark.django_db


@pytest.mark.skipif(not FIXTURES.is_dir(), reason=f"fixtures not found at {FIXTURES}")
def test_published_years_are_charted_with_their_data_tables() -> None:
    agency = Agency.objects.create(name="平潭综合实验区", level=Agency.Level.CITY)
    for name in ("pingtan-zonghe-shiyanqu-2021.txt", "pingtan-zonghe-shiyanqu-2023.txt"):
        call_command("report", "import", str(FIXTURES / name), "--agency", agency.name, stdout=StringIO())
    page = Client().get(f"/agencies/{agency.pk}/annual-reports/").content.decode()
    assert page.count('role="img"') == 3  # received, outcome mix, reviews
    assert "2021" in page and "2023" in page and "<table" in page
    assert "<script" not in page
    css = Client().get("/reports.css")
    assert css["Content-Type"].startswith("text/css") and b".gk-chart" in css.content


def test_one_year_is_not_charted() -> None:
    agency = Agency.objects.create(name="某局", level=Agency.Level.DEPARTMENT)
    page = Client().get(f"/agencies/{agency.pk}/annual-reports/").content.decode()
    assert "<svg" not in page


def test_the_demo_publishes_last_years_report_on_time_and_drafts_this_years() -> None:
    from gongkai.agencies.demo import load_demo
    from gongkai.reports.models import Report

    load_demo()
    agency = Agency.objects.get(name="秀洲区经济信息商务局")
    published = Report.objects.for_agency(agency).published().get()
    assert published.published_at is not None and published.published_at.month == 1
    assert not [f for f in published.annual_report().findings if f.severity == "error"]
    assert Report.objects.for_agency(agency).filter(status=Report.Status.DRAFT).count() == 1
    assert Report.objects.filter(agency=agency.parent, source=Report.Source.ROLLUP).exists()
    page = Client().get(f"/reports/{published.pk}/").content.decode()
    assert "政府信息公开工作年度报告" in page and "<table" in page
