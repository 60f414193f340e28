"""Sections 三 and 四 as rows of cells for the staff page, each cell with its path (for provenance links)."""

from __future__ import annotations

from dataclasses import dataclass

from gongkai.annual_report.formats import APPLICANT_KEYS, REVIEW_KEYS
from gongkai.annual_report.formats.common import APPLICANT_COLUMNS, REVIEW_COLUMNS
from gongkai.annual_report.model import AnnualReport
from gongkai.reports.render.layout import show


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
        label = (row.group + " " if row.group and not row.label.startswith(row.group[3:]) else "") + row.label
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
