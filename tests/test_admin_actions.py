"""The admin changes no workflow record around its action.

Every state change of a workflow record is one ``do_*`` action: it checks the actor's role and writes one
entry of its audit log in the same transaction. So the admin either only shows a workflow model (no add,
no change, no delete: a POST is refused and no row moves), or its save and delete call the action — and
then the audit log grows by exactly one entry per change, and by none when nothing changed.

Every model registered in the admin is named below as one or the other, or as configuration with the
reason it is not workflow, so that a newly registered model cannot slip past this test.
"""

from __future__ import annotations

from typing import Any

import pytest
from django.contrib import admin
from django.contrib.auth.models import User
from django.test import Client

from browser_forms import read_forms
from gongkai.agencies.models import Agency, AgencyEvent, Membership
from gongkai.testing import Cast
from route_world import World, make_world
from test_edit_forms import changed, client_for, fill_in, form_sent_to, snapshot

pytestmark = pytest.mark.django_db

# Workflow models the admin only shows: their changes are the workspace's actions.
READ_ONLY = {
    "applications.Application",
    "applications.SupplementRequest",
    "applications.Consultation",
    "catalog.Document",
    "catalog.Guide",
    "catalog.DecisionCount",
    "reviews.Review",
    "reviews.ReportedDecision",
    "oversight.AuditJob",
    "inquiries.Inquiry",
    "difficulties.Difficulty",
    "ratings.Rating",
    "rectifications.Rectification",
}
# Workflow models whose admin save and delete call the actions (``agencies.actions``), logged as
# ``AgencyEvent``s.
THROUGH_ACTIONS = {"agencies.Agency", "agencies.Membership"}
# Registered models that are configuration or another app's records, not workflow: why.
CONFIGURATION = {
    "auth.User": "accounts; their roles are memberships (through the actions)",
    "auth.Group": "Django's permission groups for the admin itself",
    "catalog.Topic": "a vocabulary the catalog's lists read",
    "catalog.Genre": "a vocabulary the catalog's lists read",
    "inquiries.InquirySetting": "an agency's own number of workdays to answer an inquiry",
    "catalog.IndexNumberScheme": "how an agency's index numbers are made; the numbers themselves are drawn by actions",
    "workdays.CalendarYear": "the calendar is data the staff enter (its changes re-date deadlines by signal)",
    "workdays.CalendarDay": "the calendar is data the staff enter (its changes re-date deadlines by signal)",
    "otp_totp.TOTPDevice": "a sign-in device",
    "otp_static.StaticDevice": "a sign-in device",
    "django_tasks_database.DBTaskResult": "the task queue's own rows",
    "axes.AccessAttempt": "django-axes' record of failed sign-ins",
    "axes.AccessFailureLog": "django-axes' record of failed sign-ins",
    "axes.AccessLog": "django-axes' record of sign-ins",
}


@pytest.fixture
def world(cast: Cast) -> World:
    """A record of every model in the admin, every field filled in (as in ``test_edit_forms``)."""
    world = make_world(cast)
    fill_in(world, cast)
    return world


def registered() -> dict[str, Any]:
    return {model._meta.label: model for model in admin.site._registry}


def admin_path(model: Any, suffix: str) -> str:
    return f"/admin/{model._meta.app_label}/{model._meta.model_name}/{suffix}"


def test_every_model_in_the_admin_is_named_workflow_or_configuration() -> None:
    named = READ_ONLY | THROUGH_ACTIONS | set(CONFIGURATION)
    assert sorted(set(registered()) - named) == []
    assert sorted((READ_ONLY | THROUGH_ACTIONS) - set(registered())) == []


@pytest.mark.parametrize("label", sorted(READ_ONLY))
def test_a_workflow_model_is_only_shown_in_the_admin(world: World, label: str) -> None:
    model = registered()[label]
    record = model._default_manager.order_by("pk").first()
    assert record is not None, f"the world has no {label}"
    client = client_for(world, "superuser", "zh-hans")
    change = admin_path(model, f"{record.pk}/change/")
    page = client.get(change)
    assert page.status_code == 200
    assert "_save" not in page.content.decode()
    fields = {name: value for form in read_forms(page.content, change) for name, value in form.fields.items()}
    before = snapshot()
    assert client.get(admin_path(model, "add/")).status_code == 403
    assert client.post(admin_path(model, "add/"), fields).status_code == 403
    assert client.post(change, fields).status_code == 403
    assert client.post(admin_path(model, f"{record.pk}/delete/"), {"post": "yes"}).status_code == 403
    actions = {"action": "delete_selected", "_selected_action": [record.pk], "post": "yes"}
    client.post(admin_path(model, ""), actions)
    assert changed(before, snapshot()) == []


def agency_log(agency: Agency) -> list[tuple[str, str]]:
    return list(agency.events.order_by("pk").values_list("kind", "note"))


def test_granting_and_revoking_a_role_in_the_admin_are_the_actions_one_entry_each(
    cast: Cast, world: World
) -> None:
    newcomer = User.objects.create_user("newcomer", password="x")
    client = client_for(world, "agency_admin", "zh-hans")
    before = agency_log(cast.agency)
    sent = client.post(
        admin_path(Membership, "add/"), {"user": newcomer.pk, "agency": cast.agency.pk, "role": "clerk"}
    )
    assert sent.status_code == 302
    membership = Membership.objects.get(user=newcomer, agency=cast.agency, role="clerk")
    assert [kind for kind, _note in agency_log(cast.agency)[len(before) :]] == ["role_granted"]
    event = cast.agency.events.latest("pk")
    assert event.actor == cast.agency_admin

    # A role is not edited in place (that would change it around the actions): revoke, then grant.
    change = admin_path(Membership, f"{membership.pk}/change/")
    assert (
        client.post(change, {"user": newcomer.pk, "agency": cast.agency.pk, "role": "approver"}).status_code
        == 403
    )
    assert Membership.objects.filter(pk=membership.pk, role="clerk").exists()

    deleted = client.post(admin_path(Membership, f"{membership.pk}/delete/"), {"post": "yes"})
    assert deleted.status_code == 302
    assert not Membership.objects.filter(pk=membership.pk).exists()
    assert [kind for kind, _note in agency_log(cast.agency)[len(before) :]] == [
        "role_granted",
        "role_revoked",
    ]


def test_an_agency_administrator_cannot_grant_a_role_in_another_agency(cast: Cast, world: World) -> None:
    newcomer = User.objects.create_user("newcomer", password="x")
    client = client_for(world, "agency_admin", "zh-hans")
    before = AgencyEvent.objects.count()
    sent = client.post(
        admin_path(Membership, "add/"), {"user": newcomer.pk, "agency": cast.other_agency.pk, "role": "clerk"}
    )
    assert sent.status_code == 200  # the form refuses the agency: it is not among those offered
    assert not Membership.objects.filter(user=newcomer).exists()
    assert AgencyEvent.objects.count() == before


@pytest.mark.parametrize(
    ("role", "field", "value"),
    [("agency_admin", "short_name", "秀洲商务"), ("superuser", "name", "嘉兴市秀洲区经济信息化和商务局")],
)
def test_saving_an_agency_in_the_admin_is_the_action_and_one_entry(
    cast: Cast, world: World, role: str, field: str, value: str
) -> None:
    client: Client = client_for(world, role, "zh-hans")
    change = admin_path(Agency, f"{cast.agency.pk}/change/")
    form = form_sent_to(read_forms(client.get(change).content, change), change)
    before = snapshot()
    log = agency_log(cast.agency)
    assert client.post(change, {**form.fields, field: value}).status_code == 302
    cast.agency.refresh_from_db()
    assert getattr(cast.agency, field) == value
    assert [kind for kind, _note in agency_log(cast.agency)[len(log) :]] == ["details_changed"]
    assert {line.split(":")[0] for line in changed(before, snapshot())} == {
        "agencies.Agency",
        "agencies.AgencyEvent",
    }


def test_adding_an_agency_in_the_admin_is_the_action_and_one_entry(cast: Cast, world: World) -> None:
    client = client_for(world, "superuser", "zh-hans")
    add = admin_path(Agency, "add/")
    form = form_sent_to(read_forms(client.get(add).content, add), add)
    fields = {**form.fields, "name": "嘉兴市秀洲区新设局", "level": "department", "parent": cast.district.pk}
    before = snapshot()
    assert client.post(add, fields).status_code == 302
    agency = Agency.objects.get(name="嘉兴市秀洲区新设局")
    assert agency.path == f"{cast.district.path}{agency.pk}/"
    assert [kind for kind, _note in agency_log(agency)] == ["created"]
    assert {line.split(":")[0] for line in changed(before, snapshot())} == {
        "agencies.Agency",
        "agencies.AgencyEvent",
    }
    # An agency's administrator does not add to the tree.
    assert client_for(world, "agency_admin", "zh-hans").post(add, fields).status_code == 403
