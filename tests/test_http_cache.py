"""The HTTP cache at the edge: a real varnishd with the repository's VCL (deploy/varnish/gongkai.vcl) in front
of a real gongkai server (gunicorn, production settings, the Redis page cache). An anonymous portal page is
answered by Varnish from the second request on; a publish bans it, so the next reader sees the change; a
signed-in reader's page, a POST and a citizen's application page are never kept.

Skipped only when varnishd is not installed (scripts/setup.sh installs Debian's varnish)."""

from __future__ import annotations

import http.client
import logging
import os
import re
import secrets
import subprocess
import sys
import textwrap
import uuid
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest
import redis
from cryptography.fernet import Fernet

from conftest import GONGKAI, REPO
from gongkai.fixtures import REDIS_TEST_URL
from scratch_databases import scratch_database

sys.path.insert(0, str(REPO / "benchmarks"))
from province import Varnish, free_port, server_folder, varnishd_path, wait_for_port

needs_varnishd = pytest.mark.skipif(
    varnishd_path() is None, reason="varnishd is not installed (scripts/setup.sh installs Debian's varnish)"
)
CSRF_INPUT = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')


@dataclass
class Answer:
    status: int
    headers: dict[str, str]
    cookies: dict[str, str]
    body: str

    @property
    def hit(self) -> bool:
        # X-Varnish holds this request's id and, on a hit, the id of the request that stored the object.
        return self.headers["x-cache"] == "hit" and len(self.headers["x-varnish"].split()) == 2


@dataclass
class Edge:
    root: Path
    env: dict[str, str]
    varnish: Varnish
    cookies: dict[str, str] = field(default_factory=dict)

    def request(self, path: str, method: str = "GET", body: str = "", **headers: str) -> Answer:
        connection = http.client.HTTPConnection("127.0.0.1", self.varnish.port, timeout=60)
        if body:
            headers.setdefault("Content-Type", "application/x-www-form-urlencoded")
        connection.request(method, path, body=body.encode() or None, headers=headers)
        response = connection.getresponse()
        cookies = {}
        for name, value in response.getheaders():
            if name.lower() == "set-cookie":
                cookie = value.split(";", 1)[0]
                cookies[cookie.split("=", 1)[0]] = cookie.split("=", 1)[1]
        answer = Answer(
            response.status,
            {name.lower(): value for name, value in response.getheaders()},
            cookies,
            response.read().decode(),
        )
        connection.close()
        return answer

    def submit(self, path: str, fields: str) -> tuple[Answer, Answer]:
        """Open the form at ``path`` and send it with ``fields`` (urlencoded), its CSRF token and cookie, as a
        browser does: (the form, the answer to the POST)."""
        form = self.request(path)
        token = CSRF_INPUT.search(form.body)
        assert token is not None, form.body[:500]
        posted = self.request(
            path,
            method="POST",
            body=f"{fields}&csrfmiddlewaretoken={token.group(1)}",
            Cookie=f"csrftoken={form.cookies['csrftoken']}",
            Origin=f"http://127.0.0.1:{self.varnish.port}",
        )
        assert posted.status == 302, posted.body[:500]
        return form, posted

    def python(self, code: str) -> str:
        """Run ``code`` in a gongkai process of the site's own (as a worker or an admin command would): what
        it commits bans the edge's pages as the app servers' changes do."""
        result = subprocess.run(
            [str(GONGKAI), "shell", "-c", textwrap.dedent(code)],
            env=self.env, cwd=self.root, capture_output=True, text=True, timeout=600,
        )  # fmt: skip
        assert result.returncode == 0, result.stderr
        return result.stdout.strip().splitlines()[-1] if result.stdout.strip() else ""


SET_UP = """
    import datetime
    from gongkai.testing import make_cast
    from gongkai.applications.tests.helpers import register
    cast = make_cast()
    application = register(cast.clerk, cast.agency, datetime.date(2025, 3, 3))
    print(cast.agency.pk, cast.other_agency.pk, application.tracking_code)
"""

PUBLISH = """
    import types
    from django.contrib.auth import get_user_model
    from gongkai.agencies.models import Agency
    from gongkai.catalog.tests.helpers import publish
    users = get_user_model().objects
    cast = types.SimpleNamespace(
        agency=Agency.objects.get(pk={agency}), clerk=users.get(username="clerk"),
        approver=users.get(username="approver"), secrecy_reviewer=users.get(username="secrecy_reviewer"),
    )
    publish(cast, "{title}")
"""


@pytest.fixture(scope="module")
def edge(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Edge, list[int], str]]:
    if varnishd_path() is None:
        pytest.skip("varnishd is not installed (scripts/setup.sh installs Debian's varnish)")
    root = tmp_path_factory.mktemp("http-cache")
    prefix = f"gongkai-edge-test-{uuid.uuid4().hex[:12]}"
    with scratch_database(root, "edge") as url:
        base = {
            k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "DATABASE_URL", "GONGKAI_"))
        }
        env = {
            **base,
            "DATABASE_URL": url,
            "GONGKAI_PRODUCTION": "1",
            "SECRET_KEY": secrets.token_urlsafe(50),
            "GONGKAI_DATA_KEYS": Fernet.generate_key().decode(),
            "ALLOWED_HOSTS": "127.0.0.1",
            "SECURE_SSL_REDIRECT": "0",
            "LOG_LEVEL": "WARNING",
            "GONGKAI_CACHE_URL": REDIS_TEST_URL,
            "GONGKAI_CACHE_PREFIX": prefix,
            "GONGKAI_PAGE_CACHE_SECONDS": "600",
        }
        # The static files collected once for every checkout's servers (as benchmarks/province.py does).
        env["GONGKAI_VAR_DIR"] = str(server_folder(url))
        port = free_port()
        varnish = Varnish(port)
        env["GONGKAI_HTTP_CACHE_URLS"] = varnish.url
        site = Edge(root, env, varnish)
        try:
            subprocess.run([str(GONGKAI), "migrate", "--noinput", "-v0"], env=env, cwd=root, check=True)
            *agencies, code = site.python(SET_UP).split()
            server = subprocess.Popen(
                [str(GONGKAI), "serve", "--bind", f"127.0.0.1:{port}", "--workers", "2", "--no-collectstatic"],
                env=env, cwd=root, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True,
            )  # fmt: skip
            try:
                wait_for_port(server, port)
                yield site, [int(pk) for pk in agencies], code
            finally:
                os.killpg(server.pid, 15)
                server.wait(timeout=120)
        finally:
            varnish.stop()
            store = redis.Redis.from_url(REDIS_TEST_URL)
            keys = list(store.scan_iter(match=f"{prefix}:*", count=500))
            if keys:
                store.delete(*keys)
            store.close()


def fetched_twice(site: Edge, path: str, **headers: str) -> tuple[Answer, Answer]:
    first = site.request(path, **headers)
    return first, site.request(path, **headers)


@needs_varnishd
def test_an_anonymous_portal_page_is_answered_by_varnish_from_the_second_request(
    edge: tuple[Edge, list[int], str],
) -> None:
    site, (agency, _), _ = edge
    path = f"/agencies/{agency}/"
    first, second = fetched_twice(site, path)
    assert first.status == second.status == 200
    assert second.hit, second.headers
    assert second.body == first.body and "csrfmiddlewaretoken" not in second.body
    assert not second.cookies
    assert "x-gongkai-scopes" not in second.headers  # the scopes stay between the app and Varnish
    # Tracking cookies neither reach the app nor make the page a reader's own; language and display mode
    # are pages of their own.
    tracked = site.request(path, Cookie="_ga=GA1.2.3; Hm_lvt_1=17")
    assert tracked.hit and tracked.body == first.body
    english = fetched_twice(site, path, Cookie="django_language=en; _ga=GA1.2.3")
    assert '<html lang="en"' in english[0].body and english[1].hit
    assert '<html lang="zh-hans"' in second.body


@needs_varnishd
def test_a_published_document_is_on_the_next_page_varnish_answers(edge: tuple[Edge, list[int], str]) -> None:
    site, (agency, sibling), _ = edge
    catalog = f"/agencies/{agency}/catalog/"
    other = f"/agencies/{sibling}/"  # a sibling agency: its pages are not banned
    _, cached = fetched_twice(site, catalog)
    _, other_cached = fetched_twice(site, other)
    assert cached.hit and other_cached.hit
    assert "边缘缓存失效测试通知" not in cached.body
    site.python(PUBLISH.format(agency=agency, title="边缘缓存失效测试通知"))
    fresh = site.request(catalog)
    assert not fresh.hit and "边缘缓存失效测试通知" in fresh.body
    assert site.request(catalog).hit  # kept again
    assert site.request(other).hit


@needs_varnishd
def test_a_signed_in_readers_pages_and_posts_are_never_kept(edge: tuple[Edge, list[int], str]) -> None:
    site = edge[0]
    home = "/"
    site.request(home)
    form, signed_in = site.submit(
        "/accounts/login/", "username=agency_admin&password=correct-horse-battery-staple"
    )
    assert form.headers["x-cache"] == "pass"
    session = f"sessionid={signed_in.cookies['sessionid']}"
    for _ in range(2):
        page = site.request(home, Cookie=session)
        assert page.headers["x-cache"] == "pass" and "agency_admin" in page.body
    anonymous = site.request(home)
    assert anonymous.hit and "agency_admin" not in anonymous.body
    for _ in range(2):  # a POST goes to the app every time, and is not kept for the GET either
        switched = site.request(
            "/i18n/setlang/", method="POST", body="language=en&next=/",
            Origin=f"http://127.0.0.1:{site.varnish.port}",
        )  # fmt: skip
        assert switched.status == 302 and switched.headers["x-cache"] == "pass"
        assert switched.cookies["django_language"] == "en"
    assert '<html lang="zh-hans"' in site.request(home).body
    forged = site.request(
        "/i18n/setlang/", method="POST", body="language=en&next=/", Origin="https://evil.example"
    )
    assert forged.status == 403


@needs_varnishd
def test_a_citizens_application_page_is_never_kept(edge: tuple[Edge, list[int], str]) -> None:
    site, _, code = edge
    form, found = site.submit("/track/", f"code={code}&check=0000")
    assert form.headers["x-cache"] == "pass"  # a form with its own token
    assert site.request("/track/").headers["x-cache"] == "pass"
    session = f"sessionid={found.cookies['sessionid']}"
    for _ in range(2):
        page = site.request(f"/track/{code}/", Cookie=session)
        assert page.status == 200 and page.headers["x-cache"] == "pass"
        assert '<h1 class="h2">' in page.body and code in page.body and 'id="status"' in page.body
    stranger = site.request(f"/track/{code}/")  # without the citizen's session: to the look-up form
    assert stranger.status == 302 and 'id="status"' not in stranger.body


@needs_varnishd
def test_only_the_app_servers_may_ban(edge: tuple[Edge, list[int], str]) -> None:
    site, (agency, _), _ = edge
    path = f"/agencies/{agency}/guide/"
    fetched_twice(site, path)
    connection = http.client.HTTPConnection(
        "127.0.0.1", site.varnish.port, timeout=30, source_address=("127.0.0.2", 0)
    )
    connection.request("BAN", "/", headers={"X-Gongkai-Scopes": "site"})
    assert connection.getresponse().status == 403
    connection.close()
    assert site.request(path).hit
    assert site.request("/", method="BAN", **{"X-Gongkai-Scopes": "site) || (1"}).status == 400
    assert site.request(path).hit
    assert site.request("/", method="BAN", **{"X-Gongkai-Scopes": f"agency:{agency}"}).status == 200
    assert not site.request(path).hit


@pytest.mark.django_db
def test_a_ban_that_fails_is_logged_and_the_change_stands(
    cast: Any, settings: Any, caplog: pytest.LogCaptureFixture, django_capture_on_commit_callbacks: Any
) -> None:
    from gongkai.catalog.models import Document
    from gongkai.catalog.tests.helpers import publish

    settings.GONGKAI_HTTP_CACHE_URLS = [f"http://127.0.0.1:{free_port()}/"]  # nothing listens there
    settings.GONGKAI_PAGE_CACHE_SECONDS = 600
    with (
        caplog.at_level(logging.WARNING, logger="gongkai.lib.edge"),
        django_capture_on_commit_callbacks(execute=True),
    ):
        document = publish(cast, "缓存不可达时发布的通知")
    assert Document.objects.get(pk=document.pk).title == "缓存不可达时发布的通知"
    assert any("HTTP cache ban" in record.getMessage() for record in caplog.records)
