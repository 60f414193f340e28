"""Flattened web text: tables crawled into one line, each row's cell digits glued to its label.

``一、本年新收政府信息公开申请数量640020470二、上年结转…`` — the digits ``640020470`` are seven cells
whose separators were lost. Labels are found by the format's verbatim text; the digits between two
labels are cut into cells by the column arithmetic (six applicant columns add up to 总计; in 四 each
总计 is the sum of its four results). When more than one cut fits, the rows' column sums (R1, R3)
choose; a cut that stays ambiguous is said so in the report's notes.
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Sequence

from gongkai.annual_report.formats import (
    APPLICANT_KEYS,
    REVIEW_KEYS,
    ApplicationRow,
    ProactiveRow,
    ReportFormat,
)
from gongkai.annual_report.formats.common import DENIED, NOT_PROCESSED, RESULTS, UNABLE
from gongkai.annual_report.model import AnnualReport, empty_report
from gongkai.lib.cjk import label_pattern
from gongkai.lib.numbers import cell_values, parse_number, split_collapsed_groups, split_sum_groups
from gongkai.reports.parse import meta, solve
from gongkai.reports.parse.assemble import glued_cells, place_readings, use_rows
from gongkai.reports.parse.base import PAGE_FOOTER, CannotRead
from gongkai.reports.parse.text import page_numbers_dropped

_FIRST_ROW = re.compile(label_pattern("本年新收政府信息公开申请数量") + r"\s*\d[\d ]{5,}\d")


def is_flattened(text: str) -> bool:
    """The first row's digits are glued (fewer than seven separate numbers): text with its cells
    separated by spaces is read as rows of cells instead."""
    match = _FIRST_ROW.search(text)
    if match is None:
        return False
    run = re.search(r"\d[\d ]*$", match.group(0))
    tokens = run.group(0).split() if run else []
    # Seven cells glued leave a long digit run; ``8 0 8`` is a spaced row whose equal cells were merged.
    return 0 < len(tokens) < 7 and sum(map(len, tokens)) >= 7 and max(map(len, tokens)) >= 5


def _find(pattern: str, text: str, start: int = 0) -> re.Match[str] | None:
    return re.compile(pattern).search(text, start)


def build(text: str, layout: str = "flat-text", source: str | None = None) -> AnnualReport:
    # Page furniture first: a page number between a row's digits and the next label would be read as
    # more digits of the row (``2293`` / ``\f`` / ``6``).
    text = "\n".join(line for line in page_numbers_dropped(text) if not PAGE_FOOTER.fullmatch(line))
    agency, year = meta.title(text)
    positions = meta.heading_positions(text)
    two = meta.section_text(text, positions, "二") or ""
    report_format = meta.detect_format(two or text, year)
    report = empty_report(report_format, agency, year)
    report.layout = layout
    report.source = source
    report.sections = meta.sections(text)
    report.period = meta.period(text)
    report.published_on = meta.published_on(text)
    report.layout_issues = meta.layout_issues(two, report_format)
    read_proactive(report, report_format, two)
    three = meta.section_text(text, positions, "三")
    if three is None:
        first = _FIRST_ROW.search(text)
        if first is None:
            raise CannotRead("未找到“三、收到和处理政府信息公开申请情况”表格")
        three = text[first.start() :]
    read_applications(report, report_format, three)
    four = meta.section_text(text, positions, "四")
    if four is not None:
        read_reviews(report, four)
    else:
        report.notes.append("四、政府信息公开行政复议、行政诉讼情况：未找到该部分，数值记为空")
    return report


def _value_text(between: str) -> str:
    """The leading value text of the text between a label and the next marker: digits and the spaces,
    signs, decimal points, units, change words and blank marks that survived (``6-10``, ``633800元``,
    ``22 / 235``)."""
    match = re.match(r"(?:[\s\d.+\-/／]|增加|增|减少|减|万元|元|件|个|项|批)*", between)
    return match.group(0).strip() if match else ""


def read_proactive(report: AnnualReport, report_format: ReportFormat, two: str) -> None:
    labels: list[tuple[str, ProactiveRow | None]] = []
    for row in report_format.proactive_rows:
        labels.extend((label, row) for label in row.labels)
    for item in report_format.proactive:
        labels.append((item.label, None))
        labels.extend((column.label, None) for column in item.columns)
    labels.append(("信息内容", None))
    labels.sort(key=lambda pair: -len(pair[0]))
    combined = re.compile("|".join(f"({label_pattern(label)})" for label, _ in labels))
    matches = list(combined.finditer(two))
    seen: set[str] = set()
    for index, match in enumerate(matches):
        _label, found = labels[match.lastindex - 1] if match.lastindex else ("", None)
        if found is None or found.key in seen:
            continue
        row = found
        seen.add(row.key)
        end = matches[index + 1].start() if index + 1 < len(matches) else len(two)
        run = _value_text(two[match.end() : end])
        place_run(report, row, run)
    for row in report_format.proactive_rows:
        if row.key not in seen:
            report.notes.append(f"二、主动公开政府信息情况：未找到“{row.label}”行，数值记为空")


def place_run(report: AnnualReport, row: ProactiveRow, run: str) -> None:
    columns = [column.key for column in row.columns]
    if not run:
        report.notes.append(f"二、{row.label}：未印出数值，记为空")
        return
    if len(columns) == 1:
        report.proactive[row.key][columns[0]] = parse_number(run.replace(" ", ""))
        return
    # Glued cuts of the row in full and of its merged runs alike (section 二 has no arithmetic to prefer
    # one): a run such as ``416`` is 4,1,6 or 4,4,16.
    candidates = list(
        dict.fromkeys(cut for variant in line_joins(run) for cut in glued_cells([variant], row))
    )
    if not candidates:
        report.notes.append(f"二、{row.label}：数字“{run}”无法拆分为{len(columns)}个数，记为空")
        return
    shown = "、".join("/".join(cut) for cut in candidates[:6])
    more = "…" if len(candidates) > 6 else ""
    place_readings(report, row, candidates, f"数字“{run}”的拆分不唯一（{shown}{more}），请核对原件")


# At most this many line breaks inside one row's run are tried joined (2 ** breaks variants).
MAX_BREAKS = 4


def line_joins(run: str) -> list[str]:
    """``run`` with each line break between digits kept as a cell border or joined (a number broken over
    lines: ``612`` / ``9`` may be 6,1,29): every variant, as printed first."""
    parts = re.split(r"(?<=\d)[ \t]*\n\s*(?=\d)", run)
    if len(parts) == 1 or len(parts) - 1 > MAX_BREAKS:
        return [run]
    variants = []
    for joins in itertools.product((" ", ""), repeat=len(parts) - 1):
        variants.append(parts[0] + "".join(glue + part for glue, part in zip(joins, parts[1:], strict=True)))
    return variants


def _row_patterns(report_format: ReportFormat) -> list[tuple[str, str, str]]:
    """(key, label pattern, number-prefix pattern) for every row a report of the format may print."""
    result = []
    for row in report_format.known_rows:
        pattern = "|".join(label_pattern(label) for label in sorted(row.labels, key=len, reverse=True))
        number = label_pattern(row.number) if row.number else ""
        result.append((row.key, f"(?:{pattern})", number))
    return result


_COUNT_UNITS = "个|件|项|批|条|次|份|家|宗|起"
# At most this many cuts of a row are listed; a row with more is read cell by cell (see read_applications).
CUTS = 32


def read_applications(report: AnnualReport, report_format: ReportFormat, three: str) -> None:
    found: list[tuple[str, int, int, str]] = []  # key, start, end, number pattern
    cursor = 0
    for key, pattern, number in _row_patterns(report_format):
        match = _find(pattern, three, cursor)
        # A label with no number after it is no row printed here: a heading's characters printed one a
        # line (``（`` / ``六`` / ``）`` / ``其`` …) spell ``（六）其他处理``, an older layout's row, after the
        # table's last row — taken as a row, every row after the cursor would be lost.
        # Nor is a word of the column header printed again after a page break (``其他`` of the header, then
        # ``3.`` / ``其`` / ``他 1 0 1``): the digits after it are the row's own number, its label after them.
        while match is not None and (
            not re.match(r"\s*\d", three[match.end() :])
            or (number and re.match(rf"\s*{number}\s*{pattern}", three[match.end() :]))
        ):
            match = _find(pattern, three, match.end())
        if match is None:
            continue
        found.append((key, match.start(), match.end(), number))
        cursor = match.end()
    groups = "|".join(label_pattern(g) for g in (RESULTS, DENIED, UNABLE, NOT_PROCESSED))
    runs: dict[str, str] = {}
    for index, (key, _start, end, _number) in enumerate(found):
        stop = found[index + 1][1] if index + 1 < len(found) else len(three)
        between = three[end:stop]
        if index + 1 < len(found) and found[index + 1][3]:
            between = re.sub(rf"{found[index + 1][3]}\s*$", "", between)
        between = re.split(groups, between)[0] if groups else between
        # A count's unit ends its cell (``8010000件81``): a sure border, not the end of the row.
        run = re.match(rf"(?:[\s\d]|{_COUNT_UNITS})*", between)
        runs[key] = re.sub(_COUNT_UNITS, " ", run.group(0)).strip() if run else ""
    printed = [row for row in report_format.known_rows if runs.get(row.key)]
    if not printed:
        raise CannotRead("三、收到和处理政府信息公开申请情况：未找到任何数字行")
    use_rows(report, {row.key for row in printed})
    candidates: dict[str, list[solve.Reading]] = {}
    declared: dict[str, dict[int, tuple[int, ...]]] = {}  # rows read cell by cell: the undecided cells
    for row in printed:
        digits = runs[row.key]
        squashed = re.sub(r"\s+", "", digits)
        # A line break may be inside a number or a border (``2`` / ``70020130`` is 27,0,0,2,0,1,30, or by
        # chance 2,7,0,0,20,1,30): both are readings, the columns decide or the cells stay ambiguous.
        options = list(
            dict.fromkeys(
                cut for variant in line_joins(digits) for cut in split_sum_groups(variant, [7], limit=CUTS)
            )
        )
        if not options and squashed != digits:
            # No cut adds up with the line breaks as cell borders: a number broken over lines
            # (``21000002`` / ``1`` for 21,0,0,0,0,0,21) — the run read as one, its cuts checked by R2.
            options = split_sum_groups(squashed, [7], limit=CUTS)
        if not options:
            # A glued row whose runs of identical cells were printed once too (``64020470`` for
            # 64,0,0,2,0,4,70; ``201 5 0 206``): read so only when no cut of the row in full adds up. A
            # line break may be inside a number or a border (``9`` / ``5095`` is 95,0,…,95, or by chance
            # 9,9,9,9,9,50,95): both are readings.
            options = list(
                dict.fromkeys(
                    reading
                    for variant in line_joins(digits)
                    for reading in split_collapsed_groups(variant, [7], limit=CUTS)
                )
            )
        if options and len(options) < CUTS:
            candidates[row.key] = list(options)
            continue
        # No cut adds up (the row breaks R2 as printed: seven digits can only be seven one-digit cells),
        # or more cuts add up than are listed: the cells every cut of the run agrees on are read, the
        # others stay null and ambiguous between all the values they take — a few cuts listed would
        # agree on cells by chance (``12593601295``: every one listed began 1, 2, …).
        per_cell = cell_values(digits, 7)
        if options:
            # Too many merged readings to list: each cell may be any value of those listed.
            per_cell = [{option[cell] for option in options} for cell in range(7)]
        elif per_cell:
            report.notes.append(f"三、{row.label}：数字的任何拆分都不满足六列之和等于总计（R2）")
        if not per_cell:
            report.notes.append(
                f"三、{row.label}：数字“{runs[row.key]}”无法拆分为7个数（六列之和须等于总计），记为空"
            )
            continue
        candidates[row.key] = [tuple(next(iter(cell)) if len(cell) == 1 else None for cell in per_cell)]
        declared[row.key] = {
            cell: tuple(sorted(taken)) for cell, taken in enumerate(per_cell) if len(taken) > 1
        }
        if declared[row.key]:
            report.notes.append(f"三、{row.label}：数字“{digits}”有多种拆分，不确定的格记为空")
    chosen = _resolve(candidates, report, printed)
    for key, undecided in declared.items():
        for index, taken in undecided.items():
            report.ambiguous[f"applications.{key}.{APPLICANT_KEYS[index]}"] = taken
    for key, values in chosen.items():
        report.applications[key] = dict(zip(APPLICANT_KEYS, solve.as_counts(values), strict=True))
    for row in report_format.application_rows:
        if row.key in report.applications and row.key not in runs and row.key not in report.absent_rows:
            report.notes.append(f"三、{row.label}：未找到该行，记为空")


def _resolve(
    candidates: dict[str, list[solve.Reading]], report: AnnualReport, printed: Sequence[ApplicationRow]
) -> dict[str, solve.Reading]:
    """One cut per row: unique cuts as they are, ambiguous ones chosen by the column sums R1 and R3; cells
    the equally good cuts disagree on are null and listed as ambiguous."""
    labels = {row.key: row.label for row in printed}
    results = {row.key for row in printed if row.result}
    ambiguous = [key for key, options in candidates.items() if len(options) > 1]
    chosen: dict[str, solve.Reading] = {key: options[0] for key, options in candidates.items()}
    if not ambiguous:
        return chosen

    combos = 1
    for key in ambiguous:
        combos *= len(candidates[key])
    if combos <= 4096:
        scored = []
        for picks in itertools.product(*(candidates[key] for key in ambiguous)):
            trial = dict(chosen)
            trial.update(zip(ambiguous, picks, strict=True))
            scored.append((solve.column_violations(trial, results), trial))
        best_score = min(score for score, _ in scored)
        winners = [trial for score, trial in scored if score == best_score]
    else:
        winners = [{**chosen, key: option} for key in ambiguous for option in candidates[key]]
    for key in ambiguous:
        shown = "、".join("/".join(map(str, option)) for option in candidates[key][:4])
        cells, undecided = solve.merge({trial[key] for trial in winners} or set(candidates[key]))
        chosen[key] = cells
        if undecided:
            # Several cuts satisfy the arithmetic equally: the cells they disagree on are not guessed.
            for index, values in undecided.items():
                report.ambiguous[f"applications.{key}.{APPLICANT_KEYS[index]}"] = values
            report.notes.append(f"三、{labels[key]}：数字的拆分不唯一（{shown}），不确定的格记为空")
        else:
            report.notes.append(f"三、{labels[key]}：数字有多种拆分（{shown}），按列的勾稽关系取唯一一致者")
    return chosen


def read_reviews(report: AnnualReport, four: str) -> None:
    # The numbers follow the header's last 总计 — of the header printed before them: the table's header
    # printed again after a page break may follow the row.
    run = ""
    for header in reversed([0, *(match.end() for match in re.finditer(label_pattern("总计"), four))]):
        run_match = re.match(rf"(?:[\s\d]|{_COUNT_UNITS})*", four[header:])
        run = re.sub(_COUNT_UNITS, " ", run_match.group(0)).strip() if run_match else ""
        if run:
            break
    if not run:
        report.notes.append("四、政府信息公开行政复议、行政诉讼情况：未找到数字，记为空")
        return
    options = split_sum_groups(run, [5, 5, 5], limit=CUTS)
    # More cuts than are listed: the few listed would agree on cells by chance (see read_applications).
    truncated = len(options) >= CUTS
    if not options:
        # A line break inside a number (``11`` / ``00 24001510 102``): each break joined or a border.
        cuts = [split_sum_groups(variant, [5, 5, 5], limit=CUTS) for variant in line_joins(run)[1:]]
        truncated = any(len(found) >= CUTS for found in cuts)
        options = list(dict.fromkeys(cut for found in cuts for cut in found))
    if not options:
        # Runs of identical cells printed once (``1 0 2 0 3 1`` / ``2 0 12 0`` for 1,0,2,0,3 12,0,0,0,12
        # 0,0,0,0,0), a line break inside a number or a border: read so only when no cut of the row in full
        # adds up. Readings cut short by the limit would agree on cells by chance: none are taken then.
        merged = [split_collapsed_groups(variant, [5, 5, 5], limit=CUTS) for variant in line_joins(run)]
        if all(len(readings) < CUTS for readings in merged):
            options = list(dict.fromkeys(reading for readings in merged for reading in readings))
    if not options:
        # No cut adds up (R4): the report's own error. The cuts that fill fifteen cells are the readings;
        # the cells they disagree on stay null and ambiguous.
        options = split_sum_groups(run, [15], with_totals=False, limit=CUTS)
        truncated = len(options) >= CUTS
        if options:
            report.notes.append("四：数字的任何拆分都不满足R4（各组结果之和等于总计）")
    if not options and len(run.split()) > 15:
        # More numbers than cells: numbers broken over lines (``1`` / ``0`` for 10), each way of joining
        # neighbours a reading; R4 decides where it can, otherwise the cells they disagree on are ambiguous.
        joined = [tuple(int(token) for token in tokens) for tokens in solve.merged_tokens(run.split(), 15)]
        fitting = [
            cells for cells in joined if all(solve.adds_up(cells[start : start + 5]) for start in (0, 5, 10))
        ]
        options = list(dict.fromkeys(fitting or joined))
        if options and not fitting:
            report.notes.append("四：数字断行，任何读法都不满足R4（各组结果之和等于总计）")
    if not options:
        report.notes.append(f"四：数字“{run}”无法拆分为15个数，记为空")
        return
    cells, undecided = solve.merge(options)
    if truncated:
        # Every value each cell takes in some cut of the run (R4 aside): a cell is read only where all agree.
        per_cell: list[set[int]] = [set() for _ in range(15)]
        for variant in line_joins(run):
            for cell, taken in zip(per_cell, cell_values(variant, 15) or [], strict=False):
                cell.update(taken)
        cells = tuple(next(iter(cell)) if len(cell) == 1 else None for cell in per_cell)
        undecided = {index: tuple(sorted(cell)) for index, cell in enumerate(per_cell) if len(cell) != 1}
    if undecided:
        shown = "；".join(",".join(map(str, o)) for o in options[:3])
        report.notes.append(f"四：数字“{run}”的拆分不唯一（{shown}），不确定的格记为空")
    for number, group in enumerate(report.report_format.review_groups):
        report.reviews[group.key] = dict(
            zip(REVIEW_KEYS, solve.as_counts(cells[number * 5 : number * 5 + 5]), strict=True)
        )
    for index, values in undecided.items():
        group = report.report_format.review_groups[index // 5]
        report.ambiguous[f"reviews.{group.key}.{REVIEW_KEYS[index % 5]}"] = values
