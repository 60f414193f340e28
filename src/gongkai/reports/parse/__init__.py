"""Parsers: any published annual report (bytes) → :class:`~gongkai.annual_report.model.AnnualReport`.

``parse`` sniffs the layout — PDF, DOCX, legacy DOC, HTML, markdown from PDF extractors, flattened web
text, Word text export, plain text — and hands it to that layout's reader. Every reader produces the
same document; unreadable input raises :class:`CannotRead` with a Chinese reason.
"""

from __future__ import annotations

import json

from gongkai.annual_report.model import SCHEMA, AnnualReport
from gongkai.lib.encoding import UndecodableText, decode_text
from gongkai.reports.parse import assemble, flat, text
from gongkai.reports.parse.base import CannotRead, Document

__all__ = ["CannotRead", "parse", "parse_text", "sniff"]

OLE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"


def sniff(data: bytes, name: str | None = None) -> str:
    """The layout family of ``data``: ``pdf``, ``docx``, ``doc`` or ``text`` (decoded later)."""
    if data.startswith(b"%PDF") or b"%PDF-" in data[:1024]:
        return "pdf"
    if data.startswith(b"PK\x03\x04"):
        return "docx"
    if data.startswith(OLE):
        return "doc"
    lowered = (name or "").lower()
    if lowered.endswith((".pdf", ".docx")):
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
    if kind == "doc":
        from gongkai.reports.parse import docx

        return assemble.build(docx.read_legacy(data), name)
    try:
        decoded, _encoding = decode_text(data)
    except UndecodableText as exc:
        raise CannotRead("文件既不是PDF、Word，也不是可识别编码（UTF-8、GB18030、UTF-16）的文本") from exc
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
