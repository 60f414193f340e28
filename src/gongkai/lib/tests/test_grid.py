"""Tables with row and column spans become rectangular grids, and grid positions read back from cells."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from gongkai.lib.grid import Cell, expand, place


@pytest.mark.parametrize(
    ("rows", "grid"),
    [
        ([[Cell("a"), Cell("b")], [Cell("c"), Cell("d")]], [["a", "b"], ["c", "d"]]),
        ([[Cell("a", colspan=2)], [Cell("c"), Cell("d")]], [["a", None], ["c", "d"]]),
        ([[Cell("a", rowspan=2), Cell("b")], [Cell("d")]], [["a", "b"], [None, "d"]]),
        (
            [[Cell("a", rowspan=2, colspan=2), Cell("b")], [Cell("c")], [Cell("x"), Cell("y"), Cell("z")]],
            [["a", None, "b"], [None, None, "c"], ["x", "y", "z"]],
        ),
        ([[Cell("a")], [Cell("b"), Cell("c"), Cell("d")]], [["a", None, None], ["b", "c", "d"]]),
        ([[Cell("")], [Cell("1")]], [[""], ["1"]]),  # a printed blank stays a blank, not a covered place
        ([], []),
        ([[Cell("a", rowspan=0, colspan=-3)]], [["a"]]),  # nonsense spans count as 1
    ],
)
def test_spans_cover_their_positions_with_none(rows: list[list[Cell]], grid: list[list[str | None]]) -> None:
    assert expand(rows) == grid


def test_a_span_beyond_the_limit_is_clamped() -> None:
    grid = expand([[Cell("a", rowspan=99999, colspan=99999)]], max_span=5)
    assert grid == [["a", None, None, None, None]]


def test_a_span_into_the_next_row_shifts_its_cells_right() -> None:
    placed, height, width = place([[Cell("a", rowspan=2), Cell("b")], [Cell("c")]])
    assert [(r, c, cell.text) for r, c, cell in placed] == [(0, 0, "a"), (0, 1, "b"), (1, 1, "c")]
    assert (height, width) == (2, 2)


@st.composite
def tables(draw: st.DrawFn) -> list[list[Cell]]:
    """A table drawn as it would be printed: a rectangle cut into spanning cells, read row by row."""
    height = draw(st.integers(min_value=1, max_value=6))
    width = draw(st.integers(min_value=1, max_value=6))
    taken = [[False] * width for _ in range(height)]
    rows: list[list[Cell]] = [[] for _ in range(height)]
    for r in range(height):
        for c in range(width):
            if taken[r][c]:
                continue
            free = 1
            while c + free < width and not taken[r][c + free]:
                free += 1
            colspan = draw(st.integers(min_value=1, max_value=free))
            rowspan = draw(st.integers(min_value=1, max_value=height - r))
            for dr in range(rowspan):
                for dc in range(colspan):
                    taken[r + dr][c + dc] = True
            rows[r].append(Cell(f"{r},{c}", rowspan=rowspan, colspan=colspan))
    return rows


@given(tables())
def test_every_cell_lands_where_it_was_drawn_and_the_grid_is_rectangular(rows: list[list[Cell]]) -> None:
    grid = expand(rows)
    width = len(grid[0])
    assert all(len(row) == width for row in grid)
    placed, height, placed_width = place(rows)
    assert (len(grid), width) == (height, placed_width)
    for r, c, cell in placed:
        assert cell.text == f"{r},{c}" == grid[r][c]
    texts = sum(1 for row in grid for value in row if value is not None)
    assert texts == sum(len(row) for row in rows)
