"""How real websites and extractors print an annual report's tables, as hypothesis strategies.

A :class:`Distortions` value says how to print a report: as text (cells tab- or space-separated or one per
line, LF or CRLF) or as HTML (random row and column spans), and which damage the printing does — labels
split into fragments or vertical headings spread one character per line, half-width brackets, numbers
glued together or broken across lines, runs of identical cells collapsed into one, units inside cells,
page furniture and page breaks inside tables, label columns detached from their numbers. :func:`printing`
prints a report that way; ``tests/test_layout_property.py`` reads it back.

Each distortion is also a name in :data:`DISTORTIONS`, so that a test can switch on one at a time and say
which ones the reader cannot take yet.
"""

from __future__ import annotations

import random
from dataclasses import dataclass, replace
from typing import Any

from hypothesis import strategies as st

from gongkai.annual_report.formats import SECTIONS
from gongkai.annual_report.model import AnnualReport
from gongkai.lib.grid import place
from gongkai.reports.render.layout import (
    ROWGROUP,
    Printed,
    Table,
    application_table,
    plain_title,
    proactive_table,
    prose,
    review_table,
)

# The damage a printing may do; each is a share of the rows (or tables) it hits, or on/off.
DISTORTIONS = (
    "one_cell_per_line",
    "space_aligned",
    "crlf",
    "label_fragments",
    "vertical_headings",
    "halfwidth_brackets",
    "glued_digits",
    "broken_numbers",
    "collapsed_runs",
    "units_in_cells",
    "page_furniture",
    "detached_labels",
    "html_spans",
)


@dataclass(frozen=True)
class Distortions:
    html: bool = False
    one_cell_per_line: bool = False
    space_aligned: bool = False
    crlf: bool = False
    label_fragments: float = 0.0
    vertical_headings: bool = False
    halfwidth_brackets: bool = False
    glued_digits: float = 0.0
    broken_numbers: float = 0.0
    collapsed_runs: float = 0.0
    units_in_cells: float = 0.0
    page_furniture: float = 0.0
    detached_labels: bool = False
    html_spans: float = 0.0
    seed: int = 0

    @property
    def lossy(self) -> bool:
        """Whether the printing may lose which number is which: glued digits, numbers broken across
        lines, collapsed runs. Only then may the reader answer "ambiguous" for a cell."""
        return bool(self.glued_digits or self.broken_numbers or self.collapsed_runs)

    def only(self) -> list[str]:
        """The names of the distortions switched on (for failure messages)."""
        return [name for name in DISTORTIONS if getattr(self, name)] + (["html"] if self.html else [])


SHARE = st.sampled_from([0.0, 0.0, 0.2, 0.5, 1.0])


@st.composite
def distortions(draw: Any, *, only: str | None = None) -> Distortions:
    """Any printing; with ``only``, a printing that does just that one damage (at a drawn strength)."""
    seed = draw(st.integers(0, 2**32 - 1))
    if only is not None:
        value: Any = (
            True if isinstance(getattr(Distortions(), only), bool) else draw(st.sampled_from([0.2, 0.5, 1.0]))
        )
        return replace(Distortions(seed=seed, html=only == "html_spans"), **{only: value})
    html = draw(st.booleans())
    if html:
        return Distortions(
            html=True,
            halfwidth_brackets=draw(st.booleans()),
            collapsed_runs=draw(SHARE),
            units_in_cells=draw(SHARE),
            page_furniture=draw(SHARE),
            html_spans=draw(SHARE),
            seed=seed,
        )
    one_per_line = draw(st.booleans())
    return Distortions(
        one_cell_per_line=one_per_line,
        space_aligned=not one_per_line and draw(st.booleans()),
        crlf=draw(st.booleans()),
        label_fragments=draw(SHARE),
        vertical_headings=draw(st.booleans()),
        halfwidth_brackets=draw(st.booleans()),
        glued_digits=0.0 if one_per_line else draw(SHARE),
        # One cell per line, a number broken over two lines is two cells: the printing is that of other
        # numbers (``48`` / ``4`` for 484 and 28 collapsed into one, or 48 and 4), which no reader can tell.
        broken_numbers=0.0 if one_per_line else draw(SHARE),
        collapsed_runs=draw(SHARE),
        units_in_cells=draw(SHARE),
        page_furniture=draw(SHARE),
        detached_labels=draw(st.booleans()),
        seed=seed,
    )


HALF_WIDTH = str.maketrans({"（": "(", "）": ")", "，": ",", "：": ":"})


def printing(report: AnnualReport, how: Distortions) -> str:
    """``report`` printed as ``how`` says: the title, the six sections, the three tables."""
    rng = random.Random(how.seed)
    text = prose(report)
    tables = [proactive_table(report), application_table(report), review_table(report)]
    if how.html:
        body = [f"<h1>{plain_title(report)}</h1>", f"<p>{SECTIONS[0]}</p><p>{text[SECTIONS[0]]}</p>"]
        for heading, table in zip(SECTIONS[1:4], tables, strict=True):
            body += [f"<p>{heading}</p>", html_table(table, how, rng)]
        body += [
            f"<p>{SECTIONS[4]}</p><p>{text[SECTIONS[4]]}</p><p>{SECTIONS[5]}</p><p>{text[SECTIONS[5]]}</p>"
        ]
        page = "<html><head><meta charset='utf-8'></head><body>" + "\n".join(body) + "</body></html>"
        return page.translate(HALF_WIDTH) if how.halfwidth_brackets else page
    lines = [plain_title(report), SECTIONS[0], text[SECTIONS[0]]]
    for heading, table in zip(SECTIONS[1:4], tables, strict=True):
        lines += [heading, *text_table(table, how, rng)]
    lines += [SECTIONS[4], text[SECTIONS[4]], SECTIONS[5], text[SECTIONS[5]], ""]
    printed = "\n".join(lines)
    if how.halfwidth_brackets:
        printed = printed.translate(HALF_WIDTH)
    return printed.replace("\n", "\r\n") if how.crlf else printed


def furniture(rng: random.Random) -> list[str]:
    page = rng.randint(2, 9)
    return rng.choice([[f"- {page} -"], [f"— {page} —", "\f"], [f"第 {page} 页 共 9 页"], ["\f", f"{page}"]])


def balanced(values: list[str]) -> bool:
    """Whether a row of 三 (seven cells) or 四 (fifteen) keeps its own arithmetic (R2, R4); rows of 二 have
    none. A row that breaks it is printed without lossy damage: the reader is to decide a lossy printing
    by that arithmetic, so a row whose true numbers break it would be read as the numbers that keep it —
    a printing no reader could tell from another report's."""
    groups = {7: 7, 15: 5}.get(len(values))
    if groups is None:
        return True
    if not all(value.isdigit() for value in values):
        return True
    counts = [int(value) for value in values]
    return all(
        sum(counts[start : start + groups - 1]) == counts[start + groups - 1]
        for start in range(0, len(counts), groups)
    )


def values_of(row: list[Printed], how: Distortions, rng: random.Random) -> list[str]:
    """A row's value cells as printed, collapsed and with units where ``how`` says."""
    values = [cell.text for cell in row if not cell.is_header]
    if len(values) > 1 and rng.random() < how.collapsed_runs and balanced(values):
        collapsed: list[str] = []
        for value in values:
            if not collapsed or collapsed[-1] != value:
                collapsed.append(value)
        values = collapsed
    # A unit only where the cell has none yet: no website prints ``33800元件``.
    return [
        value + "件" if unitless(value) and rng.random() < how.units_in_cells else value for value in values
    ]


def unitless(value: str) -> bool:
    return bool(value) and value[-1].isdigit()


def split_label(label: str, how: Distortions, rng: random.Random) -> list[str]:
    if len(label) < 4 or rng.random() >= how.label_fragments:
        return [label]
    cuts = sorted(rng.sample(range(1, len(label)), k=min(len(label) - 1, rng.randint(1, 3))))
    return [label[i:j] for i, j in zip([0, *cuts], [*cuts, len(label)], strict=True)]


def text_table(table: Table, how: Distortions, rng: random.Random) -> list[str]:
    """A table as text lines: labels first, then the row's numbers, joined as ``how`` says."""
    separator = "\n" if how.one_cell_per_line else ("    " if how.space_aligned else "\t")
    label_lines: list[str] = []
    value_lines: list[str] = []
    pending_chars: list[str] = []  # a vertical heading's characters, one in front of each following line
    header_lines: list[str] = []  # the table's column header as printed
    for row in table:
        labels: list[str] = []  # each label as printed: its fragments on lines of their own
        for cell in row:
            if not cell.is_header:
                continue
            if how.vertical_headings and cell.role == ROWGROUP:
                pending_chars += list(cell.text)
                continue
            labels.append("\n".join(split_label(cell.text, how, rng)))
        values = values_of(row, how, rng)
        intact = not balanced([cell.text for cell in row if not cell.is_header])
        if values and rng.random() < how.glued_digits and not intact:
            printed_values = "".join(values)
        else:
            # A blank cell as websites mark it when cells are separated by whitespace: a slash.
            printed_values = separator.join(value or "/" for value in values)
        if values and rng.random() < how.broken_numbers and not intact:
            numbers = [
                i
                for i, ch in enumerate(printed_values[:-1])
                if ch.isdigit() and printed_values[i + 1].isdigit()
            ]
            if numbers:
                cut = rng.choice(numbers) + 1
                printed_values = printed_values[:cut] + "\n" + printed_values[cut:]
        head = (pending_chars.pop(0) + " ") if pending_chars else ""
        label_text = head + separator.join(labels)
        if how.detached_labels and values:
            label_lines.append(label_text)
            value_lines.append(printed_values)
        else:
            line = label_text + (separator if label_text.strip() and values else "") + printed_values
            value_lines.append(line)
        if not values:
            header_lines.append(label_text)
        if rng.random() < how.page_furniture:
            value_lines += furniture(rng)
            if rng.random() < 0.5:  # the table goes on on the next page under its header, printed again
                value_lines += header_lines
    value_lines += pending_chars
    return label_lines + value_lines


def html_table(table: Table, how: Distortions, rng: random.Random) -> str:
    """A table as HTML: the printed spans, runs of equal values merged into one spanning cell where
    ``how.collapsed_runs`` says, header cells split or merged at random, page breaks between rows."""
    table = merged_down(table, how, rng)
    placed, _, _ = place(table)
    columns: list[list[int]] = [[] for _ in table]  # each cell's first grid column, row by row
    for r, c, _cell in placed:
        columns[r].append(c)
    open_until = 0  # the last grid row a value cell spanning rows covers so far
    parts = ["<table border='1'>"]
    for r, row in enumerate(table):
        cells = []
        values = [cell for cell in row if not cell.is_header]
        merge = len(values) > 1 and rng.random() < how.collapsed_runs
        index = 0
        while index < len(row):
            cell = row[index]
            text = cell.text
            colspan, rowspan = cell.colspan, cell.rowspan
            if not cell.is_header:
                if unitless(text) and rng.random() < how.units_in_cells:
                    text += "件"
                open_until = max(open_until, r + cell.rowspan - 1)
                start = columns[r][index]
                if merge and cell.rowspan == 1:
                    # Only cells side by side in the grid: not across a cell spanning down from a row above.
                    while (
                        index + 1 < len(row)
                        and not row[index + 1].is_header
                        and row[index + 1].rowspan == 1
                        and row[index + 1].text == cell.text
                        and columns[r][index + 1] == start + colspan
                    ):
                        index += 1
                        colspan += row[index].colspan
            elif colspan > 1 and rng.random() < how.html_spans:
                # A spanning label the site drew as separate cells: the label, then empty cells.
                cells.append(f"<td>{text}</td>" + "<td></td>" * (colspan - 1))
                index += 1
                continue
            attributes = (f" colspan='{colspan}'" if colspan > 1 else "") + (
                f" rowspan='{rowspan}'" if rowspan > 1 else ""
            )
            cells.append(f"<td{attributes}>{text}</td>")
            index += 1
        parts.append("<tr>" + "".join(cells) + "</tr>")
        # A page break only between rows no value cell spans across: a site does not cut a number's cell.
        if rng.random() < how.page_furniture and open_until <= r:
            parts.append(f"</table><p>{furniture(rng)[0]}</p><table border='1'>")
    parts.append("</table>")
    return "\n".join(parts)


def merged_down(table: Table, how: Distortions, rng: random.Random) -> Table:
    """``table`` with runs of equal values in one column merged into one cell spanning the rows, as some
    sites' editors do, where ``how.html_spans`` says (each run merged or not at random)."""
    placed, height, width = place(table)
    at: dict[tuple[int, int], tuple[int, int]] = {}  # grid position → (row, index in the row) of a value
    for r, row in enumerate(table):
        for i, cell in enumerate(row):
            if not cell.is_header:
                at[next((pr, pc) for pr, pc, other in placed if other is cell and pr == r)] = (r, i)
    spans: dict[tuple[int, int], int] = {}
    dropped: set[tuple[int, int]] = set()
    for column in range(width):
        r = 0
        while r < height:
            start = at.get((r, column))
            end = r + 1
            while start and (end, column) in at:
                below = at[(end, column)]
                if table[below[0]][below[1]].text != table[start[0]][start[1]].text:
                    break
                end += 1
            if start and end - r > 1 and table[start[0]][start[1]].text and rng.random() < how.html_spans:
                spans[start] = end - r
                dropped.update(at[(k, column)] for k in range(r + 1, end))
            r = end
    return [
        [
            replace(cell, rowspan=spans.get((r, i), cell.rowspan))
            for i, cell in enumerate(row)
            if (r, i) not in dropped
        ]
        for r, row in enumerate(table)
    ]
