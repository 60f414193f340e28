"""Writers for annual reports in the official layout: plain text, HTML and DOCX.

All three draw the same tables from :mod:`.layout`, which reads the format definitions; a later
issue builds the official renderers (styling, letterhead) on them.
"""

from __future__ import annotations

from gongkai.reports.render.docx import render_docx
from gongkai.reports.render.html import render_html
from gongkai.reports.render.text import render_text

__all__ = ["render_docx", "render_html", "render_text"]
