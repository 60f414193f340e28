"""Open data: every published report as gongkai.annual-report/1 JSON and as CSV at stable URLs, in bulk, and
year by year across the 2019 → 2021 format change. Drafts never come out."""

from __future__ import annotations

import csv
import io
import json
import re
import zipfile
from typing import Any

import jsonschema
import pytest
from django.test import Client

from gongkai.annual_report.schema import annual_report_schema
from gongkai.reports import actions as reports
from gongkai.reports.models import Report
from gongkai.testing import Cast

from .helpers import balanced_report

pytestmark = pytest.mark.django_db


@pytest.fixture
def published(cast: Cast) -> list[Report]:
    """经信商务局: 2020 (2019 format) and 2021 (2021 format) published; 2022 only a draft."""
    records = [
        reports.do_import_report(
            cast.approver, cast.agency, balanced_report(cast.agency.name, year, received=year - 2017)
        )
        for year in (2020, 2021)
    ]
    Report.objects.create(
        agency=cast.agency,
        year=2022,
        source=Report.Source.IMPORTED,
        data=balanced_report(cast.agency.name, 2022).to_json(),
    )
    return records


def validator() -> jsonschema.Draft202012Validator:
    return jsonschema.Draft202012Validator(annual_report_schema())


def test_a_published_report_is_served_as_json_valid_against_the_published_schema(
    cast: Cast, published: Any
) -> None:
    client = Client()
    response = client.get(f"/open-data/reports/{cast.agency.pk}/2021.json")
    assert response.status_code == 200
    document = response.json()
    assert (document["schema"], document["year"], document["format"]) == (
        "gongkai.annual-report/1",
        2021,
        "2021",
    )
    assert document["applications"]["new_received"]["total"] == 4
    schema = client.get("/schema/annual-report-1.json").json()
    jsonschema.Draft202012Validator.check_schema(schema)
    jsonschema.Draft202012Validator(schema).validate(document)


def test_agencies_are_found_by_credit_code_too(cast: Cast, published: Any) -> None:
    from gongkai.agencies.demo import demo_credit_code

    code = demo_credit_code(7)
    cast.agency.__class__.objects.filter(pk=cast.agency.pk).update(credit_code=code)
    assert Client().get(f"/open-data/reports/{code}/2020.json").json()["format"] == "2019"


def test_drafts_and_unknown_years_are_not_served(cast: Cast, published: Any) -> None:
    client = Client()
    for url in (
        f"/open-data/reports/{cast.agency.pk}/2022.json",
        f"/open-data/reports/{cast.agency.pk}/2022.csv",
        f"/open-data/reports/{cast.agency.pk}/2019.json",
        f"/open-data/reports/{cast.other_agency.pk}/2021.json",
        "/open-data/reports/NOPE/2021.json",
    ):
        assert client.get(url).status_code == 404, url


def test_the_csv_has_one_row_per_cell(cast: Cast, published: Any) -> None:
    response = Client().get(f"/open-data/reports/{cast.agency.pk}/2021.csv")
    rows = list(csv.DictReader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert list(rows[0]) == ["agency_code", "agency", "year", "format", "section", "row", "column", "value"]
    cell = next(
        row
        for row in rows
        if (row["section"], row["row"], row["column"]) == ("applications", "new_received", "total")
    )
    assert cell == {
        **cell,
        "agency_code": str(cast.agency.pk),
        "year": "2021",
        "format": "2021",
        "value": "4",
    }
    assert {row["section"] for row in rows} == {"proactive", "applications", "reviews"}
    assert len(rows) == len({(row["section"], row["row"], row["column"]) for row in rows})
    assert any(row["row"] == "other_fee_unpaid" for row in rows)  # a 2021-format row


def test_the_bulk_download_holds_every_published_report(cast: Cast, published: Any) -> None:
    client = Client()
    archive = zipfile.ZipFile(io.BytesIO(client.get("/open-data/all.zip").content))
    names = sorted(archive.namelist())
    assert names == sorted(
        ["annual-reports.csv", f"{cast.agency.pk}/2020.json", f"{cast.agency.pk}/2021.json"]
    )
    for name in names:
        if not name.endswith(".json"):
            continue
        validator().validate(json.loads(archive.read(name)))
    rows = list(csv.DictReader(io.StringIO(client.get("/open-data/all.csv").content.decode("utf-8-sig"))))
    assert {row["year"] for row in rows} == {"2020", "2021"}


def test_the_trend_page_compares_rows_both_formats_have_and_marks_the_others(
    cast: Cast, published: Any
) -> None:
    page = Client().get(f"/open-data/trends/{cast.agency.pk}/").content.decode()
    table = re.split(r'<table class="[^"]*\btrends\b[^"]*">', page)[1].split("</table>")[0]
    rows = {row.split("</th>")[0]: row for row in table.split("<tr")[2:]}
    received = next(row for label, row in rows.items() if "本年新收" in label)
    assert "<td>3</td><td>4</td>" in received and "not-comparable" not in received
    other = [row for label, row in rows.items() if "申请人逾期未按收费通知" in label]
    assert other and 'class="not-comparable"' in other[0] and "n/a" in other[0]
    assert "2022" not in table  # a draft


def test_the_open_data_index_lists_published_reports_only(cast: Cast, published: Any) -> None:
    page = Client().get("/open-data/").content.decode()
    assert f"/open-data/reports/{cast.agency.pk}/2021.json" in page
    assert f"/open-data/reports/{cast.agency.pk}/2022.json" not in page
