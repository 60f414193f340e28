"""From a :class:`Document` (lines of cells) to an :class:`AnnualReport`, the same for every layout.

Section 三 rows are found by aligning the number rows printed in the document with the rows of the
format, in order, scoring each pair by how much of the printed label belongs to the format's label.
Unlabelled number rows (PDF extractors detach labels) are placed by position between labelled ones.
"""

from __future__ import annotations

import itertools
import math
import re
import statistics
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from functools import cache, lru_cache

from gongkai.annual_report.formats import (
    APPLICANT_KEYS,
    REVIEW_KEYS,
    ApplicationRow,
    ProactiveRow,
    ReportFormat,
)
from gongkai.annual_report.formats.common import (
    APPLICANT_COLUMNS,
    APPLICANT_HEADER,
    APPLICATION_HEADER,
    ORGANISATION_HEADER,
)
from gongkai.annual_report.model import AnnualReport, empty_report
from gongkai.lib.cjk import containment, label_key
from gongkai.lib.numbers import (
    clean_cell,
    is_blank,
    is_value_cell,
    parse_count,
    parse_number,
)
from gongkai.reports.parse import meta, solve
from gongkai.reports.parse.base import PAGE_FOOTER, CannotRead, Document, Line

# Whether printed value cells may be a row of so many cells (see split_stream).
Fits = Callable[[tuple[str, ...], int], bool]


@dataclass
class NumberRow:
    label: str
    values: list[str]
    where: str  # "第3页" / "第12行" — for notes and cannot-read reasons
    xs: list[float | None] | None = None  # horizontal centres of the values (PDF text layers)
    spans: list[int] | None = None  # colspans of the values (HTML)
    breaks: tuple[int, ...] = ()  # where a following number-only line was kept with the row (in values)
    alternatives: tuple[tuple[str, ...], ...] = ()  # other cuts of a detached stream (see split_stream)


def split_line(line: Line) -> tuple[str, list[str]]:
    """A line's label (its leading text cells joined) and its value cells (numbers and blanks after it)."""
    cells = line.cells
    last_text = -1
    for index, cell in enumerate(cells):
        if cell.strip() and not is_value_cell(cell):
            last_text = index
    label = " ".join(cell.strip() for cell in cells[: last_text + 1] if cell.strip())
    return label, [cell for cell in cells[last_text + 1 :]]


def where(line: Line, index: int) -> str:
    return f"第{line.page}页" if line.page else f"第{index + 1}行"


def line_section(line: Line) -> str | None:
    """The section a heading line opens (一 … 六), or None for any other line."""
    text = "".join(line.cells).strip()
    if len(text) > 60:
        return None
    for name, pattern in meta.HEADINGS.items():
        if pattern.match(text):
            return name
    return None


def build(document: Document, source: str | None = None) -> AnnualReport:
    """The report read from ``document``; raises :class:`CannotRead` when no table of 三 is found."""
    agency, year = meta.title(document.text)
    by_section: dict[str, list[tuple[int, Line]]] = {}
    current = ""
    for index, line in enumerate(document.lines):
        opened = line_section(line)
        if opened:
            current = opened
            continue
        by_section.setdefault(current, []).append((index, line))
    section_two = " ".join(" ".join(line.cells) for _, line in by_section.get("二", ()))
    report_format = meta.detect_format(section_two or document.text, year)
    report = empty_report(report_format, agency, year)
    report.layout = document.layout
    report.source = source
    report.notes.extend(document.notes)
    report.layout_issues = meta.layout_issues(section_two, report_format)
    report.sections = meta.sections(document.text)
    report.period = meta.period(document.text)
    report.published_on = document.published_on or meta.published_on(document.text)

    collapsed = document.collapsed_runs
    widths = {
        label_key(label): len(row.columns) for row in report_format.proactive_rows for label in row.labels
    }
    keys = {label_key(label): row.key for row in report_format.proactive_rows for label in row.labels}
    row_keys = [label_key(label) for row in report_format.known_rows for label in row.labels]
    # The header of each item's table in 二 (``第二十条第（一）项``) with its rows' labels.
    items = {
        label_key(item.label): frozenset(label_key(label) for row in item.rows for label in row.labels)
        for item in report_format.proactive
    }
    known = {
        "二": lambda label: label_key(label) in widths or label_key(label) in items,
        "三": lambda label: names_row(label_key(label), row_keys),
    }
    # Which labels take a detached number row: in 二 a row's label (its width), in 三 a label naming a row.
    row_width: dict[str, Callable[[str], int | None]] = {
        "二": lambda label: widths.get(label_key(label)),
        "三": lambda label: 7 if known["三"](label) else None,
    }
    # Crawled text whose label columns were printed first: each table's stream of numbers cut into rows.
    streams: dict[str, tuple[list[Fits], Callable[[list[str]], list[int] | None]]] = {
        "二": (
            [row_of_two_in_full],
            lambda labels: (
                list(range(len(labels)))
                if [keys.get(label_key(label)) for label in labels]
                == [row.key for row in report_format.proactive_rows]
                else None
            ),
        ),
        "三": (
            [row_of_three_fits, row_of_three_as_printed],
            lambda labels: names_rows_of_three(labels, report_format),
        ),
    }
    # The characters around a slash in a column label of 二 (``增减`` of 本年增/减): a lone ``/`` between them
    # in a detached stream is that label's, not a blank cell.
    slashed = frozenset(
        text[at - 1] + text[at + 1]
        for row in report_format.proactive_rows
        for column in row.columns
        for text in (column.label, *column.variants)
        for at in range(1, len(text) - 1)
        if text[at] == "/"
    )
    one_value_a_cell = False  # the stream of 三 was cut, each value a count of its own (nothing glued)
    for name in ("三", "二") if collapsed else ():
        if name not in by_section:
            continue
        fits, table = streams[name]
        if name == "二" and one_value_a_cell:
            # Section 二 has no arithmetic: its merged runs are cut only where 三 showed one value a cell.
            fits = [*fits, row_of_two_merged]
        named = (lambda label: long_rows_named(label_key(label), row_keys)) if name == "三" else None
        split = split_stream(by_section[name], row_width[name], fits, table, named, slashed)
        if name == "三" and split != by_section[name]:
            one_value_a_cell = all(
                one_value_each(option)
                for _, line in split
                if (values := split_line(line)[1])
                for option in (line.alternatives or (tuple(values),))
            )
        by_section[name] = split
    for name, width in row_width.items():
        if name in by_section:
            if document.layout == "text":
                by_section[name] = join_fragments(
                    by_section[name],
                    known[name],
                    (lambda label: long_rows_named(label_key(label), row_keys)) if name == "三" else None,
                )
                # A row whose runs were merged may have its last number broken over a line too (``80 1 0 8``
                # / ``1`` for 80,1,0,0,0,0,81): both readings are weighed, by the arithmetic in 三.
                by_section[name] = mend_broken(
                    by_section[name], width if name == "二" else lambda label: 7, fewer=True
                )
            if name == "三" and document.layout == "text":
                by_section[name] = broken_rows_of_three(by_section[name], width, streams["三"][1])
            by_section[name] = attach_detached(by_section[name], width)
            if name == "二":
                by_section[name] = pair_items(by_section[name], width, items, slashed)
            if name == "二" or document.layout == "text":
                # Not 三 of PDF text layers: their label columns are paired by attach_detached alone.
                by_section[name] = pair_leftovers(by_section[name], width, fewer=name == "二")
    # Without its heading, the table of 二 sits among the prose before 三.
    two = by_section.get("二") or (
        [*by_section.get("", []), *by_section.get("一", [])] if "三" in by_section else []
    )
    read_proactive(report, report_format, two, collapsed=collapsed)
    # Without headings (a bare table), every line is a candidate.
    three = by_section.get("三") or by_section.get("", [])
    # A block of number rows whose labels were printed apart (a label column first): its short rows (runs
    # merged) are rows too, or the full rows after them would be placed one row up.
    # So is a block printed under the table's column header (its labels are the header's, not a row's).
    detached = any(
        (not label and len(values) == 7)
        or (values and (column_header(label) or header_after_label(label, row_keys)))
        for label, values in (split_line(line) for _, line in three)
    ) or not any(
        # Nothing else to read: only short number lines, no label printed with them (a label column, then
        # glued rows broken over lines) are the rows, to be placed or declared ambiguous.
        7 <= len(values) < 15 or (len(label_key(label)) >= 2 and 0 < len(values) < 7)
        for label, values in (split_line(line) for _, line in three)
    )
    rows = [
        NumberRow(
            label,
            values,
            where(line, index),
            line.xs[-len(values) :] if line.xs and values else None,
            line.spans[-len(values) :] if line.spans and values else None,
            tuple(cut - (len(line.cells) - len(values)) for cut in line.breaks),
            line.alternatives,
        )
        for index, line in three
        for printed, values in [split_line(line)]
        for label in [
            ""
            if column_header(printed) or header_after_label(printed, row_keys) or header_fragments(printed)
            else label_after_header(printed)
        ]
        # A labelled row with fewer numbers had runs of identical cells merged (solved below).
        if 7 <= len(values) < 15
        or (len(label_key(label)) >= 2 and 0 < len(values) < 7)
        or (detached and not label and 0 < len(values) < 7)
    ]
    if not rows:
        raise CannotRead("未找到“三、收到和处理政府信息公开申请情况”表格中的数字行")
    read_applications(report, report_format, rows, collapsed=collapsed, blanks_kept=document.blanks_kept)
    four = by_section.get("四") or [(i, line) for i, line in three if len(split_line(line)[1]) >= 15]
    read_reviews(report, four, collapsed=collapsed)
    return report


_HEADINGS_OF_THREE = tuple(
    label_key(heading) for heading in (APPLICATION_HEADER, APPLICANT_HEADER, ORGANISATION_HEADER)
)
_HEADER_WORDS = sorted(
    {*_HEADINGS_OF_THREE, *(label_key(column.label) for column in APPLICANT_COLUMNS)}, key=len, reverse=True
)
_HEADER_SET = frozenset(_HEADER_WORDS)


def column_header(label: str) -> bool:
    """Whether a printed label is the column header of 三 and nothing else (``申请人情况 自然人 … 其他``):
    the numbers after it are rows whose labels were printed apart, not a row named by the header."""
    key = label_key(label)
    if not any(heading in key for heading in _HEADINGS_OF_THREE):
        return False
    for word in _HEADER_WORDS:
        key = key.replace(word, "")
    return not key


def label_after_header(label: str) -> str:
    """A printed label without the column header of 三 printed before it (crawled text, one cell a line:
    the header printed again after a page break runs into the next row's label, ``申请人情况 … 其他 3
    .危及…``). Its words would dilute the label until it named no row."""
    cells = label.split(" ")
    for end in range(len(cells) - 1, 0, -1):
        if column_header(" ".join(cells[:end])):
            return " ".join(cells[end:])
    return label


# The words of the column header of 三 that no row label holds (not 其他, 总计).
_HEADER_ONLY_WORDS = tuple(
    label_key(word)
    for word in (APPLICANT_HEADER, ORGANISATION_HEADER, *(column.label for column in APPLICANT_COLUMNS[:-2]))
)


def header_fragments(label: str) -> bool:
    """Whether a printed label is the end of the column header of 三 broken over lines (``机构 其他`` of
    ``法律服务机构 其他``, ``其他组`` of ``法人或其他组织``): header words, and what is left a piece of one.
    Read as a label it names a row (``其他``); the numbers after it are the next row of a detached block."""
    key = label_key(label)
    rest = key
    for word in _HEADER_WORDS:
        rest = rest.replace(word, "")
    return rest != key and bool(rest) and any(rest in word for word in _HEADER_WORDS)


def header_after_label(label: str, row_keys: Sequence[str]) -> bool:
    """Whether a printed label is a row label followed by the column header of 三 with no row label after
    it (``四、结转下年度继续办理 申请人情况 自然人 …``): the end of a label column, then the header of the
    number block printed apart from it. The numbers after the header are the block's first row, not the
    row the label names — that row would be read one row off."""
    key = label_key(label)
    first = min((key.find(word) for word in _HEADER_ONLY_WORDS if word in key), default=-1)
    return first > 0 and not names_row(key[first:], row_keys)


def long_rows_named(key: str, row_keys: Sequence[str]) -> frozenset[str]:
    """The row labels of at least four characters a printed label (its key) holds: it names those rows
    for sure, not by a short label such as 其他 that may be the start of a longer one."""
    return frozenset(row for row in row_keys if len(row) >= 4 and row in key)


def names_row(key: str, row_keys: Sequence[str]) -> bool:
    """Whether a printed label (its key) names a row of 三: it holds a row's label; a short one (``其他``)
    only when it ends the label and little is printed before it (not a column header ending in ``其他``,
    nor a fragment such as ``计其他情形`` of a longer label): its number (``3其他``, ``七总计``) or one
    character, a vertical heading's — not words (``不计其他`` of ``（区分处理的，…不计其他情形）``)."""
    return any(
        row in key
        and (
            len(row) >= 4
            or (
                key.endswith(row)
                and len(key) <= len(row) + 3
                and (len(key) <= len(row) + 1 or bool(_NUMERAL.search(key[: -len(row)])))
            )
        )
        for row in row_keys
    )


_NUMERAL = re.compile(r"[\d一二三四五六七八九十]")


def join_fragments(
    lines: Sequence[tuple[int, Line]],
    known: Callable[[str], bool],
    named: Callable[[str], frozenset[str]] | None = None,
) -> list[tuple[int, Line]]:
    """Give a row its label back when the label was printed in fragments over several lines (``行`` /
    ``政许`` / ``可 550``): the label-only lines right before a row whose label is not the format's are
    joined to it, nearest first, as soon as the joined label is (``known``); otherwise nothing moves.
    A detached label column is joined first (:func:`joined_label_column`, ``named`` as it says)."""
    result: list[tuple[int, Line]] = []
    for position, line in joined_label_column(lines, known, named):
        label, values = split_line(line)
        if not values and len(line.cells) > 1 and _GLUED_ROW.fullmatch(line.cells[-1].strip()):
            # A row of 二 glued with a sign (``项 6-10``): its run is no label word (see read_proactive).
            label, values = split_line(Line(line.cells[:-1]))[0], line.cells[-1:]
        if label and values and not known(label):
            fragments: list[str] = []
            for back in range(1, min(6, len(result)) + 1):
                previous = result[-back][1]
                # A blank mark that is a word, alone on its line, is a fragment too (``4.`` / ``无`` / ``正当…``).
                fragment = len(previous.cells) == 1 and previous.cells[0].strip() in _WORD_MARKS
                if not previous.cells or (split_line(previous)[1] and not fragment) or line_section(previous):
                    break
                fragments.insert(0, "".join(previous.cells))
                joined = "".join(fragments) + label
                if known(joined):
                    del result[-back:]
                    cells = [joined, *line.cells[len(line.cells) - len(values) :]]
                    line = Line(cells, line.page, line.xs, line.spans, line.breaks)
                    break
        result.append((position, line))
    return result


def joined_label_column(
    lines: Sequence[tuple[int, Line]],
    known: Callable[[str], bool],
    named: Callable[[str], frozenset[str]] | None = None,
) -> list[tuple[int, Line]]:
    """A detached label column whose labels were printed in fragments (``规`` / ``范性`` / ``文件``): label-only
    lines that are no label of the format are joined with the label-only lines after them, as soon as the
    joined text is one (``known``); otherwise nothing moves. Without this a fragmented row label would not
    count as a row, and the number rows after the column would be paired with the wrong labels. A label
    goes on into a label of its own only from its bare number (``）（六`` / ``）`` / ``其他``), never into a
    line that opens a row. With ``named`` (the long row labels a label holds), fragments that make no label
    forward are joined back to the label before them when then it holds a row label it did not (``年 2.其他``
    / ``法`` / ``律行`` / ``政法规禁止公开``: 其他 is a row of its own too)."""
    labels = [
        split_line(line)[0] if not split_line(line)[1] and not line_section(line) else "" for _, line in lines
    ]

    def joined_back(label: str, start: int) -> tuple[str, int] | None:
        """``label`` with the fragments from ``start`` on, as few as make it name a row it did not (none a
        label of its own or the opening of one), and the line after them."""
        joined = label
        for more in range(start, min(start + 8, len(lines))):
            if not labels[more] or known(labels[more]) or _OPENS_ROW.search(labels[more]):
                return None
            joined += labels[more]
            if named is not None and named(joined) - named(label):
                return joined, more + 1
        return None

    result: list[tuple[int, Line]] = []
    index = 0
    while index < len(lines):
        position, line = lines[index]
        stop = index + 1  # the lines after the joined ones
        if labels[index] and not known(labels[index]):
            joined = labels[index]
            for more in range(index + 1, min(index + 8, len(lines))):
                if not labels[more] or _OPENS_ROW.search(labels[more]):
                    break
                if known(labels[more]) and _NUMBER_ONLY.fullmatch(joined) is None:
                    break
                joined += labels[more]
                if known(joined):
                    line, stop = Line([joined], line.page), more + 1
                    break
        before = split_line(result[-1][1]) if result else ("", [])
        if named is not None and stop == index + 1 and before[0] and not before[1]:
            # The end of the label before it, printed apart (``（六）其他`` / ``处理``, ``年 2.其他`` / ``法`` /
            # ``律行`` / ``政法规禁止公开``): joined back to it when only then it names a row it did not.
            back = joined_back(before[0], index)
            if back is not None:
                result[-1] = (result[-1][0], Line([back[0]], result[-1][1].page))
                index = back[1]
                continue
        result.append((position, line))
        index = stop
    return result


# A printed label that opens a row of the table (``（七）总计``, ``3.要求``, ``四、结转``; after a vertical heading's
# character: ``无 （七）总计``), and a label that is nothing but a row's number (``）（六``, ``7.``).
_OPENS_ROW = re.compile(
    r"(?:^|\s)(?:[一二三四五六七八九十]+\s*、|[(（]\s*[一二三四五六七八九十]+\s*[)）]|\d{1,2}\s*[.．、])"
)
_NUMBER_ONLY = re.compile(r"[\s\d一二三四五六七八九十、.．()（）]*")


_GLUED_RUN = re.compile(r"(?:\d++(?:万元|元|件|个|项|批)?)+")


def mend_broken(
    lines: Sequence[tuple[int, Line]], width: Callable[[str], int | None], *, fewer: bool = False
) -> list[tuple[int, Line]]:
    """Keep a number-only line with the row printed right before it on the same page when together they
    have one number too many for the row (``width`` cells): a number broken over two lines
    (``行政处罚 41`` / ``19`` for 4119) — with ``fewer``, also when they have fewer (a row whose runs
    were merged or whose blanks were glued away: ``3`` / ``4件189件`` for 34, blank, 189). The break
    is marked on the line; the reader weighs the readings (joined, or not) — a stray line never silently
    becomes a number, nor is a row read short while its other numbers sit on the next line."""
    result: list[tuple[int, Line]] = []
    index = 0
    while index < len(lines):
        position, line = lines[index]
        if index + 1 < len(lines):
            label, values = split_line(line)
            following = lines[index + 1][1]
            more = split_line(following)[1] if is_number_line(following) else []
            cells = width(label) if label and values and more else None
            # A glued row broken over lines, its amount's unit after the break (``6`` / ``33800元``) too.
            glued = len(values) == 1 == len(more) and bool(_GLUED_RUN.fullmatch(values[0] + more[0]))
            if (
                cells is not None
                and following.page == line.page
                and (
                    len(values) + len(more) - 1 == cells
                    or (fewer and len(values) + len(more) - 1 < cells)
                    or (glued and len(values[0] + more[0]) >= cells)
                )
            ):
                mended = Line([*line.cells, *following.cells], line.page, breaks=(len(line.cells),))
                result.append((position, mended))
                index += 2
                continue
        result.append((position, line))
        index += 1
    return result


def split_stream(
    lines: Sequence[tuple[int, Line]],
    width: Callable[[str], int | None],
    fits: Sequence[Fits],
    table: Callable[[list[str]], list[int] | None],
    named: Callable[[str], frozenset[str]] | None = None,
    slashed: frozenset[str] = frozenset(),
) -> list[tuple[int, Line]]:
    """Crawled text, one cell a line, whose table printed its label column first and then all its numbers
    (the column header and page furniture among them): the row labels in order, then one stream of values.
    Each row takes the next run of the stream: at most its ``width`` cells and at least one (runs of
    identical cells may have been merged), and fits (its arithmetic holds for some reading); every cut
    of the whole stream into such runs is found — by the first of ``fits`` that allows one (the strict
    rule first: a cut whose full rows add up is preferred to one that takes a row's own error). A row whose run is the same in every cut takes it; a row
    whose run differs takes them all as ``alternatives`` (the arithmetic decides, or its cells stay
    ambiguous). Only when the labels are the rows of the table, in order (``table`` says which labels are
    rows, the others headings of a group: a label split so that it is not recognised would shift every run
    after it) and some cut uses the whole stream; otherwise nothing moves."""
    start = next(
        (
            number
            for number, (_, line) in enumerate(lines)
            for texts in [split_cells(line)[0]]
            if any(stream_label_joined(texts, index, width, named)[0] for index in range(len(texts)))
        ),
        None,
    )
    if start is None:
        return list(lines)
    labels: list[tuple[str, int]] = []
    values: list[str] = []
    carried: list[str] = []  # a line of fragments that made no label: the label goes on below
    slashes: list[int] = []  # where in values a lone ``/`` stands between two lines of text
    for number, (_, line) in enumerate(lines[start:], start=start):
        texts, numbers = split_cells(line)
        texts = [*carried, *texts]
        carried = []
        if not values:
            # A blank mark that is a word, before any number, is a fragment of a label (``4.无`` /
            # ``正当理由大量反复申请``): labels are printed whole before the numbers start.
            while numbers and clean_cell(numbers[0]) in _WORD_MARKS:
                texts.append(numbers.pop(0))
        position = 0
        unlabelled = 0  # where the fragments after the last label begin (0: no label on the line)
        while position < len(texts):
            if values and (len(texts[position]) == 1 or label_key(texts[position]) in _HEADER_SET):
                # A vertical heading's characters left after the numbers (``（`` ``五`` ``）`` ``不`` …), or
                # the column header printed again (its ``其他`` is no label's start there).
                position += 1
                continue
            label, used = stream_label_joined(texts, position, width, named)
            position += used
            if label is None:
                continue
            if values:
                return list(lines)  # a row label after numbers: not a detached block
            labels.append((label, width(label) or 0))
            unlabelled = position
        numbers = [value for value in numbers if clean_cell(value)]
        if not values and not numbers:
            # The fragments after the line's last label begin the next line's (``（三`` ``）不予`` ``公开``, a
            # line of fragments only; ``( 4.`` ``无`` / ``正当理`` ``由大量反复申请``, the line cut at the word 无).
            carried = texts[unlabelled:]
        following = split_cells(lines[number + 1][1])[0] if number + 1 < len(lines) else []
        if texts and [clean_cell(value) for value in numbers] == ["/"] and following:
            if texts[-1][-1] + following[0][0] in slashed:
                numbers = []  # ``本年增`` / ``/`` / ``减``: the column label's slash for sure
            else:
                slashes.append(len(values))
        values += numbers
    rows = table([label for label, _ in labels]) if len(labels) >= 2 and values else None
    if rows is None:
        return list(lines)
    labels = [labels[index] for index in rows]
    sizes = [size for _, size in labels]
    runs = next((found for rule in fits if (found := stream_runs(sizes, values, rule)) is not None), None)
    if runs is None and slashes:
        # A lone ``/`` between lines of text may be a blank cell or a fragment of a header printed again
        # (``本年增`` / ``/`` / ``减``): left out when only then the stream is cut into the rows.
        values = [value for index, value in enumerate(values) if index not in slashes]
        runs = next((found for rule in fits if (found := stream_runs(sizes, values, rule)) is not None), None)
    if runs is None:
        return list(lines)
    page = lines[start][1].page
    result = list(lines[:start])
    for (label, _), options in zip(labels, runs, strict=True):
        first = list(options[0])
        alternatives = tuple(options) if len(options) > 1 else ()
        result.append((lines[start][0], Line([label, *first], page, alternatives=alternatives)))
    return result


# Blank marks that are words: in a label column they are more likely a fragment of a label (``4.无`` /
# ``正当理由大量反复申请``) than a blank cell.
_WORD_MARKS = frozenset({"无", "空"})
# At most this many cells are tried joined into one row label printed in fragments (``1.属于国`` / ``家秘密``).
MAX_FRAGMENTS = 8


def row_of_two_in_full(tokens: tuple[str, ...], size: int) -> bool:
    """Whether ``tokens`` are a row of 二 printed in full, one value a cell: section 二 has no arithmetic to
    tell merged runs or glued cells (``000``, ``633800元`` for 6 and 33800元) from values, so only a stream
    of single values, each row all its cells, is cut."""
    return len(tokens) == size and all(is_blank(token) or single_value(token) for token in tokens)


def one_value_each(tokens: Sequence[str]) -> bool:
    """Whether a row of 三 cut from a stream reads as one value a cell — printed in full, or merged runs
    that add up — not as a glued run (``1000001`` alone is a glued row, not a number)."""
    counts = [parse_count(token) for token in tokens]
    return all(is_blank(token) or single_value(token) for token in tokens) and (
        len(tokens) == len(APPLICANT_KEYS)
        or any(solve.adds_up(reading) for reading in solve.expansions(counts, len(APPLICANT_KEYS)))
    )


def row_of_two_merged(tokens: tuple[str, ...], size: int) -> bool:
    """Whether ``tokens`` may be a row of 二 whose runs of identical cells were printed once: single values,
    at most the row's cells. Used only where the document prints one value a cell (see ``build``)."""
    return 0 < len(tokens) <= size and all(is_blank(token) or single_value(token) for token in tokens)


def single_value(token: str) -> bool:
    cell = clean_cell(token)
    return parse_number(cell) is not None and not re.match(r"[+-]?0\d", cell)


@lru_cache(maxsize=4096)
def row_of_three_fits(tokens: tuple[str, ...], size: int) -> bool:
    """Whether ``tokens`` may be a row of 三: counts (or blank marks) with a reading that adds up (R2) —
    printed in full, or merged runs expanded — or one glued run with a cut that adds up. A token that is
    no count makes no row (as an unknown it would let any reading pass the arithmetic), nor does one with
    a leading zero (``00``: a piece of a glued run, not a merged 0)."""
    if not all(
        is_blank(token) or (parse_count(token) is not None and single_value(token)) for token in tokens
    ):
        return len(tokens) == 1 and any(
            None not in reading and solve.adds_up(reading) for reading in solve.glued(tokens, size)
        )
    return any(solve.adds_up(reading) for reading in solve.readings(tokens, size))


def row_of_three_as_printed(tokens: tuple[str, ...], size: int) -> bool:
    """:func:`row_of_three_fits`, or a row printed in full that breaks R2 (the report's own error)."""
    return row_of_three_fits(tokens, size) or (
        len(tokens) == size
        and all(
            is_blank(token) or (parse_count(token) is not None and single_value(token)) for token in tokens
        )
    )


def names_rows_of_three(labels: Sequence[str], report_format: ReportFormat) -> list[int] | None:
    """Which of ``labels`` are the rows of 三, in the format's order (or an alternative layout's), each mostly
    the row's label or its part, group and label; the others are skipped as headings — but not a row of
    another layout unless it heads the next row's group or part here (``（六）其他处理``, a row of its own in
    an older layout) — a row as short as ``其他`` only as :func:`names_row` says, not by a fragment holding it
    (``其他情`` of ``…不计其他情形）``). None when they are not the rows of any layout."""
    for _, rows in candidate_rows(report_format):
        others = [row for row in report_format.known_rows if row not in rows]
        kept: list[int] = []
        for index, label in enumerate(labels):
            if len(kept) < len(rows) and names_format_row(label, rows[len(kept)]):
                kept.append(index)
            elif not (len(kept) < len(rows) and heads_row(label, rows[len(kept)])) and any(
                names_format_row(label, other)
                and (
                    any(len(label_key(variant)) >= 4 for variant in other.labels)
                    or names_row(label_key(label), [label_key(variant) for variant in other.labels])
                )
                for other in others
            ):
                break  # a row of another layout, not a heading here: not this layout
        if len(kept) == len(rows):
            return kept
    return None


def heads_row(label: str, row: ApplicationRow) -> bool:
    """Whether ``label`` is the heading of the group or part ``row`` is printed under (``（六）其他处理``)."""
    key = label_key(label)
    return any(heading and containment(key, label_key(heading)) >= 0.6 for heading in (row.group, row.part))


def names_format_row(label: str, row: ApplicationRow) -> bool:
    """Whether a printed label is ``row``'s: mostly a part of one of its labels (a label cut short), or one
    of its labels whole after a heading (``（三）不予公开1.属于国家秘密``). Not by the row's group alone: the
    heading ``（六）其他处理`` names no row under it."""
    key = label_key(label)
    variants = [label_key(variant) for variant in row.labels]
    return (
        any(variant in key for variant in variants)
        or max(containment(key, variant) for variant in variants) >= 0.6
    )


def split_cells(line: Line) -> tuple[list[str], list[str]]:
    """A line's text cells (each on its own) and its value cells, as :func:`split_line` divides them."""
    values = split_line(line)[1]
    texts = line.cells[: len(line.cells) - len(values)] if values else list(line.cells)
    return [cell.strip() for cell in texts if cell.strip()], values


def stream_label_joined(
    texts: Sequence[str],
    index: int,
    width: Callable[[str], int | None],
    named: Callable[[str], frozenset[str]] | None = None,
) -> tuple[str | None, int]:
    """The row label starting at ``texts[index]`` — the cell itself, or it joined with the fewest cells
    after it that make a label — and how many cells it takes; ``None`` and one cell when there is none.
    With ``named`` (the long row labels a label holds), a label that holds none (``年 2.其他``, by the
    short label 其他) takes the cells after it that make it hold one (``法律行政法规禁止公`` / ``开``), unless
    those cells are a label of their own."""
    # A word of the column header of 三 is no label alone (``其他``), but may begin one of 二 printed in
    # fragments (``其他`` / ``对外`` / ``管理`` / ``服务事项``).
    header_word = label_key(texts[index]) in _HEADER_SET
    joined = ""
    for more in range(index, min(index + MAX_FRAGMENTS, len(texts))):
        joined += texts[more]
        if header_fragments(joined) or column_header(joined):
            return None, more - index + 1  # ``法`` / ``人或其他``: the column header printed again
        if width(joined) is not None and not (header_word and more == index):
            if named is not None and not named(joined):
                longer = joined
                for further in range(more + 1, min(index + MAX_FRAGMENTS, len(texts))):
                    if label_key(texts[further]) in _HEADER_SET:
                        break
                    longer += texts[further]
                    if named(longer) and width("".join(texts[more + 1 : further + 1])) is None:
                        return longer, further - index + 1
            return joined, more - index + 1
        if more > index and label_key(texts[more]) in _HEADER_SET:
            # A header word may end a label printed in fragments (``（七`` / ``）总计``, ``3.`` / ``其他``),
            # not go on into the column header.
            break
    return None, 1


def stream_runs(
    widths: Sequence[int], values: Sequence[str], fits: Fits
) -> list[list[tuple[str, ...]]] | None:
    """For each row (of ``widths`` cells), the runs of ``values`` it takes in some cut of the whole stream
    into one run per row (1 to its width values, ``fits``); None when no cut exists."""
    rows, total = len(widths), len(values)
    # reach[r]: the positions where row r may start (rows before it took values[:position]).
    reach: list[set[int]] = [set() for _ in range(rows + 1)]
    reach[0].add(0)
    edges: list[dict[int, list[int]]] = [{} for _ in range(rows)]
    for row, size in enumerate(widths):
        for begin in sorted(reach[row]):
            for end in range(begin + 1, min(begin + size, total) + 1):
                if fits(tuple(values[begin:end]), size):
                    edges[row].setdefault(begin, []).append(end)
                    reach[row + 1].add(end)
    if total not in reach[rows]:
        return None
    # Back from the end: the positions from which the remaining rows can take the rest of the stream.
    finish: set[int] = {total}
    runs: list[list[tuple[str, ...]]] = [[] for _ in range(rows)]
    for row in range(rows - 1, -1, -1):
        starts: set[int] = set()
        for begin, ends in edges[row].items():
            for end in ends:
                if end in finish:
                    starts.add(begin)
                    runs[row].append(tuple(values[begin:end]))
        finish = starts
    return [list(dict.fromkeys(options)) for options in runs]


def broken_rows_of_three(
    lines: Sequence[tuple[int, Line]],
    width: Callable[[str], int | None],
    table: Callable[[list[str]], list[int] | None],
) -> list[tuple[int, Line]]:
    """A detached label column of 三 followed by at least as many number lines as rows, the column header
    printed again among them, numbers broken over lines (``21 0 0 0 0 0 2`` / ``1``). Each row takes one
    line, or two next to each other on a page — a number broken at the line break, or the row printed over
    two lines — so that it adds up (R2; only when no cut does, a row printed in full that breaks it): every cut of the lines into the rows is found, as a
    stream of values is (:func:`stream_runs`, a line for a value). A row cut one way takes its reading; a
    row cut several ways keeps them all as ``alternatives`` (the arithmetic decides, or its cells stay
    ambiguous). Only when the label-only lines before the numbers are the rows of the table in order
    (``table``), no row label (``width``) comes among the number lines (the column header printed again
    on each page and a vertical heading's characters may), and some cut uses every number line;
    otherwise nothing moves."""
    split = [split_line(line) for _, line in lines]
    first = next((index for index, (label, values) in enumerate(split) if not label and values), None)
    if first is None:
        return list(lines)
    column = [index for index in range(first) if split[index][0] and not split[index][1]]
    numbers: list[int] = []
    for index in range(first, len(lines)):
        label, values = split[index]
        if not label:
            numbers.append(index)
        elif values or not (
            label_key(label) in _HEADER_SET  # ``其他`` of the column header printed again in fragments
            or column_header(label)
            or header_fragments(label)
            or width(label) is None
        ):
            if values or any(not split[after][0] for after in range(index + 1, len(lines))):
                return list(lines)  # a row's label among the number lines: not one detached block
            break
    rows = table([split[index][0] for index in column])
    if rows is None or len(numbers) < len(rows):
        return list(lines)

    def readings(group: tuple[str, ...], rule: Fits) -> list[tuple[str, ...]]:
        """The readings of a group of number lines (by their positions) that ``rule`` takes as a row."""
        positions = [int(position) for position in group]
        tokens = [token for position in positions for token in split[position][1]]
        variants = [tokens]
        if len(positions) == 2:
            if positions[1] != positions[0] + 1 or lines[positions[0]][1].page != lines[positions[1]][1].page:
                return []
            variants += solve.mended(tokens, (len(split[positions[0]][1]),))[:-1]
            if len(tokens) == 2 and not all(map(single_value, tokens)):
                variants.append(["".join(tokens)])  # a glued row over two lines (``0件00件0`` / ``000``)
        return [tuple(variant) for variant in variants if rule(tuple(variant), len(APPLICANT_KEYS))]

    def takes(rule: Fits) -> Fits:
        return lambda group, _: bool(readings(group, rule))

    ids = [str(position) for position in numbers]  # the number lines, by their positions, as a stream
    found = next(
        (
            (rule, runs)
            for rule in (row_of_three_fits, row_of_three_as_printed)
            if (runs := stream_runs([2] * len(rows), ids, takes(rule))) is not None
        ),
        None,
    )
    if found is None:
        return list(lines)
    rule, runs = found
    paired: dict[int, Line] = {}
    for row, options_of_row in zip(rows, runs, strict=True):
        options = list(dict.fromkeys(reading for run in options_of_row for reading in readings(run, rule)))
        line = lines[column[row]][1]
        alternatives = tuple(options) if len(options) > 1 else ()
        paired[column[row]] = Line([*line.cells, *options[0]], line.page, alternatives=alternatives)
    used = set(numbers)
    return [
        (index, paired.get(position, line))
        for position, (index, line) in enumerate(lines)
        if position not in used
    ]


def attach_detached(
    lines: Sequence[tuple[int, Line]], width: Callable[[str], int | None] | None
) -> list[tuple[int, Line]]:
    """Give detached number rows their labels back: PDF extractors print a table's label column first and
    its number rows after it. A run of number-only lines right after a run of label-only lines takes, in
    order, the last as many labels. With ``width`` (a row label's number of cells, None for other labels)
    only row labels take numbers, and when some row printed no numbers the lines are given only if one
    placement fits the rows' widths — otherwise they stay detached (nulls, never a shifted row)."""
    split = [split_line(line) for _, line in lines]
    label_only = [bool(label) and not values for label, values in split]
    number_only = [not label and any(not is_blank(value) for value in values) for label, values in split]
    result: list[tuple[int, Line]] = []
    index = 0
    while index < len(lines):
        labels_end = index
        while labels_end < len(lines) and label_only[labels_end]:
            labels_end += 1
        numbers_end = labels_end
        while numbers_end < len(lines) and number_only[numbers_end]:
            numbers_end += 1
        count = numbers_end - labels_end
        # The number block goes on after a break (page furniture, the header printed again) with no row
        # label between: its first lines are not the last labels' — pairing them would shift every row.
        following = numbers_end if count >= 2 and labels_end - index >= count else len(lines)
        while following < len(lines) and not number_only[following]:
            label = split[following][0]
            header = column_header(label) or header_fragments(label)
            if label_only[following] and not header and (width(label) if width else True) is not None:
                break
            following += 1
        continued = following < len(lines) and number_only[following]
        # A short line of 三 that is no row (``5件`` after ``15 … 1``: a number broken over the break, as one
        # value all seven cells, which R2 refuses) would take a row's place and shift the rows after it.
        stray = any(
            width is not None
            and 0 < len(values := split[position][1]) < 7
            and {width(split[label][0]) for label in range(index, labels_end)} - {None} == {7}
            and not row_of_three_fits(tuple(values), 7)
            for position in range(labels_end, numbers_end)
        )
        if count >= 2 and labels_end - index >= count and not continued and not stray:
            rows = [
                position
                for position in range(index, labels_end)
                if width is None
                or (
                    width(split[position][0]) is not None
                    and not in_column_header([label for label, _ in split], label_only, position)
                )
            ]
            if width is not None and len(rows) > count:
                # Two placements that fit are enough to leave the lines detached; beyond a few thousand
                # placements none is tried (a long label column: 26 choose 13 is ten million).
                fitting = (
                    list(
                        itertools.islice(
                            (
                                chosen
                                for chosen in itertools.combinations(rows, count)
                                if all(
                                    len(split[number][1]) <= (width(split[row][0]) or 0)
                                    for row, number in zip(
                                        chosen, range(labels_end, numbers_end), strict=True
                                    )
                                )
                            ),
                            2,
                        )
                    )
                    if math.comb(len(rows), count) <= 5000
                    else []
                )
                rows = list(fitting[0]) if len(fitting) == 1 else []
            if len(rows) >= count:
                paired = dict(zip(rows[-count:], lines[labels_end:numbers_end], strict=True))
                for position in range(index, labels_end):
                    number_line = paired.get(position)
                    if number_line is None:
                        result.append(lines[position])
                        continue
                    cells = [*lines[position][1].cells, *number_line[1].cells]
                    result.append((number_line[0], Line(cells, number_line[1].page)))
                index = numbers_end
                continue
        result.extend(lines[index : max(labels_end, index + 1)])
        index = max(labels_end, index + 1)
    return result


def in_column_header(labels: Sequence[str], label_only: Sequence[bool], position: int) -> bool:
    """Whether the label-only line at ``position`` is a piece of the column header of 三 printed in
    fragments (``机构 其他``; ``法人`` / ``或`` / ``其他`` / ``组织``): it reads as a label ending in 其他 or
    总计, but with the label-only lines around it, it is the header or a fragment of it."""
    around = [
        labels[index]
        for index in range(max(0, position - 2), min(len(labels), position + 3))
        if label_only[index] or index == position
    ]
    return any(header_fragments(text) or column_header(text) for text in (labels[position], "".join(around)))


def pair_leftovers(
    lines: Sequence[tuple[int, Line]], width: Callable[[str], int | None], *, fewer: bool = False
) -> list[tuple[int, Line]]:
    """Detached labels printed as one label column, the number rows after it, interrupted by headers (a
    table per item in 二, a header printed again on each page in 三): when the row labels still without
    numbers and the number-only lines are as many and each line fills its row's cells, in order, they
    are paired; otherwise nothing moves (a shifted row would be a wrong number). With ``fewer``, a line
    may be a row whose runs were merged (:func:`merged`; section 二, whose rows of three cells
    cannot be told from one another by arithmetic, so a merged row does not make another grouping)."""
    labels = [
        position
        for position, (_, line) in enumerate(lines)
        if (label := split_line(line))[0] and not label[1] and width(label[0]) is not None
    ]
    # A row of blanks (``/ / /``) is a number row too: it holds the row's cells.
    numbers = [
        position
        for position, (_, line) in enumerate(lines)
        if not (split := split_line(line))[0] and split[1]
    ]
    if len(numbers) > len(labels):
        # A lone blank mark between text lines may be a header's fragment (``本年增`` / ``/`` / ``减``),
        # not a row of blanks: left out when the rows are as many without them.
        marks_left_out = [
            position
            for position in numbers
            if not (
                0 < position < len(lines) - 1
                and [clean_cell(cell) for cell in lines[position][1].cells if cell.strip()] == ["/"]
                and split_line(lines[position - 1][1])[0]
                and split_line(lines[position + 1][1])[0]
            )
        ]
        if len(marks_left_out) == len(labels):
            numbers = marks_left_out
    if not labels or len(labels) > len(numbers):
        return list(lines)
    groupings = broken_rows(lines, labels, numbers, width, fewer=fewer)
    if not groupings:
        return list(lines)
    if len(groupings) > 1 and any(
        split_line(lines[position][1])[0] for position in range(numbers[0], numbers[-1])
    ):
        # Several groupings, with headers between the number lines (a table per item in 二): which table's
        # rows a block of lines belongs to is not known to them, and readings across the headers' blocks
        # let another row's number decide a row (81 of 行政许可 read for 行政处罚) — left detached.
        return list(lines)
    return grouped_rows(lines, labels, numbers, width, groupings, fewer=fewer)


def pair_items(
    lines: Sequence[tuple[int, Line]],
    width: Callable[[str], int | None],
    items: dict[str, frozenset[str]],
    slashed: frozenset[str] = frozenset(),
) -> list[tuple[int, Line]]:
    """Section 二 printed as its label column first, then a table per item of 第二十条 (``第二十条第（一）项``,
    its column header, its number lines; the header printed again after a page break): a number line is
    the item's whose header was printed last before it, so each item's lines are grouped among that
    item's rows only (:func:`broken_rows`), and no row takes another item's number. An item with fewer
    lines than rows (a glued row of blanks prints nothing) is ambiguous between the rows that may have
    printed nothing. ``items``: each item header's key with its rows' label keys; ``slashed``, as for
    :func:`split_stream`. Nothing moves unless every row label comes before the first number line and
    every number line comes after an item's header."""
    split = [split_line(line) for _, line in lines]
    labels = [
        position
        for position, (label, values) in enumerate(split)
        if label and not values and width(label) is not None
    ]
    numbers = {
        position
        for position, (_, line) in enumerate(lines)
        if number_values(line)
        and not (
            # ``本年增`` / ``/`` / ``减``: the slash of a column label broken over lines, no row of blanks.
            [clean_cell(value) for value in number_values(line)] == ["/"]
            and 0 < position < len(lines) - 1
            and split[position - 1][0]
            and split[position + 1][0]
            and split[position - 1][0][-1] + split[position + 1][0][0] in slashed
        )
    }
    if not labels or not numbers or labels[-1] > min(numbers):
        return list(lines)
    # Each number line is the item's whose header was printed last in the text before it (the text of the
    # lines since the last number line joined: a header in fragments, 第二十条第 / （八） / 项, is found too).
    blocks: dict[str, list[int]] = {}
    current, text = "", ""
    for position, (label, values) in enumerate(split):
        if position in numbers:
            key = label_key(text)
            current = max(((key.rfind(item), item) for item in items if item in key), default=(0, current))[1]
            if not current:
                return list(lines)  # numbers under no item's header: not this layout
            blocks.setdefault(current, []).append(position)
            text = ""
        elif label and not values:
            text += label
    # Each item's rows with their lines, put where the item's first number line was.
    placed: dict[int, list[tuple[int, Line]]] = {}
    taken: set[int] = set()
    for item, block in blocks.items():
        rows = [position for position in labels if label_key(split[position][0]) in items[item]]
        groupings = (
            broken_rows(lines, rows, block, width, fewer=True, silent=len(rows) - len(block), several=True)
            if rows
            else []
        )
        if not groupings:
            continue
        part = sorted([*rows, *block])
        at = {position: index for index, position in enumerate(part)}
        placed[block[0]] = grouped_rows(
            [lines[position] for position in part],
            [at[position] for position in rows],
            [at[position] for position in block],
            width,
            [[tuple(at[line] for line in group) for group in grouping] for grouping in groupings],
            fewer=True,
        )
        taken.update(part)
    result: list[tuple[int, Line]] = []
    for position, line in enumerate(lines):
        result += placed.get(position, [])
        if position not in taken:
            result.append(line)
    return result


def number_values(line: Line) -> list[str]:
    """The values of a line of numbers alone: its value cells, or the glued run it is (``6-1`` of ``6``,
    ``-1``, ``0`` broken over lines, ``6-1件0``: they read as text). None for a line with a label."""
    label, values = split_line(line)
    if not label:
        return values
    return [label] if not values and _GLUED_ROW.fullmatch(label) else []


def grouped_rows(
    lines: Sequence[tuple[int, Line]],
    labels: Sequence[int],
    numbers: Sequence[int],
    width: Callable[[str], int | None],
    groupings: Sequence[Sequence[tuple[int, ...]]],
    *,
    fewer: bool = False,
) -> list[tuple[int, Line]]:
    """The label column paired with its number lines as grouped (:func:`broken_rows`): a row every grouping
    gives the same cells takes them; another takes each grouping's cells as ``alternatives`` (a row that
    printed nothing: blank cells), so the arithmetic decides or its cells stay ambiguous. A row of two
    lines takes the readings that fill its cells (with ``fewer``, or are its merged runs): the number
    broken over the break joined, or the two lines as printed — not the first line alone, as the grouping
    gave the second to no other row. The rows are put where the label column was, in its order."""
    if labels[-1] > numbers[0]:
        return list(lines)
    values = {number: number_values(lines[number][1]) for number in numbers}
    rows: dict[int, Line] = {}
    for row, label in enumerate(labels):
        cells = width(split_line(lines[label][1])[0]) or 0
        options: list[tuple[str, ...]] = []
        for group in dict.fromkeys(grouping[row] for grouping in groupings):
            tokens = [token for number in group for token in values[number]]
            if not group:
                options.append(("/",) * cells)
            elif len(group) == 1:
                options.append(tuple(tokens))
            else:
                cut = len(values[group[0]])
                options += [
                    tuple(variant)
                    for variant in [tokens, *solve.mended(tokens, (cut,))[:-1]]
                    if fills(variant, cells) or (fewer and merged(variant, cells))
                ]
        options = list(dict.fromkeys(options))
        label_line = lines[label][1]
        alternatives = tuple(options) if len(options) > 1 else ()
        rows[label] = Line([*label_line.cells, *options[0]], label_line.page, alternatives=alternatives)
    return [
        (index, rows.get(position, line))
        for position, (index, line) in enumerate(lines)
        if position not in values
    ]


def broken_rows(
    lines: Sequence[tuple[int, Line]],
    labels: Sequence[int],
    numbers: Sequence[int],
    width: Callable[[str], int | None],
    *,
    fewer: bool = False,
    silent: int = 0,
    several: bool = False,
) -> list[list[tuple[int, ...]]]:
    """The number lines of :func:`pair_leftovers` grouped one group per label, in order: a line that fills
    its row's cells (with ``fewer``, or its merged runs), or two lines next to each other on a page that
    fill them with a number broken over the break (``2`` / ``2 / 235`` for 22, /, 235) or the row printed
    over two lines — the one grouping that uses every line (with numbers broken over lines, the lines are
    more than the labels, and which lines are one row is told only by the rows' widths); none when
    several do. A line read as a glued row (``262`` for three cells) may be a number broken over two lines
    as well (``262`` / ``9``) when another row printed no line at all (its blank cells glued into
    nothing): then the groupings with one such empty row are given too (a group of no lines), at most
    MAX_GROUPINGS. With ``silent``, that many rows at least printed no line (fewer lines than rows): the
    groupings may have that many empty rows. With ``several``, several groupings are given, not none
    (the caller makes the rows they disagree on ambiguous)."""
    cells = [width(split_line(lines[label][1])[0]) for label in labels]
    values = {number: number_values(lines[number][1]) for number in numbers}

    def glued(group: tuple[int, ...], row: int) -> bool:
        """Whether the group is one run of digits read as a row of several cells."""
        return (cells[row] or 0) > 1 and len(group) == 1 and len(values[group[0]]) == 1

    def takes(row: int, at: int, empty: int) -> list[tuple[int, ...]]:
        """The groups row ``row`` may take from ``numbers[at:]``: one line or two (or none, ``empty`` times
        more at most)."""
        options: list[tuple[int, ...]] = [()] if empty else []  # the row printed nothing
        if at == len(numbers):
            return options
        first = numbers[at]
        if fills(values[first], cells[row]) or (fewer and merged(values[first], cells[row])):
            options.append((first,))
        if at + 1 < len(numbers) and numbers[at + 1] == first + 1:
            second = numbers[at + 1]
            tokens = [*values[first], *values[second]]
            cut = len(values[first])
            # A number is broken, not a cell's leading zero printed apart (``0`` / ``0`` is no ``00``) —
            # but in a glued run (one token for the row) a cell of 0 may come first.
            joined = [
                variant
                for variant in solve.mended(tokens, (cut,))[:-1]
                if (len(variant) == 1 < (cells[row] or 0)) or not re.match(r"0\d", variant[cut - 1])
            ]
            if lines[first][1].page == lines[second][1].page and any(
                fills(variant, cells[row]) or (fewer and merged(variant, cells[row]))
                for variant in [tokens, *joined]
            ):
                options.append((first, second))
        return options

    @cache
    def ways(row: int, at: int, empty: int) -> int:
        """How many groupings of ``numbers[at:]`` the rows from ``row`` on have (2: two or more)."""
        if row == len(labels):
            return int(at == len(numbers))
        return min(
            2,
            sum(ways(row + 1, at + len(group), empty - (not group)) for group in takes(row, at, empty)),
        )

    def every(row: int, at: int, empty: int) -> list[list[tuple[int, ...]]]:
        """The groupings of ``numbers[at:]`` for the rows from ``row`` on (at most MAX_GROUPINGS + 1)."""
        if row == len(labels):
            return [[]] if at == len(numbers) else []
        found: list[list[tuple[int, ...]]] = []
        for group in takes(row, at, empty):
            left = empty - (not group)
            if ways(row + 1, at + len(group), left):
                found += [[group, *rest] for rest in every(row + 1, at + len(group), left)]
            if len(found) > MAX_GROUPINGS:
                break
        return found

    if len(numbers) - len(labels) > MAX_BROKEN_LINES:
        return []
    groupings = every(0, 0, empty=max(0, silent))
    if len(groupings) == 1 and any(glued(group, row) for row, group in enumerate(groupings[0])):
        groupings = every(0, 0, empty=max(0, silent) + 1)
    elif len(groupings) > 1 and not several:
        return []
    return groupings if len(groupings) <= MAX_GROUPINGS else []


# At most this many number lines more than labels are tried as rows broken over two lines, and at most
# this many groupings of them are weighed (beyond, nothing is paired).
MAX_BROKEN_LINES = 4
MAX_GROUPINGS = 16


def merged(values: Sequence[str], cells: int | None) -> bool:
    """Whether printed ``values`` may be a row of ``cells`` cells whose runs of identical neighbours were
    printed once (``0`` for 0, 0, 0; ``/`` for a row of blanks): fewer single values than cells — or those
    values glued into one run of fewer digits than cells (``0件5`` for 0, 5, 5)."""
    if len(values) == 1 and _GLUED_ROW.fullmatch(values[0]):
        return 0 < sum(character.isdigit() for character in values[0]) < (cells or 0)
    return 0 < len(values) < (cells or 0) and all(is_blank(value) or single_value(value) for value in values)


def fills(values: Sequence[str], cells: int | None) -> bool:
    """Whether printed ``values`` are a row of ``cells`` cells: as many, or one run of at least as many
    digits (a row whose separators were lost; units may end its cells and signs begin them, ``00件0件``,
    ``6-10``)."""
    return len(values) == cells or (
        cells is not None
        and cells > 1
        and len(values) == 1
        and bool(_GLUED_ROW.fullmatch(values[0]))
        and sum(character.isdigit() for character in values[0]) >= cells
    )


# A glued row: counts, signed changes and amounts run together, each with its unit or none.
_GLUED_ROW = re.compile(r"(?:[+\-]?\d++(?:\.\d+)?(?:万元|元|件|个|项|批)?)+")


def is_number_line(line: Line) -> bool:
    label, values = split_line(line)
    return not label and any(not is_blank(value) for value in values)


def read_proactive(
    report: AnnualReport,
    report_format: ReportFormat,
    lines: Sequence[tuple[int, Line]],
    *,
    collapsed: bool = False,
) -> None:
    wanted = {label_key(label): row for row in report_format.proactive_rows for label in row.labels}
    seen: set[str] = set()
    for index, line in lines:
        label, values = split_line(line)
        row = wanted.get(label_key(label))
        if row is None and collapsed:
            # Crawled text glues the table header to the first row's label: try its last fragments.
            fragments = label.split(" ")
            row = next(
                (
                    wanted[key]
                    for start in range(len(fragments) - 1, 0, -1)
                    if (key := label_key("".join(fragments[start:]))) in wanted
                ),
                None,
            )
        if row is None and " " in label and _GLUED_ROW.fullmatch(label.rsplit(" ", 1)[1]):
            # A row whose cells were glued with a sign or unit (``6-10``, ``633800元``) is not a number:
            # it ends the label as printed.
            label, run = label.rsplit(" ", 1)
            row = wanted.get(label_key(label))
            values = [run, *values]
        if row is None or row.key in seen or not values:
            continue
        seen.add(row.key)
        if line.alternatives:
            # A row of a detached stream that other cuts give other values (section 二 has no arithmetic),
            # or of a label column whose number lines group several ways (one a glued row: its cuts).
            readings = [
                tuple(option[int(index or 0)] for index in expansion)
                for option in line.alternatives
                for expansion in solve.expansions(list(range(len(option))), len(row.columns))
            ] + [cut for option in line.alternatives for cut in glued_cells(option, row)]
            place_readings(report, row, readings, "数字与标签分开印出，有多种对应")
            continue
        if line.breaks:
            cut = line.breaks[0] - (len(line.cells) - len(values))
            # Or the break fell between two cells (``6`` / ``33800元`` of a glued ``633800元``): as printed.
            alternatives = [*solve.mended(values, (cut,)), list(values)]
            fitting: list[Sequence[str]] = [
                tokens for tokens in alternatives if len(tokens) == len(row.columns)
            ]
            if not fitting or len(values) <= len(row.columns):
                # Neither reading fills the row, or the two lines together are no longer than the row (then
                # the cells printed may be merged runs or glued digits as well): each reading is read as
                # merged runs or glued digits too; the cells they disagree on stay ambiguous.
                fitting += [
                    reading
                    for tokens in alternatives
                    if len(tokens) < len(row.columns)
                    for reading in [
                        *(
                            tuple(tokens[int(index or 0)] for index in expansion)
                            for expansion in solve.expansions(list(range(len(tokens))), len(row.columns))
                        ),
                        *glued_cells(tokens, row),
                    ]
                ]
            fitting = list(dict.fromkeys(tuple(tokens) for tokens in fitting))
            if len(fitting) > 1:
                place_readings(report, row, fitting, "数字断行")
                continue
            values = list(fitting[0]) if fitting else values
        if len(values) < len(row.columns) or (collapsed and len(values) > len(row.columns)):
            place_collapsed(report, row, values)
            continue
        place_proactive(report, row, values, where(line, index))
    for row in report_format.proactive_rows:
        if row.key not in seen:
            report.notes.append(f"二、主动公开政府信息情况：未找到“{row.label}”行，数值记为空")


_COUNT_UNIT = re.compile(r"(?<=\d)(?:个|件|项|批|条|次|份|家|宗|起)$")


def place_proactive(report: AnnualReport, row: ProactiveRow, values: list[str], place: str) -> None:
    """Put a row's printed values into its columns.

    When cells are missing (a PDF extractor dropped a column), the first and last printed values
    keep their columns and the missing middle ones stay null: the extractor loses inner cells, and
    a guess would be worse than a blank.
    """
    columns = [column.key for column in row.columns]
    if len(values) > len(columns):
        report.notes.append(
            f"二、{row.label}（{place}）：多出{len(values) - len(columns)}个数值，取最后{len(columns)}个"
        )
        values = values[-len(columns) :]
    placed: dict[str, str] = {}
    if len(values) == len(columns):
        placed = dict(zip(columns, values, strict=True))
    else:
        placed[columns[0]] = values[0]
        if len(values) > 1:
            placed[columns[-1]] = values[-1]
        for column, value in zip(columns[1:-1], values[1:-1], strict=False):
            placed[column] = value
        missing = [c.label for c in row.columns if c.key not in placed]
        report.notes.append(
            f"二、{row.label}（{place}）：只印出{len(values)}个数值，{'、'.join(missing)}记为空"
        )
    for column, text in placed.items():
        report.proactive[row.key][column] = proactive_value(row, column, text)
        if report.proactive[row.key][column] is None and not is_blank(text):
            report.raw[f"proactive.{row.key}.{column}"] = text


def place_collapsed(report: AnnualReport, row: ProactiveRow, values: list[str]) -> None:
    """A row of 二 whose identical neighbouring cells were merged: the first and last printed values keep
    their columns in every expansion; a middle column that differs between expansions is ambiguous
    (section 二 has no arithmetic to decide it)."""
    columns = [column.key for column in row.columns]
    if len(values) > len(columns):
        # More numbers than cells on crawled text: numbers broken over lines (``5`` / ``50`` = 550).
        tokens = solve.merged_tokens(values, len(columns))
    else:
        tokens = [
            tuple(values[int(index or 0)] for index in reading)
            for reading in solve.expansions(list(range(len(values))), len(columns))
        ]
        cuts = glued_cells(values, row)
        if cuts and not (parse_number(values[0]) is not None and values[0][:1] != "0"):
            tokens = []  # ``6-10``, ``055``: not one number repeated, only a glued row
        tokens += cuts
    if not tokens:
        report.notes.append(f"二、{row.label}：数字“{' '.join(values)}”无法读成{len(columns)}格，记为空")
        return
    place_readings(report, row, tokens, f"印出{len(values)}个数（相同的相邻格被合并或数字断行）")


def glued_cells(values: Sequence[str], row: ProactiveRow) -> list[tuple[str, ...]]:
    """A row of 二 printed as one run (``055``, ``6-10``, ``633800元``: its separators lost): every cut into
    the row's cells, and into its merged runs of identical cells (``416`` may be 4,4,16), pruned by R8
    (对外公开总数量 is at least 本年新公开数量). Section 二 has no other arithmetic, so cells the cuts
    disagree on stay ambiguous."""
    columns = [column.key for column in row.columns]
    if len(values) != 1 or len(columns) < 2:
        return []
    kinds = solve.column_kinds(row)
    cuts = list(
        dict.fromkeys([*solve.glued_pieces(values[0], kinds), *solve.merged_pieces(values[0], kinds)])
    )
    if "total" in columns and "published" in columns:
        published, total = columns.index("published"), columns.index("total")
        fitting = [
            cut for cut in cuts if (parse_count(cut[total]) or 0) >= (parse_count(cut[published]) or 0)
        ]
        cuts = fitting or cuts
    return cuts


def place_readings(
    report: AnnualReport, row: ProactiveRow, tokens: Sequence[Sequence[str]], why: str
) -> None:
    """A row of 二 that may be read several ways (``tokens``, one cell each): the cells all readings agree
    on are placed, the others stay null and ambiguous (section 二 has no arithmetic to decide them)."""
    columns = [column.key for column in row.columns]
    readings = [
        tuple(proactive_value(row, column, token) for column, token in zip(columns, reading, strict=True))
        for reading in tokens
    ]
    cells, ambiguous = solve.merge(readings)  # type: ignore[arg-type]
    for number, (column, value) in enumerate(zip(columns, cells, strict=True)):
        report.proactive[row.key][column] = value
        if number in ambiguous:
            report.ambiguous[f"proactive.{row.key}.{column}"] = ambiguous[number]
    if ambiguous:
        report.notes.append(
            f"二、{row.label}：{why}，{'、'.join(row.columns[n].label for n in ambiguous)}有多种读法，记为空"
        )


def proactive_value(row: ProactiveRow, column: str, text: str) -> int | float | str | None:
    cell = clean_cell(text)
    if is_blank(cell):
        return None
    if column in row.text_columns:
        # An amount kept as printed, without a count's unit the site put in every cell (``0件``).
        return _COUNT_UNIT.sub("", cell)
    if column in row.decimal_columns:
        return parse_number(cell)
    return parse_count(cell)


def candidate_rows(report_format: ReportFormat) -> list[tuple[str, tuple[ApplicationRow, ...]]]:
    """Row lists a report of ``report_format`` may print: its own, then each alternative layout (its own
    rows with the alternative's rows in place of the ones they replace)."""
    own = report_format.application_rows
    candidates = [("own", own)]
    for number, alternative in enumerate(report_format.alternatives, start=1):
        start = min(index for index, row in enumerate(own) if row.key in alternative.replaces)
        rest = tuple(row for row in own if row.key not in alternative.replaces)
        candidates.append((f"alternative-{number}", (*rest[:start], *alternative.rows, *rest[start:])))
    return candidates


@lru_cache(maxsize=256)
def row_context(row: ApplicationRow) -> str:
    return label_key(row.part + row.group + row.label)


@lru_cache(maxsize=16384)
def pair_score(label: str, row: ApplicationRow) -> float:
    """How well a printed label fits a format row; 0.5 for no label (place by position)."""
    key = label_key(label)
    if len(key) < 2:
        return 0.2 + 0.5
    core = max(containment(key, label_key(variant)) for variant in row.labels)
    return 0.2 + 0.7 * core + 0.3 * containment(key, row_context(row))


def align(rows: Sequence[NumberRow], expected: Sequence[ApplicationRow]) -> tuple[float, list[int | None]]:
    """Order-preserving alignment of printed rows to format rows maximising the label fit.

    Returns the total score and, for each format row, the index of the printed row placed there.
    """
    m, n = len(rows), len(expected)
    scores = [[pair_score(row.label, exp) for exp in expected] for row in rows]
    best = [[0.0] * (n + 1) for _ in range(m + 1)]
    for i in range(m - 1, -1, -1):
        for j in range(n - 1, -1, -1):
            best[i][j] = max(best[i + 1][j], best[i][j + 1], scores[i][j] + best[i + 1][j + 1])
    placement: list[int | None] = [None] * n
    i = j = 0
    while i < m and j < n:
        if best[i][j] == scores[i][j] + best[i + 1][j + 1]:
            placement[j] = i
            i += 1
            j += 1
        elif best[i][j] == best[i + 1][j]:
            i += 1
        else:
            j += 1
    return best[0][0], placement


def read_applications(
    report: AnnualReport,
    report_format: ReportFormat,
    rows: Sequence[NumberRow],
    *,
    collapsed: bool = False,
    blanks_kept: bool = False,
) -> None:
    options = []
    for name, expected in candidate_rows(report_format):
        score, placement = align(rows, expected)
        # The format's own rows win ties: a report is presumed to follow its format.
        options.append((score + (0.01 if name == "own" else 0.0), name, expected, placement))
    _, name, expected, placement = max(options, key=lambda option: option[0])
    use_rows(report, {row.key for row in expected})
    placement = trusted_placement(rows, expected, placement, report)
    short: dict[str, list[str]] = {}
    mended: dict[str, list[list[str]]] = {}
    centres = column_centres([rows[index] for index in placement if index is not None])
    for row, index in zip(expected, placement, strict=True):
        if index is None:
            report.notes.append(f"三、{row.label}：未找到该行数字，记为空")
            continue
        found = rows[index]
        values = found.values
        if found.alternatives:
            # A row of a detached stream that other cuts give other values: the arithmetic decides.
            short[row.key] = values
            mended[row.key] = [list(option) for option in found.alternatives]
            continue
        if found.breaks:
            # A number-only line after the row: a number broken over lines, or not the row's (both tried).
            short[row.key] = values
            mended[row.key] = solve.mended(values, found.breaks)
            continue
        if len(values) > 7 and not collapsed:
            report.notes.append(f"三、{row.label}（{found.where}）：多出{len(values) - 7}个数值，取最后7个")
            values = values[-7:]
        if found.spans and sum(found.spans) > 7:
            # A spanning label drawn as the label and empty cells, before a number merged over columns:
            # the empty cells are the label's, not blank numbers (the numbers' spans fill the seven alone).
            spans = list(found.spans)
            values = list(values)
            while values and not values[0].strip() and sum(spans) > 7:
                values.pop(0)
                spans.pop(0)
            if sum(spans) == 7 and len(spans) == len(values):
                values = spread(values, spans)
        # (Only while each value still has its span: not after the surplus values were dropped above.)
        if len(values) < 7 and found.spans and sum(found.spans) == 7 and len(found.spans) == len(values):
            # A number merged over several columns (colspan) stands for that many equal cells.
            values = spread(values, found.spans)
        if len(values) < 7 and centres and found.xs:
            # The text layer dropped blank cells: the numbers' positions say which columns they are.
            values = by_position(values, found.xs, centres) or values
        if len(values) < 7 or (collapsed and len(values) > 7):
            short[row.key] = values
            continue
        put_counts(report, "applications", row.key, APPLICANT_KEYS, values)
    if short:
        solve_short_rows(report, expected, short, mended, blanks_dropped=not (collapsed or blanks_kept))
    extra = len(rows) - sum(1 for index in placement if index is not None)
    if extra > 0:
        report.notes.append(f"三：有{extra}个数字行无法对应到表格的行，未计入")
        placed = set(placement)
        unmatched = [row for row, index in zip(expected, placement, strict=True) if index is None]
        declare_unmatched(
            report, unmatched, [rows[index] for index in range(len(rows)) if index not in placed]
        )


def declare_unmatched(
    report: AnnualReport, unmatched: Sequence[ApplicationRow], leftover: Sequence[NumberRow]
) -> None:
    """Rows of 三 the alignment could not place while number rows were left over (a label split past
    recognition, a row shifted by page furniture): each such row may hold any of the leftover rows' counts
    (as printed, cut from a glued run, or joined over a line break), so its cells are null and ambiguous
    between every one of those counts — never one picked."""
    counts: set[int] = set()
    # A number broken over two lines is the last of one leftover row and the first of the next (``12`` /
    # ``59 36 0 …`` for 1259): those joined are candidates too.
    joins = [
        before.values[-1] + after.values[0]
        for before, after in itertools.pairwise(leftover)
        if before.values and after.values and before.values[-1].isdigit()
    ]
    for value in [*(value for found in leftover for value in found.values), *joins]:
        count = parse_count(value)
        if count is not None and count >= 0:
            counts.add(count)
        for reading in solve.glued([value], len(APPLICANT_KEYS)):
            counts.update(cell for cell in reading if isinstance(cell, int) and cell >= 0)
    if not counts:
        return
    candidates = (*sorted(counts), None)
    for row in unmatched:
        cells = report.applications.get(row.key, {})
        for column in APPLICANT_KEYS:
            if cells.get(column) is None:
                report.ambiguous[f"applications.{row.key}.{column}"] = candidates
        report.notes.append(
            f"三、{row.label}：未能与印出的数字行对应；未对应的数字行中的数（{shown_counts(candidates)}）"
            "都可能属于该行，记为空"
        )


def shown_counts(candidates: Sequence[int | float | None]) -> str:
    values = [str(value) for value in candidates if value is not None]
    return "、".join(values[:12]) + ("等" if len(values) > 12 else "")


def trusted_placement(
    rows: Sequence[NumberRow],
    expected: Sequence[ApplicationRow],
    placement: list[int | None],
    report: AnnualReport,
) -> list[int | None]:
    """``placement`` without the rows placed by position alone when their position proves nothing: number
    rows without a label are placed in order, which is right only when they are exactly as many as the
    format rows left for them. One more or one fewer (a number broken over two lines, a row not printed)
    and every row after it would be read one row off — those rows stay null instead."""
    unlabelled = {index for index, row in enumerate(rows) if len(label_key(row.label)) < 2}
    # A labelled row placed where its label is not the row's (little of it in the format's label): the
    # alignment put it there to make room for unlabelled rows, such as label fragments with a digit
    # (``8.属于行政查询事项 三`` / ``1``) before a detached block. It and the positions after it prove nothing.
    misfit = {
        index
        for row, index in zip(expected, placement, strict=True)
        if index is not None
        and index not in unlabelled
        and max(containment(label_key(rows[index].label), label_key(variant)) for variant in row.labels) < 0.3
    }
    if misfit and unlabelled:
        placement = [None if index in misfit else index for index in placement]
    if not unlabelled:
        return placement
    by_position = [number for number, index in enumerate(placement) if index in unlabelled]
    # A lone number other than 0, too short to be a glued row, is no row of 三 (seven equal cells do not
    # add up): a fragment of a label column (``3`` of ``3.要求提供…``) or of a broken number. Unlabelled,
    # or left out of the placement, it may stand in for a missing row, so the count proves nothing.
    unplaced = set(range(len(rows))) - set(placement)
    stray = any(
        len(rows[index].values) == 1
        and (value := parse_count(rows[index].values[0])) is not None
        and value != 0
        and len(rows[index].values[0].strip()) < 7
        for index in unlabelled | unplaced
    )
    if (
        len(by_position) == len(unlabelled)
        and all(index is not None for index in placement)
        and not (stray or misfit)
    ):
        return placement
    report.notes.append(
        f"三：有{len(unlabelled)}个数字行没有标签，与表格的行数对不上，无法按位置对应，这些行记为空"
    )
    return [None if index in unlabelled else index for index in placement]


def spread(values: Sequence[str], spans: Sequence[int]) -> list[str]:
    return [value for value, span in zip(values, spans, strict=True) for _ in range(span)]


def column_centres(rows: Sequence[NumberRow]) -> list[float] | None:
    """The horizontal centre of each of the seven columns of 三, from its rows printed in full."""
    full = [row.xs for row in rows if row.xs and len(row.values) == 7 and None not in row.xs]
    if len(full) < 3:
        return None
    centres = [statistics.median(float(xs[column] or 0) for xs in full) for column in range(7)]
    return centres if all(a < b for a, b in itertools.pairwise(centres)) else None


def by_position(values: list[str], xs: Sequence[float | None], centres: list[float]) -> list[str] | None:
    """The seven cells of a short row, each number in the column whose centre is nearest, the others
    blank; None when two numbers fall in one column or a number sits between columns."""
    half_gap = min(b - a for a, b in itertools.pairwise(centres)) / 2
    cells = [""] * len(centres)
    for value, x in zip(values, xs, strict=True):
        if x is None:
            return None
        column = min(range(len(centres)), key=lambda c: abs(centres[c] - x))
        if abs(centres[column] - x) > half_gap * 0.8 or cells[column]:
            return None
        cells[column] = value
    return cells


def solve_short_rows(
    report: AnnualReport,
    rows: Sequence[ApplicationRow],
    short: dict[str, list[str]],
    mended: dict[str, list[list[str]]],
    *,
    blanks_dropped: bool,
) -> None:
    """Rows printed with merged runs of identical cells or a number broken over lines (``mended``: the
    rows' token lists, joined first): every reading, decided by the table's arithmetic."""
    options: dict[str, list[solve.Reading]] = {}
    for row in rows:
        if row.key in short:
            found: list[solve.Reading] = []
            for number, tokens in enumerate(mended.get(row.key, [short[row.key]])):
                # Blanks dropped are only looked for in the row as printed in full.
                dropped = blanks_dropped and number == 0
                found += solve.readings(tokens, len(APPLICANT_KEYS), blanks_dropped=dropped)
            options[row.key] = list(dict.fromkeys(found))
        elif row.key in report.applications:
            options[row.key] = [tuple(report.applications[row.key].get(key) for key in APPLICANT_KEYS)]
    decision = solve.solve_applications(
        options, {row.key: row.label for row in rows}, {row.key for row in rows if row.result}, set(short)
    )
    report.notes.extend(decision.notes)
    for key in short:
        report.applications[key] = dict(
            zip(APPLICANT_KEYS, solve.as_counts(decision.cells[key]), strict=True)
        )
        for number, candidates in decision.ambiguous.get(key, {}).items():
            report.ambiguous[f"applications.{key}.{APPLICANT_KEYS[number]}"] = candidates
        if not options[key]:
            # No reading at all: each cell may be any printed number or blank.
            printed = sorted({value for value in map(parse_count, short[key]) if value is not None})
            for column in APPLICANT_KEYS:
                report.ambiguous[f"applications.{key}.{column}"] = (*printed, None)


def use_rows(report: AnnualReport, printed: set[str]) -> None:
    """Make ``report.applications`` hold the format's rows plus the rows of an alternative layout that the
    document printed instead; the rows they replace that it did not print are recorded as absent."""
    report_format = report.report_format
    own = [row.key for row in report_format.application_rows]
    extra = printed - set(own)
    if not extra:
        return
    keys = set(own) | extra
    replaced = {
        key
        for alternative in report_format.alternatives
        if extra & {row.key for row in alternative.rows}
        for key in alternative.replaces
    }
    report.applications = {
        row.key: dict.fromkeys(APPLICANT_KEYS) for row in report_format.known_rows if row.key in keys
    }
    report.absent_rows = tuple(key for key in own if key in replaced and key not in printed)


def put_counts(
    report: AnnualReport, table: str, row: str, keys: Sequence[str], values: Sequence[str]
) -> None:
    target: dict[str, int | None] = getattr(report, table)[row]
    for key, text in zip(keys, values, strict=False):
        value = parse_count(text)
        if value is None or value < 0:
            # Blank, "/", "—", decimals, negatives: null here, the printed text kept for rule R5.
            report.raw[f"{table}.{row}.{key}"] = clean_cell(text)
            value = None
        target[key] = value


def read_reviews(report: AnnualReport, lines: Sequence[tuple[int, Line]], *, collapsed: bool = False) -> None:
    """Section 四: the one row of 15 numbers (or number-only lines adding up to 15)."""
    candidates = []
    for _, line in lines:
        values = split_line(line)[1]
        spans = line.spans[-len(values) :] if line.spans and values else None
        candidates.append(spread(values, spans) if spans and sum(spans) == 15 else values)
    for (_, line), (_, following), values, more in zip(
        lines, lines[1:], candidates, candidates[1:], strict=False
    ):
        if (
            values
            and more
            and len(values) + len(more) == 16
            and is_number_line(following)
            and line.page == following.page
            and not collapsed
        ):
            # A number broken over the two lines (``3`` / ``6`` for 36): joined, or the line not the row's.
            tokens = [*values, *more]
            options = [found for found in solve.mended(tokens, (len(values),)) if len(found) == 15]
            if options:
                read_collapsed_reviews(report, [], [tuple(map(parse_count, found)) for found in options])
                return
    full = [values for values in candidates if len(values) >= 15]
    printed = [values for values in candidates if values]
    if collapsed and printed and len(printed[-1]) != 15:
        # Crawled text: one number line run is the whole row, merged runs or broken numbers included.
        read_collapsed_reviews(report, printed[-1])
        return
    if full:
        values = full[0][-15:]
        if len(full[0]) > 15:
            report.notes.append(f"四：数字行有{len(full[0])}个数值，取最后15个")
    else:
        values = []
        for label, numbers in (split_line(line) for _, line in lines):
            if not label and numbers:
                values.extend(numbers)
        short = [values for values in candidates if 0 < len(values) < 15]
        if len(values) != 15 and short:
            if len(short) > 1 and values:
                # Several short number lines are one row broken over lines (``11`` / ``0024001510102``),
                # not the last alone: read with each break joined or not.
                read_collapsed_reviews(report, values, broken_readings(values, [len(line) for line in short]))
            else:
                read_collapsed_reviews(report, short[-1])
            return
        if len(values) != 15:
            report.notes.append(
                f"四、政府信息公开行政复议、行政诉讼情况：未找到15个数字（找到{len(values)}个），记为空"
            )
            return
    for number, group in enumerate(report.report_format.review_groups):
        put_counts(report, "reviews", group.key, REVIEW_KEYS, values[number * 5 : number * 5 + 5])


def broken_readings(tokens: list[str], lengths: Sequence[int]) -> list[solve.Reading]:
    """The readings of section 四 printed over lines of ``lengths`` tokens: each line break a number
    broken there (its neighbours joined) or a border between cells."""
    borders = list(itertools.accumulate(lengths))[:-1]
    variants = [list(tokens)]
    for border in reversed(borders):  # from the end, so earlier borders keep their place
        variants += [
            joined
            for variant in variants
            for joined in solve.mended(variant, (border,))
            if len(joined) == len(variant) - 1  # the joined reading, not the line dropped
        ]
    found: list[solve.Reading] = []
    for variant in variants[:64]:
        found += solve.readings(variant, 15)
    return list(dict.fromkeys(found))


def text_lines(text: str, *, page_marks: bool = False) -> list[Line]:
    """Lines of whitespace-separated cells (PDF text layers, pasted text); page footers dropped."""
    lines = []
    numbered = False  # whether the page before ended with its number as a footer (— 4 —)
    # Pages first: splitlines() also splits at a form feed, which would lose where a page begins.
    for page, content in enumerate(text.split("\f"), start=1):
        # A page whose number was printed as the last page's footer has none at its top: a bare number
        # there is a cell (a row of merged zeros), as is a 0 anywhere.
        first = page > 1 and page_marks and not numbered
        numbered = False
        for raw in content.splitlines():
            stripped = raw.strip()
            if not stripped:
                continue
            if PAGE_FOOTER.fullmatch(stripped):
                numbered = True
                continue
            numbered = False
            if first and re.fullmatch(r"[1-9]\d{0,2}", stripped):
                first = False
                continue  # the page's number, printed at its top
            first = False
            lines.append(Line(stripped.split(), page if page_marks else None))
    return lines


_CASES = {
    "行政复议": re.compile(r"行政复议(?:案件|申请)?共?(\d+)[件起条宗]"),
    "行政诉讼": re.compile(r"行政诉讼(?:案件)?共?(\d+)[件起条宗]"),
}


def stated_cases(overview: str) -> dict[str, int]:
    """Case counts the overview states (``被申请行政复议1件``), whitespace and line breaks removed."""
    squashed = re.sub(r"\s+", "", overview)
    return {
        what: int(match.group(1)) for what, pattern in _CASES.items() if (match := pattern.search(squashed))
    }


def read_collapsed_reviews(
    report: AnnualReport, values: list[str], readings: list[solve.Reading] | None = None
) -> None:
    """Section 四 printed with merged runs of identical cells (a single ``0`` for fifteen zeros), or with
    the given ``readings`` (a number broken over lines): R4 and the overview decide."""
    readings = readings or list(dict.fromkeys([*solve.readings(values, 15), *solve.glued_lines(values, 15)]))
    if not readings:
        report.notes.append(f"四：数字“{' '.join(values)}”无法读成15格，记为空")
        return
    cells, ambiguous, note = solve.solve_groups(readings, 5, stated_cases(report.sections.overview or ""))
    if note:
        report.notes.append(f"四、政府信息公开行政复议、行政诉讼情况：{note}")
    for number, group in enumerate(report.report_format.review_groups):
        report.reviews[group.key] = dict(
            zip(REVIEW_KEYS, solve.as_counts(cells[number * 5 : number * 5 + 5]), strict=True)
        )
    for index, candidates in ambiguous.items():
        group = report.report_format.review_groups[index // 5]
        report.ambiguous[f"reviews.{group.key}.{REVIEW_KEYS[index % 5]}"] = candidates
