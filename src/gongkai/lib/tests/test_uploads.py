"""Every upload is judged by its content (size, kind, name) with a Chinese reason, and served as a download."""

from __future__ import annotations

import io
import re
from pathlib import Path
from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.core.files import File
from django.http import FileResponse
from django.utils import translation
from hypothesis import given
from hypothesis import strategies as st

from gongkai.lib import filetypes
from gongkai.lib.uploads import check_upload, download_response

from .test_filetypes import office_zip

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
CJK = re.compile(r"[\u4e00-\u9fff]")


@pytest.fixture(autouse=True)
def chinese() -> Any:
    with translation.override("zh-hans"):
        yield


@pytest.mark.parametrize(
    ("name", "content", "kind"),
    [
        ("通知.pdf", PDF, "pdf"),
        ("申请.docx", office_zip("word/document.xml"), "docx"),
        ("表格.XLSX", office_zip("xl/workbook.xml"), "xlsx"),
        ("照片.jpeg", b"\xff\xd8\xff\xe0\x00\x10JFIF\x00", "jpeg"),
    ],
)
def test_a_file_is_accepted_for_what_it_contains(name: str, content: bytes, kind: str) -> None:
    assert check_upload(io.BytesIO(content), name, len(content)) == kind


@pytest.mark.parametrize(
    ("name", "content", "says"),
    [
        ("空.pdf", b"", "空"),
        ("通知.pdf", b"MZ\x90\x00\x03", "不是"),  # an executable renamed
        ("通知.docx", PDF, "PDF"),  # a PDF named as Word
        ("压缩.docx", office_zip("other.xml"), "不是"),
    ],
)
def test_a_file_is_refused_with_a_chinese_reason_naming_it(name: str, content: bytes, says: str) -> None:
    with pytest.raises(ValidationError) as refused:
        check_upload(io.BytesIO(content), name, len(content))
    [message] = refused.value.messages
    assert name in message and says in message and CJK.search(message)


def test_a_file_over_the_limit_is_refused_before_it_is_read(settings: Any) -> None:
    settings.GONGKAI_MAX_ATTACHMENT_BYTES = 1024
    with pytest.raises(ValidationError) as refused:
        check_upload(io.BytesIO(b""), "大文件.pdf", 2048)  # the size alone decides: nothing is read
    [message] = refused.value.messages
    assert "大文件.pdf" in message and "2.0" in message and "1.0" in message


@given(st.text(max_size=20), st.binary(max_size=300))
def test_any_upload_is_accepted_as_its_kind_or_refused_in_chinese(name: str, content: bytes) -> None:
    with translation.override("zh-hans"):
        try:
            kind = check_upload(io.BytesIO(content), name, len(content))
        except ValidationError as refused:
            assert all(CJK.search(message) for message in refused.messages)
            return
    assert kind in filetypes.KINDS and filetypes.extension_matches(kind, name)


def test_a_stored_file_is_served_as_a_download_that_runs_nothing(tmp_path: Path) -> None:
    path = tmp_path / "stored.pdf"
    path.write_bytes(PDF)
    with path.open("rb") as handle:
        response = download_response(File(handle, name=str(path)), "答复书 第1号.pdf", "application/pdf")
        assert isinstance(response, FileResponse)
        body = b"".join(response.streaming_content)  # type: ignore[arg-type]
    assert body == PDF
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"].startswith("attachment;")
    assert "filename*=utf-8''%E7%AD%94" in response["Content-Disposition"]
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Content-Security-Policy"] == "default-src 'none'; sandbox"
