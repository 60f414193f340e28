"""PDF with a text layer. Tables split across pages read as one: page lines are joined in order.

Text comes from PDFium (``pypdfium2``, the engine pdfplumber itself ships with): it keeps the content
stream order, which for the WPS/Word PDFs of annual reports is row order, and it is ~30× faster than
pdfminer's layout analysis. pdfplumber is the fallback when PDFium cannot open a file.
"""

from __future__ import annotations

import io
import logging
import re
from typing import Any

from gongkai.lib.numbers import is_value_cell
from gongkai.reports.parse.assemble import text_lines
from gongkai.reports.parse.base import PAGE_FOOTER, CannotRead, Document, Line

# pdfminer logs every malformed object at WARNING; a damaged PDF is reported through CannotRead instead.
logging.getLogger("pdfminer").setLevel(logging.ERROR)

ENGINES = ("pdfium", "pdfplumber")


def pages_pdfium(data: bytes) -> list[str]:
    """The text of each page, as PDFium reads it."""
    return [text for text, _ in read_pdfium(data, positions=False)]


def read_pdfium(data: bytes, *, positions: bool = True) -> list[tuple[str, list[Line]]]:
    """Each page's text and (with ``positions``) its lines with the centres of their number cells."""
    import pypdfium2

    try:
        pdf = pypdfium2.PdfDocument(data)
    except pypdfium2.PdfiumError as exc:
        raise CannotRead(f"不是可读取的PDF文件（{exc}）") from exc
    pages = []
    try:
        for number in range(len(pdf)):
            try:
                textpage = pdf[number].get_textpage()
                text = textpage.get_text_range()
                pages.append((text, positioned_lines(text, textpage) if positions else []))
            except pypdfium2.PdfiumError as exc:
                raise CannotRead(f"PDF第{number + 1}页无法读取（{exc}）") from exc
    finally:
        pdf.close()
    return pages


def positioned_lines(text: str, textpage: Any) -> list[Line]:
    """The page's lines of whitespace-separated cells, each number cell with its horizontal centre (from
    PDFium's character boxes: the text's character index is the box index)."""
    lines = []
    for match in re.finditer(r"[^\r\n]+", text):
        stripped = match.group(0).strip()
        if not stripped or PAGE_FOOTER.fullmatch(stripped):
            continue
        cells: list[str] = []
        xs: list[float | None] = []
        for token in re.finditer(r"\S+", match.group(0)):
            cells.append(token.group(0))
            if is_value_cell(token.group(0)):
                left = textpage.get_charbox(match.start() + token.start())[0]
                right = textpage.get_charbox(match.start() + token.end() - 1)[2]
                xs.append((left + right) / 2)
            else:
                xs.append(None)
        lines.append(Line(cells, xs=xs))
    return lines


def pages_pdfplumber(data: bytes) -> list[str]:
    import pdfplumber
    from pdfminer.pdfdocument import PDFPasswordIncorrect

    pages: list[str] = []
    try:
        with pdfplumber.open(io.BytesIO(data)) as pdf:
            for number, page in enumerate(pdf.pages, start=1):
                try:
                    pages.append(page.extract_text() or "")
                except Exception as exc:  # a damaged page: say which one
                    raise CannotRead(f"PDF第{number}页无法读取（{type(exc).__name__}）") from exc
    except CannotRead:
        raise
    except PDFPasswordIncorrect as exc:
        raise CannotRead("PDF已加密，无法读取") from exc
    except Exception as exc:
        raise CannotRead(f"不是可读取的PDF文件（{type(exc).__name__}）") from exc
    return pages


def read(data: bytes, engine: str = "pdfium") -> Document:
    """The PDF's text lines with their page numbers; ``engine`` is ``pdfium`` (falls back to
    ``pdfplumber`` when PDFium refuses the file) or ``pdfplumber``."""
    positioned: list[list[Line]] | None = None
    if engine == "pdfium":
        try:
            read_pages = read_pdfium(data)
            pages = [text for text, _ in read_pages]
            positioned = [page_lines for _, page_lines in read_pages]
        except CannotRead:
            pages = pages_pdfplumber(data)
    else:
        pages = pages_pdfplumber(data)
    pages = [page.replace("\r\n", "\n").replace("\r", "\n") for page in pages]
    if not any(page.strip() for page in pages):
        from gongkai.reports.parse import ocr  # a scan: its pictures are read through OCR

        return ocr.document(ocr.pdf_pages(data), "pdf-ocr")
    lines: list[Line] = []
    for number, page_text in enumerate(pages, start=1):
        for line in positioned[number - 1] if positioned else text_lines(page_text):
            line.page = number
            lines.append(line)
    return Document(text="\n".join(pages), lines=lines, layout="pdf")
