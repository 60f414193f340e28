"""Sections 三 and 四 as rows of cells for the staff page, each cell with its path (for provenance links)."""

from __future__ import annotations

from dataclasses import dataclass

from gongkai.annual_report.formats import (
    APPLICANT_KEYS,
    FORMATS,
    REVIEW_KEYS,
    SECTIONS,
    ApplicationRow,
    ReportFormat,
    all_application_rows,
)
from gongkai.annual_report.formats.common import APPLICANT_COLUMNS, REVIEW_COLUMNS
from gongkai.annual_report.model import AnnualReport
from gongkai.reports.render.layout import show


def row_label(row: ApplicationRow) -> str:
    """A row of section 三 by its printed label, under its group where it has one: （三）不予公开 1.属于国家秘密."""
    return (row.group + " " if row.group and not row.label.startswith(row.group[3:]) else "") + row.label


def cell_label(path: str, report_format: ReportFormat | None = None) -> str:
    """A cell (``applications.partially_granted.total``) as the report form names it, by its row and
    column: 三、（二）部分公开（区分处理的，…） · 总计 (section 三's part 三, 本年度办理结果, its row （二）),
    二、规章 · 本年废止件数, 四、行政复议 · 结果维持. Paths the formats do not know are given back as they
    are (a reader can still match them to the JSON)."""
    table, _, rest = path.partition(".")
    row_key, _, column_key = rest.partition(".")
    section = {section[:2]: section for section in SECTIONS}
    if table == "sections":
        return section.get(f"{row_key}、", path)
    formats = [report_format] if report_format else []
    formats += [candidate for candidate in FORMATS.values() if candidate is not report_format]
    if table == "applications":
        # The rows' own numbering: 一、本年新收…, or the part's (三、本年度办理结果) before （二）部分公开.
        rows = {row.key: row.part[:2] + row_label(row) for row in all_application_rows()}
        columns = {column.key: column.label for column in APPLICANT_COLUMNS}
        prefix = ""
    elif table == "reviews":
        rows = {group.key: f"{group.parent} {group.label}".strip() for group in formats[0].review_groups}
        columns = {column.key: column.label for column in REVIEW_COLUMNS}
        prefix = "四、"
    elif table == "proactive":
        if not row_key:
            return section["二、"]
        rows, columns = {}, {}
        for candidate in reversed(formats):  # the report's own format last, so that its labels win
            for proactive in candidate.proactive_rows:
                rows[proactive.key] = proactive.label
                columns.update((column.key, column.label) for column in proactive.columns)
        prefix = "二、"
    else:
        return path
    if row_key not in rows:
        return path
    return f"{prefix}{rows[row_key]}" + (f" · {columns.get(column_key, column_key)}" if column_key else "")


@dataclass(frozen=True)
class CellView:
    path: str
    text: str
    linked: bool


@dataclass(frozen=True)
class RowView:
    label: str
    cells: tuple[CellView, ...]


def application_rows(report: AnnualReport, provenance: dict[str, list[int]]) -> list[RowView]:
    rows = []
    for row in report.printed_rows():
        counts = report.applications[row.key]
        label = row_label(row)
        cells = tuple(
            CellView(path, show(counts.get(key)), bool(provenance.get(path)))
            for key in APPLICANT_KEYS
            for path in (f"applications.{row.key}.{key}",)
        )
        rows.append(RowView(label, cells))
    return rows


def review_rows(report: AnnualReport, provenance: dict[str, list[int]]) -> list[RowView]:
    rows = []
    for group in report.report_format.review_groups:
        cases = report.reviews.get(group.key, {})
        cells = tuple(
            CellView(path, show(cases.get(key)), bool(provenance.get(path)))
            for key in REVIEW_KEYS
            for path in (f"reviews.{group.key}.{key}",)
        )
        rows.append(RowView(f"{group.parent}{group.label}", cells))
    return rows


APPLICANT_HEADERS = tuple(column.label for column in APPLICANT_COLUMNS)
REVIEW_HEADERS = tuple(column.label for column in REVIEW_COLUMNS)
