"""The published JSON Schema accepts every real report's data and refuses damaged data."""

from __future__ import annotations

import json
from pathlib import Path

import jsonschema
import pytest
from django.test import Client

from gongkai.annual_report.model import AnnualReport
from gongkai.annual_report.schema import annual_report_schema
from gongkai.reports import audit
from gongkai.sample_reports import expected_files

from .conftest import source_of

EXPECTED = expected_files()


def validator() -> jsonschema.Draft202012Validator:
    schema = annual_report_schema()
    jsonschema.Draft202012Validator.check_schema(schema)
    return jsonschema.Draft202012Validator(schema)


@pytest.mark.parametrize("path", EXPECTED, ids=lambda p: p.name)
def test_every_fixture_expected_json_is_valid(path: Path) -> None:
    validator().validate(json.loads(path.read_text(encoding="utf-8")))


@pytest.mark.parametrize("path", EXPECTED, ids=lambda p: p.name)
def test_every_audited_fixture_is_valid(path: Path) -> None:
    report = audit(source_of(path)).report
    assert report is not None
    validator().validate(report.to_json())


def test_damaged_data_is_refused() -> None:
    data = json.loads(EXPECTED[0].read_text(encoding="utf-8"))
    row = next(iter(data["applications"]))
    data["applications"][row]["natural_person"] = -1
    errors = list(validator().iter_errors(data))
    assert errors
    data["applications"][row]["natural_person"] = 0
    data["applications"]["invented_row"] = {}
    assert list(validator().iter_errors(data))


@pytest.mark.django_db
def test_the_schema_is_served_at_a_stable_url() -> None:
    response = Client().get("/schema/annual-report-1.json")
    assert response.status_code == 200 and response["Content-Type"] == "application/schema+json"
    assert response.json()["$id"] == "/schema/annual-report-1.json"


def test_ambiguous_cells_round_trip_and_are_valid() -> None:
    data = json.loads(EXPECTED[0].read_text(encoding="utf-8"))
    data["applications"]["new_received"]["natural_person"] = None
    data["ambiguous"] = {"applications.new_received.natural_person": [347, 3]}
    validator().validate(data)
    report = AnnualReport.from_json(data)
    assert report.ambiguous == {"applications.new_received.natural_person": (347, 3)}
    assert report.to_json()["ambiguous"] == data["ambiguous"]
    data["ambiguous"] = {"applications.new_received": [1, 2]}
    assert list(validator().iter_errors(data))
