"""XLSX for the oversight office (政务公开办): one sheet per table in the official layout, with the
header cells merged as the form prints them, and a flat sheet of every cell (one row per value) for
pivoting and roll-ups."""

from __future__ import annotations

import io
from typing import Any

from gongkai.annual_report.formats.common import APPLICANT_COLUMNS, REVIEW_COLUMNS
from gongkai.annual_report.model import AnnualReport, Value
from gongkai.reports.render.layout import (
    COLGROUP,
    ROW,
    ROWGROUP,
    grid,
    official_tables,
    title,
)

# Sheet names (at most 31 characters, no []:*?/\).
SHEETS = ("二、主动公开", "三、申请办理", "四、复议诉讼")
FLAT_SHEET = "全部数据"
FLAT_HEADER = ("章节", "行键", "行", "列键", "列", "数值")

_FONT = "宋体"


def flat_cells(report: AnnualReport) -> list[tuple[str, str, str, str, str, Value]]:
    """Every cell of sections 二, 三, 四 as (section, row key, row label, column key, column label, value),
    in table order; blank cells are ``None``."""
    out: list[tuple[str, str, str, str, str, Value]] = []
    report_format = report.report_format
    for proactive in report_format.proactive_rows:
        cells = report.proactive.get(proactive.key, {})
        for column in proactive.columns:
            out.append(
                ("二", proactive.key, proactive.label, column.key, column.label, cells.get(column.key))
            )
    for row in report.printed_rows():
        counts = report.applications[row.key]
        for column in APPLICANT_COLUMNS:
            out.append(("三", row.key, row.label, column.key, column.label, counts.get(column.key)))
    for group in report_format.review_groups:
        label = f"{group.parent}·{group.label}" if group.parent else group.label
        counts = report.reviews.get(group.key, {})
        for column in REVIEW_COLUMNS:
            out.append(("四", group.key, label, column.key, column.label, counts.get(column.key)))
    return out


def _value(text: str, value: Value) -> Any:
    """The cell's value for the sheet: numbers as numbers, amounts as printed, blanks empty."""
    if value is None:
        return None
    if isinstance(value, int | float):
        return value
    return text


def render_xlsx(report: AnnualReport) -> bytes:
    """The report as an .xlsx file's bytes (see the module docstring)."""
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
    from openpyxl.utils import get_column_letter

    thin = Side(style="thin", color="000000")
    border = Border(left=thin, right=thin, top=thin, bottom=thin)
    font = Font(name=_FONT, size=10)
    bold = Font(name=_FONT, size=10, bold=True)
    shade = PatternFill("solid", fgColor="F2F2F2")
    workbook = Workbook()
    workbook.remove(workbook.active)  # type: ignore[arg-type]
    heading = title(report)
    values = {path: value for path, value in _paths(report)}
    for name, table in zip(SHEETS, official_tables(report), strict=True):
        sheet = workbook.create_sheet(name)
        placed, _, width = grid(table.rows)
        sheet.cell(row=1, column=1, value=heading).font = Font(name=_FONT, size=14, bold=True)
        sheet.merge_cells(start_row=1, start_column=1, end_row=1, end_column=width)
        sheet.cell(row=2, column=1, value=table.section).font = bold
        sheet.merge_cells(start_row=2, start_column=1, end_row=2, end_column=width)
        top = 3
        for r, c, cell in placed:
            target = sheet.cell(row=top + r, column=c + 1)
            target.value = _value(cell.text, values.get(cell.path)) if cell.path else cell.text
            target.font = font
            wrap = cell.role == ROWGROUP and c == 0
            target.alignment = Alignment(
                horizontal="left" if cell.role == ROW else "center",
                vertical="center",
                wrap_text=True,
                text_rotation=255 if wrap else 0,
            )
            if cell.role == COLGROUP and cell.colspan == width:
                target.fill = shade
            for dr in range(cell.rowspan):
                for dc in range(cell.colspan):
                    sheet.cell(row=top + r + dr, column=c + dc + 1).border = border
            if cell.rowspan > 1 or cell.colspan > 1:
                sheet.merge_cells(
                    start_row=top + r,
                    start_column=c + 1,
                    end_row=top + r + cell.rowspan - 1,
                    end_column=c + cell.colspan,
                )
        for column in range(1, width + 1):
            sheet.column_dimensions[get_column_letter(column)].width = _width(name, column, width)
        sheet.page_setup.paperSize = sheet.PAPERSIZE_A4
        sheet.page_setup.fitToWidth = 1
        sheet.sheet_properties.pageSetUpPr.fitToPage = True
        if table.header_rows:
            sheet.print_title_rows = f"{top}:{top + table.header_rows - 1}"
    flat = workbook.create_sheet(FLAT_SHEET)
    flat.append([*FLAT_HEADER])
    for cell in flat.iter_rows(min_row=1, max_row=1):
        for item in cell:
            item.font = bold
    for section, row_key, row_label, column_key, column_label, value in flat_cells(report):
        flat.append([section, row_key, row_label, column_key, column_label, _value(str(value), value)])
    for letter, size in zip("ABCDEF", (6, 34, 60, 22, 24, 14), strict=True):
        flat.column_dimensions[letter].width = size
    flat.freeze_panes = "A2"
    flat.auto_filter.ref = f"A1:F{flat.max_row}"
    workbook.properties.title = heading
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


def _paths(report: AnnualReport) -> list[tuple[str, Value]]:
    out: list[tuple[str, Value]] = []
    for table in ("proactive", "applications", "reviews"):
        rows: dict[str, dict[str, Value]] = getattr(report, table)
        for row, cells in rows.items():
            for column, value in cells.items():
                out.append((f"{table}.{row}.{column}", value))
    return out


def _width(sheet: str, column: int, width: int) -> float:
    if sheet == SHEETS[0]:
        return 26 if column == 1 else 18
    if sheet == SHEETS[1]:
        return {1: 5, 2: 12, 3: 40}.get(column, 9)
    return 8
