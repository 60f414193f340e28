"""The page cache's front layer (gongkai.lib.pagefront) answers cached portal pages before Django, exactly as
Django would have answered them, and leaves everything personal to Django."""

from __future__ import annotations

import datetime
import re
from collections.abc import Iterator
from http.cookies import SimpleCookie
from typing import Any

import pytest
from django.core.signals import request_finished, request_started
from django.core.wsgi import get_wsgi_application
from django.db import close_old_connections, connection
from django.test import Client, RequestFactory
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from gongkai.catalog import actions
from gongkai.catalog.tests.helpers import publish
from gongkai.lib import display
from gongkai.lib.pagefront import PageFront
from gongkai.testing import Cast

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("redis_cache")]

TOKEN = re.compile(rb'name="csrfmiddlewaretoken" value="([A-Za-z0-9]+)"')
# Headers that differ by nature between two answers of the same page.
PER_RESPONSE = {"set-cookie", "date", "content-length"}


class Answer:
    def __init__(self, status: str, headers: list[tuple[str, str]], body: bytes, django: bool) -> None:
        self.status, self.headers, self.body, self.django = status, headers, body, django

    def kept_headers(self) -> list[tuple[str, str]]:
        return sorted(
            (name.lower(), value) for name, value in self.headers if name.lower() not in PER_RESPONSE
        )

    def cookies(self) -> SimpleCookie:
        cookie: SimpleCookie = SimpleCookie()
        for name, value in self.headers:
            if name.lower() == "set-cookie":
                cookie.load(value)
        return cookie


@pytest.fixture
def front() -> Iterator[Any]:
    """Requests through the real WSGI stack (the test client skips it), the database kept in the test's
    transaction as the test client keeps it."""
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    django = get_wsgi_application()
    calls: list[bool] = []

    def counted(environ: dict[str, Any], start_response: Any) -> Any:
        calls.append(True)
        return django(environ, start_response)

    application = PageFront(counted)

    def get(path: str, method: str = "GET", **headers: str) -> Answer:
        environ = RequestFactory().generic(method, path, **headers).environ
        environ.setdefault("wsgi.input", b"")
        seen: dict[str, Any] = {}

        def start_response(status: str, headers: list[tuple[str, str]], exc_info: Any = None) -> None:
            seen.update(status=status, headers=headers)

        before = len(calls)
        body = b"".join(application(environ, start_response))
        return Answer(seen["status"], seen["headers"], body, django=len(calls) > before)

    yield get
    request_started.connect(close_old_connections)
    request_finished.connect(close_old_connections)


def test_a_hit_is_answered_before_django_exactly_as_django_answered(cast: Cast, front: Any) -> None:
    url = reverse("agency_catalog", args=[cast.agency.pk])
    first = front(url)
    assert first.django and first.status == "200 OK"
    with CaptureQueriesContext(connection) as queries:
        second = front(url)
    assert not second.django and not queries.captured_queries
    assert second.status == first.status
    assert second.kept_headers() == first.kept_headers()
    assert "content-security-policy" in dict(second.kept_headers())
    assert TOKEN.sub(b"", second.body) == TOKEN.sub(b"", first.body)
    assert dict(second.headers)["Content-Length"] == str(len(second.body))


def test_a_hit_has_no_csrf_token_or_cookie_and_keeps_the_http_cache_marks(
    cast: Cast, front: Any, settings: Any
) -> None:
    settings.GONGKAI_HTTP_CACHE_URLS = ["http://127.0.0.1:9/"]  # nothing listens: only the marks matter
    home = reverse("home")
    first = front(home)
    answer = front(home)
    assert first.django and not answer.django
    assert TOKEN.search(answer.body) is None and not answer.cookies()
    assert answer.body == first.body
    headers = dict(answer.kept_headers())
    assert headers["cache-control"] == f"public, max-age=0, s-maxage={settings.GONGKAI_HTTP_CACHE_SECONDS}"
    assert headers["x-gongkai-scopes"] == "site"


def test_a_signed_in_reader_or_a_session_never_gets_the_front_page(cast: Cast, front: Any) -> None:
    guide = reverse("agency_guide", args=[cast.agency.pk])
    front(guide)
    admin = Client()
    admin.force_login(cast.agency_admin)
    session = admin.cookies["sessionid"].value
    answer = front(guide, HTTP_COOKIE=f"sessionid={session}")
    assert answer.django
    assert cast.agency_admin.username in answer.body.decode()
    assert cast.agency_admin.username not in front(guide).body.decode()


def test_posts_htmx_and_pages_not_marked_go_to_django(cast: Cast, front: Any) -> None:
    home = reverse("home")
    front(home)
    assert front(home, HTTP_HX_REQUEST="true").django
    assert front(home, method="HEAD").django
    assert front(reverse("set_language"), method="POST").django
    login = reverse("login")
    front(login)
    assert front(login).django  # the sign-in page is never cached


def test_language_and_display_mode_each_have_their_own_page(cast: Cast, front: Any) -> None:
    home = reverse("home")
    chinese = front(home)
    english = front(home, HTTP_ACCEPT_LANGUAGE="en")
    assert english.django
    assert b'<html lang="en"' in front(home, HTTP_ACCEPT_LANGUAGE="en").body
    assert b'<html lang="zh-hans"' in chinese.body
    assert not front(home).django
    assert b'<html lang="en"' in front(home, HTTP_COOKIE="django_language=en").body
    mode = display.MODES[0]
    assert front(home, HTTP_COOKIE=f"{display.COOKIE}={mode}").django  # a page of its own, rendered once
    styled = front(home, HTTP_COOKIE=f"{display.COOKIE}={mode}")
    assert not styled.django
    assert TOKEN.sub(b"", styled.body) != TOKEN.sub(b"", front(home).body)


def test_a_published_change_is_visible_at_the_next_request_through_the_front(
    cast: Cast, front: Any, django_capture_on_commit_callbacks: Any
) -> None:
    catalog = reverse("agency_catalog", args=[cast.agency.pk])
    front(catalog)
    assert not front(catalog).django
    with django_capture_on_commit_callbacks(execute=True):
        document = publish(cast, "前置层失效测试通知")
    fresh = front(catalog)
    assert fresh.django and "前置层失效测试通知" in fresh.body.decode()
    page = reverse("document_detail", args=[document.pk])
    front(page)
    assert not front(page).django  # its scope (the document's agency) read by the front itself
    with django_capture_on_commit_callbacks(execute=True):
        actions.do_repeal_document(cast.approver, document, datetime.date(2024, 7, 1))
    assert "(2024-07-01)" in front(page).body.decode()
