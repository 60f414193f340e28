"""Cutting glued digit runs into cells by the column arithmetic, and reading cells."""

from __future__ import annotations

import pytest

from gongkai.lib.numbers import parse_count, parse_number, split_digits, split_sum_groups
from gongkai.reports.parse import solve


@pytest.mark.parametrize(
    ("run", "groups", "cuts"),
    [
        ("713000074", [7], [(71, 3, 0, 0, 0, 0, 74)]),
        ("640020470", [7], [(64, 0, 0, 2, 0, 4, 70)]),
        ("500000 5", [7], [(5, 0, 0, 0, 0, 0, 5)]),
        ("15130000154", [7], [(151, 3, 0, 0, 0, 0, 154)]),
        ("0000000", [7], [(0, 0, 0, 0, 0, 0, 0)]),
        ("10203120001200000", [5, 5, 5], [(1, 0, 2, 0, 3, 12, 0, 0, 0, 12, 0, 0, 0, 0, 0)]),
        ("25380363300630003", [5, 5, 5], [(25, 3, 8, 0, 36, 3, 3, 0, 0, 6, 3, 0, 0, 0, 3)]),
    ],
    ids=lambda value: str(value),
)
def test_glued_row_has_one_cut_that_adds_up(run: str, groups: list[int], cuts: list[tuple[int, ...]]) -> None:
    assert split_sum_groups(run, groups) == cuts


def test_an_ambiguous_row_gives_every_cut_that_adds_up() -> None:
    assert split_sum_groups("270020130", [7]) == [(2, 7, 0, 0, 20, 1, 30), (27, 0, 0, 2, 0, 1, 30)]


def test_a_row_whose_columns_do_not_add_up_has_no_cut() -> None:
    assert split_sum_groups("1111111", [7]) == []


def test_a_surviving_space_is_a_cell_boundary() -> None:
    assert all(cut[-1] == 5 for cut in split_sum_groups("500000 5", [7]))
    assert split_digits("12 3", 2) == [(12, 3)]


def test_cells_never_have_leading_zeros() -> None:
    assert (0, 5) in split_digits("05", 2)
    assert split_digits("05", 1) == []


def test_an_absurdly_long_run_is_refused_quickly() -> None:
    assert split_sum_groups("1" * 500, [7]) == []


@pytest.mark.parametrize(
    ("text", "count", "number"),
    [
        (" 10", 10, 10),
        ("　　0", 0, 0),
        ("0 ", 0, 0),
        ("1,295", 1295, 1295),
        ("7730.28", None, 7730.28),
        ("/", None, None),
        ("—", None, None),
        ("", None, None),
        ("９", 9, 9),
        ("1" * 30, None, None),
    ],
)
def test_cells_read_as_numbers_or_null(text: str, count: int | None, number: float | None) -> None:
    assert parse_count(text) == count
    assert parse_number(text) == number


@pytest.mark.parametrize(
    ("tokens", "reading"),
    [
        # A glued row of 三 with units in some cells: a unit ends its cell.
        (["471000048件"], (47, 1, 0, 0, 0, 0, 48)),
        (["10件000件01"], (1, 0, 0, 0, 0, 0, 1)),
        (["1600件00件0件16"], (16, 0, 0, 0, 0, 0, 16)),
        (["0000件000"], (0, 0, 0, 0, 0, 0, 0)),
    ],
)
def test_a_glued_row_with_units_reads_as_its_cells(tokens: list[str], reading: tuple[int, ...]) -> None:
    assert solve.readings(tokens, 7) == [reading]


def test_a_glued_row_with_units_and_merged_runs_reads_as_its_cells() -> None:
    # 1,0,0,0,0,0,1 printed with merged runs and units, separators lost: ``1件0件1件``.
    assert solve.readings(["1件0件1件"], 7) == [(1, 0, 0, 0, 0, 0, 1)]
    assert solve.readings(["1件0件1件"], 7, blanks_dropped=True) == [(1, 0, 0, 0, 0, 0, 1)]
