"""The official tables of a report as rows of spanning cells (shared by every writer)."""

from __future__ import annotations

from dataclasses import dataclass

from gongkai.lib.grid import Cell
from gongkai.reports.formats import APPLICANT_KEYS, REVIEW_KEYS, SECTIONS, TITLE, all_application_rows
from gongkai.reports.formats.common import (
    APPLICANT_COLUMNS,
    APPLICANT_HEADER,
    ORGANISATION_HEADER,
    RESULTS,
    REVIEW_COLUMNS,
)
from gongkai.reports.model import AnnualReport, Value

Table = list[list[Cell]]


def show(value: Value) -> str:
    """A cell as printed: integers and decimals as they are, amounts as text, blanks empty."""
    if value is None:
        return ""
    if isinstance(value, float):
        return repr(value) if value != int(value) else str(int(value))
    return str(value)


def title(report: AnnualReport) -> str:
    return TITLE.format(agency=report.agency or "", year=report.year or "")


def proactive_tables(report: AnnualReport) -> list[tuple[str, Table]]:
    """Section 二: one small table per item of 条例第二十条."""
    tables = []
    for item in report.report_format.proactive:
        width = len(item.columns) + 1
        rows: Table = [
            [Cell(item.label, colspan=width)],
            [Cell("信息内容"), *(Cell(c.label) for c in item.columns)],
        ]
        for row in item.rows:
            cells = report.proactive.get(row.key, {})
            rows.append([Cell(row.label), *(Cell(show(cells.get(column.key))) for column in row.columns)])
        tables.append((item.label, rows))
    return tables


@dataclass(frozen=True)
class _Printed:
    key: str
    label: str
    group: str
    part: str


def application_table(report: AnnualReport) -> Table:
    """Section 三 with its spanning labels (三、本年度办理结果, (三)不予公开 …) as in the official form."""
    printed = [
        _Printed(row.key, row.label, row.group, row.part)
        for row in all_application_rows()
        if row.key in report.applications and row.key not in report.absent_rows
    ]
    rows: Table = [
        [
            Cell(report.report_format.application_header, rowspan=3, colspan=3),
            Cell(APPLICANT_HEADER, colspan=7),
        ],
        [
            Cell(APPLICANT_COLUMNS[0].label, rowspan=2),
            Cell(ORGANISATION_HEADER, colspan=5),
            Cell("总计", rowspan=2),
        ],
        [Cell(column.label) for column in APPLICANT_COLUMNS[1:6]],
    ]
    part_left = {row.key: sum(1 for other in printed if other.part == RESULTS) for row in printed}
    part_started = False
    group_started: set[str] = set()
    for row in printed:
        cells = report.applications[row.key]
        values = [Cell(show(cells.get(key))) for key in APPLICANT_KEYS]
        line: list[Cell] = []
        if row.part:
            if not part_started:
                line.append(Cell(RESULTS, rowspan=part_left[row.key]))
                part_started = True
            if row.group:
                if row.group not in group_started:
                    size = sum(1 for other in printed if other.group == row.group)
                    line.append(Cell(row.group, rowspan=size))
                    group_started.add(row.group)
                line.append(Cell(row.label))
            else:
                line.append(Cell(row.label, colspan=2))
        else:
            line.append(Cell(row.label, colspan=3))
        rows.append(line + values)
    return rows


def review_table(report: AnnualReport) -> Table:
    """Section 四: 行政复议 | 行政诉讼 (未经复议直接起诉 | 复议后起诉), one row of 15 numbers."""
    groups = report.report_format.review_groups
    rows: Table = [
        [Cell(groups[0].label, colspan=5), Cell(groups[1].parent, colspan=10)],
        [
            *(Cell(column.label, rowspan=2) for column in REVIEW_COLUMNS),
            Cell(groups[1].label, colspan=5),
            Cell(groups[2].label, colspan=5),
        ],
        [Cell(column.label) for _ in range(2) for column in REVIEW_COLUMNS],
        [Cell(show(report.reviews.get(group.key, {}).get(key))) for group in groups for key in REVIEW_KEYS],
    ]
    return rows


def prose(report: AnnualReport) -> dict[str, str]:
    """The prose under each section heading: what the report said where known, else a neutral line."""
    period = "本报告所列数据统计期限自{year}年1月1日起至{year}年12月31日止。".format(year=report.year or "")
    return {
        SECTIONS[0]: (report.sections.overview or "").strip() or period,
        SECTIONS[4]: (report.sections.problems or "").strip() or "（未填写）",
        SECTIONS[5]: (report.sections.other or "").strip() or "无。",
    }
