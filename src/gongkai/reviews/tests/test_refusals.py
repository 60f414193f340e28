"""Issue 13, item 3, in the reviews ledger: a refused filing or outcome comes back with what was typed
and the reason; the outcome form is offered only while the case awaits one, to who may record it."""

from __future__ import annotations

import datetime
from typing import Any

import pytest
from django.test import Client

from gongkai.applications import actions as application_actions
from gongkai.applications.models import Application
from gongkai.applications.tests.helpers import register
from gongkai.reviews import actions
from gongkai.reviews.models import Review, ReviewOutcome
from gongkai.testing import Cast, one, page_of
from gongkai.workdays.seed import seed_from_chinesecalendar

pytestmark = pytest.mark.django_db
D = datetime.date


@pytest.fixture(autouse=True)
def calendar(db: None) -> None:
    seed_from_chinesecalendar()


@pytest.fixture
def decided(cast: Cast) -> Application:
    application = register(cast.clerk, cast.agency, D(2021, 3, 1))
    application_actions.do_decide_application(
        cast.approver, application, outcome="denied_process_info", on=D(2021, 3, 15)
    )
    application.refresh_from_db()
    return application


@pytest.fixture
def review(cast: Cast, decided: Application) -> Review:
    return actions.do_file_review(
        cast.clerk, decided, kind="reconsideration", filed_on=D(2021, 4, 1), body="秀洲区人民政府"
    )


def signed_in(user: Any) -> Client:
    client = Client()
    client.force_login(user)
    return client


def test_an_outcome_refused_to_the_oversight_office_keeps_the_note(cast: Cast, review: Review) -> None:
    client = signed_in(cast.oversight)
    assert page_of(client.get(f"/workspace/reviews/{review.pk}/")).select("textarea[name=note]") == []
    response = client.post(
        f"/workspace/reviews/{review.pk}/",
        {"outcome": "upheld", "decided_on": "2021-05-10", "note": "复议机关维持原答复"},
    )
    assert response.status_code == 403
    page = page_of(response)
    assert one(page, "textarea[name=note]").get_text().strip() == "复议机关维持原答复"
    assert one(page, "input[name=decided_on]")["value"] == "2021-05-10"
    assert "经办人" in one(page, "ul.messages").get_text()
    review.refresh_from_db()
    assert review.outcome == ReviewOutcome.PENDING


def test_an_outcome_recorded_meanwhile_keeps_the_second_entry_on_the_page(cast: Cast, review: Review) -> None:
    client = signed_in(cast.clerk)
    actions.do_record_review_outcome(cast.approver, review, outcome="upheld", decided_on=D(2021, 5, 10))
    assert page_of(client.get(f"/workspace/reviews/{review.pk}/")).select("select[name=outcome]") == []
    response = client.post(
        f"/workspace/reviews/{review.pk}/",
        {"outcome": "corrected", "decided_on": "2021-05-12", "note": "复议决定撤销原答复"},
    )
    page = page_of(response)
    assert one(page, "textarea[name=note]").get_text().strip() == "复议决定撤销原答复"
    assert "该案件的结果已记录" in one(page, "main form").get_text()


def test_a_filing_refused_to_the_oversight_office_keeps_the_case_number(
    cast: Cast, decided: Application
) -> None:
    client = signed_in(cast.oversight)
    assert client.get(f"/workspace/applications/{decided.pk}/reviews/new/").status_code == 403
    response = client.post(
        f"/workspace/applications/{decided.pk}/reviews/new/",
        {
            "kind": "reconsideration",
            "filed_on": "2021-04-01",
            "body": "秀洲区人民政府",
            "case_number": "秀政复〔2021〕3号",
        },
    )
    assert response.status_code == 403
    assert one(page_of(response), "input[name=case_number]")["value"] == "秀政复〔2021〕3号"
    assert not Review.objects.exists()
