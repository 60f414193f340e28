"""Files in an S3-compatible object store (GONGKAI_STORAGE=s3): attachments and letters are written there
through Django's storage API, and handed out as signed links that expire — tested against a real S3 HTTP
endpoint (moto in server mode, started by the ``object_store`` fixture), never a mock of boto3."""

from __future__ import annotations

import datetime
import io
import urllib.error
import urllib.request
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, urlsplit

import pytest
from django.test import Client
from django.urls import reverse

from gongkai.applications import actions as application_actions
from gongkai.applications.tests.helpers import register
from gongkai.catalog import actions as catalog_actions
from gongkai.catalog.tests.helpers import publish
from gongkai.fixtures import ObjectStore
from gongkai.testing import Cast
from gongkai.workdays.seed import seed_from_chinesecalendar

pytestmark = [pytest.mark.django_db, pytest.mark.xdist_group("s3")]

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def files_on_disk(settings: Any) -> list[Path]:
    root = Path(settings.MEDIA_ROOT)
    return [path for path in root.rglob("*") if path.is_file()] if root.exists() else []


def fetch(url: str) -> tuple[bytes, Any]:
    with urllib.request.urlopen(url, timeout=10) as response:
        return response.read(), response.headers


def test_an_attachment_is_written_to_the_object_store_and_not_to_the_disk(
    cast: Cast, object_store: ObjectStore, settings: Any
) -> None:
    document = publish(cast, "关于对象存储的通知")
    attachment = catalog_actions.do_add_attachment(cast.approver, document, io.BytesIO(PDF), "通知.pdf")
    assert object_store.object_keys() == [attachment.file.name]
    stored = object_store.client().get_object(Bucket=object_store.bucket, Key=attachment.file.name)
    assert stored["Body"].read() == PDF
    assert stored["CacheControl"] == "private"
    assert files_on_disk(settings) == []


def test_a_public_attachment_is_handed_out_as_a_signed_link_that_expires(
    cast: Cast, object_store: ObjectStore
) -> None:
    document = publish(cast, "关于对象存储的通知")
    attachment = catalog_actions.do_add_attachment(cast.approver, document, io.BytesIO(PDF), "通知.pdf")
    response = Client().get(reverse("attachment_download", args=[document.pk, attachment.pk]))
    assert response.status_code == 302
    assert response["Cache-Control"] == "private, no-store"
    link = response["Location"]
    assert link.startswith(f"{object_store.endpoint}/{object_store.bucket}/")
    query = parse_qs(urlsplit(link).query)
    assert query["X-Amz-Expires"] == ["300"]
    assert query["X-Amz-Signature"]
    body, headers = fetch(link)
    assert body == PDF
    # The store sends it as the app would: a download under its original name, never inline.
    assert headers["Content-Disposition"].startswith("attachment;")
    assert "filename*=utf-8''%E9%80%9A%E7%9F%A5.pdf" in headers["Content-Disposition"]
    assert headers["Content-Type"] == "application/pdf"
    # Without its signature the same address is refused: the private bucket is not public.
    with pytest.raises(urllib.error.HTTPError) as refused:
        fetch(link.split("?")[0])
    assert refused.value.code == 403


def test_the_link_lasts_as_long_as_the_setting_says(
    cast: Cast, object_store: ObjectStore, settings: Any
) -> None:
    settings.STORAGES = settings.STORAGES | {
        "default": {
            **settings.STORAGES["default"],
            "OPTIONS": settings.STORAGES["default"]["OPTIONS"] | {"querystring_expire": 60},
        }
    }
    document = publish(cast, "关于对象存储的通知")
    attachment = catalog_actions.do_add_attachment(cast.approver, document, io.BytesIO(PDF), "通知.pdf")
    response = Client().get(reverse("attachment_download", args=[document.pk, attachment.pk]))
    assert parse_qs(urlsplit(response["Location"]).query)["X-Amz-Expires"] == ["60"]


def test_an_unpublished_documents_attachment_gets_no_link(cast: Cast, object_store: ObjectStore) -> None:
    document = catalog_actions.do_create_document(cast.clerk, cast.agency, title="草稿", body="")
    attachment = catalog_actions.do_add_attachment(cast.clerk, document, io.BytesIO(PDF), "通知.pdf")
    response = Client().get(reverse("attachment_download", args=[document.pk, attachment.pk]))
    assert response.status_code == 404
    assert object_store.object_keys() == [attachment.file.name]


def test_a_reply_letter_is_written_to_the_object_store_and_only_staff_who_may_see_it_get_a_link(
    cast: Cast, object_store: ObjectStore, settings: Any, django_capture_on_commit_callbacks: Any
) -> None:
    seed_from_chinesecalendar()
    application = register(cast.clerk, cast.agency, datetime.date(2021, 3, 1))
    with django_capture_on_commit_callbacks(execute=True):  # the letter's files are written after commit
        application_actions.do_decide_application(
            cast.approver,
            application,
            outcome="denied_process_info",
            on=datetime.date(2021, 3, 10),
            text="讨论中",
        )
    letter = application.letters.get(kind="reply")
    assert sorted(object_store.object_keys()) == sorted([letter.pdf.name, letter.docx.name])
    assert files_on_disk(settings) == []
    url = reverse("staff_letter", args=[application.pk, letter.pk, "pdf"])
    assert Client().get(url).status_code == 302  # to the sign-in page, not to the store
    assert not Client().get(url)["Location"].startswith(object_store.endpoint)
    staff = Client()
    staff.force_login(cast.clerk)
    link = staff.get(url)["Location"]
    assert link.startswith(f"{object_store.endpoint}/{object_store.bucket}/")
    body, headers = fetch(link)
    assert body.startswith(b"%PDF")
    assert headers["Content-Disposition"].startswith("attachment;")


def test_a_batch_audit_stores_its_reports_in_the_object_store_and_a_worker_audits_them_from_there(
    cast: Cast, object_store: ObjectStore, settings: Any
) -> None:
    from gongkai.oversight.models import AuditJob
    from gongkai.oversight.tasks import run_audit_job
    from gongkai.oversight.tests.helpers import cli_findings, fixtures_zip, upload

    client = Client()
    client.force_login(cast.oversight)
    upload(client, "reports.zip", fixtures_zip())
    job = AuditJob.objects.get()
    assert sorted(object_store.object_keys()) == sorted(file.stored for file in job.files.all())
    assert all(key.startswith(f"{job.storage_dir()}/") for key in object_store.object_keys())
    assert files_on_disk(settings) == []

    run_audit_job.call(job.pk)

    job.refresh_from_db()
    assert (job.status, job.checked) == ("done", job.total)
    expected = cli_findings()
    for file in job.files.all():
        name = Path(file.name).name
        assert [(f["rule"], f["severity"], f["message"]) for f in file.findings] == expected[name], name


def test_a_backup_copies_the_files_of_the_object_store_and_a_restore_puts_them_back(
    cast: Cast, object_store: ObjectStore, tmp_path: Path
) -> None:
    # The media half of ``gongkai backup`` and ``gongkai restore`` (tests/test_backup.py runs the whole).
    import hashlib

    from gongkai.ops.backup import MEDIA_PREFIX, copy_media, restore_media

    document = publish(cast, "关于对象存储的通知")
    attachment = catalog_actions.do_add_attachment(cast.approver, document, io.BytesIO(PDF), "通知.pdf")
    unpacked = tmp_path / "unpacked"
    media = copy_media(unpacked / MEDIA_PREFIX)
    assert media == [
        {"path": attachment.file.name, "size": len(PDF), "sha256": hashlib.sha256(PDF).hexdigest()}
    ]

    client = object_store.client()
    client.delete_object(Bucket=object_store.bucket, Key=attachment.file.name)
    assert object_store.object_keys() == []
    assert restore_media(unpacked, {"media": media}) == 1
    assert object_store.object_keys() == [attachment.file.name]
    assert client.get_object(Bucket=object_store.bucket, Key=attachment.file.name)["Body"].read() == PDF


def test_a_published_reports_file_is_rendered_once_into_the_public_bucket_and_cacheable(
    cast: Cast, object_store: ObjectStore
) -> None:
    from gongkai.reports import actions as report_actions
    from gongkai.reports.tests.helpers import ready_to_publish

    seed_from_chinesecalendar()
    register(cast.clerk, cast.agency, datetime.date(2021, 3, 1))
    on_time = datetime.datetime(2022, 1, 20, 9, 0, tzinfo=datetime.UTC)
    draft = report_actions.do_build_report(cast.clerk, cast.agency, 2021)
    ready_to_publish(cast.clerk, cast.approver, draft, on_time)
    record = report_actions.do_publish_report(cast.approver, draft, now=on_time)

    response = Client().get(f"/reports/{record.pk}.docx")
    assert response.status_code == 302
    assert response["Cache-Control"] == "public, max-age=86400"
    link = response["Location"]
    name = f"report-{cast.agency.pk}-2021-v{record.version}.docx"
    assert (
        link == f"{object_store.endpoint}/{object_store.public_bucket}/public/reports/{cast.agency.pk}/{name}"
    )
    assert "X-Amz-Signature" not in link  # public: the same link for everyone, cacheable by any proxy
    body, headers = fetch(link)
    assert body[:2] == b"PK"
    assert headers["Cache-Control"] == "public, max-age=86400"
    # Rendered once: the second reader is sent to the same stored file.
    assert Client().get(f"/reports/{record.pk}.docx")["Location"] == link
    assert object_store.object_keys(object_store.public_bucket) == [f"public/reports/{cast.agency.pk}/{name}"]
    assert object_store.object_keys() == []  # nothing of it in the private bucket
