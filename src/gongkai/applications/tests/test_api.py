"""The staff API acts with exactly the rights of its token's user, and answers errors in one shape."""

from __future__ import annotations

import datetime
from typing import Any

import pytest
from django.test import Client
from django.utils import timezone

from gongkai.agencies.actions import do_grant_role
from gongkai.agencies.models import Membership
from gongkai.agencies.tokens import do_create_api_token
from gongkai.applications.models import Application
from gongkai.testing import Cast
from gongkai.workdays.seed import seed_from_chinesecalendar

from .helpers import applicant, register

pytestmark = pytest.mark.django_db
D = datetime.date


@pytest.fixture(autouse=True)
def setup(settings: Any, tmp_path: Any) -> None:
    settings.MEDIA_ROOT = tmp_path
    seed_from_chinesecalendar()


def api(user: Any) -> Client:
    _row, token = do_create_api_token(user, "测试系统")
    return Client(headers={"Authorization": f"Bearer {token}"})


def test_a_token_of_agency_a_cannot_read_agency_b_through_any_endpoint(cast: Cast) -> None:
    mine = register(cast.clerk, cast.agency, D(2024, 3, 1))
    theirs = register(cast.other_clerk, cast.other_agency, D(2024, 3, 1))
    client = api(cast.clerk)
    listed = client.get("/api/applications/").json()
    assert [item["id"] for item in listed["items"]] == [mine.pk] and listed["count"] == 1
    assert client.get("/api/applications/", {"agency": cast.other_agency.pk}).json()["count"] == 0
    for url in (f"/api/applications/{theirs.pk}", f"/api/applications/{theirs.pk}/events"):
        response = client.get(url)
        assert response.status_code == 404 and response.json() == {"detail": "未找到。"}
    response = client.post(
        f"/api/applications/{theirs.pk}/events",
        {"verb": "withdraw", "on": "2024-03-05"},
        content_type="application/json",
    )
    assert response.status_code == 404
    body = {**applicant(), "agency_id": cast.other_agency.pk, "channel": "post", "received_on": "2024-03-01"}
    assert client.post("/api/applications/", body, content_type="application/json").status_code == 404
    assert Application.objects.filter(agency=cast.other_agency).count() == 1


def test_oversight_reads_its_district_and_writes_nothing(cast: Cast) -> None:
    application = register(cast.other_clerk, cast.other_agency, D(2024, 3, 1))
    outside = register(cast.superuser, cast.outside_agency, D(2024, 3, 1))
    client = api(cast.oversight)
    ids = {item["id"] for item in client.get("/api/applications/").json()["items"]}
    assert application.pk in ids and outside.pk not in ids
    response = client.post(
        f"/api/applications/{application.pk}/events",
        {"verb": "withdraw", "on": "2024-03-02"},
        content_type="application/json",
    )
    assert response.status_code == 403 and response.json()["detail"] == "您的角色无权进行此操作。"


def test_no_token_or_a_revoked_one_is_refused(cast: Cast) -> None:
    assert Client().get("/api/applications/").status_code == 401
    row, token = do_create_api_token(cast.clerk, "旧系统")
    client = Client(headers={"Authorization": f"Bearer {token}"})
    assert client.get("/api/applications/").status_code == 200
    row.revoked_at = timezone.now()
    row.save()
    response = client.get("/api/applications/")
    assert response.status_code == 401 and "令牌" in response.json()["detail"]


def test_an_application_filed_through_the_api_is_validated_like_the_form(cast: Cast) -> None:
    client = api(cast.clerk)
    body = {
        **applicant(id_number="330411198507152310"),
        "agency_id": cast.agency.pk,
        "channel": "post",
        "received_on": "2024-03-01",
    }
    refused = client.post("/api/applications/", body, content_type="application/json")
    assert refused.status_code == 400
    assert "校验位" in refused.json()["errors"]["id_number"][0]
    body["id_number"] = applicant()["id_number"]
    created = client.post("/api/applications/", body, content_type="application/json")
    assert created.status_code == 201
    data = created.json()
    assert (
        data["received_on"] == "2024-03-01" and data["due_on"] == "2024-03-29" and data["channel"] == "post"
    )
    listed = client.get("/api/applications/").json()["items"][0]
    assert listed["id_number"].startswith("330411") and "*" in listed["id_number"]
    assert client.get(f"/api/applications/{data['id']}").json()["id_number"] == body["id_number"]


def test_events_recorded_through_the_api_follow_the_roles(cast: Cast) -> None:
    application = register(cast.clerk, cast.agency, D(2024, 3, 1))
    clerk = api(cast.clerk)
    url = f"/api/applications/{application.pk}/events"
    response = clerk.post(
        url,
        {"verb": "supplement", "on": "2024-03-04", "fields": {"what": "请写明文号"}},
        content_type="application/json",
    )
    assert response.status_code == 201
    assert [event["kind"] for event in response.json()] == ["supplement_requested"]
    refused = clerk.post(
        url,
        {"verb": "decide", "on": "2024-03-20", "fields": {"outcome": "granted"}},
        content_type="application/json",
    )
    assert refused.status_code == 403
    bad = clerk.post(
        url, {"verb": "supplement_received", "on": "2024-03-01"}, content_type="application/json"
    )
    assert bad.status_code == 400 and "on" in bad.json()["errors"]
    unknown = clerk.post(url, {"verb": "shred"}, content_type="application/json")
    assert unknown.status_code == 422 and "verb" in unknown.json()["errors"]
    assert "请从" in unknown.json()["errors"]["verb"][0]  # in the user's language, naming the choices
    malformed = clerk.post(url, {"verb": "confirm", "on": "3 March"}, content_type="application/json")
    assert malformed.json()["errors"] == {"on": ["请按 YYYY-MM-DD 填写日期。"]}
    kinds = [event["kind"] for event in clerk.get(url).json()]
    assert kinds == ["received", "supplement_requested"]


def test_the_openapi_document_lists_the_staff_endpoints() -> None:
    schema = Client().get("/api/openapi.json").json()
    assert "/api/applications/{application_id}/events" in schema["paths"]
    assert "/api/agencies/" in schema["paths"] or "/api/agencies" in schema["paths"]


def test_a_back_dated_step_answers_with_its_own_events_not_the_latest_dated(cast: Cast) -> None:
    """A step recorded late (dated before steps already recorded) is placed inside the timeline; the
    answer still lists the events that call recorded, and the timeline lists everything by date."""
    application = register(cast.clerk, cast.agency, D(2024, 3, 1))
    do_grant_role(cast.agency_admin, cast.approver, cast.agency, Membership.Role.DISCLOSURE_HEAD)
    url = f"/api/applications/{application.pk}/events"
    extended = api(cast.approver).post(
        url,
        {"verb": "extend", "on": "2024-03-25", "fields": {"reason": "信息量大"}},
        content_type="application/json",
    )
    assert [event["kind"] for event in extended.json()] == ["extended"]
    consulted = api(cast.clerk).post(
        url,
        {"verb": "consultation", "on": "2024-03-05", "fields": {"kind": "third_party", "party": "某公司"}},
        content_type="application/json",
    )
    assert consulted.status_code == 201
    assert [(event["kind"], event["on"]) for event in consulted.json()] == [
        ("consultation_sent", "2024-03-05"),
        ("note", "2024-03-05"),
    ]
    timeline = [event["kind"] for event in api(cast.clerk).get(url).json()]
    assert timeline == ["received", "consultation_sent", "note", "extended"]


def test_the_api_says_by_how_many_workdays_a_reply_was_extended(cast: Cast) -> None:
    """第三十三条: an extension may be shorter than 20 workdays, so a client needs its length, not a flag."""
    application = register(cast.clerk, cast.agency, D(2024, 3, 1))
    do_grant_role(cast.agency_admin, cast.approver, cast.agency, Membership.Role.DISCLOSURE_HEAD)
    before = api(cast.clerk).get(f"/api/applications/{application.pk}").json()
    assert (before["extended"], before["extension_workdays"], before["postponed_to"]) == (False, 0, None)
    api(cast.approver).post(
        f"/api/applications/{application.pk}/events",
        {"verb": "extend", "on": "2024-03-25", "fields": {"reason": "信息量大"}},
        content_type="application/json",
    )
    after = api(cast.clerk).get(f"/api/applications/{application.pk}").json()
    application.refresh_from_db()
    assert after["extended"] is True
    assert after["extension_workdays"] == application.extension_workdays > 0
    assert application.due_on is not None and after["due_on"] == application.due_on.isoformat()
