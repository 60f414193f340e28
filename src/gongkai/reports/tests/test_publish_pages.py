"""The pages before publishing: the staff report page shows the checklist and leads to the confirmation
page (no direct publish button); the confirmation page shows the report exactly as the portal will, with
the checklist, and publishes only on an explicit confirmation of the draft as shown."""

from __future__ import annotations

import datetime
from typing import Any

import pytest
from django.test import Client
from django.utils import timezone

from gongkai.applications import actions as application_actions
from gongkai.applications.tests.helpers import register
from gongkai.reports import actions, checks
from gongkai.reports.models import Report
from gongkai.reports.render import render_html_fragment
from gongkai.reports.tests.helpers import write_problems
from gongkai.testing import PASSWORD, Cast
from gongkai.workdays.seed import seed_from_chinesecalendar

pytestmark = pytest.mark.django_db
D = datetime.date
DECEMBER_2 = D(2026, 12, 2)
REASON = "本机关于2026年11月启用本平台，2025年度报告现予补发。"


@pytest.fixture
def drafts(cast: Cast, settings: Any) -> tuple[Report, Report]:
    """The 2025 and 2026 drafts, on 2 December 2026."""
    settings.GONGKAI_REPORTS_TODAY = DECEMBER_2
    seed_from_chinesecalendar()
    for received, decided in ((D(2025, 3, 3), D(2025, 3, 13)), (D(2026, 3, 2), D(2026, 3, 12))):
        application = register(cast.clerk, cast.agency, received)
        application_actions.do_decide_application(cast.approver, application, outcome="granted", on=decided)
    return (
        actions.do_build_report(cast.clerk, cast.agency, 2025),
        actions.do_build_report(cast.clerk, cast.agency, 2026),
    )


def login(username: str) -> Client:
    client = Client()
    assert client.login(username=username, password=PASSWORD)
    return client


def test_the_staff_page_shows_what_blocks_and_leads_to_the_confirmation_page(
    cast: Cast, drafts: tuple[Report, Report]
) -> None:
    last_year, _ = drafts
    page = login("approver").get(f"/workspace/reports/{last_year.pk}/").content.decode()
    assert "发布前检查" in page and "截至2026-12-02：尚有3项不满足发布条件。" in page
    assert "仍有占位文字“（请填写存在的主要问题）”" in page
    assert "报告发布于2026-12-02，晚于2026-01-31的公布期限" in page
    assert f'href="/workspace/reports/{last_year.pk}/publish/"' in page
    assert f'action="/workspace/reports/{last_year.pk}/publish/"' not in page  # no direct publishing
    assert f'action="/workspace/reports/{last_year.pk}/acknowledge/"' in page
    clerk = login("clerk").get(f"/workspace/reports/{last_year.pk}/").content.decode()
    assert "发布前检查" in clerk and "/acknowledge/" not in clerk and "/publish/" not in clerk


def test_the_confirmation_page_shows_the_report_as_the_portal_will_and_publishes_on_confirmation(
    cast: Cast, drafts: tuple[Report, Report]
) -> None:
    last_year, _ = drafts
    write_problems(cast.clerk, last_year)
    last_year.refresh_from_db()
    approver = login("approver")
    url = f"/workspace/reports/{last_year.pk}/publish/"
    (warning,) = checks.checklist(last_year, DECEMBER_2).warnings
    acknowledged = approver.post(
        f"/workspace/reports/{last_year.pk}/acknowledge/",
        {"rule": warning.finding.rule, "cells": warning.cells, "reason": REASON, "back": "publish"},
    )
    assert acknowledged["Location"] == url
    page = approver.get(url)
    article = render_html_fragment(last_year.annual_report(), heading_level=1)
    assert article in page.content.decode()
    assert "截至2026-12-02：已满足全部发布条件。" in page.content.decode()
    assert REASON in page.content.decode()
    assert login("clerk").get(url).status_code == 403
    assert login("other_clerk").get(url).status_code == 404

    seen = page.context["form"]["seen"].value()
    unticked = approver.post(url, {"seen": seen})
    assert unticked.status_code == 400 and "请勾选以确认同意发布。" in unticked.content.decode()
    stale = approver.post(url, {"seen": "2026-12-01T00:00:00+00:00", "confirm": "on"})
    assert stale.status_code == 400 and "打开本页后草稿已有改动" in stale.content.decode()
    last_year.refresh_from_db()
    assert not last_year.is_published

    assert (
        approver.post(url, {"seen": seen, "confirm": "on"})["Location"]
        == f"/workspace/reports/{last_year.pk}/"
    )
    last_year.refresh_from_db()
    assert last_year.is_published and last_year.approved_by == cast.approver
    assert last_year.published_at is not None and timezone.localdate(last_year.published_at) == DECEMBER_2
    public = Client().get(f"/reports/{last_year.pk}/").content.decode()
    assert article in public and "2026-12-02" in public
    assert approver.get(url)["Location"] == f"/workspace/reports/{last_year.pk}/"  # nothing left to confirm


def test_the_current_year_cannot_be_published_on_the_second_of_december(
    cast: Cast, drafts: tuple[Report, Report]
) -> None:
    _, this_year = drafts
    write_problems(cast.clerk, this_year)
    this_year.refresh_from_db()
    approver = login("approver")
    url = f"/workspace/reports/{this_year.pk}/publish/"
    page = approver.get(url).content.decode()
    assert "2026年度尚未结束，该年度报告自2027-01-01起方可发布。" in page
    assert 'id="confirm-publication"' not in page
    forced = approver.post(url, {"seen": this_year.updated_at.isoformat(), "confirm": "on"})
    assert forced.status_code == 400
    assert "报告尚不能发布：2026年度尚未结束" in forced.content.decode()
    this_year.refresh_from_db()
    assert not this_year.is_published


def test_an_acknowledgement_needs_a_reason_and_the_approver(
    cast: Cast, drafts: tuple[Report, Report]
) -> None:
    last_year, _ = drafts
    (warning,) = checks.checklist(last_year, DECEMBER_2).warnings
    url = f"/workspace/reports/{last_year.pk}/acknowledge/"
    fields = {"rule": warning.finding.rule, "cells": warning.cells}
    assert login("clerk").post(url, {**fields, "reason": REASON}).status_code == 403
    approver = login("approver")
    approver.post(url, {**fields, "reason": ""})
    page = approver.get(f"/workspace/reports/{last_year.pk}/").content.decode()
    assert "请填写存在该警告仍予发布的理由。" in page
    assert not last_year.acknowledgements.exists()
