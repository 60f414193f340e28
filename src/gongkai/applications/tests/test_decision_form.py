"""The decision form offers and accepts the decisions of the format of the year the decision falls in — the
year it is saved and counted in — not today's."""

from __future__ import annotations

import datetime

import pytest
from django.test import Client
from django.utils import timezone

from gongkai.applications.forms import DecisionForm
from gongkai.applications.models import Status
from gongkai.testing import PASSWORD, Cast
from gongkai.workdays.seed import seed_from_chinesecalendar

from .helpers import register

pytestmark = pytest.mark.django_db
D = datetime.date


@pytest.fixture(autouse=True)
def calendar(db: None) -> None:
    seed_from_chinesecalendar()


def offered(form: DecisionForm) -> set[str]:
    return {key for key, _label in form.fields["outcome"].choices}  # type: ignore[attr-defined]


def test_a_blank_form_offers_the_decisions_of_the_year_it_is_shown_in() -> None:
    assert {"other_no_correction", "other_other"} <= offered(DecisionForm(year=2021))
    assert "other_processing" not in offered(DecisionForm(year=2021))
    assert "other_processing" in offered(DecisionForm(year=2020))


def test_a_filled_form_offers_and_accepts_the_decisions_of_the_decision_dates_year() -> None:
    form = DecisionForm({"on": "2020-12-30", "outcome": "other_processing"}, year=2021)
    assert form.is_valid(), form.errors
    assert "other_processing" in offered(form) and "other_other" not in offered(form)
    labels = dict(form.fields["outcome"].choices)  # type: ignore[attr-defined]
    assert labels["other_processing"] == "（六）其他处理 其他处理"
    assert labels["denied_state_secret"] == "（三）不予公开 属于国家秘密"


def test_a_decision_of_another_years_format_is_refused_on_its_field_in_chinese() -> None:
    form = DecisionForm({"on": "2021-01-04", "outcome": "other_processing"}, year=2020)
    assert not form.is_valid()
    assert form.errors["outcome"] == ["2021年度报告格式中没有这一办理结果类型。"]


def test_an_unreadable_date_leaves_the_blank_forms_year() -> None:
    form = DecisionForm({"on": "去年", "outcome": "other_other"}, year=2021)
    assert not form.is_valid()
    assert "on" in form.errors and "outcome" not in form.errors


def test_a_decision_dated_in_another_formats_year_is_saved_from_the_workspace(cast: Cast) -> None:
    # Today's format is not the 2019 format; the decision is dated in 2020 and saved in that year's format.
    assert timezone.localdate().year > 2020
    application = register(cast.clerk, cast.agency, D(2020, 12, 1))
    client = Client()
    client.login(username="approver", password=PASSWORD)
    url = f"/workspace/applications/{application.pk}/decide/"
    response = client.post(url, {"decide-on": "2020-12-30", "decide-outcome": "other_processing"})
    assert response.status_code == 302, response.content.decode()
    application.refresh_from_db()
    assert (application.status, application.outcome, application.decided_on) == (
        Status.DECIDED,
        "other_processing",
        D(2020, 12, 30),
    )
