"""Anonymous portal pages are cached in Redis (the real one of the development and CI machines) and
invalidated the moment what they show changes; signed-in users never see a cached page."""

from __future__ import annotations

import datetime
import re
from typing import Any

import pytest
import redis
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from gongkai.catalog import actions
from gongkai.catalog.tests.helpers import publish
from gongkai.fixtures import REDIS_TEST_URL
from gongkai.testing import Cast

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("redis_cache")]


@pytest.fixture
def on_commit(django_capture_on_commit_callbacks: Any) -> Any:
    """Run the block's on-commit callbacks (the invalidation) as a committed transaction would."""
    return lambda: django_capture_on_commit_callbacks(execute=True)


def test_a_second_anonymous_reader_gets_the_page_from_the_cache_without_a_query(
    cast: Cast, django_assert_num_queries: Any, redis_cache: str
) -> None:
    url = reverse("agency_catalog", args=[cast.agency.pk])
    first = Client().get(url)
    assert first.status_code == 200
    stored = redis.Redis.from_url(REDIS_TEST_URL).keys(f"{redis_cache}:*")
    assert any(b":page:" in key for key in stored)  # in Redis itself, under the tests' own prefix
    with django_assert_num_queries(0):
        second = Client().get(url)
    assert second.status_code == 200
    assert strip_token(second.content) == strip_token(first.content)


def test_a_published_document_is_on_the_portal_at_the_next_request(cast: Cast, on_commit: Any) -> None:
    catalog = reverse("agency_catalog", args=[cast.agency.pk])
    feed = reverse("agency_feed_atom", args=[cast.agency.pk])
    reader = Client()
    assert "关于缓存失效的通知" not in reader.get(catalog).content.decode()
    assert "关于缓存失效的通知" not in reader.get(feed).content.decode()
    with on_commit():
        document = publish(cast, "关于缓存失效的通知")
    assert "关于缓存失效的通知" in reader.get(catalog).content.decode()
    assert "关于缓存失效的通知" in reader.get(feed).content.decode()
    page = reverse("document_detail", args=[document.pk])
    before = reader.get(page).content.decode()
    with on_commit():
        actions.do_repeal_document(cast.approver, document, datetime.date(2024, 7, 1))
    after = reader.get(page).content.decode()
    assert "(2024-07-01)" not in before
    assert "(2024-07-01)" in after


def test_a_renamed_agency_shows_its_new_name_at_the_next_request(cast: Cast, on_commit: Any) -> None:
    reader = Client()
    assert "秀洲区缓存测试局" not in reader.get(reverse("home")).content.decode()
    agency = cast.agency
    with on_commit():
        agency.name = "秀洲区缓存测试局"
        agency.save()
    assert "秀洲区缓存测试局" in reader.get(reverse("home")).content.decode()
    assert "秀洲区缓存测试局" in reader.get(reverse("agency_detail", args=[agency.pk])).content.decode()


def test_a_change_in_one_agency_leaves_the_other_agencies_pages_cached(
    cast: Cast, on_commit: Any, django_assert_num_queries: Any
) -> None:
    other = reverse("agency_catalog", args=[cast.other_agency.pk])
    Client().get(other)
    with on_commit():
        publish(cast, "只影响本机关的通知")
    with django_assert_num_queries(0):
        assert Client().get(other).status_code == 200


def test_a_change_replaces_the_stale_copy_of_a_page_instead_of_adding_one(
    cast: Cast, on_commit: Any, redis_cache: str
) -> None:
    """One entry per page however often what it shows changes (a province publishes all day long)."""
    store = redis.Redis.from_url(REDIS_TEST_URL)
    url = reverse("agency_catalog", args=[cast.agency.pk])
    Client().get(url)
    first = store.keys(f"{redis_cache}:*page:*")
    assert len(first) == 1
    for n in range(3):
        with on_commit():
            publish(cast, f"第{n}次发布的通知")
        assert f"第{n}次发布的通知" in Client().get(url).content.decode()
    assert store.keys(f"{redis_cache}:*page:*") == first


def test_a_cached_page_costs_one_round_trip_to_the_cache(cast: Cast, monkeypatch: Any) -> None:
    """The page and its scopes' generations are read together: at a burst of readers the round trips to
    Redis, not the work, bound how many pages an app server answers."""
    from django.core.cache import caches

    cache = caches["default"]  # the Redis backend itself (the proxy would be patched per settings)
    url = reverse("agency_detail", args=[cast.agency.pk])
    Client().get(url)
    calls: list[str] = []

    def counted(name: str) -> Any:
        real = getattr(cache, name)

        def call(*args: Any, **kwargs: Any) -> Any:
            calls.append(name)
            return real(*args, **kwargs)

        return call

    for name in ("get", "get_many", "add", "set", "set_many"):
        monkeypatch.setattr(cache, name, counted(name))
    assert Client().get(url).status_code == 200
    assert calls == ["get_many"]


def test_a_signed_in_user_never_gets_the_cached_anonymous_page(cast: Cast) -> None:
    guide = reverse("agency_guide", args=[cast.agency.pk])
    anonymous = Client().get(guide).content.decode()
    assert cast.agency_admin.username not in anonymous
    admin = Client()
    admin.force_login(cast.agency_admin)
    signed_in = admin.get(guide).content.decode()
    assert cast.agency_admin.username in signed_in  # their own page, with their name and actions
    assert reverse("logout") in signed_in
    # ... and theirs is never stored for the next anonymous reader.
    again = Client().get(guide).content.decode()
    assert cast.agency_admin.username not in again
    assert reverse("logout") not in again


def test_an_anonymous_page_is_the_same_for_every_reader_and_its_switches_work_from_the_site_only(
    cast: Cast,
) -> None:
    """No CSRF token and no cookie on a cached page (the HTTP cache at the edge shares its bytes): the
    language switch on it takes a POST from the site's own pages, and refuses another site's (T1b)."""
    home = reverse("home")
    pages = []
    for _ in range(2):
        reader = Client(enforce_csrf_checks=True)
        response = reader.get(home)
        assert b"csrfmiddlewaretoken" not in response.content
        assert not response.cookies
        pages.append(response.content)
        switched = reader.post(
            reverse("set_language"), {"language": "en", "next": home}, headers={"origin": "http://testserver"}
        )
        assert switched.status_code == 302
        assert reader.cookies["django_language"].value == "en"
    assert pages[0] == pages[1]
    forged = Client(enforce_csrf_checks=True).post(
        reverse("set_language"), {"language": "en", "next": home}, headers={"origin": "https://evil.example"}
    )
    assert forged.status_code == 403


def test_a_cached_page_is_marked_for_the_http_cache_with_its_scopes(cast: Cast, settings: Any) -> None:
    off = Client().get(reverse("agency_detail", args=[cast.agency.pk]))  # no HTTP cache: nothing marked
    assert "public" not in off.get("Cache-Control", "") and "X-Gongkai-Scopes" not in off
    url = reverse("agency_catalog", args=[cast.agency.pk])
    settings.GONGKAI_HTTP_CACHE_URLS = ["http://127.0.0.1:9/"]  # nothing listens: only the marks matter
    settings.GONGKAI_HTTP_CACHE_SECONDS = 120
    for _ in range(2):  # rendered, then from the page cache: marked alike
        page = Client().get(url)
        assert page["Cache-Control"] == "public, max-age=0, s-maxage=120"
        assert page["X-Gongkai-Scopes"] == f"site,agency:{cast.agency.pk}"
    citizen = Client()
    session = citizen.session
    session["followed"] = ["GK-TEST"]
    session.save()
    assert "X-Gongkai-Scopes" not in citizen.get(url)
    admin = Client()
    admin.force_login(cast.agency_admin)
    assert "X-Gongkai-Scopes" not in admin.get(url)


def test_each_language_has_its_own_cached_page(cast: Cast) -> None:
    home = reverse("home")
    chinese = Client().get(home).content.decode()
    english = Client(headers={"accept-language": "en"}).get(home).content.decode()
    assert '<html lang="zh-hans">' in chinese
    assert '<html lang="en">' in english


def strip_token(content: bytes) -> bytes:
    return re.sub(rb'name="csrfmiddlewaretoken" value="[A-Za-z0-9]+"', b"", content)


def test_a_reader_with_a_session_gets_a_page_rendered_for_them(cast: Cast) -> None:
    # A citizen following an application has a session: their pages may say so, and are never shared.
    home = reverse("home")
    Client().get(home)
    citizen = Client()
    session = citizen.session
    session["followed"] = ["GK-TEST"]
    session.save()
    with CaptureQueriesContext(connection) as queries:
        assert citizen.get(home).status_code == 200
    assert any("agencies_agency" in query["sql"] for query in queries)  # rendered, not taken from the cache


def test_the_portal_answers_while_the_cache_is_down(cast: Cast, settings: Any, on_commit: Any) -> None:
    settings.CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": "redis://127.0.0.1:1/0",
        }
    }
    assert Client().get(reverse("agency_catalog", args=[cast.agency.pk])).status_code == 200
    with on_commit():
        publish(cast, "缓存停机时发布的通知")
    assert (
        "缓存停机时发布的通知"
        in Client().get(reverse("agency_catalog", args=[cast.agency.pk])).content.decode()
    )
