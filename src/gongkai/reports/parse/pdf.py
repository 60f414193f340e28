"""PDF with a text layer. Tables split across pages read as one: page lines are joined in order.

Text comes from PDFium (``pypdfium2``, the engine pdfplumber itself ships with): it keeps the content
stream order, which for the WPS/Word PDFs of annual reports is row order, and it is ~30× faster than
pdfminer's layout analysis. pdfplumber is the fallback when PDFium cannot open a file.
"""

from __future__ import annotations

import io
import logging

from gongkai.reports.parse.assemble import text_lines
from gongkai.reports.parse.base import CannotRead, Document, Line

# pdfminer logs every malformed object at WARNING; a damaged PDF is reported through CannotRead instead.
logging.getLogger("pdfminer").setLevel(logging.ERROR)

ENGINES = ("pdfium", "pdfplumber")


def pages_pdfium(data: bytes) -> list[str]:
    import pypdfium2

    try:
        pdf = pypdfium2.PdfDocument(data)
    except pypdfium2.PdfiumError as exc:
        raise CannotRead(f"不是可读取的PDF文件（{exc}）") from exc
    pages = []
    try:
        for number in range(len(pdf)):
            try:
                page = pdf[number]
                pages.append(page.get_textpage().get_text_range())
            except pypdfium2.PdfiumError as exc:
                raise CannotRead(f"PDF第{number + 1}页无法读取（{exc}）") from exc
    finally:
        pdf.close()
    return pages


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
    if engine == "pdfium":
        try:
            pages = pages_pdfium(data)
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
        for line in text_lines(page_text):
            line.page = number
            lines.append(line)
    return Document(text="\n".join(pages), lines=lines, layout="pdf")
