"""The demo that ``make run`` loads (``gongkai demo``): each app adds its part through ``DEMO_STEPS``. Loading
it is slow (letters rendered as PDF, a report built, a batch audit run), so it is loaded once for the module
and every test reads it inside its own rolled-back transaction."""

from __future__ import annotations

import shutil
import tempfile
from io import StringIO
from pathlib import Path
from typing import Any

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.test import Client, TestCase, override_settings

from gongkai.agencies.demo import USERS, load_demo
from gongkai.agencies.models import Agency, Membership
from gongkai.applications.models import Application, DecisionDraft, Notification
from gongkai.catalog.models import Document
from gongkai.catalog.search import SearchFilters, backend
from gongkai.catalog.tests.helpers import TODAY
from gongkai.oversight.models import AuditJob
from gongkai.reports.models import Report
from gongkai.sample_reports import data_files

# One load for the class: its tests stay on one xdist worker (scripts/test.sh runs --dist loadgroup).
pytestmark = pytest.mark.xdist_group("demo")


class TheDemo(TestCase):
    result: Any

    @classmethod
    def setUpClass(cls) -> None:
        # What the autouse fixtures do per test (gongkai/fixtures.py), for the class-wide load: files under a
        # folder of our own, and the fast password hasher.
        media = Path(tempfile.mkdtemp(prefix="gongkai-demo-media-"))
        cls.addClassCleanup(shutil.rmtree, media, ignore_errors=True)
        cls.enterClassContext(
            override_settings(
                MEDIA_ROOT=media, PASSWORD_HASHERS=["django.contrib.auth.hashers.MD5PasswordHasher"]
            )
        )
        super().setUpClass()

    @classmethod
    def setUpTestData(cls) -> None:
        cls.result = load_demo()

    def test_the_xiuzhou_tree_has_a_dozen_departments(self) -> None:
        agency = Agency.objects.get(name="秀洲区经济信息商务局")
        assert [a.short_name for a in agency.ancestors()] == ["浙江省", "嘉兴市", "秀洲区"]
        assert agency.parent is not None
        assert agency.parent.children.count() >= 13

    def test_there_is_one_user_per_role_with_the_password_printed(self) -> None:
        roles = set(Membership.objects.values_list("role", flat=True))
        assert roles == set(Membership.Role.values)
        assert set(self.result.passwords) == {"admin"} | {username for username, *_ in USERS}
        user = get_user_model().objects.get(username="jxsw_clerk")
        assert user.check_password(self.result.passwords["jxsw_clerk"])

    def test_the_catalog_holds_the_2019_documents_of_the_report_and_is_searchable(self) -> None:
        agency = Agency.objects.get(name="秀洲区经济信息商务局")
        published_2019 = Document.objects.public().for_agency(agency).published_in(2019)
        by_genre = {
            code: published_2019.filter(genre__code=code).count() for code in ("policy", "notice", "news")
        }
        assert by_genre == {"policy": 10, "notice": 16, "news": 57}
        assert backend().search("补贴", SearchFilters(), offset=0, limit=5, today=TODAY).total > 0

    def test_the_demo_documents_read_differently_and_search_shows_different_snippets(self) -> None:
        from gongkai.catalog.queries import search_documents

        public = Document.objects.public()
        bodies = list(public.values_list("body_text", flat=True))
        assert len(bodies) > 80 and len(set(bodies)) == len(bodies)  # pairwise distinct
        titles = list(public.values_list("title", flat=True))
        assert len(set(titles)) == len(titles)
        assert public.values("topic").distinct().count() >= 6  # the topic facet has spread
        assert public.values("genre").distinct().count() >= 5
        for words in ("补助", "公示", "联系电话"):
            found = search_documents(words, SearchFilters(), 1, TODAY)
            snippets = [str(result.excerpt) for result in found.results]
            assert len(snippets) >= 5 and len(set(snippets)) == len(snippets), words

    def test_the_public_services_show_interpretations_and_inquiries_in_every_state(self) -> None:
        from django.utils import timezone

        from gongkai.inquiries.models import Inquiry
        from gongkai.inquiries.queries import search_published

        agency = Agency.objects.get(name="秀洲区经济信息商务局")
        kinds = set(
            Document.objects.public()
            .for_agency(agency)
            .interpretations()
            .values_list("interpretation_kind", flat=True)
        )
        assert kinds == {"text", "graphic", "video"}
        assert Document.objects.for_agency(agency).lacking_interpretation().exists()
        inquiries = Inquiry.objects.for_agency(agency)
        assert inquiries.published().count() == 3 and inquiries.awaiting_moderation().count() == 1
        assert inquiries.open().count() == 2 and inquiries.overdue(timezone.localdate()).exists()
        assert search_published("出口信用保险").exists()

    def test_last_years_report_is_published_on_time_and_this_years_drafted(self) -> None:
        agency = Agency.objects.get(name="秀洲区经济信息商务局")
        published = Report.objects.for_agency(agency).published().get()
        assert published.published_at is not None and published.published_at.month == 1
        assert not [f for f in published.annual_report().findings if f.severity == "error"]
        assert Report.objects.for_agency(agency).filter(status=Report.Status.DRAFT).count() == 1
        assert Report.objects.filter(agency=agency.parent, source=Report.Source.ROLLUP).exists()
        page = Client().get(f"/reports/{published.pk}/").content.decode()
        assert "政府信息公开工作年度报告" in page and "<table" in page

    def test_a_draft_waits_for_approval_after_one_was_returned_and_applicants_are_messaged(self) -> None:
        drafts = DecisionDraft.objects.filter(application__agency__name="秀洲区经济信息商务局")
        assert list(drafts.values_list("version", "state")) == [(1, "returned"), (2, "pending")]
        assert drafts.get(version=1).comment
        # Queued with each step; a real load sends them as each step commits (this test never commits).
        assert (
            Notification.objects.filter(
                channel="email", application__agency__name="秀洲区经济信息商务局"
            ).count()
            > 10
        )

    def test_the_oversight_office_has_audited_the_sample_reports(self) -> None:
        job = AuditJob.objects.get()
        assert (job.status, job.scope.name if job.scope else None) == ("done", "嘉兴市秀洲区人民政府")
        reports = [path for path in data_files() if path.suffix != ".json" and path.name != "README.md"]
        assert job.checked == job.total == len(reports)
        assert any("/oversight/audits/" in note for note in self.result.notes)

    def test_loading_it_again_changes_nothing_and_prints_no_password(self) -> None:
        def counts() -> tuple[int, ...]:
            models: list[Any] = [
                Agency,
                Membership,
                get_user_model(),
                Document,
                Application,
                Report,
                AuditJob,
            ]
            return tuple(model.objects.count() for model in models)

        before = counts()
        out = StringIO()
        call_command("demo", stdout=out)
        assert counts() == before
        assert "jxsw_clerk" not in out.getvalue()
        assert "演示用户已存在，密码未变" in out.getvalue()
