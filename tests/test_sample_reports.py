"""The sample reports belong to the repository: each is listed with its source in their README, each has its
hand-checked expected result, and a missing one is an error, never a reason to skip."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from gongkai import sample_reports
from gongkai.sample_reports import SAMPLE_REPORTS, data_files, expected_files, sample

README = (SAMPLE_REPORTS / "README.md").read_text(encoding="utf-8")


def table_rows(heading: str) -> dict[str, str]:
    """The rows of the README table under ``heading``: first column (a file name) → the rest of the row."""
    section = README.split(f"## {heading}\n", 1)[1].split("\n## ", 1)[0]
    rows = {}
    for line in section.splitlines():
        if match := re.match(r"\| `([^`]+)` \|(.*)\|$", line):
            rows[match.group(1)] = match.group(2)
    return rows


def reports() -> list[str]:
    return [
        path.name for path in data_files() if not path.name.endswith(".json") and path.name != "README.md"
    ]


def test_every_report_and_only_they_are_listed_with_a_source() -> None:
    assert sorted(table_rows("Files")) == sorted(reports())
    sources = table_rows("Sources")
    assert sorted(sources) == sorted(reports())
    assert all(source.strip(" |") for source in sources.values())


def test_every_report_has_its_expected_result_and_every_result_its_report() -> None:
    described = {json.loads(path.read_text(encoding="utf-8"))["file"] for path in expected_files()}
    assert described == set(reports())
    assert len(expected_files()) == len(reports())


def test_a_missing_sample_is_an_error_naming_it(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    with pytest.raises(FileNotFoundError, match=r"no-such-report\.pdf"):
        sample("no-such-report.pdf")
    monkeypatch.setattr(sample_reports, "SAMPLE_REPORTS", tmp_path)
    with pytest.raises(FileNotFoundError, match="no sample report"):
        sample_reports.expected_files()
