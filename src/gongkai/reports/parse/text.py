"""Plain-text layouts: Word-to-text exports (one cell per line) and text with space-separated cells."""

from __future__ import annotations

import re

from gongkai.reports.parse.assemble import text_lines
from gongkai.reports.parse.base import Document, Line


def is_word_export(text: str) -> bool:
    """Word's text export puts each table cell on its own line, indented with a tab."""
    return sum(1 for line in text.splitlines() if line.startswith("\t")) >= 20


def word_export(text: str) -> Document:
    """Rows of a Word-to-text export: cells start with a tab, a blank line ends a row.

    A line without a tab inside a row continues the previous cell (``本年新`` / ``制作数量``); prose
    lines outside tables become one-cell lines so that section headings are still seen.
    """
    lines: list[Line] = []
    row: list[str] = []
    for raw in text.splitlines():
        if raw.startswith("\t"):
            row.append(raw[1:].strip())
        elif not raw.strip():
            if row:
                lines.append(Line(row))
                row = []
        elif row:
            row[-1] = row[-1] + raw.strip()
        else:
            lines.append(Line(raw.split()))
    if row:
        lines.append(Line(row))
    return Document(text=text, lines=lines, layout="word-text")


def plain(text: str) -> Document:
    """Text whose table rows are lines of whitespace-separated cells (copied from a web page or PDF)."""
    return Document(text=text, lines=text_lines(text, page_marks="\f" in text), layout="text")


def is_markdown(text: str) -> bool:
    return sum(1 for line in text.splitlines() if line.lstrip().startswith("|")) >= 5


def markdown(text: str) -> Document:
    """Markdown tables from PDF extractors: ``| a | b |`` rows; other lines split on whitespace.

    Extractors add an empty trailing cell to some rows; it is dropped (it is not a printed blank).
    """
    lines: list[Line] = []
    for raw in text.splitlines():
        stripped = raw.strip()
        if not stripped or re.fullmatch(r"[-—–－]\s*\d+\s*[-—–－]", stripped):
            continue
        if stripped.startswith("|"):
            if re.fullmatch(r"\|?(\s*:?-{2,}:?\s*\|)+\s*:?-*:?\s*", stripped):
                continue
            cells = [cell.strip() for cell in stripped.strip("|").split("|")]
            while cells and not cells[-1]:
                cells.pop()
            lines.append(Line(cells))
        elif stripped.startswith("#"):
            continue
        else:
            lines.append(Line(stripped.split()))
    return Document(text=text, lines=lines, layout="markdown")
