"""Who sees and changes what: the permission table of access.py, through the real views."""

import pytest
from django.test import Client

from gongkai.agencies import access
from gongkai.agencies.access import Action
from gongkai.testing import PASSWORD, Cast

pytestmark = pytest.mark.django_db


def client_for(user) -> Client:
    client = Client()
    assert client.login(username=user.username, password=PASSWORD)
    return client


def workspace_url(agency) -> str:
    return f"/workspace/agencies/{agency.pk}/"


@pytest.mark.parametrize(
    ("who", "where", "action", "allowed"),
    [
        ("clerk", "agency", Action.VIEW, True),
        ("clerk", "agency", Action.WORK, True),
        ("clerk", "agency", Action.APPROVE, False),
        ("clerk", "other_agency", Action.VIEW, False),
        ("approver", "agency", Action.APPROVE, True),
        ("approver", "agency", Action.ADMINISTER, False),
        ("approver", "other_agency", Action.VIEW, False),
        ("agency_admin", "agency", Action.ADMINISTER, True),
        ("agency_admin", "district", Action.VIEW, False),
        ("oversight", "district", Action.VIEW, True),
        ("oversight", "agency", Action.VIEW, True),
        ("oversight", "other_agency", Action.VIEW, True),
        ("oversight", "agency", Action.WORK, False),
        ("oversight", "agency", Action.APPROVE, False),
        ("oversight", "city", Action.VIEW, False),
        ("oversight", "outside_agency", Action.VIEW, False),
        ("outsider", "agency", Action.VIEW, False),
        ("superuser", "outside_agency", Action.ADMINISTER, True),
    ],
)
def test_permission_table(cast: Cast, who: str, where: str, action: Action, allowed: bool) -> None:
    user = getattr(cast, who)
    agency = getattr(cast, where)
    assert access.can(user, action, agency) is allowed
    assert access.agencies_for(user, action).filter(pk=agency.pk).exists() is allowed


def test_oversight_sees_exactly_its_district(cast: Cast) -> None:
    visible = set(access.agencies_for(cast.oversight).values_list("name", flat=True))
    assert visible == {cast.district.name, cast.agency.name, cast.other_agency.name}


def test_clerk_cannot_see_another_agencys_page(cast: Cast) -> None:
    client = client_for(cast.clerk)
    assert client.get(workspace_url(cast.agency)).status_code == 200
    assert client.get(workspace_url(cast.other_agency)).status_code == 404
    assert client.get(workspace_url(cast.outside_agency)).status_code == 404


def test_clerk_cannot_change_another_agency(cast: Cast) -> None:
    client = client_for(cast.clerk)
    response = client.post(workspace_url(cast.other_agency), {"short_name": "篡改", "website": ""})
    assert response.status_code == 404
    cast.other_agency.refresh_from_db()
    assert cast.other_agency.short_name == ""


def test_clerk_cannot_change_own_agency_details(cast: Cast) -> None:
    response = client_for(cast.clerk).post(workspace_url(cast.agency), {"short_name": "改名", "website": ""})
    assert response.status_code == 403
    cast.agency.refresh_from_db()
    assert cast.agency.short_name == ""


def test_agency_admin_changes_own_agency_details(cast: Cast) -> None:
    response = client_for(cast.agency_admin).post(
        workspace_url(cast.agency), {"short_name": "区经信商务局", "website": "https://example.gov.cn/"}
    )
    assert response.status_code == 302
    cast.agency.refresh_from_db()
    assert (cast.agency.short_name, cast.agency.website) == ("区经信商务局", "https://example.gov.cn/")


def test_oversight_reads_departments_but_cannot_change_them(cast: Cast) -> None:
    client = client_for(cast.oversight)
    for agency in (cast.district, cast.agency, cast.other_agency):
        assert client.get(workspace_url(agency)).status_code == 200
    response = client.post(workspace_url(cast.agency), {"short_name": "改名", "website": ""})
    assert response.status_code == 403
    cast.agency.refresh_from_db()
    assert cast.agency.short_name == ""


def test_oversight_sees_nothing_outside_its_district(cast: Cast) -> None:
    client = client_for(cast.oversight)
    for agency in (cast.city, cast.province, cast.outside_district, cast.outside_agency):
        assert client.get(workspace_url(agency)).status_code == 404
    page = client.get("/workspace/").content.decode()
    assert cast.agency.name in page
    assert cast.outside_agency.name not in page


def test_anonymous_users_see_only_public_pages(cast: Cast) -> None:
    client = Client()
    assert client.get("/").status_code == 200
    assert client.get(f"/agencies/{cast.agency.pk}/").status_code == 200
    for url in ("/workspace/", workspace_url(cast.agency)):
        response = client.get(url)
        assert response.status_code == 302
        assert response["Location"].startswith("/accounts/login/")
    response = client.post(workspace_url(cast.agency), {"short_name": "x", "website": ""})
    assert response.status_code == 302
    assert client.get("/admin/agencies/agency/").status_code == 302


def test_signed_in_user_without_a_role_has_no_workspace(cast: Cast) -> None:
    client = client_for(cast.outsider)
    assert client.get("/workspace/").status_code == 403
    assert client.get(workspace_url(cast.agency)).status_code == 404


def test_agency_admin_manages_only_own_agency_in_admin(cast: Cast) -> None:
    client = client_for(cast.agency_admin)
    page = client.get("/admin/agencies/membership/").content.decode()
    assert "clerk" in page and "approver" in page
    assert "other_clerk" not in page
    assert client.get(f"/admin/agencies/agency/{cast.agency.pk}/change/").status_code == 200
    assert client.get(f"/admin/agencies/agency/{cast.other_agency.pk}/change/").status_code in (302, 403, 404)
    other_membership = cast.other_clerk.memberships.get()
    assert client.get(f"/admin/agencies/membership/{other_membership.pk}/change/").status_code in (
        302,
        403,
        404,
    )


def test_admin_is_in_chinese(cast: Cast) -> None:
    page = client_for(cast.superuser).get("/admin/").content.decode()
    assert "站点管理" in page or "管理" in page
    assert "机关" in page
