"""信息处理费 tiers (国办函〔2020〕109号), and a fee notice pausing the clock until payment."""

from __future__ import annotations

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.test import Client
from hypothesis import given
from hypothesis import strategies as st

from gongkai.applications import actions
from gongkai.applications.fees import fee_by_count, fee_by_pages
from gongkai.applications.models import Status
from gongkai.testing import Cast
from gongkai.workdays.seed import seed_from_chinesecalendar

from .helpers import register

D = datetime.date


@pytest.mark.parametrize(
    ("ordinal", "yuan"),
    [(1, 0), (10, 0), (11, 100), (30, 100), (31, 200), (40, 200), (41, 300), (50, 300), (51, 400)],
)
def test_fee_by_count_follows_the_monthly_bands(ordinal: int, yuan: int) -> None:
    assert fee_by_count(ordinal) == yuan


@pytest.mark.parametrize(
    ("pages", "yuan"),
    [(0, 0), (30, 0), (31, 10), (100, 700), (101, 720), (200, 2700), (201, 2740), (250, 4700)],
)
def test_fee_by_pages_charges_each_band_at_its_rate(pages: int, yuan: int) -> None:
    assert fee_by_pages(pages) == yuan


@given(st.integers(0, 100_000))
def test_one_more_page_never_costs_less_nor_more_than_40_yuan(pages: int) -> None:
    assert 0 <= fee_by_pages(pages + 1) - fee_by_pages(pages) <= 40


@given(st.integers(1, 10_000))
def test_fee_by_count_never_decreases(ordinal: int) -> None:
    assert fee_by_count(ordinal + 1) >= fee_by_count(ordinal)


@pytest.fixture
def calendar(db: None) -> None:
    seed_from_chinesecalendar()


@pytest.mark.django_db
def test_the_eleventh_application_of_the_month_is_charged_and_pauses_the_clock(
    cast: Cast, calendar: None
) -> None:
    applications = [register(cast.clerk, cast.agency, D(2022, 3, 1 + i)) for i in range(11)]
    with pytest.raises(ValidationError):  # the tenth is free
        actions.do_issue_fee_notice(cast.approver, applications[9], method="by_count", on=D(2022, 3, 14))
    eleventh = applications[10]
    due_before = eleventh.due_on
    fee = actions.do_issue_fee_notice(cast.approver, eleventh, method="by_count", on=D(2022, 3, 14))
    assert (fee.ordinal, fee.amount) == (11, 100)
    eleventh.refresh_from_db()
    assert eleventh.status == Status.AWAITING_PAYMENT
    actions.do_record_fee_payment(cast.clerk, eleventh, on=D(2022, 3, 18))
    eleventh.refresh_from_db()
    assert eleventh.status == Status.IN_PROGRESS
    assert due_before is not None and eleventh.due_on is not None
    # 3-15 … 3-18, four workdays, were not counted.
    assert eleventh.due_on > due_before
    assert eleventh.letters.filter(kind="fee_notice").exists()


@pytest.mark.django_db
def test_an_unpaid_fee_lapses_into_six_two(cast: Cast, calendar: None) -> None:
    application = register(cast.clerk, cast.agency, D(2022, 3, 1))
    fee = actions.do_issue_fee_notice(
        cast.approver, application, method="by_pages", pages=120, on=D(2022, 3, 7)
    )
    assert fee.amount == 70 * 10 + 20 * 20
    with pytest.raises(ValidationError):
        actions.do_lapse_fee(cast.clerk, application, on=fee.pay_by)
    actions.do_lapse_fee(cast.clerk, application, on=fee.pay_by + datetime.timedelta(days=1))
    application.refresh_from_db()
    assert (application.status, application.outcome) == (Status.DECIDED, "other_fee_unpaid")


@pytest.mark.django_db
def test_no_fee_before_2021(cast: Cast, calendar: None) -> None:
    application = register(cast.clerk, cast.agency, D(2020, 3, 2))
    with pytest.raises(ValidationError):
        actions.do_issue_fee_notice(
            cast.approver, application, method="by_pages", pages=500, on=D(2020, 3, 3)
        )


@pytest.mark.django_db
def test_staff_charge_and_record_a_fee_on_the_application_page(cast: Cast, calendar: None) -> None:
    """The fee forms of the application page reach their actions: the approver charges, the clerk
    records the payment; a clerk may not charge."""
    application = register(cast.clerk, cast.agency, D(2022, 3, 1))
    clerk, approver = Client(), Client()
    clerk.force_login(cast.clerk)
    approver.force_login(cast.approver)
    url = f"/workspace/applications/{application.pk}"
    charge = {"fee_notice-on": "2022-03-07", "fee_notice-method": "by_pages", "fee_notice-pages": "120"}
    assert clerk.post(f"{url}/fee_notice/", charge).status_code == 403
    assert approver.post(f"{url}/fee_notice/", charge).status_code == 302
    application.refresh_from_db()
    assert application.status == Status.AWAITING_PAYMENT and application.fee.amount == 1100
    assert clerk.post(f"{url}/fee_paid/", {"fee_paid-on": "2022-03-10"}).status_code == 302
    application.refresh_from_db()
    assert application.status == Status.IN_PROGRESS and application.fee.paid_on == D(2022, 3, 10)
    page = clerk.get(f"{url}/").content.decode()
    assert "1100" in page
