"""PDF in the official layout: the accessible HTML document set on A4 by WeasyPrint.

The CJK faces come from the system (Debian's fonts-noto-cjk on a server; 仿宋/黑体 where installed) and
WeasyPrint embeds the subset of each font it uses, so the file reads the same on any machine.
"""

from __future__ import annotations

import logging

from gongkai.annual_report.model import AnnualReport
from gongkai.reports.render.html import render_html

# WeasyPrint warns about every CSS property it ignores (screen-only rules); the print rules are its own.
logging.getLogger("weasyprint").setLevel(logging.ERROR)
logging.getLogger("fontTools").setLevel(logging.ERROR)


def render_pdf(report: AnnualReport) -> bytes:
    """The report as a PDF file's bytes (A4, fonts embedded, page numbers "- n -" at the foot)."""
    from weasyprint import HTML

    # The print rules live in the document itself (``@media print``): stylesheets passed to WeasyPrint
    # are user stylesheets, which the document's own screen rules would override.
    pdf: bytes = HTML(string=render_html(report)).write_pdf()
    return pdf
