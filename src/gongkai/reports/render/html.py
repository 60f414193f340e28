"""HTML in the official layout (tables with rowspan/colspan)."""

from __future__ import annotations

from html import escape

from gongkai.lib.grid import Cell
from gongkai.reports.formats import SECTIONS
from gongkai.reports.model import AnnualReport
from gongkai.reports.render.layout import (
    Table,
    application_table,
    proactive_tables,
    prose,
    review_table,
    title,
)


def _table(rows: Table) -> str:
    out = ['<table border="1">']
    for row in rows:
        out.append("<tr>" + "".join(_cell(cell) for cell in row) + "</tr>")
    out.append("</table>")
    return "\n".join(out)


def _cell(cell: Cell) -> str:
    spans = ""
    if cell.rowspan > 1:
        spans += f' rowspan="{cell.rowspan}"'
    if cell.colspan > 1:
        spans += f' colspan="{cell.colspan}"'
    return f"<td{spans}>{escape(cell.text)}</td>"


def _paragraphs(text: str) -> str:
    return "\n".join(f"<p>{escape(line.strip())}</p>" for line in text.splitlines() if line.strip())


def render_html(report: AnnualReport) -> str:
    """A complete HTML page of the report."""
    text = prose(report)
    parts = [
        '<!DOCTYPE html>\n<html lang="zh-Hans"><head><meta charset="utf-8">',
        f"<title>{escape(title(report))}</title></head><body>",
        f"<h1>{escape(title(report))}</h1>",
        f"<h2>{SECTIONS[0]}</h2>",
        _paragraphs(text[SECTIONS[0]]),
        f"<h2>{SECTIONS[1]}</h2>",
    ]
    parts.extend(_table(rows) for _, rows in proactive_tables(report))
    parts += [f"<h2>{SECTIONS[2]}</h2>", _table(application_table(report))]
    parts += [f"<h2>{SECTIONS[3]}</h2>", _table(review_table(report))]
    parts += [f"<h2>{SECTIONS[4]}</h2>", _paragraphs(text[SECTIONS[4]])]
    parts += [f"<h2>{SECTIONS[5]}</h2>", _paragraphs(text[SECTIONS[5]]), "</body></html>"]
    return "\n".join(parts)
