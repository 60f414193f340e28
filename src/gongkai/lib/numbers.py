"""Reading numbers printed in table cells, and splitting digit runs whose separators were lost."""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from functools import lru_cache, wraps
from typing import TypeVar

from gongkai.lib.cjk import fold

# A cell that means "nothing printed": the value is unknown (null), never silently 0.
BLANK_MARKS = frozenset({"", "/", "／", "—", "——", "-", "－", "–", "无", "空", "\\"})

_NUMBER = re.compile(r"^[+-]?\d{1,3}(,\d{3})+(\.\d+)?$|^[+-]?\d+(\.\d+)?$")
# A number with a unit or a word of change printed in its cell: 8批, 3件, 20560元, 增5, 减少1.
_WORDED = re.compile(
    r"^(?P<sign>增加|增|减少|减)?(?P<number>[+-]?(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?)"
    r"(?:个|件|项|批|条|次|人次|份|家|宗|起|万元|元)?$"
)
# Cells printed with their units and glued together (``6件129件``, ``34件189``, ``6-1件0件``): numbers whose
# separators were lost, not text — the readers cut them like glued digits (a unit is not a sure border:
# ``129件`` may be ``1`` and ``29件``). Some number carries a unit; the first need not (``6`` of ``6-1件``).
_GLUED_UNITS = re.compile(
    r"^(?=.*(?:个|件|项|批|元))[+-]?\d++(?:\.\d+)?(?:个|件|项|批|万元|元)?(?:[+-]?\d++(?:\.\d+)?(?:个|件|项|批|万元|元)?)+$"
)

# A run of counts glued together, some printed with their unit (``10件000件01``, ``471000048件``).
_COUNT_UNIT = r"(?:个|件|项|批|条|次|人次|份|家|宗|起)"
_GLUED_COUNTS = re.compile(rf"(?:\d++{_COUNT_UNIT}?)+")

T = TypeVar("T")


def short_cached(function: Callable[[str], T]) -> Callable[[str], T]:
    """Cache a cell function for short texts: readers ask about the same few cells ("0", labels) thousands
    of times; long texts (prose, hostile input) are not kept in memory."""
    cached = lru_cache(maxsize=16384)(function)

    @wraps(function)
    def call(text: str) -> T:
        return cached(text) if len(text) <= 64 else function(text)

    return call


# Numbers beyond this are not counts of anything an agency did in a year; a cell holding one is
# treated as unreadable rather than trusted (it also keeps corrupted input from producing giants).
MAX_COUNT = 10**9


@short_cached
def clean_cell(text: str) -> str:
    """Cell text folded to half-width, without surrounding or inner whitespace."""
    return re.sub(r"\s+", "", fold(text))


@short_cached
def is_value_cell(text: str) -> bool:
    """True if the cell holds a number, an amount (``5394432.52元``), a number with its unit or change word
    (``8批``, ``增5``) or a blank mark."""
    cell = clean_cell(text)
    return (
        cell in BLANK_MARKS
        or bool(_NUMBER.match(cell))
        or bool(_WORDED.match(cell))
        or bool(_GLUED_UNITS.match(cell))
    )


@short_cached
def plain_number(cell: str) -> str:
    """``cell`` without its unit or change word, signed: ``8批`` → ``8``, ``减少1`` → ``-1``."""
    match = _WORDED.match(cell)
    if match is None:
        return cell
    number = match.group("number")
    if match.group("sign") and match.group("sign").startswith("减") and not number.startswith("-"):
        return "-" + number.lstrip("+")
    return number


def unit_borders(text: str) -> str | None:
    """A run of counts glued together with some of their units (``10件000件01``) as its digits with a space
    where each unit was — a cell ends at its unit, so a space is a sure border for :func:`split_sum_groups`
    (which cell *begins* before the unit is still open: ``129件`` may be ``1`` and ``29件``); a last unit is
    dropped. None when ``text`` is not such a run."""
    cell = clean_cell(text)
    if not _GLUED_COUNTS.fullmatch(cell):
        return None
    return re.sub(_COUNT_UNIT, " ", cell).strip()


def is_blank(text: str) -> bool:
    return clean_cell(text) in BLANK_MARKS


@short_cached
def parse_count(text: str) -> int | None:
    """An integer cell; None for blank marks and for anything that is not a whole number."""
    cell = plain_number(clean_cell(text)).replace(",", "")
    if not re.fullmatch(r"[+-]?\d+", cell):
        return None
    value = int(cell)
    return value if abs(value) <= MAX_COUNT else None


@short_cached
def parse_number(text: str) -> int | float | None:
    """An integer or decimal cell (``7730.28``, ``7545``); None if not a plain number."""
    cell = plain_number(clean_cell(text)).replace(",", "")
    if re.fullmatch(r"[+-]?\d+", cell):
        value = int(cell)
        return value if abs(value) <= MAX_COUNT else None
    if re.fullmatch(r"[+-]?\d+\.\d+", cell):
        number = float(cell)
        return number if abs(number) <= MAX_COUNT else None
    return None


def _chunks(run: str) -> tuple[str, set[int]] | None:
    """The digits of ``run`` and the positions where a surviving space forces a cell boundary."""
    chunks = [chunk for chunk in re.split(r"\s+", run.strip()) if chunk]
    if not chunks or not all(chunk.isdigit() for chunk in chunks):
        return None
    boundaries: set[int] = set()
    position = 0
    for chunk in chunks[:-1]:
        position += len(chunk)
        boundaries.add(position)
    return "".join(chunks), boundaries


def whole_piece(digits: str, boundaries: set[int], start: int, end: int) -> bool:
    """Whether ``digits[start:end]`` may be one cell: no leading zero (unless it is ``0``), no border that
    survived inside it."""
    if end - start > 1 and digits[start] == "0":
        return False
    return not any(start < border < end for border in boundaries)


# The longest digit run we try to cut, and the most cuts we examine: beyond these a run is reported as
# unreadable instead of burning time (corrupted input can glue a whole page of digits together).
MAX_RUN = 60
MAX_STEPS = 200_000
MAX_CELL_DIGITS = 9
# Merged runs multiply the readings of a run (each cell may go on the run before it): fewer steps for them.
MAX_MERGED_STEPS = 50_000


def split_digits(run: str, cells: int, *, limit: int = 16) -> list[tuple[int, ...]]:
    """Every way to cut ``run`` into ``cells`` integers (at most ``limit`` ways).

    ``run`` is a row's digits with the separators lost (``693665``); whitespace that survived is a
    certain cell boundary (``500000 5``). A cell never has a leading zero unless it is ``0`` itself.
    """
    return split_sum_groups(run, [cells], with_totals=False, limit=limit)


def cell_values(run: str, cells: int) -> list[set[int]] | None:
    """For each of ``cells`` cells, every value it takes in some cut of ``run`` into that many integers (as
    :func:`split_digits` cuts, without its ``limit``): the complete candidates of a glued row no cut of which
    adds up, where a few cuts listed would agree on cells by chance. None when ``run`` has no cut."""
    parsed = _chunks(run)
    if parsed is None or len(parsed[0]) > MAX_RUN:
        return None
    digits, boundaries = parsed
    size = len(digits)
    # ahead[c]: the positions from which the last c cells take the rest of the digits exactly.
    ahead: list[set[int]] = [{size}]
    for _ in range(cells):
        ahead.append(
            {
                start
                for start in range(size)
                for end in ahead[-1]
                if start < end <= start + MAX_CELL_DIGITS and whole_piece(digits, boundaries, start, end)
            }
        )
    if 0 not in ahead[cells]:
        return None
    values: list[set[int]] = []
    starts = {0}
    for cell in range(cells):
        found: set[int] = set()
        ends: set[int] = set()
        for start in starts:
            for end in ahead[cells - cell - 1]:
                if start < end <= start + MAX_CELL_DIGITS and whole_piece(digits, boundaries, start, end):
                    found.add(int(digits[start:end]))
                    ends.add(end)
        values.append(found)
        starts = ends
    return values


def split_sum_groups(
    run: str, groups: Sequence[int], *, with_totals: bool = True, limit: int = 16
) -> list[tuple[int, ...]]:
    """Every way to cut ``run`` into consecutive groups of cells, each group's last cell the sum of the others.

    ``groups`` gives the cells per group: ``[7]`` for a row of 三 (six applicant columns and 总计),
    ``[5, 5, 5]`` for the row of 四 (four results and 总计, three times). With ``with_totals=False``
    the sum condition is dropped. The column arithmetic is what makes a glued row such as
    ``640020470`` readable: 64,0,0,2,0,4,70 is its only cut whose parts add up to its total.
    Results come in a stable order; more than one result means the row is ambiguous.
    """
    parsed = _chunks(run)
    if parsed is None:
        return []
    digits, boundaries = parsed
    if len(digits) > MAX_RUN or len(digits) < sum(groups):
        return []
    found: list[tuple[int, ...]] = []
    steps = 0
    layout = [(index, size) for index, size in enumerate(groups) for _ in range(size)]
    cells_total = len(layout)

    def walk(start: int, cell: int, prefix: list[int], group_sum: int, in_group: int) -> None:
        nonlocal steps
        if len(found) >= limit or steps > MAX_STEPS:
            return
        steps += 1
        if cell == cells_total:
            if start == len(digits):
                found.append(tuple(prefix))
            return
        _group, size = layout[cell]
        remaining_cells = cells_total - cell
        if len(digits) - start < remaining_cells:
            return
        if with_totals and in_group == size - 1:
            # The group's total is forced: it must be printed next.
            text = str(group_sum)
            end = start + len(text)
            if digits.startswith(text, start) and whole_piece(digits, boundaries, start, end):
                prefix.append(group_sum)
                walk(end, cell + 1, prefix, 0, 0)
                prefix.pop()
            return
        longest = min(MAX_CELL_DIGITS, len(digits) - start - (remaining_cells - 1))
        for length in range(1, longest + 1):
            end = start + length
            if not whole_piece(digits, boundaries, start, end):
                break
            value = int(digits[start:end])
            prefix.append(value)
            last_in_group = in_group == size - 1
            walk(
                end,
                cell + 1,
                prefix,
                0 if last_in_group else group_sum + value,
                0 if last_in_group else in_group + 1,
            )
            prefix.pop()

    walk(0, 0, [], 0, 0)
    return found


def split_collapsed_groups(run: str, groups: Sequence[int], *, limit: int = 16) -> list[tuple[int, ...]]:
    """Every reading of ``run`` as a row whose runs of identical neighbouring cells the website printed once
    and whose separators were then lost (``12012`` for 12,0,0,0,0,0,12; ``101`` for 1,0,0,0,0,0,1): each
    printed number stands for one or more equal cells, two printed neighbours differ (else they would have
    been one), and each group of ``groups`` cells ends with the sum of the others (as in
    :func:`split_sum_groups`). Whitespace that survived is a certain border between printed numbers. At
    most ``limit`` readings, in a stable order."""
    parsed = _chunks(run)
    if parsed is None:
        return []
    digits, boundaries = parsed
    if not digits or len(digits) > MAX_RUN:
        return []
    layout = [size for size in groups for _ in range(size)]
    cells_total = len(layout)
    found: list[tuple[int, ...]] = []
    steps = 0

    def walk(start: int, cell: int, prefix: list[int], group_sum: int, in_group: int) -> None:
        nonlocal steps
        if len(found) >= limit or steps > MAX_MERGED_STEPS:
            return
        steps += 1
        if cell == cells_total:
            if start == len(digits):
                found.append(tuple(prefix))
            return
        size = layout[cell]
        last = in_group == size - 1
        previous = prefix[-1] if prefix else None
        choices: list[tuple[int, int]] = []  # (value, digits it takes)
        if previous is not None:
            choices.append((previous, 0))  # the cell goes on the run printed before it
        for length in range(1, min(MAX_CELL_DIGITS, len(digits) - start) + 1):
            if not whole_piece(digits, boundaries, start, start + length):
                break
            value = int(digits[start : start + length])
            if value != previous:
                choices.append((value, length))
        for value, length in choices:
            if last and value != group_sum:
                continue
            prefix.append(value)
            walk(
                start + length,
                cell + 1,
                prefix,
                0 if last else group_sum + value,
                0 if last else in_group + 1,
            )
            prefix.pop()

    walk(0, 0, [], 0, 0)
    # Out of steps (a long run of digits, corrupt input): the readings found are not all there are, and
    # one of them alone would pass for the only reading. None is given.
    return [] if steps > MAX_MERGED_STEPS else found
