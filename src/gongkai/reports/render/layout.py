"""The official tables of a report as rows of spanning cells (shared by every writer).

Each table is drawn from the format definition (:mod:`gongkai.annual_report.formats`) exactly as the State
Council's form prints it: section 二 is one table of four columns whose item rows (第二十条第（一）项 …)
span the width, section 三 has the three-row applicant header and the spanning result labels on the left,
section 四 the three-row 复议/诉讼 header over one row of fifteen numbers. Every cell carries its role
(column header, row header, value) so that writers can emit accessible markup, and each value its cell
path (``applications.granted.total``).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import cast

from gongkai.annual_report.formats import APPLICANT_KEYS, REVIEW_KEYS, SECTIONS, TITLE
from gongkai.annual_report.formats.common import (
    APPLICANT_COLUMNS,
    APPLICANT_HEADER,
    ORGANISATION_HEADER,
    RESULTS,
    REVIEW_COLUMNS,
)
from gongkai.annual_report.model import AnnualReport, Value
from gongkai.lib.grid import Cell, place

# Roles of printed cells. Headers of columns (``col``), of spanned column groups (``colgroup``), of a
# row (``row``), of a spanned group of rows (``rowgroup``); ``corner`` heads nothing; ``data`` is a value.
COL, COLGROUP, ROW, ROWGROUP, CORNER, DATA = "col", "colgroup", "row", "rowgroup", "corner", "data"
HEADER_ROLES = frozenset({COL, COLGROUP, ROW, ROWGROUP, CORNER})


@dataclass(frozen=True)
class Printed(Cell):
    """A cell as the form prints it, with its role and, for values, the cell path in the report."""

    role: str = DATA
    path: str = ""

    @property
    def is_header(self) -> bool:
        return self.role in HEADER_ROLES


Table = list[list[Printed]]


@dataclass(frozen=True)
class OfficialTable:
    """One table of the report: the section it belongs to, a caption for screen readers, its rows and
    how many rows at the top are the column header (repeated on each printed page)."""

    section: str
    caption: str
    rows: Table
    header_rows: int


def grid(rows: Table) -> tuple[list[tuple[int, int, Printed]], int, int]:
    """Grid positions of each printed cell: ``([(row, column, cell)], height, width)``."""
    placed, height, width = place(rows)
    return cast(list[tuple[int, int, Printed]], placed), height, width


def show(value: Value) -> str:
    """A cell as printed: integers and decimals as they are, amounts as text, blanks empty."""
    if value is None:
        return ""
    if isinstance(value, float):
        return repr(value) if value != int(value) else str(int(value))
    return str(value)


def title(report: AnnualReport) -> str:
    """``{机关名称}{YYYY}年度政府信息公开工作年度报告``, the title the official renderers print."""
    return official_title(report.agency, report.year)


def official_title(agency: str | None, year: int | None) -> str:
    return TITLE.replace("{year}年", "{year}年度").format(agency=agency or "", year=year or "")


def plain_title(report: AnnualReport) -> str:
    """The format's title string as written in :data:`~gongkai.annual_report.formats.TITLE` (``…年政府…``)."""
    return TITLE.format(agency=report.agency or "", year=report.year or "")


def proactive_table(report: AnnualReport) -> Table:
    """Section 二 as one table: per item of 条例第二十条 a spanning item row, a header row (信息内容 …)
    and its rows. An item with fewer columns than the widest lets its last column span the rest, as the
    form does for 本年处理决定数量 and 本年收费金额."""
    items = report.report_format.proactive
    width = max(len(item.columns) for item in items) + 1
    rows: Table = []
    for item in items:
        spans = [1] * len(item.columns)
        spans[-1] += width - 1 - len(item.columns)
        rows.append([Printed(item.label, colspan=width, role=COLGROUP)])
        rows.append(
            [
                Printed("信息内容", role=COL),
                *(Printed(c.label, colspan=s, role=COL) for c, s in zip(item.columns, spans, strict=True)),
            ]
        )
        for row in item.rows:
            cells = report.proactive.get(row.key, {})
            rows.append(
                [
                    Printed(row.label, role=ROW),
                    *(
                        Printed(show(cells.get(c.key)), colspan=s, path=f"proactive.{row.key}.{c.key}")
                        for c, s in zip(row.columns, spans, strict=True)
                    ),
                ]
            )
    return rows


def proactive_tables(report: AnnualReport) -> list[tuple[str, Table]]:
    """Section 二 as one table per item of 条例第二十条 (the form prints it as one: see
    :func:`proactive_table`); kept for writers that lay the items out separately."""
    table = proactive_table(report)
    out: list[tuple[str, Table]] = []
    for row in table:
        if len(row) == 1 and row[0].role == COLGROUP:
            out.append((row[0].text, []))
        out[-1][1].append(row)
    return out


@dataclass(frozen=True)
class _Row:
    key: str
    label: str
    group: str
    part: str


def application_table(report: AnnualReport) -> Table:
    """Section 三 with its spanning labels (三、本年度办理结果, (三)不予公开 …) as in the official form."""
    printed = [_Row(row.key, row.label, row.group, row.part) for row in report.printed_rows()]
    rows: Table = [
        [
            Printed(report.report_format.application_header, rowspan=3, colspan=3, role=CORNER),
            Printed(APPLICANT_HEADER, colspan=7, role=COLGROUP),
        ],
        [
            Printed(APPLICANT_COLUMNS[0].label, rowspan=2, role=COL),
            Printed(ORGANISATION_HEADER, colspan=5, role=COLGROUP),
            Printed(APPLICANT_COLUMNS[6].label, rowspan=2, role=COL),
        ],
        [Printed(column.label, role=COL) for column in APPLICANT_COLUMNS[1:6]],
    ]
    part_size = sum(1 for row in printed if row.part == RESULTS)
    part_started = False
    group_started: set[str] = set()
    for row in printed:
        cells = report.applications[row.key]
        values = [
            Printed(show(cells.get(key)), path=f"applications.{row.key}.{key}") for key in APPLICANT_KEYS
        ]
        line: list[Printed] = []
        if row.part:
            if not part_started:
                line.append(Printed(RESULTS, rowspan=part_size, role=ROWGROUP))
                part_started = True
            if row.group:
                if row.group not in group_started:
                    size = sum(1 for other in printed if other.group == row.group)
                    line.append(Printed(row.group, rowspan=size, role=ROWGROUP))
                    group_started.add(row.group)
                line.append(Printed(row.label, role=ROW))
            else:
                line.append(Printed(row.label, colspan=2, role=ROW))
        else:
            line.append(Printed(row.label, colspan=3, role=ROW))
        rows.append(line + values)
    return rows


def review_table(report: AnnualReport) -> Table:
    """Section 四: 行政复议 | 行政诉讼 (未经复议直接起诉 | 复议后起诉), one row of 15 numbers."""
    groups = report.report_format.review_groups
    return [
        [
            Printed(groups[0].label, colspan=5, role=COLGROUP),
            Printed(groups[1].parent, colspan=10, role=COLGROUP),
        ],
        [
            *(Printed(column.label, rowspan=2, role=COL) for column in REVIEW_COLUMNS),
            Printed(groups[1].label, colspan=5, role=COLGROUP),
            Printed(groups[2].label, colspan=5, role=COLGROUP),
        ],
        [Printed(column.label, role=COL) for _ in range(2) for column in REVIEW_COLUMNS],
        [
            Printed(show(report.reviews.get(group.key, {}).get(key)), path=f"reviews.{group.key}.{key}")
            for group in groups
            for key in REVIEW_KEYS
        ],
    ]


def official_tables(report: AnnualReport) -> list[OfficialTable]:
    """The three tables of the report in order (sections 二, 三, 四)."""
    return [
        OfficialTable(SECTIONS[1], "表一：主动公开政府信息情况", proactive_table(report), 0),
        OfficialTable(SECTIONS[2], "表二：收到和处理政府信息公开申请情况", application_table(report), 3),
        OfficialTable(SECTIONS[3], "表三：政府信息公开行政复议、行政诉讼情况", review_table(report), 3),
    ]


def prose(report: AnnualReport) -> dict[str, str]:
    """The prose under each section heading: what the report said where known, else a neutral line."""
    period = "本报告所列数据统计期限自{year}年1月1日起至{year}年12月31日止。".format(year=report.year or "")
    return {
        SECTIONS[0]: (report.sections.overview or "").strip() or period,
        SECTIONS[4]: (report.sections.problems or "").strip() or "（未填写）",
        SECTIONS[5]: (report.sections.other or "").strip() or "无。",
    }


def paragraphs(text: str) -> list[str]:
    """The non-empty lines of a prose section, stripped (each printed as a paragraph)."""
    return [line.strip() for line in text.splitlines() if line.strip()]
