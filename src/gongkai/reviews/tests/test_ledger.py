"""The reviews ledger: filing 复议/诉讼 cases against decisions, their outcomes, and reopening on 纠正."""

from __future__ import annotations

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.test import Client

from gongkai.applications import actions as application_actions
from gongkai.applications.models import Application, Event, Status
from gongkai.applications.tests.helpers import register
from gongkai.reviews import actions
from gongkai.reviews.models import ReportedDecision, Review, ReviewOutcome
from gongkai.testing import PASSWORD, Cast
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


def file(cast: Cast, application: Application, **changes: object) -> Review:
    fields: dict = {"kind": "reconsideration", "filed_on": D(2021, 4, 1), "body": "秀洲区人民政府"}
    fields.update(changes)
    return actions.do_file_review(cast.clerk, application, **fields)


def test_a_case_is_filed_against_the_decision_as_it_stood(cast: Cast, decided: Application) -> None:
    review = file(cast, decided, case_number="秀政复〔2021〕3号")
    assert review.agency == cast.agency
    assert review.challenged_outcome == "denied_process_info"
    assert review.challenged_decided_on == D(2021, 3, 15)
    assert review.outcome == ReviewOutcome.PENDING


def test_an_undecided_application_cannot_be_challenged(cast: Cast) -> None:
    application = register(cast.clerk, cast.agency, D(2021, 3, 1))
    with pytest.raises(ValidationError):
        file(cast, application)


def test_a_case_cannot_be_filed_before_the_decision(cast: Cast, decided: Application) -> None:
    with pytest.raises(ValidationError):
        file(cast, decided, filed_on=D(2021, 3, 14))


def test_staff_of_another_agency_cannot_file_or_decide(cast: Cast, decided: Application) -> None:
    with pytest.raises(PermissionDenied):
        actions.do_file_review(
            cast.other_clerk, decided, kind="reconsideration", filed_on=D(2021, 4, 1), body="区政府"
        )
    review = file(cast, decided)
    with pytest.raises(PermissionDenied):
        actions.do_record_review_outcome(cast.oversight, review, outcome="upheld", decided_on=D(2021, 5, 1))


def test_litigation_after_reconsideration_names_a_decided_reconsideration(
    cast: Cast, decided: Application
) -> None:
    with pytest.raises(ValidationError):
        file(cast, decided, kind="litigation_after_reconsideration", body="法院")
    reconsideration = file(cast, decided)
    with pytest.raises(ValidationError):  # not decided yet
        file(cast, decided, kind="litigation_after_reconsideration", body="法院", follows=reconsideration)
    actions.do_record_review_outcome(cast.clerk, reconsideration, outcome="upheld", decided_on=D(2021, 5, 10))
    litigation = file(
        cast,
        decided,
        kind="litigation_after_reconsideration",
        body="法院",
        follows=reconsideration,
        filed_on=D(2021, 5, 20),
    )
    assert list(reconsideration.litigations.all()) == [litigation]


def test_an_upheld_decision_stays_closed(cast: Cast, decided: Application) -> None:
    review = file(cast, decided)
    actions.do_record_review_outcome(cast.clerk, review, outcome="upheld", decided_on=D(2021, 5, 10))
    decided.refresh_from_db()
    assert decided.status == Status.DECIDED
    assert not ReportedDecision.objects.exists()


def test_a_corrected_decision_reopens_the_application_for_a_new_decision(
    cast: Cast, decided: Application
) -> None:
    review = file(cast, decided)
    actions.do_record_review_outcome(cast.clerk, review, outcome="corrected", decided_on=D(2021, 5, 10))
    decided.refresh_from_db()
    assert decided.status == Status.IN_PROGRESS
    assert decided.outcome == "" and decided.closed_on is None
    assert decided.due_on == D(2021, 6, 7)  # the 20th workday after Monday 5-10
    counted = ReportedDecision.objects.get(application=decided)
    assert (counted.outcome, counted.closed_on, counted.review) == (
        "denied_process_info",
        D(2021, 3, 15),
        review,
    )
    assert decided.events.filter(kind=Event.Kind.REOPENED).count() == 1
    # The new decision is recorded on the application; the report keeps counting the first one.
    application_actions.do_decide_application(cast.approver, decided, outcome="granted", on=D(2021, 5, 20))
    decided.refresh_from_db()
    assert decided.outcome == "granted"
    assert ReportedDecision.objects.get(application=decided).outcome == "denied_process_info"


def test_an_outcome_is_recorded_once(cast: Cast, decided: Application) -> None:
    review = file(cast, decided)
    actions.do_record_review_outcome(cast.clerk, review, outcome="other", decided_on=D(2021, 5, 10))
    with pytest.raises(ValidationError):
        actions.do_record_review_outcome(cast.clerk, review, outcome="upheld", decided_on=D(2021, 5, 11))


def test_a_case_decided_after_31_december_is_pending_in_its_filing_year(
    cast: Cast, decided: Application
) -> None:
    review = file(cast, decided, filed_on=D(2021, 11, 1))
    actions.do_record_review_outcome(cast.clerk, review, outcome="upheld", decided_on=D(2022, 1, 5))
    review.refresh_from_db()
    assert review.outcome_as_of(D(2021, 12, 31)) == ReviewOutcome.PENDING
    annotated = Review.objects.filed_in(2021).with_outcome_on(D(2021, 12, 31)).get()
    assert annotated.outcome_on == ReviewOutcome.PENDING  # type: ignore[attr-defined]
    assert Review.objects.filed_in(2022).count() == 0


def test_staff_file_and_decide_a_case_in_the_workspace(cast: Cast, decided: Application) -> None:
    client = Client()
    client.login(username="clerk", password=PASSWORD)
    response = client.post(
        f"/workspace/applications/{decided.pk}/reviews/new/",
        {"kind": "reconsideration", "filed_on": "2021-04-01", "body": "秀洲区人民政府", "case_number": "复3"},
    )
    review = Review.objects.get()
    assert response.status_code == 302 and response["Location"] == f"/workspace/reviews/{review.pk}/"
    response = client.post(
        f"/workspace/reviews/{review.pk}/", {"outcome": "corrected", "decided_on": "2021-05-10"}
    )
    assert response.status_code == 302
    decided.refresh_from_db()
    assert decided.status == Status.IN_PROGRESS
    ledger = client.get(f"/workspace/agencies/{cast.agency.pk}/reviews/?year=2021")
    assert "复3" in ledger.content.decode()


def test_the_ledger_of_another_agency_answers_404(cast: Cast, decided: Application) -> None:
    review = file(cast, decided)
    client = Client()
    client.login(username="other_clerk", password=PASSWORD)
    assert client.get(f"/workspace/agencies/{cast.agency.pk}/reviews/").status_code == 404
    assert client.get(f"/workspace/reviews/{review.pk}/").status_code == 404
    oversight = Client()
    oversight.login(username="oversight", password=PASSWORD)
    assert oversight.get(f"/workspace/reviews/{review.pk}/").status_code == 200
    assert (
        oversight.post(
            f"/workspace/reviews/{review.pk}/", {"outcome": "upheld", "decided_on": "2021-05-10"}
        ).status_code
        == 403
    )
