import io
import zipfile

import pytest
from django.core.exceptions import ValidationError
from django.test import override_settings

from gongkai.catalog import actions
from gongkai.catalog.models import Attachment

from .helpers import publish

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 32
EXE = b"MZ\x90\x00\x03\x00\x00\x00" + b"\x00" * 64


def docx() -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("word/document.xml", "<w:document/>")
    return buffer.getvalue()


def damaged_docx(changes: dict[int, int]) -> bytes:
    """``docx()`` with bytes of its central directory entry for word/document.xml changed (offset: value)."""
    data = bytearray(docx())
    entry = data.index(b"PK\x01\x02", data.index(b"PK\x01\x02") + 1)
    for offset, value in changes.items():
        data[entry + offset] = value
    return bytes(data)


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


@pytest.mark.parametrize(
    ("content", "name", "kind"),
    [(PDF, "通知.pdf", "pdf"), (PNG, "图.PNG", "png"), (docx(), "办法.docx", "docx")],
)
def test_pdf_images_and_office_files_are_accepted_by_their_content(cast, content, name, kind):
    document = publish(cast, "附件测试")
    attachment = actions.do_add_attachment(cast.approver, document, io.BytesIO(content), name)
    assert attachment.kind == kind and attachment.size == len(content)
    assert attachment.file.read() == content
    assert not attachment.file.name.endswith(name)  # stored under our own name


def test_an_executable_renamed_pdf_is_refused_with_a_clear_message(cast):
    document = publish(cast, "附件测试")
    with pytest.raises(ValidationError, match="不是 PDF"):
        actions.do_add_attachment(cast.approver, document, io.BytesIO(EXE), "通知.pdf")
    assert not Attachment.objects.exists()


def test_a_pdf_named_as_a_word_file_is_refused(cast):
    document = publish(cast, "附件测试")
    with pytest.raises(ValidationError, match="扩展名与实际内容"):
        actions.do_add_attachment(cast.approver, document, io.BytesIO(PDF), "通知.docx")


# Found by benchmarks/fuzz.py (target upload): the zip reader raised UnicodeDecodeError for a member name
# flagged UTF-8 (bit 11 of the flags, byte 9 of the entry) that is not UTF-8 (the name starts at byte 46),
# and NotImplementedError for an unknown "version needed to extract" (byte 6): server errors, not refusals.
@pytest.mark.parametrize(
    "content",
    [damaged_docx({9: 0x08, 46: 0xFF}), damaged_docx({6: 99})],
    ids=["name-not-utf8", "unknown-zip-version"],
)
def test_a_damaged_word_archive_is_refused_with_a_clear_message(cast, content):
    document = publish(cast, "附件测试")
    with pytest.raises(ValidationError, match="不是 PDF"):
        actions.do_add_attachment(cast.approver, document, io.BytesIO(content), "办法.docx")
    assert not Attachment.objects.exists()


@override_settings(GONGKAI_MAX_ATTACHMENT_BYTES=1024)
def test_an_oversized_file_is_refused(cast):
    document = publish(cast, "附件测试")
    with pytest.raises(ValidationError, match="附件不能超过"):
        actions.do_add_attachment(cast.approver, document, io.BytesIO(PDF + b"0" * 2000), "大.pdf")
    assert not Attachment.objects.exists()


def test_attachments_are_downloaded_never_shown_inline(cast, client):
    document = publish(cast, "附件测试")
    attachment = actions.do_add_attachment(cast.approver, document, io.BytesIO(PDF), "通知.pdf")
    response = client.get(f"/documents/{document.pk}/attachments/{attachment.pk}/")
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith("attachment;")
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Content-Type"] == "application/pdf"
    assert b"".join(response.streaming_content) == PDF


def test_uploading_through_the_workspace_reports_the_refusal(cast, client):
    document = publish(cast, "附件测试")
    client.force_login(cast.approver)
    upload = io.BytesIO(EXE)
    upload.name = "setup.pdf"
    response = client.post(f"/workspace/documents/{document.pk}/attachments/", {"file": upload}, follow=True)
    assert "不是 PDF" in response.content.decode()
    assert not Attachment.objects.exists()
