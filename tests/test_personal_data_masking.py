"""Seeing a case is not handling it: every surface that shows an application shows the applicant's personal
data in clear only to those who handle the case (the agency's clerk, approver and administrator), masked
to everyone else who may see it (the oversight office, a superuser) — until they reveal it with a reason,
which the timeline records (docs/security.md, T22).

One table: for each role and each surface (the page, the API, the admin, the queue, the oversight
dashboard and its exports, the report's drill-down), the clear values never appear where they must not,
and the masked ones appear where the data is shown masked.
"""

from __future__ import annotations

import datetime
import io
import json
import zipfile
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.utils import timezone

from gongkai.agencies.tokens import do_create_api_token
from gongkai.applications import actions, letters
from gongkai.applications.access import REVEAL_WINDOW, sees_personal_data
from gongkai.applications.models import Application, Event
from gongkai.applications.tests.helpers import applicant, valid_id_number
from gongkai.lib import idcard
from gongkai.reports import actions as report_actions
from gongkai.testing import Cast

pytestmark = pytest.mark.django_db

ID_NUMBER = valid_id_number("33041119900314271")
CLEAR = {
    "phone": "13912345678",
    "email": "zhangming.citizen@example.org",
    "address": "浙江省嘉兴市秀洲区新城街道洪兴路188号",
    "postcode": "314031",
}
MASKED = {
    "phone": "139****5678",
    "email": "z***@example.org",
    "address": "浙江省嘉兴市秀洲区****",
    "postcode": "3140**",
    "id_number": idcard.mask(ID_NUMBER),
}
# What must never be read where the data is masked: each clear value, and the part of the address that the
# mask hides (on its own, in case a page showed it apart from the rest).
SECRETS = (*CLEAR.values(), "洪兴路188号", "zhangming.citizen", ID_NUMBER)

HANDLERS = ("clerk", "approver", "agency_admin")
NOT_HANDLING = ("oversight", "superuser")


@dataclass
class Case:
    cast: Cast
    application: Application
    attachment_pk: int
    report_pk: int
    tokens: dict[str, str]

    def user(self, role: str) -> Any:
        return getattr(self.cast, role)

    def client(self, role: str) -> Client:
        client = Client()
        client.force_login(self.user(role))
        return client


@pytest.fixture
def case(cast: Cast) -> Case:
    today = timezone.localdate()
    pdf = letters.write_pdf("居民身份证（复印件）", "", "申请人身份证明材料")
    application = actions.do_register_application(
        cast.clerk,
        cast.agency,
        applicant(id_number=ID_NUMBER, **CLEAR),
        channel="in_person",
        received_on=today,
        files=[SimpleUploadedFile("身份证.pdf", pdf)],
    )
    report = report_actions.do_build_report(cast.clerk, cast.agency, today.year)
    tokens = {role: do_create_api_token(getattr(cast, role), role)[1] for role in HANDLERS + NOT_HANDLING}
    return Case(cast, application, application.attachments.get().pk, report.pk, tokens)


# --- the surfaces ----------------------------------------------------------------------------------------------


def text_of(response: Any) -> str:
    """What a reader of the response can read: HTML and JSON as text (JSON with its escapes undone), every
    member of an XLSX."""
    body = b"".join(response.streaming_content) if response.streaming else response.content
    content_type = response.get("Content-Type", "")
    if body[:4] == b"PK\x03\x04":
        with zipfile.ZipFile(io.BytesIO(body)) as archive:
            return "\n".join(archive.read(name).decode("utf-8", "replace") for name in archive.namelist())
    if content_type.startswith("application/json"):
        return json.dumps(json.loads(body), ensure_ascii=False)
    return body.decode("utf-8", "replace")


def get(url: Callable[[Case], str], api: bool = False) -> Callable[[Case, str], Any]:
    def fetch(case: Case, role: str) -> Any:
        if api:
            return Client().get(url(case), headers={"Authorization": f"Bearer {case.tokens[role]}"})
        return case.client(role).get(url(case))

    return fetch


SHOWN = "shows the personal data"  # in clear to who handles the case, masked to the others
NEVER = "never shows it in clear"  # to anyone
ALL = HANDLERS + NOT_HANDLING


@dataclass(frozen=True)
class Surface:
    fetch: Callable[[Case, str], Any]
    kind: str
    roles: tuple[str, ...]  # the roles it serves
    names_it: bool = True  # names the application (its tracking code): the check is not vacuous


SURFACES = {
    "the application page": Surface(
        get(lambda c: f"/workspace/applications/{c.application.pk}/"), SHOWN, ALL
    ),
    "the API's record": Surface(get(lambda c: f"/api/applications/{c.application.pk}", api=True), SHOWN, ALL),
    "the API's list": Surface(
        get(lambda c: f"/api/applications/?agency={c.cast.agency.pk}", api=True), NEVER, ALL
    ),
    "the API's timeline": Surface(
        get(lambda c: f"/api/applications/{c.application.pk}/events", api=True), NEVER, ALL, names_it=False
    ),
    "the queue": Surface(get(lambda c: f"/workspace/agencies/{c.cast.agency.pk}/applications/"), NEVER, ALL),
    "the report's drill-down": Surface(
        get(lambda c: f"/workspace/reports/{c.report_pk}/cells/applications.new_received.natural_person/"),
        NEVER,
        ALL,
    ),
    "the admin's application page": Surface(
        get(lambda c: f"/admin/applications/application/{c.application.pk}/change/"), SHOWN, ("superuser",)
    ),
    "the admin's list": Surface(get(lambda c: "/admin/applications/application/"), NEVER, ("superuser",)),
    "the oversight dashboard": Surface(get(lambda c: "/oversight/"), NEVER, NOT_HANDLING, names_it=False),
    "the dashboard's XLSX export": Surface(
        get(lambda c: "/oversight/dashboard.xlsx"), NEVER, NOT_HANDLING, names_it=False
    ),
    "the printable summary": Surface(
        get(lambda c: "/oversight/summary/"), NEVER, NOT_HANDLING, names_it=False
    ),
}
CELLS = [(name, role) for name, surface in SURFACES.items() for role in surface.roles]


@pytest.mark.parametrize(("name", "role"), CELLS)
def test_each_surface_shows_personal_data_in_clear_only_to_who_handles_the_case(
    case: Case, name: str, role: str
) -> None:
    surface = SURFACES[name]
    response = surface.fetch(case, role)
    assert response.status_code == 200, (name, role, response.status_code)
    text = text_of(response)
    assert case.application.tracking_code in text or not surface.names_it, (name, role)
    if surface.kind == SHOWN and role in HANDLERS:
        # The API's record is the full one; pages keep the ID number masked for everyone.
        full_id = name == "the API's record"
        shown = {**CLEAR, "id_number": ID_NUMBER if full_id else MASKED["id_number"]}
        missing = {field: value for field, value in shown.items() if value not in text}
        assert not missing, f"{name} as {role} lacks {missing}"
        return
    leaked = [value for value in SECRETS if value in text]
    assert not leaked, f"{name} as {role} shows {leaked} in clear"
    if surface.kind == SHOWN:
        missing = {field: value for field, value in MASKED.items() if value not in text}
        assert not missing, f"{name} as {role} lacks the masked {missing}"


def test_the_table_has_a_reader_who_does_not_handle_the_case_on_every_surface() -> None:
    for name, surface in SURFACES.items():
        assert set(surface.roles) & set(NOT_HANDLING), name


@pytest.mark.parametrize("role", HANDLERS)
def test_who_handles_the_case_downloads_the_applicants_files(case: Case, role: str) -> None:
    url = f"/workspace/applications/{case.application.pk}/attachments/{case.attachment_pk}/"
    assert case.client(role).get(url).status_code == 200
    page = case.client(role).get(f"/workspace/applications/{case.application.pk}/").content.decode()
    assert f'href="{url}"' in page


@pytest.mark.parametrize("role", NOT_HANDLING)
def test_who_does_not_handle_it_may_not_download_them_before_a_reveal(case: Case, role: str) -> None:
    url = f"/workspace/applications/{case.application.pk}/attachments/{case.attachment_pk}/"
    assert case.client(role).get(url).status_code == 403
    page = case.client(role).get(f"/workspace/applications/{case.application.pk}/").content.decode()
    assert "身份证.pdf" in page and url not in page  # listed, not linked


# --- revealing ---------------------------------------------------------------------------------------------------


def reveal(case: Case, role: str, reason: str) -> Any:
    return case.client(role).post(
        f"/workspace/applications/{case.application.pk}/personal-data/", {"reason": reason}
    )


def reveals(case: Case) -> Any:
    return Event.objects.filter(application=case.application, kind=Event.Kind.PERSONAL_DATA_REVEALED)


@pytest.mark.parametrize("role", NOT_HANDLING)
def test_a_reveal_needs_a_reason_and_says_so_in_chinese(case: Case, role: str) -> None:
    for reason in ("", "   "):
        response = reveal(case, role, reason)
        assert response.status_code == 400
        page = response.content.decode()
        assert "请填写查看申请人个人信息的理由。" in page
        assert not [value for value in SECRETS if value in page]
    assert not reveals(case).exists()


@pytest.mark.parametrize("role", NOT_HANDLING)
def test_a_reveal_writes_one_audit_entry_and_shows_the_data_for_a_while(case: Case, role: str) -> None:
    user = case.user(role)
    page_url = f"/workspace/applications/{case.application.pk}/"
    attachment_url = f"{page_url}attachments/{case.attachment_pk}/"
    events_before = Event.objects.count()
    response = reveal(case, role, "  核实 3月12日 投诉的\n申请人联系方式 ")
    assert response.status_code == 302 and response["Location"] == page_url

    assert Event.objects.count() == events_before + 1
    entry = reveals(case).get()
    assert (entry.actor, entry.message, entry.public) == (user, "核实 3月12日 投诉的 申请人联系方式", False)

    client = case.client(role)
    page = client.get(page_url).content.decode()
    assert all(value in page for value in CLEAR.values())
    assert "核实 3月12日 投诉的 申请人联系方式" in page  # on the timeline, with who revealed it
    assert ID_NUMBER not in page  # pages keep the ID number masked, even revealed
    record = Client().get(
        f"/api/applications/{case.application.pk}", headers={"Authorization": f"Bearer {case.tokens[role]}"}
    )
    assert record.json()["phone"] == CLEAR["phone"] and record.json()["id_number"] == ID_NUMBER
    assert client.get(attachment_url).status_code == 200

    # The window closes: masked again, the file refused again.
    reveals(case).update(at=timezone.now() - REVEAL_WINDOW - datetime.timedelta(seconds=1))
    page = client.get(page_url).content.decode()
    assert not [value for value in SECRETS if value in page]
    assert client.get(attachment_url).status_code == 403
    assert not sees_personal_data(user, case.application, timezone.now())


def test_a_reveal_is_for_its_reader_alone(case: Case) -> None:
    assert reveal(case, "oversight", "电话答复投诉").status_code == 302
    now = timezone.now()
    assert sees_personal_data(case.cast.oversight, case.application, now)
    assert not sees_personal_data(case.cast.superuser, case.application, now)


def test_the_handlers_see_the_reveal_on_the_timeline_and_the_applicant_does_not(case: Case) -> None:
    assert reveal(case, "oversight", "电话答复投诉").status_code == 302
    clerk_page = case.client("clerk").get(f"/workspace/applications/{case.application.pk}/").content
    assert "查看申请人个人信息：电话答复投诉" in clerk_page.decode()
    application = case.application
    tracking = Client().get(f"/track/{application.tracking_code}/{application.access_secret}/").content
    assert "电话答复投诉" not in tracking.decode()


def test_the_handlers_are_not_offered_a_reveal(case: Case) -> None:
    page = case.client("clerk").get(f"/workspace/applications/{case.application.pk}/").content.decode()
    assert "personal-data/" not in page
    oversight = case.client("oversight").get(f"/workspace/applications/{case.application.pk}/")
    assert f"/workspace/applications/{case.application.pk}/personal-data/" in oversight.content.decode()


def test_the_reveal_action_checks_the_right_and_the_reason(case: Case) -> None:
    with pytest.raises(PermissionDenied):
        actions.do_reveal_personal_data(case.cast.other_clerk, case.application, "好奇")
    with pytest.raises(ValidationError) as error:
        actions.do_reveal_personal_data(case.cast.oversight, case.application, " \n ")
    assert "reason" in error.value.message_dict
    assert not reveals(case).exists()


@pytest.mark.parametrize(
    ("role", "expected"),
    [
        ("clerk", True),
        ("approver", True),
        ("agency_admin", True),
        ("oversight", False),
        ("superuser", False),
    ],
)
def test_who_sees_personal_data_in_clear(case: Case, role: str, expected: bool) -> None:
    assert sees_personal_data(case.user(role), case.application, timezone.now()) is expected
