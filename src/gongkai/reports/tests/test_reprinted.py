"""Every sample report, reprinted the way websites and extractors print tables, reads back to its numbers
or says "ambiguous" for the cells it cannot fix — never a wrong number.

The reprints start from the Word-text writer (one cell a line, rows ended by a blank line) and change
only the layout: cells one per line, merged runs of identical cells, CRLF, half-width brackets, labels one
character a line, page numbers and running headers inside tables, space-aligned rows, detached label
columns, and HTML whose identical neighbouring cells are merged with ``colspan``.
"""

from __future__ import annotations

import io
import re
import zipfile
from collections.abc import Callable
from pathlib import Path

import lxml.html
import pytest
from lxml import etree

from gongkai.annual_report.model import AnnualReport
from gongkai.reports.parse import parse, parse_text
from gongkai.reports.render import render_docx, render_html, render_pdf
from gongkai.reports.render.text import render_text

from .conftest import fixture_ids, load_expected

Block = tuple[str, list[str]]
NUMBER = re.compile(r"[+-]?\d+(\.\d+)?(元)?")


def blocks(text: str) -> list[Block]:
    """The Word-text export as ("prose", [line]) and ("row", cells) blocks."""
    found: list[Block] = []
    row: list[str] = []
    for line in text.split("\n"):
        if line.startswith("\t"):
            row.append(line[1:])
            continue
        if row:
            found.append(("row", row))
            row = []
        if line.strip():
            found.append(("prose", [line]))
    if row:
        found.append(("row", row))
    return found


def merged(cells: list[str]) -> list[str]:
    out: list[str] = []
    for cell in cells:
        if out and NUMBER.fullmatch(cell) and cell == out[-1]:
            continue
        out.append(cell)
    return out


def one_per_line(
    parts: list[Block],
    row: Callable[[list[str]], list[str]] = merged,
    label: Callable[[str], list[str]] = lambda c: [c],
) -> str:
    lines: list[str] = []
    for kind, cells in parts:
        if kind == "prose":
            lines.extend(cells)
            continue
        for cell in row(cells):
            if cell.strip():
                lines.extend([cell] if NUMBER.fullmatch(cell) else label(cell))
    return "\n".join(lines) + "\n"


def with_page_furniture(text: str) -> str:
    lines = text.split("\n")
    out = []
    for number, line in enumerate(lines):
        out.append(line)
        if number and number % 9 == 0:
            out += [f"- {number // 9} -", "\f某某局政府信息公开工作年度报告"]
    return "\n".join(out)


def space_aligned(parts: list[Block], row: Callable[[list[str]], list[str]] = lambda c: c) -> str:
    return "\n".join("  ".join(row(cells)) for _, cells in parts) + "\n"


def detached_labels(parts: list[Block]) -> str:
    """Each table's label column first, then its number rows (as PDF extractors print them)."""
    lines: list[str] = []
    labels: list[str] = []
    numbers: list[str] = []
    for kind, cells in [*parts, ("prose", [""])]:
        if kind == "prose":
            lines += labels + numbers + cells
            labels, numbers = [], []
            continue
        text = [cell for cell in cells if cell.strip() and not NUMBER.fullmatch(cell)]
        values = [cell for cell in cells if NUMBER.fullmatch(cell) or not cell.strip()]
        if text:
            labels.append(" ".join(text))
        if any(values):
            numbers.append("  ".join(values))
    return "\n".join(lines) + "\n"


def html_merged_cells(report: AnnualReport) -> str:
    """The official HTML with each run of identical number cells merged into one ``colspan`` cell."""
    root = lxml.html.document_fromstring(render_html(report))
    for tr in root.iter("tr"):
        run: list[lxml.html.HtmlElement] = []
        for td in [*tr, None]:
            text = td.text_content().strip() if td is not None and td.tag in ("td", "th") else None
            plain = td is not None and not td.get("colspan") and not td.get("rowspan")
            if run and plain and text == run[0].text_content().strip():
                run.append(td)
                continue
            if len(run) > 1:
                run[0].set("colspan", str(len(run)))
                for covered in run[1:]:
                    tr.remove(covered)
            run = [td] if plain and text and text.isdigit() else []
    return lxml.html.tostring(root, encoding="unicode")


REPRINTS: dict[str, Callable[[AnnualReport], str]] = {
    "one cell a line": lambda r: one_per_line(blocks(render_text(r)), row=lambda c: c),
    "merged runs": lambda r: one_per_line(blocks(render_text(r))),
    "merged runs, CRLF": lambda r: one_per_line(blocks(render_text(r))).replace("\n", "\r\n"),
    "half-width brackets": lambda r: (
        one_per_line(blocks(render_text(r))).replace("（", "(").replace("）", ")")
    ),
    "labels one character a line": lambda r: one_per_line(
        blocks(render_text(r)), row=lambda c: c, label=lambda c: list(c) if len(c) < 30 else [c]
    ),
    "page furniture": lambda r: with_page_furniture(one_per_line(blocks(render_text(r)))),
    "space-aligned": lambda r: space_aligned(blocks(render_text(r))),
    "space-aligned, merged runs": lambda r: space_aligned(blocks(render_text(r)), merged),
    "detached label column": lambda r: detached_labels(blocks(render_text(r))),
    "HTML merged cells": html_merged_cells,
}


@pytest.mark.parametrize("reprint", REPRINTS)
@pytest.mark.parametrize("expected_path", fixture_ids())
def test_a_reprinted_report_gives_back_its_numbers_or_says_ambiguous(
    expected_path: Path, reprint: str
) -> None:
    expected = load_expected(expected_path)
    original = AnnualReport.from_json({key: value for key, value in expected.items() if key != "ambiguous"})
    report = parse_text(REPRINTS[reprint](original), "reprint.txt")
    # A detached label column whose table has a row with no numbers at all cannot say which rows the
    # number lines belong to: the reader leaves that table null (never shifts a row), so nulls are fine.
    unknowable = (
        {"proactive"}
        if reprint == "detached label column"
        and any(all(value is None for value in cells.values()) for cells in expected["proactive"].values())
        else set()
    )
    wrong = []
    for table in ("proactive", "applications", "reviews"):
        for row, cells in expected[table].items():
            for column, value in cells.items():
                path = f"{table}.{row}.{column}"
                got = getattr(report, table).get(row, {}).get(column)
                # A blank cell of the original is printed as nothing: what it holds is not known.
                if value is None or got == value or (got is None and path in report.ambiguous):
                    continue
                if got is None and table in unknowable:
                    continue
                wrong.append((path, value, got))
    assert not wrong, f"{reprint}: {wrong[:5]}"


def test_a_pdf_whose_blank_cells_the_text_layer_drops_places_its_numbers_by_position() -> None:
    expected = load_expected(fixture_ids()[1].values[0])
    blank = ("commercial_enterprise", "research_institution", "public_interest_org", "legal_service_org")
    for row in ("new_received", "granted", "total_processed"):
        for column in blank:
            expected["applications"][row][column] = None
    original = AnnualReport.from_json(expected)
    report = parse(render_pdf(original), "blanks.pdf")
    assert report.applications == original.applications
    assert report.reviews == original.reviews
    assert not report.ambiguous


@pytest.mark.parametrize("expected_path", fixture_ids())
def test_numbers_merged_over_columns_in_html_are_read_by_their_colspan(expected_path: Path) -> None:
    expected = load_expected(expected_path)
    original = AnnualReport.from_json({key: value for key, value in expected.items() if key != "ambiguous"})
    report = parse_text(html_merged_cells(original), "merged.html")
    assert report.applications == original.applications
    assert report.reviews == original.reviews


WORD = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


def docx_merged_cells(report: AnnualReport) -> bytes:
    """The official DOCX with each run of identical number cells merged into one ``gridSpan`` cell."""
    source = zipfile.ZipFile(io.BytesIO(render_docx(report)))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as target:
        for item in source.infolist():
            data = source.read(item.filename)
            if item.filename == "word/document.xml":
                root = etree.fromstring(data)
                for tr in root.iter(f"{WORD}tr"):
                    merge_runs(tr)
                data = etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)
            target.writestr(item, data)
    return out.getvalue()


def merge_runs(tr: etree._Element) -> None:
    def text(tc: etree._Element) -> str:
        return "".join(t.text or "" for t in tc.iter(f"{WORD}t")).strip()

    def plain(tc: etree._Element) -> bool:
        return tc.find(f"{WORD}tcPr/{WORD}gridSpan") is None and tc.find(f"{WORD}tcPr/{WORD}vMerge") is None

    run: list[etree._Element] = []
    for tc in [*tr.iterchildren(f"{WORD}tc"), None]:
        if tc is not None and run and plain(tc) and text(tc) == text(run[0]):
            run.append(tc)
            continue
        if len(run) > 1:
            properties = run[0].find(f"{WORD}tcPr")
            if properties is None:
                properties = etree.Element(f"{WORD}tcPr")
                run[0].insert(0, properties)
            etree.SubElement(properties, f"{WORD}gridSpan").set(f"{WORD}val", str(len(run)))
            for covered in run[1:]:
                tr.remove(covered)
        run = [tc] if tc is not None and plain(tc) and text(tc).isdigit() else []


@pytest.mark.parametrize("expected_path", fixture_ids())
def test_numbers_merged_over_columns_in_word_are_read_by_their_grid_span(expected_path: Path) -> None:
    expected = load_expected(expected_path)
    original = AnnualReport.from_json({key: value for key, value in expected.items() if key != "ambiguous"})
    report = parse(docx_merged_cells(original), "merged.docx")
    assert report.applications == original.applications
    assert report.reviews == original.reviews
