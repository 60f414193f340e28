"""Spreadsheets: .xlsx from its sheets' XML, legacy .xls (BIFF, Excel 97–2003) through xlrd.

Each visible sheet, in workbook order, is a table: its rows become lines of cells with their colspans, a
merged range is one printed cell at its top-left (spanning its columns), and a number merged down over rows
is the value of each row it covers — as :func:`.html.spanned_rows` reads an HTML table, so the alignment
and number stages see the same pieces whatever the website exported. Numbers stored as numbers print as
integers where they are whole (Excel keeps ``12`` as ``12.0``); numbers stored as text are read as printed.
"""

from __future__ import annotations

import datetime
import io
import re
import zipfile
from collections.abc import Iterable, Iterator
from typing import Any

from gongkai.lib.filetypes import DAMAGED_ZIP
from gongkai.lib.grid import Cell, place
from gongkai.lib.numbers import is_blank, is_value_cell
from gongkai.reports.parse.base import CannotRead, Document, Line

# A report's sheet has a few hundred cells; a sheet whose formatting reaches row 1,048,576 is read up to here.
MAX_ROWS = 2000
MAX_COLUMNS = 100
# An .xlsx that unpacks to more than this is not an annual report (a ZIP bomb must not fill memory).
MAX_UNPACKED_BYTES = 200 * 1024 * 1024
# The OLE stream that holds an Excel workbook (``Workbook``; ``Book`` in Excel 5), as UTF-16 directory names.
XLS_STREAMS = ("Workbook".encode("utf-16-le"), "Book\x00".encode("utf-16-le"))
WORD_STREAM = "WordDocument".encode("utf-16-le")
# A password-protected .xlsx is an OLE file holding the encrypted package.
ENCRYPTED = "EncryptedPackage".encode("utf-16-le")

Merge = tuple[int, int, int, int]  # first row, last row + 1, first column, last column + 1 (0-based)


def is_legacy_workbook(data: bytes, name: str | None = None) -> bool:
    """Whether an OLE file (``.doc`` and ``.xls`` share the container) holds an Excel workbook."""
    if (name or "").lower().endswith((".xls", ".xlsx", ".et")):
        return True
    if WORD_STREAM in data:
        return False
    return any(stream in data for stream in XLS_STREAMS)


def cell_text(value: object) -> str:
    """A cell's value as printed: whole numbers without ``.0``, text with its line breaks joined."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "是" if value else "否"
    if isinstance(value, float):
        if value.is_integer() and abs(value) < 1e15:
            return str(int(value))
        return repr(value)
    if isinstance(value, datetime.datetime | datetime.date | datetime.time):
        return value.isoformat()
    text = str(value)
    if text.isdigit():
        return text
    # A label wrapped inside its cell (``收到申请\n数``) is one label, as in a Word cell's paragraphs.
    if "\n" in text:
        text = re.sub(r"\s*\n\s*", "", text)
    return re.sub(r"\s+", " ", text).strip()


def grid_lines(values: list[list[str]], merges: Iterable[Merge]) -> list[Line]:
    """A sheet's values (rows of cell texts) with its merged ranges as lines of printed cells and spans."""
    height = len(values)
    starts: dict[tuple[int, int], tuple[int, int]] = {}
    covered: set[tuple[int, int]] = set()
    for top, bottom, left, right in merges:
        if top >= height or bottom - top < 1 or right - left < 1:
            continue
        bottom, right = min(bottom, height), min(right, MAX_COLUMNS)
        starts[(top, left)] = (bottom - top, right - left)
        covered.update(
            (r, c) for r in range(top, bottom) for c in range(left, right) if (r, c) != (top, left)
        )
    rows: list[list[Cell]] = []
    for r, row in enumerate(values):
        cells = []
        for c, text in enumerate(row):
            if (r, c) in covered:
                continue
            rowspan, colspan = starts.get((r, c), (1, 1))
            cells.append(Cell(text, rowspan, colspan))
        rows.append(cells)
    placed, _height, _width = place(rows)
    printed: list[list[tuple[int, Cell]]] = [[] for _ in rows]
    for r, c, cell in placed:
        printed[r].append((c, cell))
        # Websites merge a run of equal values down a column: the number is each covered row's.
        if cell.rowspan > 1 and is_value_cell(cell.text) and not is_blank(cell.text):
            for below in range(r + 1, min(r + cell.rowspan, height)):
                printed[below].append((c, cell))
    return [
        Line([cell.text for _, cell in row], spans=[max(1, cell.colspan) for _, cell in row])
        for row in within_tables(printed)
        if row
    ]


# A section's heading (``三、收到和处理…``) is a row of its own, never a row of the table above it.
HEADING = re.compile(r"^[一二三四五六七八九十]+[、.．]")


def within_tables(printed: list[list[tuple[int, Cell]]]) -> list[list[tuple[int, Cell]]]:
    """Each row cut to its table's width. Every row of a sheet reaches the widest table on it (sheets put
    tables of 4, 8 and 15 columns one under another): blank cells beyond a row's own table are the grid,
    not blanks. A table's width is the widest of its rows with two printed cells or more (its header, a row
    of numbers) since the heading or empty row above it, so a row's blank cells within it stay: a row of
    zeros printed empty keeps its blanks."""

    def extent(row: list[tuple[int, Cell]]) -> int:
        return max((c + cell.colspan for c, cell in row if cell.text or cell.colspan > 1), default=0)

    def printed_cells(row: list[tuple[int, Cell]]) -> int:
        return sum(1 for _, cell in row if cell.text)

    out = []
    width = 0
    for index, row in enumerate(printed):
        if printed_cells(row) >= 2:
            width = max(width, extent(row))
            out.append([(c, cell) for c, cell in row if c < width])
            continue
        after = printed[index + 1] if index + 1 < len(printed) else []
        label = next((cell for _, cell in row if cell.text), None)
        # A row with its label alone (its numbers left empty) inside a table keeps the table's blanks.
        inside = label is not None and label.colspan == 1 and not HEADING.match(label.text)
        if inside and width and printed_cells(after) >= 2:
            out.append([(c, cell) for c, cell in row if c < width])
        else:
            out.append([(c, cell) for c, cell in row if c < max(1, extent(row))] if label else [])
            width = 0 if label is None or not inside else width
    return out


def document(sheets: list[tuple[list[list[str]], list[Merge]]], layout: str) -> Document:
    lines: list[Line] = []
    for values, merges in sheets:
        lines += grid_lines(values, merges)
    if not lines:
        raise CannotRead("电子表格中没有任何内容，无法读取")
    prose = "\n".join(" ".join(cell for cell in line.cells if cell) for line in lines)
    return Document(text=prose, lines=lines, layout=layout, blanks_kept=True)


def read_xlsx(data: bytes) -> Document:
    """An Excel 2007+ workbook (.xlsx); :class:`CannotRead` for a damaged or oversized one.

    The sheets' XML is read directly (values, shared strings, merged ranges): openpyxl's full load styles
    every merged cell's borders, and both its modes build an object a cell — ten times as long as a report
    takes to audit."""
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
        unpacked = sum(info.file_size for info in archive.infolist())
    except DAMAGED_ZIP as exc:
        raise CannotRead(f"不是可读取的Excel（.xlsx）文件（{type(exc).__name__}）") from exc
    if unpacked > MAX_UNPACKED_BYTES:
        raise CannotRead(f"Excel文件解压后超过{MAX_UNPACKED_BYTES // 1024 // 1024} MB，不像年度报告")
    try:
        sheets = list(workbook_sheets(archive))
    except CannotRead:
        raise
    except Exception as exc:  # the ZIP and XML readers raise many kinds of error on a damaged file
        raise CannotRead(f"Excel（.xlsx）文件已损坏，无法读取（{type(exc).__name__}）") from exc
    return document(sheets, "xlsx")


MAIN = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"
RELATIONSHIP = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}id"
PACKAGE = "{http://schemas.openxmlformats.org/package/2006/relationships}"
CELL_REFERENCE = re.compile(r"([A-Z]{1,3})(\d+)")


def xml(archive: zipfile.ZipFile, path: str, *tags: str) -> Iterator[Any]:
    """The elements ``tags`` of one part as they close (no entities, no network: the file is untrusted)."""
    from lxml import etree

    with archive.open(path) as stream:
        yield from (
            element
            for _event, element in etree.iterparse(
                stream, tag=tags, resolve_entities=False, no_network=True, huge_tree=False
            )
        )


def column_index(letters: str) -> int:
    index = 0
    for letter in letters:
        index = index * 26 + ord(letter) - 64
    return index - 1


def workbook_sheets(archive: zipfile.ZipFile) -> Iterator[tuple[list[list[str]], list[Merge]]]:
    """Each visible sheet's values (rows of cell texts) and merged ranges, in workbook order."""
    names = set(archive.namelist())
    targets = {
        rel.get("Id"): rel.get("Target", "")
        for rel in xml(archive, "xl/_rels/workbook.xml.rels", f"{PACKAGE}Relationship")
    }
    shared: list[str] = []
    if "xl/sharedStrings.xml" in names:
        for element in xml(archive, "xl/sharedStrings.xml", f"{MAIN}si"):
            # Rich text is runs (r/t); phonetic hints (rPh) are not printed.
            shared.append(
                "".join(t.text or "" for t in element.iter(f"{MAIN}t") if t.getparent().tag != f"{MAIN}rPh")
            )
            element.clear()
    sheets = list(xml(archive, "xl/workbook.xml", f"{MAIN}sheet"))
    for sheet in sheets:
        if sheet.get("state", "visible") != "visible":
            continue
        target = targets.get(sheet.get(RELATIONSHIP), "")
        path = target.lstrip("/") if target.startswith("/") else f"xl/{target}"
        if path in names:
            yield sheet_values(archive, path, shared)


def sheet_values(
    archive: zipfile.ZipFile, path: str, shared: list[str]
) -> tuple[list[list[str]], list[Merge]]:
    from openpyxl.utils.cell import range_boundaries

    cells: dict[tuple[int, int], str] = {}
    merges: list[Merge] = []
    next_row, row, column = 0, -1, -1
    for element in xml(archive, path, f"{MAIN}c", f"{MAIN}row", f"{MAIN}mergeCell"):
        if element.tag == f"{MAIN}c":
            found = CELL_REFERENCE.fullmatch(element.get("r", ""))
            if found is not None:
                row, column = int(found.group(2)) - 1, column_index(found.group(1))
            else:  # the reference is optional: the cell is next to the one before, in its row
                numbered = element.getparent().get("r", "")
                here = int(numbered) - 1 if numbered.isdigit() else next_row
                row, column = here, column + 1 if here == row else 0
            if 0 <= row < MAX_ROWS and 0 <= column < MAX_COLUMNS:
                cells[(row, column)] = xlsx_text(element, shared)
        elif element.tag == f"{MAIN}row":
            numbered = element.get("r", "")
            next_row = int(numbered) if numbered.isdigit() else next_row + 1
            element.clear()
        elif element.tag == f"{MAIN}mergeCell":
            left, top, right, bottom = range_boundaries(element.get("ref", ""))
            if left is not None and top is not None and right is not None and bottom is not None:
                merges.append((top - 1, bottom, left - 1, right))
    height = max((row + 1 for row, _ in cells), default=0)
    width = max((column + 1 for _, column in cells), default=0)
    values = [[cells.get((row, column), "") for column in range(width)] for row in range(height)]
    return values, merges


def xlsx_text(cell: Any, shared: list[str]) -> str:
    """A cell's printed text by its type: a shared or inline string, a number, a boolean; formulas by their
    last computed value, errors (``#DIV/0!``) as blank."""
    kind = cell.get("t", "n")
    if kind == "inlineStr":
        return cell_text("".join(t.text or "" for t in cell.iter(f"{MAIN}t")))
    value = cell.findtext(f"{MAIN}v")
    if value is None or kind == "e":
        return ""
    if kind == "s":
        index = int(value)
        return cell_text(shared[index]) if 0 <= index < len(shared) else ""
    if kind == "b":
        return cell_text(value.strip() == "1")
    if kind in ("n", ""):
        try:
            number = float(value)
        except ValueError:
            return cell_text(value)
        return cell_text(int(number) if number.is_integer() and abs(number) < 1e15 else number)
    return cell_text(value)


def read_xls(data: bytes) -> Document:
    """A legacy Excel 97–2003 workbook (.xls, BIFF); :class:`CannotRead` for a damaged one."""
    import xlrd

    if ENCRYPTED in data:
        raise CannotRead("Excel文件设有打开密码，无法读取：请去除密码后再审核")
    try:
        # formatting_info: xlrd reads the merged ranges only with it.
        workbook = xlrd.open_workbook(file_contents=data, formatting_info=True, on_demand=True)
    except Exception as exc:  # xlrd raises XLRDError, struct and index errors on a damaged file
        raise CannotRead(f"不是可读取的Excel（.xls）文件（{type(exc).__name__}）") from exc
    sheets: list[tuple[list[list[str]], list[Merge]]] = []
    try:
        for index in range(workbook.nsheets):
            sheet = workbook.sheet_by_index(index)
            if sheet.visibility != 0:
                continue
            height, width = min(sheet.nrows, MAX_ROWS), min(sheet.ncols, MAX_COLUMNS)
            values = [
                [xls_text(sheet.cell(r, c)) for c in range(min(width, sheet.row_len(r)))]
                for r in range(height)
            ]
            merges = [
                (int(top), int(bottom), int(left), int(right))
                for top, bottom, left, right in sheet.merged_cells
            ]
            sheets.append((values, merges))
    except Exception as exc:
        raise CannotRead(f"Excel（.xls）文件已损坏，无法读取（{type(exc).__name__}）") from exc
    finally:
        workbook.release_resources()
    return document(sheets, "xls")


def xls_text(cell: object) -> str:
    import xlrd

    kind, value = cell.ctype, cell.value  # type: ignore[attr-defined]
    if kind == xlrd.XL_CELL_BOOLEAN:
        return cell_text(bool(value))
    if kind in (xlrd.XL_CELL_ERROR, xlrd.XL_CELL_EMPTY, xlrd.XL_CELL_BLANK):
        return ""
    return cell_text(value)
