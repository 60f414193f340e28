"""Every route, every role: each gets exactly what the permission table in docs/permissions.md says.

The table is the specification; this test reads it. A route the URL configuration has and the table lacks
fails (so a new view cannot ship without someone deciding who may use it), and so does a table row for a
route that no longer exists. Each request runs in a transaction that is rolled back, so that one role's
successful POST does not change what the next role sees.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import pytest
from django.contrib import admin
from django.core.cache import cache
from django.db import transaction
from django.test import Client, override_settings
from django.urls import URLPattern, URLResolver, get_resolver, resolve

from gongkai.api import api
from gongkai.applications.verbs import VERBS
from gongkai.catalog.views import TRANSITIONS
from gongkai.testing import make_cast
from route_world import ROLES, World, make_world

# The world is made once for the module: its tests stay on one xdist worker (scripts/test.sh: loadgroup).
pytestmark = [pytest.mark.django_db, pytest.mark.xdist_group("route_access")]

DOC = Path(__file__).resolve().parents[1] / "docs" / "permissions.md"
LOGIN_PATHS = ("/accounts/login/", "/admin/login/")
LOOKUP_PATH = "/track/"  # the applicant's look-up form: where a browser that has not looked up is sent
ROW = re.compile(
    r"^\|\s*`(?P<path>[^`]+)`\s*\|\s*(?P<method>GET|POST|PUT|PATCH|DELETE)\s*\|(?P<cells>.*)\|\s*$"
)


@dataclass(frozen=True)
class Row:
    section: str
    path: str  # a template: placeholders like {application} are filled from the world
    method: str
    expected: dict[str, str]
    line: int


def read_table(text: str) -> list[Row]:
    rows = []
    section = ""
    for number, line in enumerate(text.splitlines(), 1):
        if line.startswith("## "):
            section = line[3:].strip()
        match = ROW.match(line)
        if match is None:
            continue
        cells = [cell.strip() for cell in match["cells"].split("|")]
        assert len(cells) == len(ROLES), (
            f"permissions.md line {number}: {len(cells)} cells for {len(ROLES)} roles"
        )
        rows.append(
            Row(section, match["path"], match["method"], dict(zip(ROLES, cells, strict=True)), number)
        )
    return rows


ROWS = read_table(DOC.read_text(encoding="utf-8"))
SECTIONS = sorted({row.section for row in ROWS})


def walk(patterns: list[Any], prefix: str = "") -> Iterator[str]:
    for pattern in patterns:
        if isinstance(pattern, URLResolver):
            yield from walk(pattern.url_patterns, prefix + str(pattern.pattern))
        elif isinstance(pattern, URLPattern):
            yield prefix + str(pattern.pattern)


ROUTES = sorted(set(walk(get_resolver().url_patterns)))


def outcome(
    world: World, role: str, method: str, template: str, data: dict[str, str] | None = None
) -> tuple[str, bytes]:
    """What ``role`` gets — the status code, ``login`` for a redirect to a sign-in page, or ``lookup`` for a
    redirect to the tracking look-up form — and the body."""
    client: Client = world.client(role)
    path = world.path(template, role)
    headers = {}
    if method != "GET":
        headers["Origin"] = "http://testserver"  # what a browser sends with a form's POST from the site
    if path.startswith("/api/") and role in world.tokens:
        headers["Authorization"] = f"Bearer {world.tokens[role]}"
    with transaction.atomic():
        if method == "GET":
            response = client.get(path, headers=headers)
        else:
            body, content_type = world.payload(method, template, role)
            if data is not None:
                body = data
            if isinstance(body, dict):
                response = client.post(path, body, headers=headers)
            else:
                response = client.generic(method, path, body, content_type=content_type, headers=headers)
        body = b"".join(response.streaming_content) if response.streaming else response.content
        transaction.set_rollback(True)
    # (no response.close(): the client closed it; closing again would close the database connection)
    if response.status_code == 302 and urlsplit(response["Location"]).path in LOGIN_PATHS:
        return "login", body
    if response.status_code == 302 and urlsplit(response["Location"]).path == LOOKUP_PATH:
        return "lookup", body
    return str(response.status_code), body


@pytest.fixture(scope="module")
def world_media(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("route-world-media")


@pytest.fixture(autouse=True)
def media_root(settings: Any, world_media: Path) -> None:
    # Instead of gongkai/fixtures.py's folder per test: the world's files are made once for the module.
    settings.MEDIA_ROOT = world_media


@pytest.fixture(scope="module")
def world(django_db_setup: None, django_db_blocker: Any, world_media: Path) -> Iterator[World]:
    """The records and people, made once for the module (they take a while) in a transaction that is rolled
    back at its end; each test runs inside it, in a savepoint of its own (as Django's setUpTestData)."""
    fast = override_settings(
        MEDIA_ROOT=world_media, PASSWORD_HASHERS=["django.contrib.auth.hashers.MD5PasswordHasher"]
    )
    with django_db_blocker.unblock(), fast, transaction.atomic():
        yield make_world(make_cast())
        transaction.set_rollback(True)


def test_the_table_covers_every_route_and_nothing_else(world: World) -> None:
    covered = set()
    for row in ROWS:
        path = world.path(row.path, "superuser")
        covered.add(resolve(urlsplit(path).path).route)
    admin_routes = {route for route in ROUTES if route.startswith("admin/") and route != "admin/login/"}
    missing = [route for route in ROUTES if route not in covered and route not in admin_routes]
    assert not missing, f"routes with no row in docs/permissions.md: {missing}"
    stale = sorted(covered - set(ROUTES))
    assert not stale, f"rows in docs/permissions.md for routes that do not exist: {stale}"


def test_every_api_operation_and_every_verb_has_its_row(world: World) -> None:
    rows = {(world.path(row.path, "superuser"), row.method) for row in ROWS}
    templates = {(row.path, row.method) for row in ROWS}
    for path, operations in api.get_openapi_schema()["paths"].items():
        for method in operations:
            route = re.sub(r"\{(\w+)\}", "{x}", path)
            assert any(
                re.sub(r"\{(\w+)\}", "{x}", template.split("?")[0]) == route and row_method == method.upper()
                for template, row_method in templates
            ), f"API operation {method.upper()} {path} has no row in docs/permissions.md"
    for verb in VERBS:
        assert (
            world.path(f"/workspace/applications/{{application}}/{verb}/", "superuser"),
            "POST",
        ) in rows, verb
    for transition in TRANSITIONS:
        assert (
            world.path(f"/workspace/documents/{{draft_document}}/{transition}/", "superuser"),
            "POST",
        ) in rows


def hidden_markers(world: World, role: str) -> dict[bytes, str]:
    """Text of the records ``role`` may not open, by the table's own rows for them: the applications'
    tracking codes and the draft's title."""
    rows = {(row.path, row.method): row for row in ROWS}
    markers = {}
    for path, marker in (
        ("/workspace/applications/{application}/", world.values["code"]),
        ("/workspace/applications/{decided_application}/", world.values["decided_code"]),
        ("/workspace/documents/{draft_document}/", world.values["draft_title"]),
    ):
        row = rows.get((path, "GET"))
        assert row is not None, f"permissions.md needs a GET row for {path}"
        if row.expected[role] != "200":
            markers[marker.encode()] = path
    return markers


@pytest.mark.parametrize("section", SECTIONS)
def test_each_role_gets_what_the_table_says(world: World, section: str) -> None:
    wrong = []
    for row in (row for row in ROWS if row.section == section):
        # The API's anonymous rate limit (per address, per minute) counts every role's requests to the public
        # routes; a table this long would meet it: each row starts with a fresh count.
        cache.clear()
        for role in ROLES:
            got, body = outcome(world, role, row.method, row.path)
            if got != row.expected[role]:
                wrong.append(
                    f"line {row.line}: {row.method} {row.path} as {role}: table {row.expected[role]}, got {got}"
                )
            if "{code}" in row.path or "{code}" in str(world.payloads.get((row.method, row.path), "")):
                continue  # the tracking pages show their application to whoever looked it up, and the
                # look-up form shows back the code that was typed into it
            for marker, path in hidden_markers(world, role).items():
                if marker in body:
                    wrong.append(
                        f"line {row.line}: {row.method} {row.path} as {role} shows {marker.decode()!r} ({path} is hidden from {role})"
                    )
    assert not wrong, "\n".join(wrong)


def test_every_other_admin_page_is_for_the_superuser_only(world: World) -> None:
    """The admin has a route per registered model; those without their own rows in the table are the
    superuser's alone: every model's list, as every role."""
    expected = {role: "login" for role in ROLES} | {"agency_admin": "403", "superuser": "200"}
    listed = {row.path for row in ROWS}
    wrong = []
    for model in admin.site._registry:
        path = f"/admin/{model._meta.app_label}/{model._meta.model_name}/"
        if path in listed:
            continue
        for role in ROLES:
            got, _ = outcome(world, role, "GET", path)  # no placeholders
            if got != expected[role]:
                wrong.append(f"{path} as {role}: expected {expected[role]}, got {got}")
    assert not wrong, "\n".join(wrong)


CSRF_VALUE = re.compile(rb'name="csrfmiddlewaretoken" value="[^"]*"')


def test_a_route_without_a_post_row_does_not_act_on_a_post(world: World) -> None:
    """So that a view cannot start taking forms unnoticed: where the table has no POST row, a POST is
    refused (405) or answered exactly like the GET (a page that ignores the method). The POST carries a
    field no form has, so that a form view (``Form(request.POST or None)``) sees a bound form."""
    posted = {(row.path, row.method) for row in ROWS}
    wrong = []
    for row in ROWS:
        if row.method != "GET" or (row.path, "POST") in posted:
            continue
        got, body = outcome(world, "superuser", "POST", row.path, data={"route_audit_probe": "1"})
        if got == "405":
            continue
        status, page = outcome(world, "superuser", "GET", row.path)
        if not page.lstrip()[:15].lower().startswith(b"<!doctype html"):
            page = body = b""  # files and feeds carry their own timestamps: compare the status only
        if (got, CSRF_VALUE.sub(b"", body)) != (status, CSRF_VALUE.sub(b"", page)):
            wrong.append(f"POST {row.path}: {got}, not answered like its GET")
    assert not wrong, "routes that act on POST without a POST row in docs/permissions.md:\n" + "\n".join(
        wrong
    )


# The switches on every portal page, which carry no CSRF token so that the HTTP cache can share the page:
# they take a POST from the site's own pages only (T1b, gongkai.lib.edge.same_site_only).
SAME_SITE_SWITCHES = {"/i18n/setlang/", "/display/"}


def test_no_form_is_accepted_without_its_csrf_token(world: World) -> None:
    """Every route but the token-authenticated API refuses a POST that lacks the CSRF token (T1), or, for
    the two switches without one, a POST from another site (T1b) — even with the site's CSRF cookie."""
    wrong = []
    for row in ROWS:
        path = world.path(row.path, "clerk")
        if row.method != "POST" or path.startswith("/api/"):
            continue
        client = Client(enforce_csrf_checks=True)
        client.force_login(world.users["clerk"])
        headers = {"Origin": "https://evil.example"} if row.path in SAME_SITE_SWITCHES else {}
        status = client.post(path, {}, headers=headers).status_code
        if status != 403:
            wrong.append(f"POST {path}: {status}")
    assert not wrong, wrong
    switches = {row.path for row in ROWS if row.method == "POST"} & SAME_SITE_SWITCHES
    assert switches == SAME_SITE_SWITCHES
