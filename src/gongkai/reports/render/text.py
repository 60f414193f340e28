"""Plain text in the layout of Word's text export: one cell per line, tab-indented, rows ended by a blank line."""

from __future__ import annotations

from gongkai.annual_report.formats import SECTIONS
from gongkai.annual_report.model import AnnualReport
from gongkai.reports.render.layout import (
    Table,
    application_table,
    plain_title,
    proactive_table,
    prose,
    review_table,
)


def _table(rows: Table) -> list[str]:
    lines = [""]
    for row in rows:
        lines.extend("\t" + cell.text for cell in row)
        lines.append("")
    return lines


def render_text(report: AnnualReport) -> str:
    """The report as a Word text export would print it (the title as the format writes it)."""
    text = prose(report)
    lines = [plain_title(report), SECTIONS[0], text[SECTIONS[0]], SECTIONS[1]]
    lines += _table(proactive_table(report))
    lines += [SECTIONS[2], *_table(application_table(report))]
    lines += [SECTIONS[3], *_table(review_table(report))]
    lines += [SECTIONS[4], text[SECTIONS[4]], SECTIONS[5], text[SECTIONS[5]], ""]
    return "\n".join(lines)
