"""A Chinese page never shows a programmer's word: the whole site, crawled as every kind of user.

The demo world (``gongkai demo``: applications in every state, decisions of many kinds, review cases,
reports published and draft with their findings, a batch audit, a catalog with its history) is loaded,
then each role — the public, an applicant with tracking links, a clerk, an approver, an agency
administrator, an overseer and the superuser, who also sees the Django admin of every registered model —
follows the links of the site from a few start pages (same site, GET only, a bounded number of pages of
each route), and every HTML page is read as its reader meets it (``visible_words.read_page``). New pages
are covered as soon as something links to them.
"""

from __future__ import annotations

import datetime
import io
from collections import Counter, deque
from collections.abc import Iterator
from urllib.parse import urljoin, urlsplit

import pytest
from django.contrib import admin
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group, Permission
from django.test import Client
from django.urls import Resolver404, resolve
from django.utils import timezone, translation
from django_otp.oath import TOTP
from django_otp.plugins.otp_totp.models import TOTPDevice

from gongkai.agencies.demo import load_demo
from gongkai.applications.models import Application
from gongkai.catalog import actions as catalog_actions
from gongkai.catalog.models import Article20Item, Document, Genre, Topic
from gongkai.ops.actions import do_enable_two_factor, pending_totp_device
from visible_words import (
    CJK,
    Checker,
    Page,
    Problems,
    chinese_translations,
    english_sources,
    english_vocabulary,
    read_page,
)

pytestmark = pytest.mark.django_db

# Start pages; everything else is found by following links. The admin first: the superuser's crawl is
# mostly there (the other pages are read as the other roles too).
STARTS = ("/admin/", "/", "/workspace/", "/oversight/", "/open-data/", "/search/", "/track/")
ROLES = {  # role → the demo user (None: not signed in)
    "anonymous": None,
    "applicant": None,  # not signed in, but holding the tracking link of every application
    "clerk": "jxsw_clerk",
    "approver": "jxsw_approver",
    "agency_admin": "jxsw_admin",
    "oversight": "xiuzhou_oversight",
    "superuser": "admin",
}
# Enough pages of one route to meet its records in their different states (an application detail page
# per status and decision); a route's query-string variants (sorting, filters, pages) are alike, a few
# suffice.
PAGES_PER_ROUTE = 10
VARIANTS_PER_ROUTE = 3
PAGES_PER_ROLE = 400
# What a browser sends, and the admin's sign-in records show.
BROWSER = {
    "HTTP_USER_AGENT": "Mozilla/5.0 (Windows NT 10.0; Win64; x64) Chrome/131.0",
    "HTTP_ACCEPT": "*/*",
}


def add_catalog_history() -> None:
    """Documents in every workflow state, one with a history of edits to fields of every kind."""
    users = get_user_model().objects
    clerk, approver = users.get(username="jxsw_clerk"), users.get(username="jxsw_approver")
    agency = clerk.memberships.get().agency
    published = Document.objects.for_agency(agency).filter(status=Document.Status.PUBLISHED)
    edited, other = published.order_by("pk")[0], published.order_by("-pk")[0]
    catalog_actions.do_update_document(
        approver,
        edited,
        title=edited.title + "（修订）",
        genre=Genre.objects.exclude(pk=edited.genre_id).first(),
        topic=Topic.objects.exclude(pk=edited.topic_id).first(),
        written_on=datetime.date(2019, 3, 1),
        interprets=other,
        article20_item=Article20Item.BUDGET,
    )
    pdf = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
    catalog_actions.do_add_attachment(approver, edited, io.BytesIO(pdf), "附件.pdf")  # a published document
    draft = catalog_actions.do_create_document(clerk, agency, title="尚未公开的草稿", body="<p>草稿</p>")
    del draft
    returned = catalog_actions.do_create_document(clerk, agency, title="退回修改的草稿", body="<p>草稿</p>")
    catalog_actions.do_submit_document(clerk, returned)
    catalog_actions.do_return_document(approver, returned, note="请补充发文字号。")
    in_review = catalog_actions.do_create_document(clerk, agency, title="待审核的文件", body="<p>待审</p>")
    catalog_actions.do_submit_document(clerk, in_review)
    catalog_actions.do_expire_document(approver, other, timezone.localdate())


def add_two_factor(username: str) -> None:
    """Two-factor sign-in turned on, with its backup codes (the admin lists both kinds of device)."""
    user = get_user_model().objects.get(username=username)
    do_enable_two_factor(user, current_code(pending_totp_device(user)))


def current_code(device: TOTPDevice) -> str:
    totp = TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift)
    return f"{totp.token():0{device.digits}d}"


@pytest.fixture
def demo_world(db: None) -> dict[str, str]:
    """The demo world with a catalog history and a staff member with two-factor sign-in; the demo users'
    passwords."""
    passwords = load_demo().passwords
    add_catalog_history()
    add_two_factor("jxsw_approver")
    # A group with some permissions, which its page lists by name.
    group = Group.objects.create(name="政务公开工作人员")
    group.permissions.set(Permission.objects.filter(content_type__app_label="catalog")[:6])
    # A mistyped password: the admin's sign-in failure records.
    Client(**BROWSER).post("/accounts/login/", {"username": "jxsw_clerk", "password": "?"})
    return passwords


def page_key(path: str) -> tuple[str, bool] | None:
    """Which route a link is (None: not a page of the site to read), and whether it has a query."""
    parts = urlsplit(path)
    try:
        route = resolve(parts.path).route
    except Resolver404:
        return None
    return route, bool(parts.query)


def is_page_link(base: str, href: str) -> str | None:
    """The site path of a link worth following: same site, not a download (a file name in the path)
    nor the API (for programmers, in English by design)."""
    if href.startswith(("mailto:", "tel:", "javascript:", "#")):
        return None
    url = urlsplit(urljoin(base, href))
    if url.scheme not in ("", "http") or url.netloc not in ("", "testserver"):
        return None
    last = url.path.rstrip("/").rsplit("/", 1)[-1]
    if "." in last or url.path.startswith("/api/"):
        return None
    return url.path + (f"?{url.query}" if url.query else "")


def crawl(client: Client, starts: list[str], language: str) -> Iterator[tuple[str, Page]]:
    """The HTML pages reachable from ``starts`` by links, breadth first, bounded per route and in all."""
    queue, seen = deque(starts), set(starts)
    per_key: Counter[tuple[str, bool]] = Counter()
    fetched = 0
    while queue and fetched < PAGES_PER_ROLE:
        path = queue.popleft()
        key = page_key(path)
        if key is None:
            continue
        per_key[key] += 1
        if per_key[key] > (VARIANTS_PER_ROUTE if key[1] else PAGES_PER_ROUTE):
            continue
        response = client.get(path, headers={"accept-language": language})
        fetched += 1
        if not response.get("Content-Type", "").startswith("text/html"):
            continue
        page = read_page(response.content.decode())
        yield path, page
        for href in page.links:
            link = is_page_link(path, href)
            if link is not None and link not in seen:
                seen.add(link)
                queue.append(link)


def role_client(role: str, language: str, passwords: dict[str, str]) -> tuple[Client, list[str]]:
    """A browser (its user agent is in the admin's sign-in records) signed in as ``role`` through the
    sign-in form (the admin lists the sign-ins), and the pages it starts from."""
    client = Client(**BROWSER)
    client.cookies["django_language"] = language
    username = ROLES[role]
    if username is not None:
        fields = {"username": username, "password": passwords[username]}
        device = TOTPDevice.objects.filter(user__username=username, confirmed=True).first()
        if device is not None:
            # A code is good once; the test runs within one 30-second step: forget the one last used.
            TOTPDevice.objects.filter(pk=device.pk).update(last_t=-1)
            device.refresh_from_db()
            fields["otp_token"] = current_code(device)
        response = client.post("/accounts/login/", fields)
        assert response.status_code == 302, f"{username} cannot sign in"
    starts = list(STARTS)
    if role == "applicant":
        starts = [
            f"/track/{code}/{secret}/"
            for code, secret in Application.objects.values_list("tracking_code", "access_secret")
        ]
    return client, starts


def test_no_chinese_page_shows_an_identifier_a_repr_or_untranslated_english(
    demo_world: dict[str, str],
) -> None:
    checker = Checker(
        english_vocabulary(english_sources()),
        people=get_user_model().objects.values_list("username", flat=True),
    )
    problems = Problems()
    pages = 0
    for role in ROLES:
        client, starts = role_client(role, "zh-hans", demo_world)
        for path, page in crawl(client, starts, "zh-hans"):
            pages += 1
            problems.add(checker.problems(page, "zh-hans"), f"{role} {path}")
    assert pages > 300, f"the crawl read only {pages} pages: links or start pages are broken"
    assert not problems, problems.report()


def test_the_english_interface_labels_its_controls_in_english(demo_world: dict[str, str]) -> None:
    checker = Checker(frozenset(), people=(), translations=chinese_translations())
    problems = Problems()
    # The locale middleware leaves the language of the last request active in this thread; the tests
    # that run next in it expect the default.
    with translation.override(translation.get_language()):
        for role in ("anonymous", "clerk", "oversight"):
            client, starts = role_client(role, "en", demo_world)
            for path, page in crawl(client, starts, "en"):
                problems.add(checker.problems(page, "en"), f"{role} {path}")
    assert not problems, problems.report()


def test_every_field_the_admin_shows_is_named_in_chinese() -> None:
    """The admin names a field by its verbose name, which Django otherwise makes from the field's name
    (``created_by`` → “created by”): every field of gongkai's models the admin lists or edits, in the
    registered models and their inlines, has one of its own, translated."""
    unnamed = []
    with translation.override("zh-hans"):
        for model, model_admin in admin.site._registry.items():
            if not model.__module__.startswith("gongkai."):
                continue
            shown = [(model, model_admin)] + [(inline.model, inline) for inline in model_admin.inlines]
            for shown_model, options in shown:
                names = {*getattr(options, "readonly_fields", ()), *getattr(options, "list_display", ())}
                for model_field in shown_model._meta.concrete_fields:
                    if model_field.primary_key or not (model_field.editable or model_field.name in names):
                        continue
                    if not CJK.search(str(model_field.verbose_name)):
                        unnamed.append(
                            f"{shown_model.__name__}.{model_field.name}: {model_field.verbose_name}"
                        )
    assert not unnamed, "fields without a Chinese name:\n" + "\n".join(sorted(set(unnamed)))
