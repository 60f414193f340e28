"""Plain-text layouts: Word-to-text exports (one cell per line) and text with space-separated cells."""

from __future__ import annotations

import re

from gongkai.lib.numbers import is_blank, is_value_cell
from gongkai.reports.parse.assemble import text_lines
from gongkai.reports.parse.base import PAGE_FOOTER, Document, Line
from gongkai.reports.parse.meta import HEADINGS


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
    return Document(text=text, lines=lines, layout="word-text", blanks_kept=True)


def plain(text: str) -> Document:
    """Text whose table rows are lines of whitespace-separated cells (copied from a web page or PDF)."""
    lines = label_words_joined(row_numbers_joined(text_lines(text, page_marks="\f" in text)))
    return Document(text=text, lines=lines, layout="text")


# A row number's dot (``3`` / ``.危及``): not 、, which follows 一、二、 — numerals no digit stands for — and is
# a vertical heading's character too (``三`` / ``、``), after which a lone number is a number's broken end.
_SPLIT_ROW_NUMBER = re.compile(r"[.．](?:[^\d\s.．、]|$)")


def row_numbers_joined(lines: list[Line]) -> list[Line]:
    """``lines`` with a label's row number split from it (``3`` / ``.危及“三``, after a vertical heading's
    character: ``年 2`` / ``.其他``, after its group's label: ``（三）不予公开 1`` / ``.属于国家秘``) put back in
    front of it: a lone number there is no row of numbers, and as one it would stand for a missing row."""
    result: list[Line] = []
    for line in lines:
        previous = result[-1].cells if result else []
        if (
            previous
            and re.fullmatch(r"[1-9]\d?", previous[-1])  # rows are numbered from 1
            and not any(is_value_cell(cell) for cell in previous[:-1])
            and line.cells
            and _SPLIT_ROW_NUMBER.match(line.cells[0])
            and result[-1].page == line.page
        ):
            result[-1] = Line([*previous[:-1], previous[-1] + line.cells[0], *line.cells[1:]], line.page)
            continue
        result.append(line)
    return result


def label_words_joined(lines: list[Line]) -> list[Line]:
    """``lines`` with a lone ``无`` between lines of text put in front of the text after it (``（`` / ``四）`` /
    ``无`` / ``法提供``, ``4.`` / ``无`` / ``正当理由…``): 无 is a blank mark too, but there it is a fragment of
    a label, and as a row of blanks it would break a label column in two. Not before a line that opens a
    row (``（六）其他处理`` / ``无`` / ``（七）总计``: the row printed 无)."""
    result: list[Line] = []
    word = ""  # a 无 to put in front of this line
    for index, line in enumerate(lines):
        if word:
            line = Line([word + line.cells[0], *line.cells[1:]], line.page)
            word = ""
        following = lines[index + 1] if index + 1 < len(lines) else None
        if (
            [cell.strip() for cell in line.cells] == ["无"]
            and result
            and not any(is_value_cell(cell) for cell in result[-1].cells)
            and following is not None
            and following.cells
            and not is_value_cell(following.cells[0])
            and not _ROW_START.match(following.cells[0])
            and result[-1].page == line.page == following.page
        ):
            word = "无"
            continue
        result.append(line)
    return result


def is_markdown(text: str) -> bool:
    return sum(1 for line in text.splitlines() if line.lstrip().startswith("|")) >= 5


def markdown(text: str) -> Document:
    """Markdown tables from PDF extractors: ``| a | b |`` rows; other lines split on whitespace.

    Extractors add an empty trailing cell to some rows; it is dropped (it is not a printed blank).
    """
    lines: list[Line] = []
    for raw in text.splitlines():
        stripped = raw.strip()
        if not stripped or PAGE_FOOTER.fullmatch(stripped):
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
    return Document(text=text, lines=lines, layout="markdown", blanks_kept=True)


# A line that opens a table row: 一、 / （一） / (一 / 1. — the next label starts here, not in the last one.
_ROW_START = re.compile(
    r"^(?:[一二三四五六七八九十]+\s*[、.．]|[(（]\s*[一二三四五六七八九十]+|\d{1,2}\s*[.．、](?!\d))"
)
_PAGE_NUMBER = re.compile(r"[-—–－]?\s*\d+\s*[-—–－]|第\s*\d+\s*页(?:\s*共\s*\d+\s*页)?")


_SIDE_BY_SIDE = re.compile(r"\t|\s{2,}")


def is_cell_per_line(text: str) -> bool:
    """Crawled web text: every table cell on its own line, numbers alone on theirs, none side by side."""
    numbers = rows = labelled = glued = side_by_side = 0
    for raw in text.splitlines():
        if _PAGE_NUMBER.fullmatch(raw.strip()):
            continue
        tokens = raw.split()
        if len(tokens) == 1 and is_value_cell(tokens[0]) and not is_blank(tokens[0]):
            numbers += 1
            # ``0000000``, ``015``: no cell has a leading zero; number lines that have are rows whose digits
            # were glued (their label column printed apart): the text has its cells side by side.
            glued += bool(re.match(r"0\d", tokens[0]))
        elif len(tokens) >= 3 and all(is_value_cell(token) for token in tokens[-3:]):
            rows += 1
        elif (
            len(tokens) >= 2
            and not is_value_cell(tokens[0])
            and is_value_cell(tokens[-1])
            and (len(tokens[-1]) >= 2 or len("".join(tokens[:-1])) >= 2)
        ):
            # ``规章    222``, ``行政许可    7``: a label and its row's digits on one line, which crawled text
            # never prints (its numbers broken over lines make the lone number lines). Not ``理 5``: a
            # vertical heading's character before a row number split from its label.
            labelled += 1
        elif sum(not is_value_cell(cell) for cell in _SIDE_BY_SIDE.split(raw.strip()) if cell) >= 2:
            # ``自然人    法人或其他组织    总计``, ``三、本年度办理结果`` and ``（一）予以公开`` apart by a tab: text
            # cells side by side on a line, as crawled text never prints them.
            side_by_side += 1
    return numbers >= 20 and rows < 3 and labelled < 3 and glued < 3 and side_by_side < 3


_BARE_NUMBER = re.compile(r"[一二三四五六七八九十]+\s*[、.．]?")


def running_headers(text: str) -> set[str]:
    """Lines printed at the top of every page: the text right after a form feed or a page number,
    when it comes back on two pages or more and nowhere else (the text's start is a page's top too).
    A line also printed inside a page is the page's text: a label's fragment (``行`` / ``政许可``) or
    the first line of a table header printed again after a page break."""
    seen: dict[str, int] = {}
    inside: set[str] = set()
    after_break = True
    for raw in text.split("\n"):  # not splitlines(): it splits at form feeds too
        line = raw.replace("\u200b", "").strip()
        if not line:
            continue
        if (after_break or raw.lstrip(" \t").startswith("\f")) and not is_value_cell(line):
            seen[line] = seen.get(line, 0) + 1
        else:
            inside.add(line)
        after_break = bool(_PAGE_NUMBER.fullmatch(line))
    return {line for line, count in seen.items() if count >= 2 and line not in inside}


def page_numbers_dropped(text: str) -> list[str]:
    """The text's non-empty lines, stripped, without a bare page number printed right after a form feed
    (``\f`` / ``8``): at the top of a page it is the page's number, not a cell — unless the page before
    ended with its number as a footer (``— 7 —`` / ``\f`` / ``0``: then it is a cell, as a 0 always is)."""
    cells: list[str] = []
    after_break = False
    for page in text.split("\f"):
        for raw in page.splitlines():
            cell = raw.replace("\u200b", "").strip()
            if not cell:
                continue
            if after_break and re.fullmatch(r"[1-9]\d{0,2}", cell):
                after_break = False
                continue
            after_break = False
            cells.append(cell)
        after_break = not (cells and PAGE_FOOTER.fullmatch(cells[-1]))
    return cells


def joined_headings(text: str) -> list[str]:
    """The text's non-empty lines without page numbers, with a section heading broken over several lines
    (``四、`` / ``政府信息公开行政复议、行政诉讼情况``, ``三、收到和处理`` / ``政府信息`` / ``公开申请`` …)
    joined."""
    cells = [cell for cell in page_numbers_dropped(text) if not _PAGE_NUMBER.fullmatch(cell)]
    furniture = running_headers(text)
    cells = [cell for cell in cells if cell not in furniture]
    joined: list[str] = []
    index = 0
    while index < len(cells):
        cell = cells[index]
        index += 1
        if (
            _BARE_NUMBER.match(cell)
            and len(cell) <= 10
            and not any(pattern.match(cell) for pattern in HEADINGS.values())
        ):
            # Up to a heading printed one character a line.
            candidate = cell
            for more in range(1, 40):
                if index + more > len(cells) or is_value_cell(cells[index + more - 1]):
                    break
                candidate += cells[index + more - 1]
                if len(candidate) > 48:  # longer than any heading
                    break
                if any(pattern.match(candidate) for pattern in HEADINGS.values()):
                    cell = candidate
                    index += more
                    break
        joined.append(cell)
    return joined


_CHANGE_WORD = re.compile(r"增加|增|减少|减")


def change_words_joined(cells: list[str]) -> list[str]:
    """``cells`` with a word of change printed on a line of its own before its number, among the row's
    numbers (``35`` / ``增`` / ``1`` / ``10`` of 本年增/减) joined to it: ``增1`` is one cell, not a label word
    that breaks the row in two. Not the column label's ``减`` (``年增`` / ``/`` / ``减``)."""
    joined: list[str] = []
    for cell in cells:
        if (
            len(joined) > 1
            and _CHANGE_WORD.fullmatch(joined[-1])
            and re.fullmatch(r"\d+", cell)
            and re.fullmatch(r"[+-]?\d+(?:\.\d+)?", joined[-2])
        ):
            joined[-1] += cell
        else:
            joined.append(cell)
    return joined


def cell_per_line(text: str) -> Document:
    """Rows of crawled web text: the text lines before a run of number lines are the row's label.

    A line that opens a row (``一、``, ``（三）``, ``2.``) or a section heading starts a new label, so that a
    table header is not glued to the first row's label. Such websites also merge runs of identical
    neighbouring cells into one (``8`` ``0`` ``8`` for 8,0,0,0,0,0,8): the document says so, and the
    solver expands the runs.
    """
    lines: list[Line] = []
    label: list[str] = []
    values: list[str] = []

    def flush() -> None:
        if label or values:
            lines.append(Line([*label, *values]))
        label.clear()
        values.clear()

    cells = change_words_joined(joined_headings(text))
    for index, cell in enumerate(cells):
        following = cells[index + 1] if index + 1 < len(cells) else ""
        # ``1`` / ``.`` / ``属于国家秘密``: a row number split from its label is part of the label — not a
        # number before a vertical heading's character printed in front of the next label (``33`` /
        # ``、 （二）部分公开``).
        split_number = following[:1] in ".．、" and not following[1:2].isspace()
        if is_value_cell(cell) and not (cell.isdigit() and len(cell) <= 2 and split_number):
            values.append(cell)
            continue
        heading = any(pattern.match(cell) for pattern in HEADINGS.values())
        if values or heading or _ROW_START.match(cell):
            flush()
        label.append(cell)
        if heading:
            flush()
    flush()
    return Document(text=text, lines=lines, layout="cell-per-line", collapsed_runs=True)
