"""The portal's annual-report list charts the published years, readable without JavaScript."""

from __future__ import annotations

import re
from io import StringIO

import pytest
from django.core.management import call_command
from django.test import Client

from gongkai.agencies.models import Agency
from gongkai.sample_reports import sample

pytestmark = pytest.mark.django_db


def test_published_years_are_charted_with_their_data_tables() -> None:
    agency = Agency.objects.create(name="平潭综合实验区", level=Agency.Level.CITY)
    for name in ("pingtan-zonghe-shiyanqu-2021.txt", "pingtan-zonghe-shiyanqu-2023.txt"):
        call_command("report", "import", str(sample(name)), "--agency", agency.name, stdout=StringIO())
    page = Client().get(f"/agencies/{agency.pk}/annual-reports/").content.decode()
    assert page.count('role="img"') == 3  # received, outcome mix, reviews
    assert "2021" in page and "2023" in page and "<table" in page
    assert re.search(r"<script(?![^>]*\ssrc=)", page) is None  # drawn on the server: no script of its own
    css = Client().get("/reports.css")
    assert css["Content-Type"].startswith("text/css") and b".gk-chart" in css.content


def test_one_year_is_not_charted() -> None:
    agency = Agency.objects.create(name="某局", level=Agency.Level.DEPARTMENT)
    page = Client().get(f"/agencies/{agency.pk}/annual-reports/").content.decode()
    assert "<svg" not in page
