import pytest
from django.test import Client

from gongkai.testing import Cast

pytestmark = pytest.mark.django_db


def test_the_agency_tree_is_public(cast: Cast) -> None:
    response = Client().get("/api/agencies/", {"parent": cast.district.pk})
    assert response.status_code == 200
    names = {item["name"] for item in response.json()["items"]}
    assert names == {cast.agency.name, cast.other_agency.name}
    assert Client().get(f"/api/agencies/{cast.agency.pk}").json()["parent_id"] == cast.district.pk
    missing = Client().get("/api/agencies/999999")
    assert missing.status_code == 404 and "detail" in missing.json()
