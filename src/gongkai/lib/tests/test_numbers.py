"""Reading printed cells, and cutting glued digit runs: properties over any numbers (the worked examples of
real rows are in reports/tests/test_numbers.py)."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from gongkai.lib import numbers

COUNTS = st.integers(min_value=0, max_value=numbers.MAX_COUNT)
FULL_WIDTH = str.maketrans("0123456789,.", "０１２３４５６７８９，．")


@pytest.mark.parametrize("mark", sorted(numbers.BLANK_MARKS))
def test_every_blank_mark_reads_as_null_and_is_a_value_cell(mark: str) -> None:
    assert numbers.is_blank(f" {mark} ")
    assert numbers.is_value_cell(mark)
    assert numbers.parse_count(mark) is None and numbers.parse_number(mark) is None


@pytest.mark.parametrize(
    ("text", "is_value"),
    [
        ("5394432.52元", True),
        ("12.5 万元", True),
        ("1,234,567", True),
        ("-3", True),
        ("共3件", False),
        ("1,23", False),
        ("予以公开", False),
        # A unit or a word of change inside a cell is the cell's number (websites print 8批, 增5).
        ("3件", True),
        ("8批", True),
        ("增5", True),
        ("减少1", True),
    ],
)
def test_value_cells_are_numbers_amounts_or_blank_marks(text: str, is_value: bool) -> None:
    assert numbers.is_value_cell(text) is is_value


@pytest.mark.parametrize(
    ("text", "cleaned"),
    [(" １ ２ ", "12"), ("\u30007730.28\n", "7730.28"), ("万 元", "万元")],
)
def test_a_cleaned_cell_is_half_width_without_spaces(text: str, cleaned: str) -> None:
    assert numbers.clean_cell(text) == cleaned


@given(COUNTS, st.booleans(), st.booleans(), st.sampled_from(["", " ", "\u3000", "\n"]))
def test_a_printed_count_reads_back(value: int, grouped: bool, full_width: bool, padding: str) -> None:
    printed = f"{value:,}" if grouped else str(value)
    if full_width:
        printed = printed.translate(FULL_WIDTH)
    assert numbers.parse_count(padding + printed + padding) == value
    assert numbers.parse_number(printed) == value


@given(st.integers(min_value=numbers.MAX_COUNT + 1))
def test_giant_numbers_are_unreadable_not_trusted(value: int) -> None:
    assert numbers.parse_count(str(value)) is None
    assert numbers.parse_number(str(value)) is None


@given(st.decimals(min_value=0, max_value=10**6, places=2, allow_nan=False, allow_infinity=False))
def test_a_decimal_reads_as_a_number_but_never_as_a_count(value: object) -> None:
    printed = f"{value:.2f}"
    assert numbers.parse_number(printed) == pytest.approx(float(printed))
    assert numbers.parse_count(printed) is None


@given(st.lists(st.integers(min_value=0, max_value=999), min_size=1, max_size=4))
def test_a_glued_row_can_be_cut_back_into_its_cells(cells: list[int]) -> None:
    run = "".join(map(str, cells))
    cuts = numbers.split_digits(run, len(cells), limit=1_000)  # 12 digits in 4 cells: at most 165 cuts
    assert tuple(cells) in cuts
    for cut in cuts:
        assert "".join(map(str, cut)) == run


@given(st.lists(st.integers(min_value=0, max_value=999), min_size=1, max_size=4))
def test_a_row_with_its_total_is_among_the_cuts_that_add_up(parts: list[int]) -> None:
    row = (*parts, sum(parts))
    cuts = numbers.split_sum_groups("".join(map(str, row)), [len(row)])
    assert row in cuts or len(cuts) == 16  # found, unless the limit of 16 cuts was reached first
    assert all(sum(cut[:-1]) == cut[-1] for cut in cuts)


@given(st.lists(st.integers(min_value=0, max_value=999), min_size=1, max_size=6))
def test_each_cells_values_are_those_of_every_cut(cells: list[int]) -> None:
    run = "".join(map(str, cells))
    values = numbers.cell_values(run, len(cells))
    cuts = numbers.split_digits(run, len(cells), limit=10_000)  # 18 digits in 6 cells: at most 6188 cuts
    assert values == [{cut[cell] for cut in cuts} for cell in range(len(cells))]


@given(st.lists(st.integers(min_value=0, max_value=99), min_size=3, max_size=3), st.data())
def test_spaces_that_survived_are_always_cell_boundaries(cells: list[int], data: st.DataObject) -> None:
    spaced = data.draw(st.integers(min_value=0, max_value=len(cells) - 2))
    run = "".join(str(cell) + (" " if index == spaced else "") for index, cell in enumerate(cells))
    boundary = len("".join(map(str, cells[: spaced + 1])))
    for cut in numbers.split_digits(run, len(cells)):
        lengths = [len(str(cell)) for cell in cut]
        assert boundary in {sum(lengths[: i + 1]) for i in range(len(lengths))}


@pytest.mark.parametrize("run", ["12a3", "", "   ", "1-2"])
def test_a_run_that_is_not_digits_has_no_cut(run: str) -> None:
    assert numbers.split_digits(run, 2) == []


# At most 4 cells of 3 digits: 12 digits have at most 165 cuts, all within the limit.
@given(st.lists(st.tuples(st.integers(min_value=0, max_value=999), st.booleans()), min_size=1, max_size=4))
def test_a_unit_glued_after_a_count_is_a_border_after_that_count(cells: list[tuple[int, bool]]) -> None:
    run = "".join(f"{cell}件" if unit else str(cell) for cell, unit in cells)
    borders = numbers.unit_borders(run)
    assert borders is not None
    assert borders.replace(" ", "") == "".join(str(cell) for cell, _ in cells)
    counts = [cell for cell, _ in cells]
    assert tuple(counts) in numbers.split_digits(borders, len(cells), limit=10_000)


@pytest.mark.parametrize("text", ["予以公开", "5394432.52元", "12件a", "件12", "1,295件"])
def test_only_a_glued_run_of_counts_has_unit_borders(text: str) -> None:
    assert numbers.unit_borders(text) is None


def collapsed(cells: tuple[int, ...]) -> list[int]:
    """``cells`` with each run of identical neighbours printed once, as some websites do."""
    return [cell for index, cell in enumerate(cells) if index == 0 or cells[index - 1] != cell]


# Counts of one or two digits: the run stays short enough to be cut within the step budget (a longer run may
# be given no reading, never a wrong one).
@given(st.lists(st.sampled_from([0, 0, 0, 1, 2, 12, 35]), min_size=6, max_size=6))
def test_a_glued_row_with_merged_runs_is_among_its_collapsed_readings(parts: list[int]) -> None:
    row = (*parts, sum(parts))
    run = "".join(map(str, collapsed(row)))
    readings = numbers.split_collapsed_groups(run, [7], limit=10_000)
    assert row in readings
    for reading in readings:
        assert sum(reading[:-1]) == reading[-1]
        assert "".join(map(str, collapsed(reading))) == run


@pytest.mark.parametrize(
    ("run", "groups", "readings"),
    [
        ("12012", [7], [(12, 0, 0, 0, 0, 0, 12)]),
        ("1 0 1", [7], [(1, 0, 0, 0, 0, 0, 1)]),
        ("0", [5, 5, 5], [(0,) * 15]),
        # A row printed in full has no collapsed reading of its own (two printed 0s would have been one).
        ("1000001", [7], []),
        # Out of steps: no reading rather than the few found first.
        ("1" * 60, [7], []),
    ],
)
def test_collapsed_readings_of_worked_rows(
    run: str, groups: list[int], readings: list[tuple[int, ...]]
) -> None:
    assert numbers.split_collapsed_groups(run, groups) == readings


def test_a_long_run_that_is_no_glued_row_is_refused_in_one_pass() -> None:
    """A run of digits is cut into counts only at a unit or a sign (possessive digit runs): a long run that
    is no glued row is refused at once — backtracking into the digits, 60 of them before a stray character
    took longer than the whole suite."""
    stray = "1" * 60 + "件x"
    assert not numbers.is_value_cell(stray)
    assert numbers.unit_borders(stray) is None
    assert numbers.is_value_cell("1" * 60 + "件1件")
    assert numbers.unit_borders("1" * 60 + "件1件") == "1" * 60 + " 1"
