"""The agency's workspace page: its details form for its administrators only; a refused save comes back
with the input and the reason (issue 13, item 3)."""

from __future__ import annotations

from gongkai.agencies.models import Agency, Membership
from gongkai.testing import one, page_of


def test_only_the_agency_administrator_is_offered_the_details_form(cast, client):
    client.force_login(cast.approver)
    page = page_of(client.get(f"/workspace/agencies/{cast.agency.pk}/"))
    assert page.select("input[name=short_name]") == []
    client.force_login(cast.agency_admin)
    page = page_of(client.get(f"/workspace/agencies/{cast.agency.pk}/"))
    assert one(page, "input[name=short_name]") is not None


def test_a_details_save_refused_meanwhile_keeps_the_input(cast, client):
    client.force_login(cast.agency_admin)
    Membership.objects.filter(user=cast.agency_admin).update(role=Membership.Role.CLERK)
    response = client.post(
        f"/workspace/agencies/{cast.agency.pk}/",
        {"short_name": "经信商务局", "website": "https://example.org/"},
    )
    assert response.status_code == 403
    page = page_of(response)
    assert one(page, "input[name=short_name]")["value"] == "经信商务局"
    assert "机关管理员" in one(page, "ul.messages").get_text()
    assert Agency.objects.get(pk=cast.agency.pk).short_name == ""
