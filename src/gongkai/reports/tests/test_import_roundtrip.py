"""The seed round trip: a published report imported with ``gongkai report import``, written again by
``gongkai report build`` as DOCX, HTML, PDF or text, and read by ``gongkai audit`` gives exactly the
fixture's expected numbers."""

from __future__ import annotations

import json
from io import StringIO
from pathlib import Path
from types import SimpleNamespace

import pytest
from django.core.exceptions import ValidationError
from django.core.management import call_command

from gongkai.agencies.models import Agency
from gongkai.reports.auditing import audit
from gongkai.reports.models import Report
from gongkai.sample_reports import sample
from gongkai.testing import Cast

from .conftest import fixture_ids, load_expected, numbers, source_of

pytestmark = pytest.mark.django_db

WRITTEN = ["docx", "html", "txt", "pdf"]


def _import(expected_path: Path) -> Report:
    expected = load_expected(expected_path)
    Agency.objects.create(name=expected["agency"], level=Agency.Level.DISTRICT)
    call_command("report", "import", str(source_of(expected_path)), stdout=StringIO())
    return Report.objects.get()


@pytest.mark.parametrize("fmt", WRITTEN)
@pytest.mark.parametrize("expected_path", fixture_ids())
def test_imported_report_built_again_audits_to_the_expected_numbers(
    expected_path: Path, fmt: str, tmp_path: Path
) -> None:
    expected = load_expected(expected_path)
    record = _import(expected_path)
    assert record.source == Report.Source.IMPORTED and record.is_published
    out = tmp_path / f"report.{fmt}"
    call_command(
        "report",
        "build",
        "--agency",
        expected["agency"],
        "--year",
        str(expected["year"]),
        "--format",
        fmt,
        "-o",
        str(out),
        stderr=StringIO(),
    )
    result = audit(out)
    assert result.report is not None, result.error
    assert numbers(result.report) == numbers(SimpleNamespace(**expected))


@pytest.mark.parametrize("expected_path", fixture_ids())
def test_imported_report_json_carries_the_expected_numbers(expected_path: Path) -> None:
    expected = load_expected(expected_path)
    _import(expected_path)
    out = StringIO()
    call_command(
        "report", "build", "--agency", expected["agency"], "--year", str(expected["year"]), stdout=out
    )
    data = json.loads(out.getvalue())
    assert numbers(SimpleNamespace(**data)) == numbers(SimpleNamespace(**expected))
    assert data["source"] == "imported"


def test_an_imported_year_is_immutable_and_a_second_import_is_a_new_linked_version() -> None:
    path = sample("xiuzhou-jingxinshangwuju-2019.txt")
    Agency.objects.create(name="秀洲区经济信息商务局", level=Agency.Level.DEPARTMENT)
    call_command("report", "import", str(path), stdout=StringIO())
    call_command("report", "import", str(path), stdout=StringIO())
    first, second = Report.objects.order_by("version")
    assert (first.version, second.version) == (1, 2)
    assert second.corrects == first
    assert list(Report.objects.current()) == [second]
    first.overview = "改写"
    with pytest.raises(ValidationError):
        first.save()


def test_an_imported_report_is_written_as_xlsx(tmp_path: Path) -> None:
    Agency.objects.create(name="秀洲区经济信息商务局", level=Agency.Level.DEPARTMENT)
    call_command("report", "import", str(sample("xiuzhou-jingxinshangwuju-2019.txt")), stdout=StringIO())
    out = tmp_path / "report.xlsx"
    call_command(
        "report",
        "build",
        "--agency",
        "秀洲区经济信息商务局",
        "--year",
        "2019",
        "--format",
        "xlsx",
        "-o",
        str(out),
        stderr=StringIO(),
    )
    assert out.read_bytes()[:2] == b"PK"


def test_a_mid_stream_agency_is_held_to_the_carry_over_of_its_imported_report(cast: Cast) -> None:
    """Last year's imported report carried 2 applications forward; until they are entered (with their
    receipt dates), the built report says so and R6 keeps it from being published."""
    import datetime

    from gongkai.annual_report.formats import f2021
    from gongkai.annual_report.model import empty_report
    from gongkai.applications.tests.helpers import register
    from gongkai.reports import actions
    from gongkai.workdays.seed import seed_from_chinesecalendar

    seed_from_chinesecalendar()
    agency, clerk = cast.agency, cast.clerk
    last_year = empty_report(f2021.FORMAT, agency=agency.name, year=2022)
    for counts in last_year.applications.values():
        counts.update(dict.fromkeys(counts, 0))
    for cases in last_year.reviews.values():
        cases.update(dict.fromkeys(cases, 0))
    for row in ("new_received", "carried_forward"):
        last_year.applications[row].update(natural_person=2, total=2)
    actions.do_import_report(None, agency, last_year)

    record = actions.do_build_report(clerk, agency, 2023)
    assert any("补录" in note for note in record.data["notes"])
    assert "R6" in {f.rule for f in actions.findings_of(record) if f.severity == "error"}

    for day in (datetime.date(2022, 12, 1), datetime.date(2022, 12, 2)):
        register(clerk, agency, day)
    record = actions.do_build_report(clerk, agency, 2023)
    assert "notes" not in record.data
    assert record.data["applications"]["carried_over"]["total"] == 2
    assert [f for f in actions.findings_of(record) if f.severity == "error"] == []
