"""Table-grid expansion: HTML/DOCX tables with rowspan/colspan as a rectangular grid."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass


@dataclass(frozen=True)
class Cell:
    text: str
    rowspan: int = 1
    colspan: int = 1


def expand(rows: Iterable[Iterable[Cell]], *, max_span: int = 200) -> list[list[str | None]]:
    """The table as a grid: each cell's text at its top-left position, ``None`` where a span covers.

    Spans are clamped to ``max_span`` (a corrupted ``rowspan="99999"`` must not allocate a huge grid).
    Rows come out with equal length. ``None`` (covered) differs from ``""`` (a printed blank cell):
    readers drop covered positions and keep blanks, which are null values.
    """
    grid: list[list[str | None]] = []
    pending: dict[tuple[int, int], bool] = {}  # (row, col) covered by a span from above
    for r, row in enumerate(rows):
        out: list[str | None] = []
        c = 0
        for cell in row:
            while pending.pop((r, c), False):
                out.append(None)
                c += 1
            rowspan = max(1, min(cell.rowspan, max_span))
            colspan = max(1, min(cell.colspan, max_span))
            out.append(cell.text)
            for extra in range(1, colspan):
                out.append(None)
                del extra
            for dr in range(1, rowspan):
                for dc in range(colspan):
                    pending[(r + dr, c + dc)] = True
            c += colspan
        while pending.pop((r, c), False):
            out.append(None)
            c += 1
        grid.append(out)
    width = max((len(row) for row in grid), default=0)
    return [row + [None] * (width - len(row)) for row in grid]


def place(rows: Iterable[Iterable[Cell]]) -> tuple[list[tuple[int, int, Cell]], int, int]:
    """Grid positions of each cell: ``([(row, column, cell)], height, width)`` (inverse of printing)."""
    placed: list[tuple[int, int, Cell]] = []
    covered: set[tuple[int, int]] = set()
    height = width = 0
    for r, row in enumerate(rows):
        c = 0
        for cell in row:
            while (r, c) in covered:
                c += 1
            placed.append((r, c, cell))
            for dr in range(cell.rowspan):
                for dc in range(cell.colspan):
                    covered.add((r + dr, c + dc))
            height = max(height, r + cell.rowspan)
            width = max(width, c + cell.colspan)
            c += cell.colspan
    return placed, height, width
