"""Issue 13, item 10: every error a browser meets — 400, 403, 404, 405, 500, a failed CSRF check — is a
page in the site's layout with a Chinese title, what happened and a way back; none is a blank answer."""

from __future__ import annotations

from typing import Any

import pytest
from bs4 import BeautifulSoup
from django.http import HttpRequest, HttpResponse
from django.test import Client
from django.urls import path

from gongkai import urls as site_urls
from gongkai.catalog import actions as catalog_actions
from gongkai.testing import Cast

pytestmark = pytest.mark.django_db


def boom(request: HttpRequest) -> HttpResponse:
    raise RuntimeError("a bug")


# The site's URLs and one that fails, for the 500 page (``@pytest.mark.urls``).
urlpatterns = [path("test-only/boom/", boom), *site_urls.urlpatterns]
handler400 = site_urls.handler400
handler403 = site_urls.handler403
handler404 = site_urls.handler404
handler500 = site_urls.handler500


def site_page(response: Any, status: int) -> BeautifulSoup:
    """The answer is a page of the site (its header, its main part with a heading and a way home)."""
    assert response.status_code == status
    page = BeautifulSoup(response.content, "html.parser")
    assert page.select_one("header.site-header") is not None, response.content[:200]
    assert page.select_one("main h1").get_text().strip()
    assert page.select_one("main a[href='/']") is not None
    return page


@pytest.fixture
def draft(cast: Cast) -> Any:
    return catalog_actions.do_create_document(cast.clerk, cast.agency, title="草稿", body="")


def signed_in(user: Any) -> Client:
    client = Client()
    client.force_login(user)
    return client


def test_opening_an_action_address_is_a_page_leading_back_to_its_record(cast: Cast, draft: Any) -> None:
    """After a refused action the address bar shows the action's URL; reloading it is a GET."""
    response = signed_in(cast.clerk).get(f"/workspace/documents/{draft.pk}/submit/")
    page = site_page(response, 405)
    assert page.select_one("main h1").get_text() == "此地址只用于提交表单"
    assert page.select_one(f"main a[href='/workspace/documents/{draft.pk}/']") is not None
    assert response["Allow"] == "POST"


def test_opening_the_sign_out_address_is_a_page_too(cast: Cast) -> None:
    site_page(signed_in(cast.clerk).get("/accounts/logout/"), 405)


def test_an_unknown_step_is_the_404_page_leading_back_to_the_document(cast: Cast, draft: Any) -> None:
    page = site_page(signed_in(cast.clerk).post(f"/workspace/documents/{draft.pk}/frobnicate/"), 404)
    assert page.select_one("main h1").get_text() == "页面不存在"
    assert page.select_one(f"main a[href='/workspace/documents/{draft.pk}/']") is not None


def test_an_unknown_address_is_the_404_page(db: None) -> None:
    site_page(Client().get("/no/such/page/"), 404)


def test_the_403_page_says_which_roles_may(cast: Cast) -> None:
    page = site_page(
        signed_in(cast.clerk).get(f"/workspace/agencies/{cast.agency.pk}/documents/import/"), 403
    )
    assert "只有本机关的审核人和机关管理员" in page.select_one("main").get_text()
    assert page.select_one("main a[href='/workspace/']") is not None  # signed in: back to the workspace


def test_the_way_back_is_the_referring_page_of_this_site_only(cast: Cast) -> None:
    client = signed_in(cast.clerk)
    path = f"/workspace/agencies/{cast.agency.pk}/documents/import/"
    here = client.get(path, headers={"referer": "http://testserver/workspace/?tab=1"})
    assert site_page(here, 403).select_one("main a[href='/workspace/?tab=1']") is not None
    elsewhere = client.get(path, headers={"referer": "https://evil.example/phish"})
    assert "evil.example" not in elsewhere.content.decode()


def test_a_bad_request_is_the_400_page(db: None) -> None:
    page = site_page(Client().get("/search/", {"q": "预算\x00"}), 400)
    assert "空字符" in page.select_one("main").get_text()


def test_a_form_without_its_csrf_token_is_a_page_leading_back_to_the_form(cast: Cast) -> None:
    client = Client(enforce_csrf_checks=True)
    client.force_login(cast.approver)
    form = f"/workspace/agencies/{cast.agency.pk}/guide/"
    response = client.post(
        f"/workspace/agencies/{cast.agency.pk}/documents/new/",
        {"title": "x"},
        headers={"referer": f"http://testserver{form}"},
    )
    page = site_page(response, 403)
    assert page.select_one("main h1").get_text() == "表单已失效"
    assert page.select_one(f"main a[href='{form}']") is not None


@pytest.mark.urls(__name__)
def test_a_server_error_is_the_500_page(db: None) -> None:
    client = Client(raise_request_exception=False)
    page = site_page(client.get("/test-only/boom/"), 500)
    assert page.select_one("main h1").get_text() == "服务器出错"


def failing_processor(request: HttpRequest) -> dict[str, Any]:
    raise RuntimeError("the database is gone")


@pytest.mark.urls(__name__)
def test_the_500_page_renders_even_when_the_database_is_what_failed(cast: Cast, settings: Any) -> None:
    """The header's parts read the database (the reminder count): when they fail too, the page is
    rendered without the request's context."""
    engine = {**settings.TEMPLATES[0]}
    engine["OPTIONS"] = {
        **engine["OPTIONS"],
        "context_processors": [*engine["OPTIONS"]["context_processors"], f"{__name__}.failing_processor"],
    }
    settings.TEMPLATES = [engine]
    client = Client(raise_request_exception=False)
    client.force_login(cast.clerk)
    site_page(client.get("/test-only/boom/"), 500)


def test_the_api_keeps_its_json_errors(db: None) -> None:
    response = Client().get("/api/catalog/documents/999999")
    assert response.status_code == 404 and response["Content-Type"].startswith("application/json")
