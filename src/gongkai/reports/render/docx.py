"""DOCX in the official layout (python-docx tables with merged cells)."""

from __future__ import annotations

import io

from gongkai.lib.grid import place
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


def _table(document: object, rows: Table) -> None:
    placed, height, width = place(rows)
    table = document.add_table(rows=height, cols=width)  # type: ignore[attr-defined]
    table.style = "Table Grid"
    for r, c, cell in placed:
        target = table.cell(r, c)
        if cell.rowspan > 1 or cell.colspan > 1:
            target = target.merge(table.cell(r + cell.rowspan - 1, c + cell.colspan - 1))
        target.text = cell.text


def render_docx(report: AnnualReport) -> bytes:
    """The report as a .docx file's bytes."""
    import docx

    document = docx.Document()
    text = prose(report)
    document.add_heading(title(report), level=1)
    document.add_heading(SECTIONS[0], level=2)
    for line in text[SECTIONS[0]].splitlines():
        if line.strip():
            document.add_paragraph(line.strip())
    document.add_heading(SECTIONS[1], level=2)
    for _, rows in proactive_tables(report):
        _table(document, rows)
    document.add_heading(SECTIONS[2], level=2)
    _table(document, application_table(report))
    document.add_heading(SECTIONS[3], level=2)
    _table(document, review_table(report))
    for section in SECTIONS[4:]:
        document.add_heading(section, level=2)
        for line in text[section].splitlines():
            if line.strip():
                document.add_paragraph(line.strip())
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()
