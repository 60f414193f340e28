"""The UI tour: every page type of the portal and the workspace, seen in a real browser on a desktop
(1366 px) and a phone (390 px), in both interface languages.

The demo world is loaded once; one walk visits each page as the user who reaches it, saves a full-page
screenshot of each width to ``var/screenshots/<width>/<page>.png`` (the folder is printed at the end of
the test report, to look at), and records what the tests below then check page by page: no horizontal
scrolling on the phone, no serious or critical axe-core violation, no untranslated or programmer's word
in either language, no request to any host but the site, and a portal page's weight.
"""

from __future__ import annotations

import gzip
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from importlib import import_module
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import pytest
from django.apps import apps as django_apps
from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.test import override_settings
from django.utils import translation

from gongkai.agencies.demo import load_demo
from gongkai.agencies.models import Agency
from gongkai.applications.models import Application, DecisionDraft, Status
from gongkai.catalog.models import Document
from gongkai.inquiries.models import Inquiry
from gongkai.oversight.models import AuditJob
from gongkai.reports.models import Report
from gongkai.reviews.models import Review
from gongkai.testing import PASSWORD, sign_in_page
from visible_words import Checker, chinese_translations, english_sources, english_vocabulary, read_page

pytestmark = pytest.mark.browser

SCREENSHOTS = Path(__file__).resolve().parent.parent / "var" / "screenshots"
WIDTHS = {"desktop": (1366, 900), "phone": (390, 844)}
LANGUAGES = ("zh-hans", "en")
# Gzipped bytes a portal page may cost a citizen on a phone plan, everything it loads included.
PORTAL_BUDGET = 150 * 1024
AGENCY = "秀洲区经济信息商务局"  # the demo agency with a bit of everything


@dataclass(frozen=True)
class Stop:
    name: str
    path: str
    role: str  # "anonymous", or a demo username


@dataclass
class Seen:
    overflow: dict[str, int] = field(default_factory=dict)  # width → how far the page scrolls sideways
    axe: list[str] = field(default_factory=list)
    words: list[str] = field(default_factory=list)
    foreign_requests: list[str] = field(default_factory=list)
    gzipped_bytes: int = 0
    status: int = 0


def stops() -> list[Stop]:
    """The pages of the tour, one of each type, addressed in the demo world."""
    agency = Agency.objects.get(name=AGENCY)
    document = Document.objects.filter(agency=agency, status=Document.Status.PUBLISHED).order_by("pk").first()
    published = Report.objects.filter(status=Report.Status.PUBLISHED).order_by("pk").first()
    editable = Report.objects.filter(agency=agency).order_by("-pk").first()
    application = Application.objects.filter(agency=agency).order_by("pk").first()
    review = Review.objects.order_by("pk").first()
    audit = AuditJob.objects.order_by("pk").first()
    draft = (
        DecisionDraft.objects.filter(application__agency=agency, state=DecisionDraft.State.PENDING)
        .order_by("pk")
        .first()
    )
    inquiry = Inquiry.objects.filter(agency=agency).order_by("pk").first()
    answer = Inquiry.objects.filter(publication=Inquiry.Publication.PUBLISHED).order_by("pk").first()
    undecided = Application.objects.filter(agency=agency, status=Status.IN_PROGRESS).order_by("pk").first()
    assert document and published and editable and application and review and audit
    assert draft and inquiry and answer and undecided
    clerk, overseer = "jxsw_clerk", "xiuzhou_oversight"
    track = f"/track/{application.tracking_code}/"
    return [
        Stop("home", "/", "anonymous"),
        Stop("agency", f"/agencies/{agency.pk}/", "anonymous"),
        Stop("catalog", f"/agencies/{agency.pk}/catalog/", "anonymous"),
        Stop("document", f"/documents/{document.pk}/", "anonymous"),
        Stop("guide", f"/agencies/{agency.pk}/guide/", "anonymous"),
        Stop("search", "/search/?q=%E5%85%AC%E5%BC%80", "anonymous"),
        Stop("track_lookup", "/track/", "anonymous"),
        Stop("tracking", track, "anonymous"),
        Stop("apply", f"/agencies/{agency.pk}/apply/", "anonymous"),
        Stop("report_list", f"/agencies/{published.agency_id}/annual-reports/", "anonymous"),
        Stop("report", f"/reports/{published.pk}/", "anonymous"),
        Stop("open_data", "/open-data/", "anonymous"),
        Stop("sign_in", "/accounts/login/", "anonymous"),
        Stop("not_found", "/no-such-page/", "anonymous"),
        Stop("method_not_allowed", "/accounts/logout/", "anonymous"),
        Stop("workspace", "/workspace/", clerk),
        Stop("workspace_agency", f"/workspace/agencies/{agency.pk}/", clerk),
        Stop("queue", f"/workspace/agencies/{agency.pk}/applications/", clerk),
        Stop("case", f"/workspace/applications/{application.pk}/", clerk),
        Stop("reminders", "/workspace/reminders/", clerk),
        Stop("documents", f"/workspace/agencies/{agency.pk}/documents/", clerk),
        Stop("document_new", f"/workspace/agencies/{agency.pk}/documents/new/", clerk),
        Stop("document_edit", f"/workspace/documents/{document.pk}/", clerk),
        Stop("guide_edit", f"/workspace/agencies/{agency.pk}/guide/", "jxsw_admin"),
        Stop("reports", f"/workspace/agencies/{agency.pk}/reports/", clerk),
        Stop("report_editor", f"/workspace/reports/{editable.pk}/", clerk),
        Stop("review_ledger", f"/workspace/agencies/{review.agency_id}/reviews/", clerk),
        Stop("review", f"/workspace/reviews/{review.pk}/", clerk),
        Stop("two_factor", "/accounts/two-factor/", clerk),
        Stop("dashboard", "/oversight/", overseer),
        Stop("summary", "/oversight/summary/", overseer),
        Stop("trends", f"/open-data/trends/{published.agency_id}/", "anonymous"),
        Stop("audits", "/oversight/audits/", overseer),
        Stop("audit_job", f"/oversight/audits/{audit.pk}/", overseer),
        Stop("policies", f"/agencies/{agency.pk}/policies/", "anonymous"),
        Stop("inquiries", "/inquiries/", "anonymous"),
        Stop("inquiry_answer", f"/inquiries/{answer.pk}/", "anonymous"),
        Stop("inquiry_ask", f"/inquiries/ask/?agency={agency.pk}", "anonymous"),
        Stop("inquiry_track_lookup", "/inquiries/track/", "anonymous"),
        Stop("inquiry_tracking", f"/inquiries/track/{inquiry.tracking_code}/", "anonymous"),
        Stop("inquiry_queue", f"/workspace/agencies/{agency.pk}/inquiries/", clerk),
        Stop("inquiry", f"/workspace/inquiries/{inquiry.pk}/", clerk),
        Stop("my_queue", "/workspace/applications/", clerk),
        Stop("step", f"/workspace/applications/{undecided.pk}/supplement/", clerk),
        Stop("draft_form", f"/workspace/applications/{undecided.pk}/drafts/new/", clerk),
        Stop("drafts", "/workspace/drafts/", "jxsw_approver"),
        Stop(
            "draft_review",
            f"/workspace/applications/{draft.application_id}/drafts/{draft.pk}/",
            "jxsw_approver",
        ),
        Stop("report_diff", f"/workspace/reports/{editable.pk}/diff/", clerk),
        Stop("publish", f"/workspace/reports/{editable.pk}/publish/", "jxsw_approver"),
    ]


RESOURCES = """() => [performance.getEntriesByType("navigation")[0].name,
    ...performance.getEntriesByType("resource").map((entry) => entry.name)]"""


def weight(page: Any) -> int:
    """What the page just loaded costs gzipped (as a gzipping server sends it), fetched again with the
    browser's cookies."""
    total = 0
    for url in page.evaluate(RESOURCES):
        total += len(gzip.compress(page.context.request.get(url).body(), compresslevel=6))
    return total


def look_up(page: Any, base: str, code: str, check: str) -> None:
    """The applicant's way back to the tracking page: the look-up form."""
    page.goto(f"{base}/track/")
    page.fill("#id_code", code)
    page.fill("#id_check", check)
    with page.expect_navigation():
        page.click("main form button[type=submit]")


def walk(base: str, browser: Any, serious_violations: Callable[[Any], list[str]]) -> dict[str, Seen]:
    checkers = {
        "zh-hans": Checker(
            english_vocabulary(english_sources()),
            people=get_user_model().objects.values_list("username", flat=True),
        ),
        "en": Checker(frozenset(), people=(), translations=chinese_translations()),
    }
    host = urlsplit(base).netloc
    application = Application.objects.filter(agency__name=AGENCY).order_by("pk").first()
    assert application is not None
    results: dict[str, Seen] = {}
    pages: dict[tuple[str, str], Any] = {}
    current = [""]

    def on_request(request: Any) -> None:
        if urlsplit(request.url).netloc not in (host, ""):
            results[current[0]].foreign_requests.append(request.url)

    for stop in stops():
        seen = results[stop.name] = Seen()
        current[0] = stop.name
        for language in LANGUAGES:
            key = (stop.role, language)
            if key not in pages:
                context = browser.new_context(locale="zh-CN", bypass_csp=True)
                context.add_cookies([{"name": "django_language", "value": language, "url": base}])
                page = pages[key] = context.new_page()
                page.set_default_timeout(20000)
                page.on("request", on_request)
                if stop.role != "anonymous":
                    sign_in_page(page, base, stop.role)
            page = pages[key]
            if language == "zh-hans":
                for width, (x, y) in WIDTHS.items():
                    page.set_viewport_size({"width": x, "height": y})
                    if stop.name == "tracking":
                        look_up(page, base, application.tracking_code, application.phone[-4:])
                    response = page.goto(base + stop.path)
                    seen.status = response.status if response else 0
                    if width == "desktop":
                        seen.gzipped_bytes = weight(page)
                        seen.axe = serious_violations(page)
                        page.goto(base + stop.path)  # axe's script is not part of the page
                    seen.overflow[width] = page.evaluate(
                        "document.scrollingElement.scrollWidth - window.innerWidth"
                    )
                    folder = SCREENSHOTS / width
                    folder.mkdir(parents=True, exist_ok=True)
                    page.screenshot(path=str(folder / f"{stop.name}.png"), full_page=True)
            else:
                if stop.name == "tracking":
                    look_up(page, base, application.tracking_code, application.phone[-4:])
                page.goto(base + stop.path)
            problems = checkers[language].problems(read_page(page.content()), language)
            seen.words += [f"{language}: {problem}" for problem in problems]
    for page in pages.values():
        page.context.close()
    return results


@pytest.fixture(scope="module")
def tour(
    django_db_setup: None,
    django_db_blocker: Any,
    live_server: Any,
    browser: Any,
    serious_violations: Callable[[Any], list[str]],
    tmp_path_factory: Any,
) -> Iterator[dict[str, Seen]]:
    with (
        django_db_blocker.unblock(),
        override_settings(
            MEDIA_ROOT=tmp_path_factory.mktemp("media"),
            PASSWORD_HASHERS=["django.contrib.auth.hashers.MD5PasswordHasher"],
        ),
        translation.override(settings.LANGUAGE_CODE),  # the demo's records are written in the site's language
    ):
        try:
            # A transactional test before this module flushes the vocabularies a migration wrote: put them back.
            vocabularies = import_module("gongkai.catalog.migrations.0002_search_index_and_vocabularies")
            vocabularies.add_vocabularies(django_apps, None)
            load_demo()
            for user in get_user_model().objects.all():
                user.set_password(PASSWORD)
                user.save(update_fields=["password"])
            yield walk(live_server.url, browser, serious_violations)
        finally:
            call_command("flush", interactive=False, verbosity=0)


NAMES = [
    "home", "agency", "catalog", "document", "guide", "search", "track_lookup", "tracking", "apply",
    "report_list", "report", "open_data", "sign_in", "not_found", "method_not_allowed", "workspace",
    "workspace_agency", "queue", "case", "reminders", "documents", "document_new", "document_edit",
    "guide_edit", "reports", "report_editor", "review_ledger", "review", "two_factor", "dashboard",
    "summary", "trends", "audits", "audit_job", "policies", "inquiries", "inquiry_answer", "inquiry_ask",
    "inquiry_track_lookup", "inquiry_tracking", "inquiry_queue", "inquiry", "my_queue", "step", "draft_form",
    "drafts", "draft_review", "report_diff", "publish",
]  # fmt: skip
PORTAL = {
    "home", "agency", "catalog", "document", "guide", "search", "track_lookup", "tracking", "apply",
    "report_list", "report", "open_data", "sign_in", "not_found", "method_not_allowed", "trends",
    "policies", "inquiries", "inquiry_answer", "inquiry_ask", "inquiry_track_lookup", "inquiry_tracking",
}  # fmt: skip


def test_the_tour_visits_every_page_type(tour: dict[str, Seen]) -> None:
    assert sorted(tour) == sorted(NAMES)
    wrong = {name: seen.status for name, seen in tour.items() if seen.status != 200}
    assert wrong == {"not_found": 404, "method_not_allowed": 405}


@pytest.mark.parametrize("name", NAMES)
def test_no_page_is_wider_than_a_phone(tour: dict[str, Seen], name: str) -> None:
    assert tour[name].overflow["phone"] <= 0, f"{name} scrolls {tour[name].overflow['phone']} px sideways"
    assert tour[name].overflow["desktop"] <= 0


@pytest.mark.parametrize("name", NAMES)
def test_no_page_has_a_serious_accessibility_violation(tour: dict[str, Seen], name: str) -> None:
    assert tour[name].axe == []


@pytest.mark.parametrize("name", NAMES)
def test_every_page_speaks_the_interface_language(tour: dict[str, Seen], name: str) -> None:
    assert tour[name].words == []


@pytest.mark.parametrize("name", NAMES)
def test_no_page_asks_another_host(tour: dict[str, Seen], name: str) -> None:
    assert tour[name].foreign_requests == []


@pytest.mark.parametrize("name", sorted(PORTAL))
def test_a_portal_page_weighs_at_most_150_kb_gzipped(tour: dict[str, Seen], name: str) -> None:
    assert 0 < tour[name].gzipped_bytes <= PORTAL_BUDGET, f"{name}: {tour[name].gzipped_bytes} bytes"
