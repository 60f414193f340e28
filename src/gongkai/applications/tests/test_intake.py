"""A citizen applies online and follows the application; bad input gets a Chinese message on its field."""

from __future__ import annotations

import re
from typing import Any

import pytest
from django.test import Client

from gongkai.applications.models import Application, Event, Status
from gongkai.testing import Cast, apply_online

from .helpers import applicant, look_up, valid_id_number

pytestmark = pytest.mark.django_db


def apply(client: Client, agency_pk: int, address: str = "198.51.100.7", **changes: object) -> Any:
    return apply_online(client, agency_pk, applicant(**changes), REMOTE_ADDR=address)


def test_online_application_gets_a_tracking_code_and_its_page_without_a_secret_in_the_url(cast: Cast) -> None:
    client = Client()
    response = apply(client, cast.agency.pk)
    assert response.status_code == 302
    application = Application.objects.get()
    assert response["Location"] == f"/track/{application.tracking_code}/"
    assert application.access_secret == ""  # no secret link any more: the look-up form replaces it
    assert application.status == Status.SUBMITTED
    assert application.received_on is None  # online: received once both sides confirm (第三十一条)
    assert application.events.get().kind == Event.Kind.SUBMITTED
    page = client.get(response["Location"]).content.decode()
    assert application.tracking_code in page
    assert "已提交" in page or "Submitted" in page
    assert "电话号码后四位" in page  # how to find it again


def test_tracking_page_needs_the_look_up_in_this_browser(cast: Cast) -> None:
    apply(Client(), cast.agency.pk)
    application = Application.objects.get()
    client = Client()
    response = client.get(f"/track/{application.tracking_code}/")
    assert (response.status_code, response["Location"]) == (302, f"/track/?code={application.tracking_code}")
    assert look_up(client, application).status_code == 302
    assert client.get(f"/track/{application.tracking_code}/").status_code == 200


def test_tracking_page_shows_nothing_of_other_applicants(cast: Cast) -> None:
    apply(Client(), cast.agency.pk, applicant_name="张明")
    apply(
        Client(),
        cast.agency.pk,
        address="198.51.100.8",
        applicant_name="李四",
        description="另一份申请的内容描述",
    )
    first = Application.objects.get(applicant_name="张明")
    client = Client()
    look_up(client, first)
    page = client.get(f"/track/{first.tracking_code}/").content.decode()
    assert "李四" not in page and "另一份申请" not in page


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("id_number", "330411198507152310", "校验位"),
        ("id_number", "33041119851315231X", "出生日期"),
        ("id_number", "12345", "18位"),
        # Arabic-Indic digits match \d but are not an ID number (found while fuzzing)
        ("id_number", "٣٣٠٤١١١٩٨٥٠٧١٥٢٣١" + "5", "18位"),
        ("applicant_name", "<script>alert(1)</script>", "表情"),
        ("applicant_name", "张明😀", "表情"),
        ("applicant_name", "", "必填"),
        ("applicant_name", "张" * 101, "100"),
        ("phone", "12345", "手机"),
        ("description", "", "必填"),
        ("description", "查", "至少"),
        ("description", "查" * 5001, "5000"),
        ("postcode", "3140", "6位"),
        ("email", "not-an-address", "邮件"),
        ("applicant_kind", "alien", "有效的选项"),
    ],
)
def test_bad_field_gets_a_chinese_message_on_that_field(
    cast: Cast, field: str, value: str, message: str
) -> None:
    response = apply(Client(), cast.agency.pk, **{field: value})
    assert response.status_code == 200
    errors = response.context["form"].errors
    assert field in errors, errors
    assert message in " ".join(errors[field]), errors[field]
    # Wholly Chinese but for the value given back: Django's own said “输入一个有效的 Email 地址。” (issue 13).
    assert not re.search(r"[A-Za-z]{3,}", " ".join(errors[field]).replace(value, "")), errors[field]
    assert not Application.objects.exists()


def test_a_full_width_id_number_from_a_chinese_input_method_is_stored_in_ascii(cast: Cast) -> None:
    number = valid_id_number()
    full_width = "".join(chr(ord(c) + 0xFEE0) for c in number.lower())  # ３３０４…ｘ
    assert apply(Client(), cast.agency.pk, id_number=full_width).status_code == 302
    assert Application.objects.get().id_number == number


def test_an_organisation_needs_its_credit_code_and_contact(cast: Cast) -> None:
    response = apply(
        Client(),
        cast.agency.pk,
        applicant_kind="commercial_enterprise",
        id_document="credit_code",
        id_number="91330411MA2B000010",
        contact_person="",
    )
    errors = response.context["form"].errors
    assert "统一社会信用代码" in " ".join(errors["id_number"])
    assert "联系人" in " ".join(errors["contact_person"])


def test_a_flood_from_one_address_is_limited_without_affecting_others(cast: Cast, settings: Any) -> None:
    settings.GONGKAI_INTAKE_RATE_LIMIT = (3, 600)
    client = Client()
    for _ in range(3):
        assert apply(client, cast.agency.pk, address="203.0.113.5").status_code == 302
    limited = apply(client, cast.agency.pk, address="203.0.113.5")
    assert limited.status_code == 429
    assert "稍后" in limited.content.decode() or "十分钟" in limited.content.decode()
    assert apply(Client(), cast.agency.pk, address="203.0.113.6").status_code == 302
    assert Application.objects.count() == 4


PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
EXE = b"MZ\x90\x00" + b"\x00" * 200


def test_an_attachment_is_kept_and_only_staff_of_the_agency_download_it(
    cast: Cast, settings: Any, tmp_path: Any
) -> None:
    from django.core.files.uploadedfile import SimpleUploadedFile

    from gongkai.testing import PASSWORD

    settings.MEDIA_ROOT = tmp_path
    upload = SimpleUploadedFile("身份证复印件.pdf", PDF, content_type="application/pdf")
    response = apply_online(
        Client(), cast.agency.pk, {**applicant(), "attachments": [upload]}, REMOTE_ADDR="198.51.100.9"
    )
    assert response.status_code == 302
    attachment = Application.objects.get().attachments.get()
    assert (attachment.original_name, attachment.kind, attachment.size) == (
        "身份证复印件.pdf",
        "pdf",
        len(PDF),
    )
    url = f"/workspace/applications/{attachment.application_id}/attachments/{attachment.pk}/"
    clerk = Client()
    clerk.login(username="clerk", password=PASSWORD)
    download = clerk.get(url)
    assert download.status_code == 200 and download["Content-Disposition"].startswith("attachment")
    assert b"".join(download.streaming_content) == PDF  # type: ignore[attr-defined]
    other = Client()
    other.login(username="other_clerk", password=PASSWORD)
    assert other.get(url).status_code == 404
    assert Client().get(url).status_code == 302  # to the sign-in page


def test_a_disguised_executable_is_refused_and_nothing_is_stored(
    cast: Cast, settings: Any, tmp_path: Any
) -> None:
    from django.core.files.uploadedfile import SimpleUploadedFile

    settings.MEDIA_ROOT = tmp_path
    upload = SimpleUploadedFile("材料.pdf", EXE, content_type="application/pdf")
    response = apply_online(
        Client(), cast.agency.pk, {**applicant(), "attachments": [upload]}, REMOTE_ADDR="198.51.100.9"
    )
    assert response.status_code == 200
    assert "不是 PDF" in " ".join(response.context["form"].errors["attachments"])
    assert not Application.objects.exists()
    assert not any(tmp_path.rglob("*.pdf"))


def test_personal_data_is_stored_encrypted_and_read_back_in_clear(cast: Cast) -> None:
    from django.db import connection

    from gongkai.testing import PASSWORD

    id_number = applicant()["id_number"]
    apply(Client(), cast.agency.pk, phone="13905731234", address="秀洲区洪兴路88号")
    application = Application.objects.get()
    with connection.cursor() as cursor:
        cursor.execute("SELECT id_number, phone, email, address FROM applications_application")
        stored = " ".join(str(value) for value in cursor.fetchone())
    for secret in (id_number, "13905731234", "zhang@example.org", "洪兴路88号"):
        assert secret not in stored
    assert (application.id_number, application.phone) == (id_number, "13905731234")
    staff = Client()
    staff.login(username="clerk", password=PASSWORD)
    page = staff.get(f"/workspace/applications/{application.pk}/").content.decode()
    assert "13905731234" in page and id_number not in page and id_number[:6] in page  # masked
    assert application.accesses.get().via == "page"
    client = Client()
    look_up(client, application)
    tracking = client.get(f"/track/{application.tracking_code}/").content.decode()
    assert id_number not in tracking and "13905731234" not in tracking
