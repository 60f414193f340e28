"""Saving an edit form unchanged changes nothing — for every edit form of the site, in both languages.

Issue 13: a published document's 成文日期 was rendered into its date picker as ``2019/11/30`` (the Chinese
locale's date format), which the picker shows — and sends — as empty, so that saving the document
unchanged erased its date. The class of that defect: a value does not survive the round trip through the
page. So each edit form is loaded for fully filled-in records, read as a browser reads it
(``browser_forms``), sent back untouched, and every row of the database must be as it was.

Which forms are edit forms is not left to memory: every page of the permission table (docs/permissions.md)
is opened as the superuser, and every form on it that shows stored values must be listed below, either
as an edit form (and is then round-tripped) or as a form that acts (with the reason it is not an edit).
"""

from __future__ import annotations

import datetime
import importlib
import pkgutil
import re
from decimal import Decimal
from typing import Any
from urllib.parse import urlsplit

import pytest
from django import forms
from django.apps import apps
from django.conf import settings
from django.contrib import admin
from django.contrib.auth.models import Group
from django.db import models
from django.test import Client
from django.urls import resolve
from django.utils import translation
from django_otp.plugins.otp_static.models import StaticDevice
from django_otp.plugins.otp_totp.models import TOTPDevice

import gongkai
from browser_forms import Form, read_forms
from gongkai.agencies.actions import do_update_agency_details
from gongkai.catalog import actions as catalog_actions
from gongkai.catalog.models import Article20Item, Document, Genre, Topic
from gongkai.reports.actions import do_edit_narrative
from gongkai.reports.models import Report
from gongkai.reviews.actions import do_record_review_outcome
from gongkai.reviews.models import Review
from gongkai.testing import Cast
from route_world import World, make_world
from test_route_access import ROWS

pytestmark = pytest.mark.django_db

LANGUAGES = [code for code, _name in settings.LANGUAGES]

# Edit forms: (the page, where its form is sent) → who edits there. Each is sent back unchanged.
EDIT_FORMS: dict[tuple[str, str], list[str]] = {
    ("/workspace/documents/{document}/", "/workspace/documents/{document}/"): ["approver", "superuser"],
    ("/workspace/documents/{draft_document}/", "/workspace/documents/{draft_document}/"): ["clerk"],
    ("/workspace/agencies/{agency}/guide/", "/workspace/agencies/{agency}/guide/"): ["agency_admin"],
    ("/workspace/agencies/{agency}/", "/workspace/agencies/{agency}/"): ["agency_admin"],
    ("/workspace/reports/{draft_report}/", "/workspace/reports/{draft_report}/narrative/"): ["clerk"],
    ("/admin/agencies/agency/{agency}/change/", "/admin/agencies/agency/{agency}/change/"): [
        "agency_admin",
        "superuser",
    ],
}
# The admin's change pages are edit forms too: every registered model's, for a record of the world.
# Models of which the world has no record, and why none is made for this test.
ADMIN_WITHOUT_RECORDS = {
    "axes.AccessAttempt": "written by django-axes on failed sign-ins; its admin only shows them",
    "axes.AccessFailureLog": "written by django-axes on failed sign-ins; its admin only shows them",
    "django_tasks_database.DBTaskResult": "written by the task queue; its admin only shows them",
}
# Forms that show values but act rather than edit, by the route they are sent to: sending one unchanged
# is meant to do something.
ACTING_FORMS: dict[str, str] = {
    "i18n/setlang/": "switches the language of the session (on every page)",
    "workspace/applications/<int:pk>/<str:verb>/": "records a step of the application, dated today",
    "workspace/applications/<int:pk>/drafts/<int:draft_pk>/approve/": "approves the decision draft, dated today",
    "workspace/applications/bulk/": "records one step (dated today) on the applications selected in a queue",
    "workspace/difficulties/<int:pk>/assign/": "assigns the difficulty case, its due date counted from today",
    "workspace/agencies/<int:agency_pk>/reports/": "builds a report of the year it shows",
    "workspace/agencies/<int:pk>/documents/new/": "creates a draft (its disclosure mode preset)",
}
# What may change without anything having changed: the sessions (sign-in, messages), the admin's own
# journal (it notes every save, "no fields changed" included) and the moments of saving (``auto_now``).
IGNORED_MODELS = {"sessions.Session", "admin.LogEntry"}


def snapshot() -> dict[str, list[tuple[Any, ...]]]:
    """Every row of every table, without the columns that only record when a row was saved."""
    state = {}
    for model in apps.get_models():
        if model._meta.label in IGNORED_MODELS or not model._meta.managed:
            continue
        columns = [
            field.attname
            for field in model._meta.concrete_fields
            if not (isinstance(field, models.DateField) and (field.auto_now or field.auto_now_add))
        ]
        state[model._meta.label] = list(model._default_manager.order_by("pk").values_list(*columns))
    return state


def changed(before: dict[str, list[tuple[Any, ...]]], after: dict[str, list[tuple[Any, ...]]]) -> list[str]:
    found = []
    for label, rows in before.items():
        if rows != after[label]:
            gone = [row for row in rows if row not in after[label]]
            new = [row for row in after[label] if row not in rows]
            found.append(f"{label}: {gone} → {new}")
    return found


def fill_in(world: World, cast: Cast) -> None:
    """Every field the edit forms show, filled in: a document with all its details (a date, a topic, a
    genre, an interpreted document, a body over several lines), a guide and a narrative over several
    lines (as the report builder writes them: LF), the agency's short name and website."""
    published = Document.objects.get(pk=world.values["document"])
    draft = Document.objects.get(pk=world.values["draft_document"])
    policy = Document.objects.public().exclude(pk=published.pk).first() or _publish(cast, "补助办法")
    topic, genre = Topic.objects.order_by("code").last(), Genre.objects.order_by("code").last()
    assert topic is not None and genre is not None
    for document, actor in ((published, cast.approver), (draft, cast.clerk)):
        catalog_actions.do_update_document(
            actor,
            document,
            title=document.title,
            document_number="秀经信商〔2019〕12号",
            written_on=datetime.date(2019, 11, 30),
            topic=topic,
            genre=genre,
            disclosure_mode=Document.DisclosureMode.PROACTIVE,
            article20_item=Article20Item.NORMATIVE_DOCUMENTS,
            interprets=policy,
            body="<p>第一条 为了规范补助资金管理。</p>\n<p>第二条 本办法自发布之日起施行。</p>",
        )
    catalog_actions.do_update_guide(
        cast.agency_admin, cast.agency, "<h2>一、公开指南</h2>\n<p>本机关依法主动公开政府信息。</p>"
    )
    do_update_agency_details(
        cast.agency_admin, cast.agency, short_name="秀洲经信商务局", website="https://xz.example.gov.cn/"
    )
    catalog_actions.do_set_decision_counts(
        cast.approver, cast.agency, 2021, licensing_items=12, licensing_decisions=340,
        fee_amount_10k_yuan=Decimal("0.0120"), procurement_amount="1.2亿元",
    )  # fmt: skip
    # A corrected decision: the application reopens and the report keeps what it counted.
    review = Review.objects.get(pk=world.values["review"])
    do_record_review_outcome(cast.clerk, review, outcome="corrected", decided_on=review.filed_on, note="纠正")
    Group.objects.create(name="档案室")
    TOTPDevice.objects.create(user=cast.approver, name="手机", confirmed=True)
    StaticDevice.objects.create(user=cast.approver, name="备用码", confirmed=True)
    report = Report.objects.get(pk=world.values["draft_report"])
    do_edit_narrative(
        cast.clerk,
        report,
        overview="本年度，本机关认真贯彻落实《条例》。\n主动公开政府信息 12 条。",
        problems="一是公开内容不够全面。\n二是解读形式单一。",
        other="无。",
    )


def _publish(cast: Cast, title: str) -> Document:
    document = catalog_actions.do_create_document(cast.clerk, cast.agency, title=title, body="<p>正文</p>")
    catalog_actions.do_submit_document(cast.clerk, document)
    day = datetime.date(2019, 12, 2)
    catalog_actions.do_record_secrecy_review(cast.secrecy_reviewer, document, cleared=True, on=day)
    return catalog_actions.do_publish_document(cast.approver, document, day)


@pytest.fixture
def world(cast: Cast) -> World:
    world = make_world(cast)
    fill_in(world, cast)
    return world


def client_for(world: World, role: str, language: str) -> Client:
    client = world.client(role)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = language
    return client


def form_sent_to(forms: list[Form], action: str) -> Form:
    matching = [form for form in forms if form.action == action and form.method == "post"]
    assert len(matching) == 1, f"{len(matching)} forms are sent to {action}"
    return matching[0]


def route(path: str) -> str:
    return resolve(urlsplit(path).path).route


@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize(
    ("page", "action", "role"), [(p, a, r) for (p, a), roles in EDIT_FORMS.items() for r in roles]
)
def test_an_edit_form_saved_unchanged_changes_nothing(
    world: World, language: str, page: str, action: str, role: str
) -> None:
    client = client_for(world, role, language)
    response = client.get(world.path(page, role))
    assert response.status_code == 200
    form = form_sent_to(read_forms(response.content, world.path(page, role)), world.path(action, role))
    before = snapshot()
    sent = client.post(form.action, form.fields)
    assert sent.status_code == 302, f"not saved ({sent.status_code}): {form.fields}"
    assert changed(before, snapshot()) == []


@pytest.mark.parametrize("language", LANGUAGES)
def test_every_admin_change_page_saved_unchanged_changes_nothing(world: World, language: str) -> None:
    client = client_for(world, "superuser", language)
    changes, missing = [], []
    for model in admin.site._registry:
        label = model._meta.label
        record = model._default_manager.order_by("pk").first()
        if record is None:
            if label not in ADMIN_WITHOUT_RECORDS:
                missing.append(label)
            continue
        path = f"/admin/{model._meta.app_label}/{model._meta.model_name}/{record.pk}/change/"
        page = client.get(path)
        assert page.status_code == 200, path
        form = form_sent_to(read_forms(page.content, path), path)
        if "_save" not in form.html:
            continue  # a page that only shows the record (its admin allows no change)
        before = snapshot()
        sent = client.post(path, form.fields)
        assert sent.status_code == 302, f"{label} not saved ({sent.status_code})"
        changes += changed(before, snapshot())
    assert missing == [], f"registered in the admin, no record in this test's world: {missing}"
    assert changes == []


def test_every_form_that_shows_stored_values_is_listed_as_an_edit_or_an_action(world: World) -> None:
    edits = {
        (route(world.path(page, "superuser")), route(world.path(action, "superuser")))
        for page, action in EDIT_FORMS
    }
    unlisted, seen = [], set()
    client = client_for(world, "superuser", "zh-hans")
    for row in ROWS:
        path = world.path(row.path, "superuser")
        if row.method != "GET" or path.startswith("/api/"):
            continue
        response = client.get(path)
        if response.status_code != 200 or "text/html" not in response.get("Content-Type", ""):
            continue
        for form in read_forms(response.content, path):
            if form.method != "post" or not form.shows_stored_values:
                continue
            pair = (route(path), route(form.action))
            seen.update([pair, pair[1]])
            if pair not in edits and pair[1] not in ACTING_FORMS:
                unlisted.append(f"{row.path} → {form.action}")
    assert unlisted == [], (
        "forms showing stored values, neither an edit form nor an acting form: " + ", ".join(unlisted)
    )
    stale = [str(entry) for entry in [*edits, *ACTING_FORMS] if entry not in seen]
    assert stale == [], "listed forms that no page shows: " + ", ".join(stale)


def test_the_edit_forms_cover_the_documents_every_date_and_detail(world: World) -> None:
    """The round trip means something only if the forms carry the filled-in values: the date is there
    as the date picker reads it, in both languages."""
    for language in LANGUAGES:
        client = client_for(world, "approver", language)
        path = world.path("/workspace/documents/{document}/", "approver")
        form = form_sent_to(read_forms(client.get(path).content, path), path)
        assert form.fields["written_on"] == ["2019-11-30"], language
        assert form.fields["document_number"] == ["秀经信商〔2019〕12号"]
        assert "\r\n" in form.fields["body"][0]  # the body's two lines, as a browser sends them


def all_form_classes() -> list[type[forms.BaseForm]]:
    """Every form class the site defines (its modules imported, tests and migrations aside)."""
    for module in pkgutil.walk_packages(gongkai.__path__, "gongkai."):
        if not re.search(r"\.(tests|migrations|wsgi)(\.|$)", module.name):
            importlib.import_module(module.name)
    found, todo = [], [forms.BaseForm]
    while todo:
        for subclass in todo.pop().__subclasses__():
            todo.append(subclass)
            if subclass.__module__.startswith("gongkai."):
                found.append(subclass)
    return found


@pytest.mark.parametrize("language", LANGUAGES)
def test_every_date_field_of_the_site_shows_its_date_as_the_date_picker_reads_it(language: str) -> None:
    classes = all_form_classes()
    dated = [
        (form_class, name, field)
        for form_class in classes
        for name, field in form_class.base_fields.items()
        if isinstance(field, forms.DateField)
    ]
    assert len(dated) >= 6, dated  # the document, repeal, review, outcome and application forms at least
    with translation.override(language):
        for form_class, name, field in dated:
            html = field.widget.render(name, datetime.date(2019, 11, 30))
            assert 'type="date"' in html and 'value="2019-11-30"' in html, (
                f"{form_class.__name__}.{name}: {html}"
            )
