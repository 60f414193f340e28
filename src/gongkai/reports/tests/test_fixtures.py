"""Every real published report among the sample reports parses to its hand-checked numbers, and every
rule failure recorded for it is found."""

from __future__ import annotations

from pathlib import Path

import pytest

from gongkai.annual_report.model import AnnualReport
from gongkai.reports import audit

from .conftest import fixture_ids, load_expected, source_of


def expected_value(value: object) -> object:
    return value


@pytest.mark.parametrize("expected_path", fixture_ids())
def test_fixture_parses_to_its_expected_numbers(expected_path: Path) -> None:
    expected = load_expected(expected_path)
    result = audit(source_of(expected_path))
    assert result.report is not None, result.error
    report = result.report
    assert (report.agency, report.year, report.format) == (
        expected["agency"],
        expected["year"],
        expected["format"],
    )
    for table in ("proactive", "applications", "reviews"):
        got = getattr(report, table)
        assert list(got) == list(expected[table]), f"{table}: rows differ"
        for row, cells in expected[table].items():
            for column, value in cells.items():
                assert got[row][column] == value, (
                    f"{table}.{row}.{column}: read {got[row][column]!r}, expected {value!r}"
                )
    # Cells no rule can decide are null and listed with their candidates — exactly those, no others.
    assert report.ambiguous == {path: tuple(values) for path, values in expected.get("ambiguous", {}).items()}


def where_matches(where: str, cells: tuple[str, ...]) -> bool:
    """A README ``where`` ("reconsideration", "proactive.rules", "applications.(六)") names the cells."""
    if where == "applications.(六)":
        return any(".other_" in cell for cell in cells)
    return any(cell.startswith(where) or f".{where}." in cell for cell in cells)


@pytest.mark.parametrize("expected_path", fixture_ids())
def test_every_recorded_rule_failure_is_found(expected_path: Path) -> None:
    expected = load_expected(expected_path)
    result = audit(source_of(expected_path))
    assert result.report is not None
    for failure in expected["rule_failures"]:
        matching = [
            f
            for f in result.findings
            if f.rule == failure["rule"] and where_matches(failure["where"], f.cells)
        ]
        assert matching, f"{failure['rule']} at {failure['where']} not found in {result.findings}"


@pytest.mark.parametrize("expected_path", fixture_ids())
def test_reports_without_recorded_failures_have_no_error_findings(expected_path: Path) -> None:
    expected = load_expected(expected_path)
    result = audit(source_of(expected_path))
    recorded = {failure["rule"] for failure in expected["rule_failures"]}
    unexpected = [f for f in result.findings if f.severity == "error" and f.rule not in recorded]
    assert unexpected == []


@pytest.mark.parametrize("expected_path", fixture_ids())
def test_expected_json_loads_as_a_report_and_validates_the_same(expected_path: Path) -> None:
    """The expected JSON is itself a gongkai.annual-report/1 document the validator accepts."""
    expected = load_expected(expected_path)
    from_json = AnnualReport.from_json(expected)
    assert from_json.applications == expected["applications"]
    result = audit(expected_path)
    assert result.report is not None
    assert {f.rule for f in result.findings if f.severity == "error"} >= {
        failure["rule"]
        for failure in expected["rule_failures"]
        if failure["rule"] in {"R1", "R2", "R3", "R4", "R14"}
    }


@pytest.mark.parametrize(
    "expected_path",
    [p for p in fixture_ids() if str(load_expected(p.values[0])["file"]).endswith(".pdf")],
)
def test_pdf_fixtures_read_the_same_with_pdfplumber(expected_path: Path) -> None:
    """The fallback engine (pdfminer's layout analysis) reads the same numbers as PDFium."""
    from gongkai.reports.parse import assemble, pdf

    data = source_of(expected_path).read_bytes()
    by_plumber = assemble.build(pdf.read(data, engine="pdfplumber"))
    by_pdfium = assemble.build(pdf.read(data, engine="pdfium"))
    assert by_plumber.applications == by_pdfium.applications
    assert by_plumber.reviews == by_pdfium.reviews
    assert by_plumber.proactive == by_pdfium.proactive
    assert (by_plumber.agency, by_plumber.year) == (by_pdfium.agency, by_pdfium.year)
