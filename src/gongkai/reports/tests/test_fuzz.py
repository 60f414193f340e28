"""Corrupted fixtures never make the parser raise anything but CannotRead (with a reason), and a
report that is read always validates: truncated files, shuffled lines, random bytes, huge numbers,
other encodings."""

from __future__ import annotations

import re
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from gongkai.annual_report.model import AnnualReport
from gongkai.annual_report.rules import validate
from gongkai.reports.parse import CannotRead, parse
from gongkai.sample_reports import SAMPLE_REPORTS, sample

SOURCES = sorted(path for path in SAMPLE_REPORTS.glob("*") if path.suffix in (".txt", ".md", ".pdf"))
TEXTS = [path for path in SOURCES if path.suffix != ".pdf"]
PDFS = [path for path in SOURCES if path.suffix == ".pdf"]

FUZZ = settings(
    max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large]
)


def outcome(data: bytes) -> AnnualReport | str:
    """The report read (validated) or the CannotRead reason; any other exception fails the test."""
    try:
        report = parse(data, "fuzz")
    except CannotRead as exc:
        assert exc.reason and isinstance(exc.reason, str)
        return exc.reason
    findings = validate(report)
    assert all(finding.rule.startswith("R") and finding.message for finding in findings)
    for table in (report.applications, report.reviews):
        for cells in table.values():
            assert all(value is None or (isinstance(value, int) and value >= 0) for value in cells.values())
    return report


@st.composite
def corrupted_text(draw: st.DrawFn) -> bytes:
    path = draw(st.sampled_from(TEXTS)) if TEXTS else None
    text = path.read_text(encoding="utf-8") if path else ""
    how = draw(st.sampled_from(["truncate", "shuffle", "bytes", "huge", "encoding", "drop"]))
    if how == "truncate":
        text = text[: draw(st.integers(0, len(text)))]
    elif how == "shuffle":
        lines = text.splitlines()
        text = "\n".join(draw(st.permutations(lines)))
    elif how == "huge":
        runs = list(re.finditer(r"\d+", text))
        for match in draw(st.lists(st.sampled_from(runs), max_size=5)) if runs else []:
            text = text.replace(match.group(0), "9" * draw(st.integers(10, 400)), 1)
    elif how == "drop":
        lines = text.splitlines()
        keep = draw(st.lists(st.booleans(), min_size=len(lines), max_size=len(lines)))
        text = "\n".join(line for line, kept in zip(lines, keep, strict=True) if kept)
    encoding = draw(st.sampled_from(["utf-8", "gb18030", "gbk", "utf-16"])) if how == "encoding" else "utf-8"
    data = text.encode(encoding, errors="replace")
    if how == "bytes":
        data = bytearray(data)
        for _ in range(draw(st.integers(1, 50))):
            position = draw(st.integers(0, max(0, len(data) - 1)))
            if data:
                data[position] = draw(st.integers(0, 255))
        data = bytes(data)
    return data


@FUZZ
@given(corrupted_text())
def test_corrupted_text_reports_are_read_or_refused_with_a_reason(data: bytes) -> None:
    outcome(data)


@st.composite
def corrupted_pdf(draw: st.DrawFn) -> bytes:
    data = bytearray(draw(st.sampled_from(PDFS)).read_bytes()) if PDFS else bytearray()
    if draw(st.booleans()):
        data = data[: draw(st.integers(0, len(data)))]
    for _ in range(draw(st.integers(0, 20))):
        if data:
            data[draw(st.integers(0, len(data) - 1))] = draw(st.integers(0, 255))
    return bytes(data)


@settings(
    max_examples=15, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large]
)
@given(corrupted_pdf())
def test_corrupted_pdfs_are_read_or_refused_with_a_reason(data: bytes) -> None:
    outcome(data)


@FUZZ
@given(st.binary(max_size=4000))
def test_random_bytes_are_refused_or_read(data: bytes) -> None:
    outcome(data)


def test_a_truncated_fixture_says_what_is_missing(tmp_path: Path) -> None:
    text = sample("xiuzhou-jingxinshangwuju-2019.txt").read_text(encoding="utf-8")
    cut = text[: text.index("四、政府信息公开行政复议")]
    report = parse(cut.encode())
    assert all(value is None for cells in report.reviews.values() for value in cells.values())
    assert any(note.startswith("四、") for note in report.notes)
