"""Issue 13, item 3, on a report's staff page: the narrative and a correction note, when refused or
invalid, come back with the text typed and the reason — not a redirect that drops them."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client
from django.utils import timezone

from gongkai.reports import actions
from gongkai.reports.models import Report
from gongkai.testing import Cast, one, page_of
from gongkai.workdays.seed import seed_from_chinesecalendar

from .helpers import ready_to_publish

pytestmark = pytest.mark.django_db


@pytest.fixture
def draft(cast: Cast) -> Report:
    seed_from_chinesecalendar()
    return actions.do_build_report(cast.clerk, cast.agency, 2021)


def publish(cast: Cast, record: Report) -> None:
    now = timezone.now()
    actions.do_publish_report(
        cast.approver, ready_to_publish(cast.clerk, cast.approver, record, now), now=now
    )


def signed_in(user: Any) -> Client:
    client = Client()
    client.force_login(user)
    return client


def test_a_narrative_refused_to_the_oversight_office_keeps_the_text(cast: Cast, draft: Report) -> None:
    response = signed_in(cast.oversight).post(
        f"/workspace/reports/{draft.pk}/narrative/",
        {"overview": "监督人员写下的总体情况", "problems": "", "other": ""},
    )
    assert response.status_code == 403
    page = page_of(response)
    assert "监督人员写下的总体情况" in one(page, "textarea[name=overview]").get_text()
    assert "经办人" in one(page, "ul.messages").get_text()
    draft.refresh_from_db()
    assert "监督人员" not in draft.overview


def test_a_narrative_sent_after_publication_keeps_the_text_and_says_why(cast: Cast, draft: Report) -> None:
    client = signed_in(cast.clerk)
    publish(cast, draft)  # while the clerk was writing
    response = client.post(
        f"/workspace/reports/{draft.pk}/narrative/", {"overview": "补写的一段话", "problems": "", "other": ""}
    )
    assert response.status_code == 400
    page = page_of(response)
    assert "补写的一段话" in one(page, "textarea[name=overview]").get_text()
    assert "更正" in one(page, "ul.messages").get_text()


def test_a_correction_without_its_note_is_the_page_again_with_the_message(cast: Cast, draft: Report) -> None:
    publish(cast, draft)
    response = signed_in(cast.clerk).post(f"/workspace/reports/{draft.pk}/correct/", {"note": " "})
    assert response.status_code == 400
    assert one(page_of(response), "form[action$='/correct/'] .errorlist")
    assert Report.objects.count() == 1
