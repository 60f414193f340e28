"""What a file really is, judged by its first bytes (magic numbers), never by its name.

Attachments of published documents may be PDF, DOCX, XLSX, PNG, JPEG or GIF. A Windows executable
renamed ``通知.pdf`` starts with ``MZ`` and is refused; a ZIP is accepted as DOCX/XLSX only when it holds the
Office Open XML part that names it so.
"""

from __future__ import annotations

import zipfile
from typing import IO

KINDS = {
    "pdf": ("application/pdf", (".pdf",)),
    "docx": ("application/vnd.openxmlformats-officedocument.wordprocessingml.document", (".docx",)),
    "xlsx": ("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", (".xlsx",)),
    "png": ("image/png", (".png",)),
    "jpeg": ("image/jpeg", (".jpg", ".jpeg")),
    "gif": ("image/gif", (".gif",)),
}


# What Python's zip reader raises on a damaged or hostile archive besides BadZipFile: UnicodeDecodeError on
# a member name flagged UTF-8 that is not, NotImplementedError on a "version needed to extract" it does
# not know (both found by fuzzing).
DAMAGED_ZIP = (zipfile.BadZipFile, UnicodeDecodeError, NotImplementedError)


def sniff(stream: IO[bytes]) -> str | None:
    """The kind (a key of ``KINDS``) of the file's content, or ``None`` when it is none of them.

    Reads from the start and leaves the stream at the start.
    """
    stream.seek(0)
    head = stream.read(8)
    stream.seek(0)
    if head.startswith(b"%PDF-"):
        return "pdf"
    if head.startswith(b"\x89PNG\r\n\x1a\n"):
        return "png"
    if head.startswith(b"\xff\xd8\xff"):
        return "jpeg"
    if head.startswith((b"GIF87a", b"GIF89a")):
        return "gif"
    if head.startswith(b"PK\x03\x04"):
        try:
            with zipfile.ZipFile(stream) as archive:
                names = set(archive.namelist())
        except DAMAGED_ZIP:
            return None
        finally:
            stream.seek(0)
        if "word/document.xml" in names:
            return "docx"
        if "xl/workbook.xml" in names:
            return "xlsx"
    return None


def content_type(kind: str) -> str:
    return KINDS[kind][0]


def extension_matches(kind: str, filename: str) -> bool:
    return filename.lower().endswith(KINDS[kind][1])
