"""Checks that hold for every request, page or API."""

from django.test import Client


def test_a_nul_character_in_a_request_is_refused_not_a_server_error() -> None:
    client = Client()
    assert client.get("/search/", {"q": "预算\x00"}).status_code == 400
    api = client.get("/api/catalog/documents", {"genre": "a\x00b"})
    assert api.status_code == 400 and "detail" in api.json()


def test_a_nul_character_in_a_form_field_gets_a_message_on_that_field(db: None) -> None:
    from gongkai.agencies.models import Agency

    agency = Agency.objects.create(name="测试局", level=Agency.Level.DEPARTMENT)
    response = Client().post(f"/agencies/{agency.pk}/apply/", {"applicant_name": "张\x00明"})
    assert response.status_code == 200
    assert "空字符" in " ".join(response.context["form"].errors["applicant_name"])


def test_liveness_needs_no_database_and_readiness_checks_it(db: None) -> None:
    assert Client().get("/livez").json() == {"status": "ok"}
    assert Client().get("/healthz").json() == {"status": "ok"}
