"""HTML pages: real tables with rowspan/colspan, and the prose around them."""

from __future__ import annotations

import re

from gongkai.lib.grid import Cell, place
from gongkai.lib.numbers import is_blank, is_value_cell
from gongkai.reports.parse.base import CannotRead, Document, Line

_BLOCKS = frozenset(
    {
        "p",
        "div",
        "h1",
        "h2",
        "h3",
        "h4",
        "h5",
        "h6",
        "li",
        "br",
        "tr",
        "section",
        "article",
        "body",
        "title",
        "dd",
        "dt",
    }
)
# Spans beyond this are corrupt (``rowspan="99999"``) and clamped.
MAX_SPAN = 200
_SKIP = frozenset({"script", "style", "noscript", "head"})


def looks_like_html(text: str) -> bool:
    head = text[:4000].lower()
    return "<html" in head or "<table" in text.lower() or "<body" in head or "<!doctype html" in head


def _text(element: object) -> str:
    parts = element.itertext()  # type: ignore[attr-defined]
    return re.sub(r"\s+", " ", "".join(parts)).strip()


def _int(value: str | None) -> int:
    try:
        return int(str(value or "1").strip() or "1")
    except ValueError:
        return 1


def read(text: str) -> Document:
    import lxml.html
    from lxml import etree

    try:
        root = lxml.html.document_fromstring(text)
    except (etree.ParserError, ValueError) as exc:
        raise CannotRead(f"HTML无法解析（{exc}）") from exc
    lines: list[Line] = []
    prose: list[str] = []
    buffer: list[str] = []

    def flush() -> None:
        joined = "".join(buffer).strip()
        buffer.clear()
        if joined:
            prose.append(joined)
            lines.append(Line(joined.split()))

    def walk(element: etree._Element) -> None:
        tag = element.tag if isinstance(element.tag, str) else ""
        if tag in _SKIP:
            if element.tail:
                buffer.append(element.tail)
            return
        if tag == "table":
            flush()
            for row, spans in spanned_rows(element):
                lines.append(Line(row, spans=spans))
                prose.append(" ".join(row))
            if element.tail:
                buffer.append(element.tail)
            return
        if tag in _BLOCKS:
            flush()
        if element.text and tag:
            buffer.append(element.text)
        for child in element:
            walk(child)
        if tag in _BLOCKS:
            flush()
        if element.tail:
            buffer.append(element.tail)

    walk(root)
    flush()
    return Document(text="\n".join(prose), lines=lines, layout="html", blanks_kept=True)


def spanned_rows(table: object) -> list[tuple[list[str], list[int]]]:
    """The table's rows as printed cells with each cell's colspan (a number merged over columns stands
    for that many equal cells). A number merged down over rows (``rowspan``) is the value of each row it
    spans — sites' editors merge runs of equal values — and is given to each; a label merged down is
    printed once, in its first row."""
    rows: list[list[Cell]] = []
    for tr in table.iter("tr"):  # type: ignore[attr-defined]
        # Nested tables: their rows are read on their own; skip rows that belong to an inner table.
        parent = tr.getparent()
        while parent is not None and parent.tag != "table":
            parent = parent.getparent()
        if parent is not table:
            continue
        rows.append(
            [
                Cell(
                    _text(td),
                    max(1, min(_int(td.get("rowspan")), MAX_SPAN)),
                    max(1, min(_int(td.get("colspan")), MAX_SPAN)),
                )
                for td in tr
                if isinstance(td.tag, str) and td.tag in ("td", "th")
            ]
        )
    placed, _height, _width = place(continued_rows(rows))
    printed: list[list[tuple[int, Cell]]] = [[] for _ in rows]
    for r, c, cell in placed:
        printed[r].append((c, cell))
        if cell.rowspan > 1 and is_value_cell(cell.text) and not is_blank(cell.text):
            for below in range(r + 1, min(r + cell.rowspan, len(rows))):
                printed[below].append((c, cell))
    return [
        ([cell.text for _, cell in cells], [max(1, cell.colspan) for _, cell in cells])
        for cells in (sorted(row, key=lambda item: item[0]) for row in printed)
    ]


def continued_rows(rows: list[list[Cell]]) -> list[list[Cell]]:
    """``rows`` of a table that goes on after a page break: its first rows of numbers are narrower than the
    rows after them when their group label spanning down (``（四）无法提供``) was printed in the table before
    the break. They are given an empty cell in its place, so that a number spanning down from them stays in
    its column in the rows below (placed from the left, it would shift those rows' numbers one column)."""
    placed, _height, _width = place(rows)
    edges = [0] * len(rows)
    for r, c, cell in placed:
        for below in range(r, min(r + cell.rowspan, len(rows))):
            edges[below] = max(edges[below], c + cell.colspan)
    widest = max(edges, default=0)
    top = 0
    while (
        top < len(rows)
        and edges[top] == edges[0] < widest
        and any(is_value_cell(cell.text) and not is_blank(cell.text) for cell in rows[top])
    ):
        top += 1
    if not 0 < top < len(rows) or edges[top] != widest:
        return rows
    return [[Cell("", top, widest - edges[0]), *rows[0]], *rows[1:]]
