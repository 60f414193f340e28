"""Stage three of reading a report: the numbers as a constraint problem.

Each printed row may have several readings — a website that merges runs of identical neighbouring cells
prints ``8`` ``0`` ``8`` for 8,0,0,0,0,0,8 and a single ``0`` for a row of zeros. The readings of all rows
are checked against the format's arithmetic (R2 row totals, R3 results add up to 总计, R1 carry balance,
R4 review totals); the one that satisfies them is taken and the note names the rule that decided. When
several satisfy them, the cells on which they differ stay ``None`` and are listed in
``AnnualReport.ambiguous`` with their candidates; nothing is ever guessed.
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field

from gongkai.annual_report.formats.base import ProactiveRow
from gongkai.annual_report.model import AnnualReport
from gongkai.lib.numbers import (
    BLANK_MARKS,
    is_value_cell,
    parse_count,
    split_collapsed_groups,
    split_sum_groups,
    unit_borders,
)

Number = int | float | None
Reading = tuple[Number, ...]

# Beyond this many combinations of row readings the column rules are not tried (cells stay ambiguous).
MAX_COMBINATIONS = 4096
# At most this many numbers of one row may be broken over two lines.
MAX_BROKEN = 3


def expansions(values: Sequence[Number], width: int) -> list[Reading]:
    """Every way ``values`` fill ``width`` cells when each printed value stands for a run of one or more
    identical neighbouring cells (in order). ``values`` as printed when it already has ``width`` cells."""
    count = len(values)
    if count == width:
        return [tuple(values)]
    if not 0 < count < width:
        return []
    readings = []
    for cuts in itertools.combinations(range(1, width), count - 1):
        bounds = (0, *cuts, width)
        cells: list[Number] = []
        for value, start, end in zip(values, bounds, bounds[1:], strict=False):
            cells.extend([value] * (end - start))
        readings.append(tuple(cells))
    return readings


def merged_tokens(tokens: Sequence[str], width: int) -> list[tuple[str, ...]]:
    """Every way adjacent printed tokens join into ``width`` numbers: a number broken over two lines
    (``3`` / ``47`` = 347). Only digit tokens join."""
    count = len(tokens)
    if count <= width:
        return [tuple(tokens)] if count == width else []
    if count - width > MAX_BROKEN:
        return []  # not a row with a few broken numbers: refuse rather than try millions of joins
    joined = []
    for cuts in itertools.combinations(range(1, count), width - 1):
        bounds = (0, *cuts, count)
        parts = [tokens[start:end] for start, end in itertools.pairwise(bounds)]
        # Digits join digits; the last piece may carry the decimals or a unit (``77`` / ``30.28``, ``4`` / ``2件``).
        if all(
            len(part) == 1
            or (
                all(re.fullmatch(r"\d+(?:\.\d*)?", token) for token in part[:-1])
                and part[-1][:1].isdigit()
                and is_value_cell("".join(part))
            )
            for part in parts
        ):
            joined.append(tuple("".join(part) for part in parts))
    return joined


# A glued row's run up to a break inside its last number: counts (with their units) and signs, then digits.
_GLUED_HEAD = re.compile(r"(?=.*\d\Z)(?:\d++(?:万元|元|件|个|项|批)?|[+\-])++")


def mended(tokens: Sequence[str], breaks: Sequence[int]) -> list[list[str]]:
    """What a row printed over two lines may be: ``tokens`` are its values with those of the number-only
    line after it, which starts at ``breaks[0]``. Either a number was broken there (``41`` / ``19`` is
    4119: the two tokens joined) or the line is not part of the row (only the tokens before it). Both
    readings, joined first; the arithmetic or an ambiguity decides."""
    if not breaks or not 0 < breaks[0] < len(tokens):
        return [list(tokens)]
    cut = breaks[0]
    head, tail = tokens[cut - 1], tokens[cut]
    alternatives = [list(tokens[:cut])]
    # Digits join digits; the tail may carry the decimals or the unit (``77`` / ``30.28``, ``3380`` / ``0元``).
    # A glued run may be broken too, its last number going on on the next line: with units or signs before
    # the break (``147件1件0件14`` / ``8件``, ``3件0`` / ``8``, ``6-1`` / ``0``).
    joins = (
        (
            re.fullmatch(r"\d+(\.\d+)?", head)
            or _GLUED_HEAD.fullmatch(head)
            or (head[-1:].isdigit() and unit_borders(head) is not None)
        )
        and tail[:1].isdigit()
        and (is_value_cell(tail) or unit_borders(tail) is not None)
    )
    if joins and not ("." in head and "." in tail):
        alternatives.insert(0, [*tokens[: cut - 1], head + tail, *tokens[cut + 1 :]])
    return alternatives


def placements(values: Sequence[Number], width: int) -> list[Reading]:
    """Every way ``values`` sit in ``width`` cells, in order, the other cells blank (dropped by the
    extractor)."""
    return [
        tuple(values[spots.index(cell)] if cell in spots else None for cell in range(width))
        for spots in itertools.combinations(range(width), len(values))
    ]


def readings(tokens: Sequence[str], width: int, *, blanks_dropped: bool = False) -> list[Reading]:
    """The readings of a row of counts printed as ``tokens`` in a table of ``width`` columns: as printed,
    merged runs of identical cells expanded, numbers broken over lines joined, and — where the extractor
    drops blank cells (text layers of PDFs, space-aligned text) — the numbers placed among blanks."""
    counts = [parse_count(token) for token in tokens]
    if len(tokens) > width:
        # All of them (at most MAX_BROKEN joins keep them few): a share listed would agree on cells by chance.
        joined = merged_tokens(tokens, width)
        return [tuple(parse_count(token) for token in reading) for reading in joined]
    # A single run with as many digits as cells is a glued row, not one number repeated (``1000001``).
    found = glued(tokens, width)
    if not found and not any(
        count is None and token.strip() not in BLANK_MARKS
        for token, count in zip(tokens, counts, strict=True)
    ):
        # A run of digits too long for a count, or glued with units (``2101件20103``), is no cell's value: it
        # cannot stand for a run of cells (as an unknown it would let any reading pass the arithmetic).
        found = expansions(counts, width)
    numbers = all(
        count is not None or token.strip() in BLANK_MARKS for token, count in zip(tokens, counts, strict=True)
    )
    if blanks_dropped and len(tokens) < width and numbers:
        # Only numbers are placed among blanks: a glued run (``1件0件1件``) is no cell's value, and as an
        # unknown it would make an all-blank reading that fits any arithmetic.
        found += placements(counts, width)
    return found


def glued_lines(tokens: Sequence[str], width: int) -> list[Reading]:
    """A row glued into runs of digits over several lines (``25380363300`` / ``630003``): each line break
    a border between cells or a number broken there, cut like one glued run (:func:`glued`)."""
    if len(tokens) < 2 or unit_borders("".join(tokens)) is None:
        return []
    # Not read as merged runs too: the line breaks would then be borders between runs as well as breaks
    # inside a number, which lets any row of a few numbers pass.
    return glued(["".join(tokens)], width, merged=False)


def groups_of(width: int) -> list[int]:
    """The groups whose last cell is their total: a row of 三 is one group, the row of 四 three of five."""
    return [5] * (width // 5) if width % 5 == 0 and width > 5 else [width]


def glued(tokens: Sequence[str], width: int, *, merged: bool = True) -> list[Reading]:
    """A row printed as one run of digits (``1000001``: the separators lost; ``10件000件01`` with units,
    each unit a border after its cell) cut into ``width`` cells whose
    groups add up to their totals — the row (R2) for 三, each group of five (R4) for 四. Only a whole row
    glued into one token; nothing for a number on its own."""
    run = unit_borders(tokens[0]) if len(tokens) == 1 else None
    if run is None or width < 2:
        return []
    if len(run.replace(" ", "")) < width:
        # Fewer digits than cells: only a row whose runs of identical cells were merged.
        return complete(split_collapsed_groups(run, groups_of(width), limit=GLUED_READINGS)) if merged else []
    groups = groups_of(width)
    # When no cut adds up (the report's own error), every cut is a reading: none will fit, and the cells
    # are left null with the values they may hold — never the literal run.
    # A glued row whose runs of identical cells were printed once as well (``1件0件1件`` for 1,0,0,0,0,0,1):
    # read so only when no cut of the row in full adds up.
    found = (
        complete(split_sum_groups(run, groups, limit=GLUED_READINGS))
        or (complete(split_collapsed_groups(run, groups, limit=GLUED_READINGS)) if merged else [])
        or split_sum_groups(run, [width], with_totals=False, limit=64)
    )
    return list(found)


# At most this many cuts of a glued run that add up are listed (a row of 四 may have over a hundred).
GLUED_READINGS = 512


def complete(cuts: list[tuple[int, ...]]) -> list[Reading]:
    """``cuts`` when they are all there are; none when the limit cut them short — the readings listed would
    agree on cells by chance, and a cell they agree on would be read as sure."""
    return [] if len(cuts) >= GLUED_READINGS else list(cuts)


_UNITS = r"(?:个|件|项|批|条|次|人次|份|家|宗|起|万元|元)?"
_PIECE = {
    # A count: no leading zero; a signed change; an amount with decimals (and its unit, for printed text).
    "count": re.compile(r"(?:0|[1-9]\d*)" + _UNITS),
    "signed": re.compile(r"(?:增加|增|减少|减)?[+-]?(?:0|[1-9]\d*)" + _UNITS),
    "decimal": re.compile(r"(?:0|[1-9]\d*)(?:\.\d+)?" + _UNITS),
}


def column_kinds(row: ProactiveRow) -> list[str]:
    """The kind of each column of a row of 二, as :func:`glued_pieces` takes them: money printed as text
    and amounts with decimals are ``decimal``, 本年增/减 ``signed``, the rest ``count``."""
    return [
        "signed"
        if key in row.signed_columns
        else "decimal"
        if key in row.decimal_columns or key in row.text_columns
        else "count"
        for key in (column.key for column in row.columns)
    ]


def glued_pieces(run: str, kinds: Sequence[str], *, limit: int = 200) -> list[tuple[str, ...]]:
    """Every way ``run`` (a row of 二 whose separators were lost: ``6-10``, ``633800元``) is cut into one
    piece per column, each piece a whole value of its column's kind (``count``, ``signed`` or
    ``decimal``); whitespace that survived is a certain boundary. At most ``limit`` cuts."""
    chunks = run.split()
    found: list[tuple[str, ...]] = []

    def walk(chunk: int, start: int, cell: int, pieces: list[str]) -> None:
        if len(found) >= limit:
            return
        if chunk == len(chunks):
            if cell == len(kinds):
                found.append(tuple(pieces))
            return
        text = chunks[chunk]
        if cell == len(kinds):
            return
        if start == 0 and text in BLANK_MARKS:
            walk(chunk + 1, 0, cell + 1, [*pieces, text])  # a blank cell as printed (``/``)
            return
        pattern = _PIECE[kinds[cell]]
        for end in range(start + 1, len(text) + 1):
            if pattern.fullmatch(text, start, end):
                if end == len(text):
                    walk(chunk + 1, 0, cell + 1, [*pieces, text[start:end]])
                else:
                    walk(chunk, end, cell + 1, [*pieces, text[start:end]])

    walk(0, 0, 0, [])
    return found


def merged_pieces(run: str, kinds: Sequence[str]) -> list[tuple[str, ...]]:
    """Every reading of ``run`` as a row of 二 whose runs of identical neighbouring cells were printed once,
    then glued (``05`` for 0, 5, 5; ``4件16件`` for 4, 4, 16): cut into fewer pieces than cells, neighbours
    differing, each piece standing for a run of cells and a whole value of every column it fills."""
    found: list[tuple[str, ...]] = []
    for pieces in range(1, len(kinds)):
        for spread in expansions(list(range(pieces)), len(kinds)):
            first = [kinds[spread.index(piece)] for piece in range(pieces)]
            for cut in glued_pieces(run, first):
                cells = tuple(cut[int(piece or 0)] for piece in spread)
                if all(a != b for a, b in itertools.pairwise(cut)) and all(
                    cell in BLANK_MARKS or _PIECE[kind].fullmatch(cell)
                    for cell, kind in zip(cells, kinds, strict=True)
                ):
                    found.append(cells)
    return list(dict.fromkeys(found))


def as_counts(cells: Reading) -> tuple[int | None, ...]:
    """The cells of a reading of counts (sections 三 and 四 hold whole numbers, never negative: a ``-1``
    there is a change word or a dash, not a count)."""
    return tuple(cell if isinstance(cell, int) and cell >= 0 else None for cell in cells)


def adds_up(cells: Sequence[Number]) -> bool:
    """R2/R4 for one group: the parts add up to the last cell (the total); blanks make it unknowable."""
    if any(cell is None for cell in cells):
        return True
    return sum(cells[:-1]) == cells[-1]  # type: ignore[arg-type]


@dataclass
class Decision:
    """The cells decided for each row, the cells left ambiguous (row → column index → candidates), and
    notes saying which rule decided or that none could."""

    cells: dict[str, Reading] = field(default_factory=dict)
    ambiguous: dict[str, dict[int, tuple[Number, ...]]] = field(default_factory=dict)
    notes: list[str] = field(default_factory=list)


def merge(readings: Iterable[Reading]) -> tuple[Reading, dict[int, tuple[Number, ...]]]:
    """The cells on which ``readings`` agree; ``None`` and the distinct candidates where they differ."""
    readings = list(readings)
    merged: list[Number] = []
    ambiguous: dict[int, tuple[Number, ...]] = {}
    for index, column in enumerate(zip(*readings, strict=True)):
        if len(set(column)) == 1:
            merged.append(column[0])
        else:
            # A blank (None) among the candidates: the cell may be blank as printed.
            blank: tuple[Number, ...] = (None,) if None in column else ()
            merged.append(None)
            ambiguous[index] = (*sorted({value for value in column if value is not None}), *blank)
    return tuple(merged), ambiguous


def shown(values: Sequence[Number]) -> str:
    return "/".join("空" if value is None else str(value) for value in values)


def solve_applications(
    options: dict[str, list[Reading]],
    labels: dict[str, str],
    results: set[str],
    short: set[str],
) -> Decision:
    """One reading per row of section 三, decided by R2 per row, then R3 and R1 per column.

    ``short`` rows printed fewer values than cells; their ``options`` are the expansions of merged runs.
    A printed row of seven cells has one reading, kept even if it breaks a rule (the report's own error).
    """
    decision = Decision()
    open_rows: dict[str, list[Reading]] = {}
    width = next((len(readings[0]) for readings in options.values() if readings), 7)
    for key, readings in options.items():
        if key not in short:
            decision.cells[key] = readings[0]
            continue
        if not readings:
            # Too many numbers to be this row broken over lines: nothing is placed.
            decision.cells[key] = (None,) * width
            decision.notes.append(f"三、{labels[key]}：印出的数无法读成{width}格，整行记为空")
            continue
        fitting = [reading for reading in readings if adds_up(reading)]
        if len(fitting) == 1:
            decision.cells[key] = fitting[0]
            if len(readings) == 1 or not any(fitting[0]):
                continue
            decision.notes.append(
                f"三、{labels[key]}：印出的数少于7格（相同的相邻格被合并），按R2（六类申请人之和等于总计）"
                f"唯一读作 {shown(fitting[0])}"
            )
        elif fitting:
            open_rows[key] = fitting
        else:
            # No expansion adds up: the website dropped blank cells too, so which cells the printed
            # numbers belong to is unknown. Nothing is placed; each cell may be blank or a printed value.
            printed = sorted({value for reading in readings for value in reading if value is not None})
            decision.cells[key] = (None,) * len(readings[0])
            decision.ambiguous[key] = {index: (*printed, None) for index in range(len(readings[0]))}
            decision.notes.append(
                f"三、{labels[key]}：只印出{'、'.join(map(str, printed))}，没有一种合并读法满足R2"
                "（六类申请人之和等于总计），无法确定数字属于哪几格，整行记为空"
            )
    if not open_rows:
        distrust_unbalanced(decision, options, results, labels)
        return decision
    keys = list(open_rows)
    combinations = 1
    for key in keys:
        combinations *= len(open_rows[key])
    winners: list[dict[str, Reading]] = []
    if combinations <= MAX_COMBINATIONS:
        scored = []
        for picks in itertools.product(*(open_rows[key] for key in keys)):
            trial = {**decision.cells, **dict(zip(keys, picks, strict=True))}
            scored.append((column_violations(trial, results), trial))
        least = min(score for score, _ in scored)
        winners = [trial for score, trial in scored if score == least]
    for key in keys:
        candidates = [trial[key] for trial in winners] or open_rows[key]
        cells, ambiguous = merge(candidates)
        decision.cells[key] = cells
        if ambiguous:
            decision.ambiguous[key] = ambiguous
            decision.notes.append(
                f"三、{labels[key]}：印出的数有{len(set(candidates))}种读法都满足列的勾稽关系"
                f"（{'、'.join(shown(c) for c in sorted(set(candidates), key=str)[:4])}），不确定的格记为空"
            )
        elif len(open_rows[key]) > 1:
            decision.notes.append(
                f"三、{labels[key]}：印出的数少于7格，按列的勾稽关系（R3 各项之和等于总计、R1 结转平衡）"
                f"唯一读作 {shown(cells)}"
            )
    distrust_unbalanced(decision, options, results, labels)
    return decision


BALANCE = ("new_received", "carried_over", "total_processed", "carried_forward")  # R1: 一 + 二 = 总计 + 四


def broken_equations(rows: dict[str, Reading], results: set[str]) -> Iterator[tuple[int, tuple[str, ...]]]:
    """Each column equation the rows break — R3 (the results add up to (七)总计) and R1 — as the column and
    the rows of the equation."""
    width = len(next(iter(rows.values()))) if rows else 0
    for column in range(width):
        values = {key: cells[column] for key, cells in rows.items()}
        total = values.get("total_processed")
        parts = [values[key] for key in results if key in values]
        if total is not None and None not in parts and sum(parts) != total:  # type: ignore[arg-type]
            yield column, (*results, "total_processed")
        four = [values.get(key) for key in BALANCE]
        if None not in four and four[0] + four[1] != four[2] + four[3]:  # type: ignore[operator]
            yield column, BALANCE


def failing_columns(rows: dict[str, Reading], results: set[str]) -> dict[int, set[str]]:
    """Per column, the rows of the R3 or R1 equations it breaks."""
    failing: dict[int, set[str]] = {}
    for column, keys in broken_equations(rows, results):
        failing.setdefault(column, set()).update(keys)
    return failing


def distrust_unbalanced(
    decision: Decision, options: dict[str, list[Reading]], results: set[str], labels: dict[str, str]
) -> None:
    """A merged row read by R2 alone is only trusted where the columns balance too: where R3 or R1 fails,
    its cells that other readings would fill differently become null and ambiguous — the report's own
    error may have made a wrong reading add up."""
    for column, keys in failing_columns(decision.cells, results).items():
        for key in keys:
            readings = options.get(key, [])
            values = {reading[column] for reading in readings}
            if len(values) < 2 or decision.cells[key][column] is None:
                continue
            cells = list(decision.cells[key])
            cells[column] = None
            decision.cells[key] = tuple(cells)
            blank: tuple[Number, ...] = (None,) if None in values else ()
            decision.ambiguous.setdefault(key, {})[column] = (
                *sorted(v for v in values if v is not None),
                *blank,
            )
            decision.notes.append(
                f"三、{labels[key]}：按R2读出的合并格与列的勾稽关系（R3/R1）不符，第{column + 1}列记为空"
            )


def column_violations(rows: dict[str, Reading], results: set[str]) -> int:
    """How many column equations R3 (results add up to (七)总计) and R1 (一+二 = 总计+四) break."""
    return sum(1 for _ in broken_equations(rows, results))


def solve_groups(
    readings: list[Reading], size: int, stated: dict[str, int] | None = None
) -> tuple[Reading, dict[int, tuple[Number, ...]], str]:
    """Section 四 printed with fewer or more numbers than its fifteen cells: the readings whose groups of
    ``size`` add up to their total (R4) decide; cells they disagree on are null and ambiguous. ``stated``
    holds the case counts the overview's prose gives (R7: ``行政复议``, ``行政诉讼``); they may choose
    between readings the arithmetic leaves open."""
    fitting = [
        reading
        for reading in readings
        if all(adds_up(reading[start : start + size]) for start in range(0, len(reading), size))
    ]
    prose = ""
    if len(set(fitting)) > 1 and stated:
        told = [reading for reading in set(fitting) if tells(reading, size, stated)]
        if told:
            # The arithmetic leaves several readings; the overview's counts narrow them (R7).
            prose = (
                "按一、总体情况所述（"
                + "、".join(f"{what}{count}件" for what, count in stated.items())
                + "，R7）"
            )
            if len(told) == 1:
                return told[0], {}, f"有{len(set(fitting))}种读法满足R4，{prose}唯一读作 {shown(told[0])}"
            fitting = sorted(told, key=str)
    if not fitting:
        printed = sorted({value for reading in readings for value in reading if value is not None})
        width = len(readings[0]) if readings else 0
        return (
            (None,) * width,
            {index: (*printed, None) for index in range(width)},
            "没有一种读法满足R4（各组结果之和等于总计），无法确定数字属于哪几格，记为空",
        )
    cells, ambiguous = merge(fitting)
    if ambiguous:
        return (
            cells,
            ambiguous,
            f"有{len(fitting)}种读法都满足R4（各组结果之和等于总计）{prose}，不确定的格记为空",
        )
    if len(readings) > 1 and any(value != 0 for value in cells):
        return cells, {}, f"印出的数不是15个，按R4（各组结果之和等于总计）唯一读作 {shown(cells)}"
    return cells, {}, ""


def tells(reading: Reading, size: int, stated: dict[str, int]) -> bool:
    """The reading's 复议 total and 诉讼 totals (both kinds) are the counts the prose states."""
    totals = [reading[start + size - 1] for start in range(0, len(reading), size)]
    if "行政复议" in stated and totals[0] != stated["行政复议"]:
        return False
    litigation = totals[1:]
    return "行政诉讼" not in stated or (
        None not in litigation and sum(litigation) == stated["行政诉讼"]  # type: ignore[arg-type]
    )


def decide_by_last_year(report: AnnualReport, previous: AnnualReport | None) -> None:
    """Settle ambiguous cells of 二 with last year's report: where documents are a stock (现行有效 =
    上年现行有效 + 本年制发 − 本年废止, rule R9), the one reading of a row that balances is taken and the
    note says R9 decided; otherwise the cells stay ambiguous."""
    if previous is None or previous.format != report.format:
        return
    if report.year is not None and previous.year is not None and previous.year != report.year - 1:
        return
    columns = ("issued", "repealed", "in_force")
    for row, cells in report.proactive.items():
        paths = [f"proactive.{row}.{column}" for column in columns]
        if not any(path in report.ambiguous for path in paths) or not all(
            column in cells for column in columns
        ):
            continue
        base = previous.proactive.get(row, {}).get("in_force")
        options = [
            report.ambiguous.get(path, (cells[column],)) for path, column in zip(paths, columns, strict=True)
        ]
        counts = [tuple(value for value in option if isinstance(value, int)) for option in options]
        if not isinstance(base, int) or [len(option) for option in counts] != [
            len(option) for option in options
        ]:
            continue
        balanced = [
            (issued, repealed, in_force)
            for issued, repealed, in_force in itertools.product(*counts)
            if base + issued - repealed == in_force
        ]
        if len(balanced) != 1:
            continue
        for path, column, value in zip(paths, columns, balanced[0], strict=True):
            cells[column] = value
            report.ambiguous.pop(path, None)
        label = next((item.label for item in report.report_format.proactive_rows if item.key == row), row)
        report.notes.append(
            f"二、{label}：印出的数有多种读法，按R9（上年现行有效{base}+本年制发−本年废止=现行有效）唯一读作 "
            f"{shown(balanced[0])}"
        )
