"""Annual reports in the official layout: DOCX, PDF, accessible HTML, XLSX, and plain text.

Every writer draws the same tables from :mod:`.layout`, which reads the format definitions, so a
rendered file read back by ``gongkai audit`` gives the report's numbers again.

- :func:`render_docx` — Word, A4, 仿宋_GB2312 / 黑体 / 方正小标宋, merged header cells as the form.
- :func:`render_pdf` — WeasyPrint from the HTML document with an A4 print stylesheet, CJK fonts embedded.
- :func:`render_html` — a complete accessible HTML document; :func:`render_html_fragment` the
  ``<article>`` to embed in a portal page (style it with :data:`STYLESHEET`).
- :func:`render_xlsx` — one sheet per table with merged headers, and a flat sheet of every cell.
- :func:`render_text` — the layout of Word's text export (used by round-trip tests).
"""

from __future__ import annotations

from gongkai.reports.render.docx import render_docx
from gongkai.reports.render.html import STYLESHEET, render_html, render_html_fragment
from gongkai.reports.render.pdf import render_pdf
from gongkai.reports.render.text import render_text
from gongkai.reports.render.xlsx import render_xlsx

__all__ = [
    "STYLESHEET",
    "render_docx",
    "render_html",
    "render_html_fragment",
    "render_pdf",
    "render_text",
    "render_xlsx",
]
