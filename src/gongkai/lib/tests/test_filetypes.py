"""A file's kind is judged by its first bytes, never by its name."""

from __future__ import annotations

import io
import zipfile

import pytest
from hypothesis import given
from hypothesis import strategies as st

from gongkai.lib import filetypes


def office_zip(*parts: str) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        for part in parts:
            archive.writestr(part, "<x/>")
    return buffer.getvalue()


@pytest.mark.parametrize(
    ("content", "kind"),
    [
        (b"%PDF-1.7\n...", "pdf"),
        (b"\x89PNG\r\n\x1a\n\x00\x00", "png"),
        (b"\xff\xd8\xff\xe0\x00\x10JFIF", "jpeg"),
        (b"GIF87a\x01\x00", "gif"),
        (b"GIF89a\x01\x00", "gif"),
        (office_zip("word/document.xml"), "docx"),
        (office_zip("xl/workbook.xml"), "xlsx"),
        (office_zip("other.xml"), None),  # a ZIP that is no Office document
        (b"PK\x03\x04 damaged", None),
        (b"MZ\x90\x00\x03\x00", None),  # a Windows executable renamed 通知.pdf
        (b"<html><script>", None),
        (b"", None),
        (b"%PD", None),
    ],
)
def test_the_kind_is_read_from_the_content(content: bytes, kind: str | None) -> None:
    stream = io.BytesIO(content)
    stream.seek(3 if len(content) > 3 else 0)  # wherever the stream was, sniffing reads from the start
    assert filetypes.sniff(stream) == kind
    assert stream.tell() == 0


@pytest.mark.parametrize(
    ("kind", "name", "matches"),
    [
        ("pdf", "通知.pdf", True),
        ("pdf", "通知.PDF", True),
        ("pdf", "通知.pdf.exe", False),
        ("jpeg", "照片.jpg", True),
        ("jpeg", "照片.JPEG", True),
        ("png", "照片.jpg", False),
        ("docx", "申请.doc", False),
        ("xlsx", "表格.xlsx", True),
    ],
)
def test_the_name_must_end_as_the_content_is(kind: str, name: str, matches: bool) -> None:
    assert filetypes.extension_matches(kind, name) is matches


@pytest.mark.parametrize("kind", sorted(filetypes.KINDS))
def test_every_kind_has_a_content_type(kind: str) -> None:
    assert "/" in filetypes.content_type(kind)


@given(st.binary(max_size=512))
def test_any_content_is_a_known_kind_or_none(content: bytes) -> None:
    assert filetypes.sniff(io.BytesIO(content)) in (None, *filetypes.KINDS)


@given(st.binary(max_size=256))
def test_a_damaged_zip_is_no_office_document(tail: bytes) -> None:
    assert filetypes.sniff(io.BytesIO(b"PK\x03\x04" + tail)) in (None, "docx", "xlsx")
