"""Parsers: any published annual report (bytes) → :class:`~gongkai.annual_report.model.AnnualReport`.

One reader in three stages:

1. *Extraction* (the only layout-specific part): ``pdf``, ``docx``, ``spreadsheet``, ``html`` and ``text`` turn the file
   into a :class:`~.base.Document` — text lines or table rows of cells, with page numbers, running headers,
   CRLF and broken headings dealt with. The document says whether the layout keeps blank cells and whether
   the website merged runs of identical cells (crawled text, one cell a line).
2. *Alignment* (:mod:`.assemble`): sections by their headings (older wordings too), the format's rows by
   their labels and variants in order, detached label columns given their number rows back.
3. *Numbers* (:mod:`.solve`): each row's readings — as printed, merged runs expanded, numbers broken over
   lines joined, numbers placed among dropped blanks — are decided by the format's arithmetic (R2, R3,
   R1, R4). One reading → taken, the note names the rule; several → the cells they disagree on stay
   ``None`` and are listed in ``AnnualReport.ambiguous``; none → nothing is guessed.

Text whose table digits lost their separators (``640020470``) is cut by :mod:`.flat` under the same rules.
Unreadable input raises :class:`CannotRead` with a Chinese reason.
"""

from __future__ import annotations

import io
import json

from gongkai.annual_report.model import SCHEMA, AnnualReport
from gongkai.lib import filetypes
from gongkai.lib.encoding import UndecodableText, decode_text
from gongkai.reports.parse import assemble, flat, ocr, spreadsheet, text
from gongkai.reports.parse.base import CannotRead, Document

__all__ = ["CannotRead", "parse", "parse_text", "sniff"]

OLE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"


def sniff(data: bytes, name: str | None = None) -> str:
    """The layout family of ``data``: ``pdf``, ``docx``, ``xlsx``, ``doc``, ``xls``, ``image`` or ``text``
    (decoded later). By content: a ZIP is a workbook when it holds ``xl/workbook.xml``, an OLE file when
    it holds a workbook stream; the name decides only what the content leaves open."""
    if data.startswith(b"%PDF") or b"%PDF-" in data[:1024]:
        return "pdf"
    lowered = (name or "").lower()
    if data.startswith(b"PK\x03\x04"):
        kind = filetypes.sniff(io.BytesIO(data))
        return "xlsx" if kind == "xlsx" or (kind is None and lowered.endswith((".xlsx", ".xls"))) else "docx"
    if data.startswith(OLE):
        return "xls" if spreadsheet.is_legacy_workbook(data, name) else "doc"
    if ocr.is_image(data):
        return "image"
    if lowered.endswith((".pdf", ".docx")):
        return lowered.rsplit(".", 1)[1]
    # Many websites' "Excel" export is an HTML table named .xls: markup is read as text (HTML).
    if lowered.endswith((".xlsx", ".xls")) and data.lstrip(b"\xef\xbb\xbf \t\r\n")[:1] != b"<":
        return lowered.rsplit(".", 1)[1]
    return "text"


def parse(data: bytes, name: str | None = None) -> AnnualReport:
    """The report in ``data`` (a file's bytes); ``name`` is used in messages and as a layout hint."""
    kind = sniff(data, name)
    if kind == "pdf":
        from gongkai.reports.parse import pdf

        return assemble.build(pdf.read(data), name)
    if kind == "docx":
        from gongkai.reports.parse import docx

        return assemble.build(docx.read(data), name)
    if kind == "xlsx":
        return assemble.build(spreadsheet.read_xlsx(data), name)
    if kind == "xls":
        return assemble.build(spreadsheet.read_xls(data), name)
    if kind == "image":
        return assemble.build(ocr.read_image(data), name)
    if kind == "doc":
        from gongkai.reports.parse import docx

        return assemble.build(docx.read_legacy(data), name)
    try:
        decoded, _encoding = decode_text(data)
    except UndecodableText as exc:
        raise CannotRead(
            "文件既不是PDF、Word、Excel，也不是可识别编码（UTF-8、GB18030、UTF-16）的文本"
        ) from exc
    return parse_text(decoded, name)


def parse_text(content: str, name: str | None = None) -> AnnualReport:
    content = content.replace("\r\n", "\n").replace("\r", "\n").lstrip("\ufeff")
    stripped = content.lstrip()
    if stripped.startswith("{") and SCHEMA in stripped[:2000]:
        try:
            return AnnualReport.from_json(json.loads(content))
        except (ValueError, TypeError, KeyError, AttributeError) as exc:
            raise CannotRead(f"JSON 文档格式不正确（{exc}）") from exc
    from gongkai.reports.parse import html

    if html.looks_like_html(content):
        return assemble.build(html.read(content), name)
    if text.is_markdown(content):
        return assemble.build(text.markdown(content), name)
    if flat.is_flattened(content):
        return flat.build(content, source=name)
    if text.is_word_export(content):
        document: Document = text.word_export(content)
    elif text.is_cell_per_line(content):
        document = text.cell_per_line(content)
    else:
        document = text.plain(content)
    return assemble.build(document, name)
