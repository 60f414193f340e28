"""What every layout reader produces, and the errors they raise.

A reader turns a file into a :class:`Document`: the plain text (for the title, the prose sections and
the dates) and the table rows as lines of cells, in reading order. :mod:`.assemble` turns that into an
:class:`~gongkai.annual_report.model.AnnualReport`, the same way for every layout.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

# A page number printed between dashes (— 4 —) or as words (第 4 页 共 9 页): page furniture, dropped
# wherever lines are read.
PAGE_FOOTER = re.compile(r"[-—–－]\s*\d+\s*[-—–－]|第\s*\d+\s*页(?:\s*[,，]?\s*共\s*\d+\s*页)?")


class CannotRead(Exception):
    """The file cannot be read as an annual report. ``reason`` is one Chinese sentence for users.

    It names the page, table or row where that is known, and is what ``gongkai audit`` prints after
    ``cannot read:``.
    """

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


@dataclass
class Line:
    """A row of cells as printed: label cells then value cells. ``page`` is 1-based where known."""

    cells: list[str]
    page: int | None = None
    # Horizontal centre of each number cell on the page (PDF text layers), None for other cells: places
    # the numbers of a row whose blank cells the text layer dropped.
    xs: list[float | None] | None = None
    # Each cell's colspan (HTML): a number merged over several columns stands for that many equal cells.
    spans: list[int] | None = None
    # Where a number-only line printed right after this row's numbers was kept with it (text layouts): the
    # index of the first cell of that line. A number may be broken there (``41`` / ``19`` for 4119), or
    # the line may be something else; :func:`.solve.mended` gives both readings.
    breaks: tuple[int, ...] = ()
    # The row's values as other cuts of a detached number stream would give them (cell-per-line text whose
    # label column was printed first): each a list of value cells, the row's ``cells`` after its label
    # being one of them. The arithmetic decides between them, or the cells they disagree on stay ambiguous.
    alternatives: tuple[tuple[str, ...], ...] = ()


@dataclass
class Document:
    text: str
    lines: list[Line]
    layout: str
    published_on: str | None = None
    notes: list[str] = field(default_factory=list)
    # The website merged runs of identical neighbouring cells into one printed value (crawled web text).
    collapsed_runs: bool = False
    # Blank cells are kept as "" (HTML, DOCX, Word text, markdown tables): a short row had cells merged,
    # not blanks dropped as in PDF text layers and space-aligned text.
    blanks_kept: bool = False
