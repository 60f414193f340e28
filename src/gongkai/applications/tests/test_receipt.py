"""The day of receipt by channel (条例第三十一条), enforced at intake; the clock starts on that day.

第三十一条 政府信息公开申请提交时间按照下列规定确定：（一）申请人当面提交政府信息公开申请的，以提交之日为收到申请之日；
（二）申请人以邮寄方式提交政府信息公开申请的，以行政机关签收之日为收到申请之日；以平常信函等无需签收的邮寄方式提交
政府信息公开申请的，政府信息公开工作机构应当于收到申请的当日与申请人确认，确认之日为收到申请之日；（三）申请人通过
互联网渠道或者政府信息公开工作机构的传真提交政府信息公开申请的，以双方确认之日为收到申请之日。
"""

from __future__ import annotations

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.test import Client
from django.utils import timezone
from hypothesis import given
from hypothesis import strategies as st

from gongkai.applications import actions, clock, receipt
from gongkai.applications.models import Application, Event, Status
from gongkai.applications.queries import queue
from gongkai.testing import PASSWORD, Cast, apply_online
from gongkai.workdays.seed import seed_from_chinesecalendar

from .helpers import applicant, look_up

pytestmark = pytest.mark.django_db
D = datetime.date
CONFIRMING = ["letter", "fax", "email"]


@pytest.fixture(autouse=True)
def calendar() -> None:
    seed_from_chinesecalendar()


def enter(
    cast: Cast, channel: str, received_on: datetime.date | None = None, confirmation: str = ""
) -> Application:
    return actions.do_register_application(
        cast.clerk,
        cast.agency,
        applicant(),
        channel=channel,
        received_on=received_on,
        confirmation=confirmation,
    )


@pytest.mark.parametrize("channel", ["in_person", "post"])
def test_handed_in_or_signed_for_is_received_that_day_and_the_clock_starts(cast: Cast, channel: str) -> None:
    """第三十一条第（一）项 提交之日; 第（二）项 签收之日."""
    application = enter(cast, channel, D(2025, 3, 3))
    assert application.received_on == D(2025, 3, 3)
    assert application.status == Status.IN_PROGRESS
    assert application.due_on == D(2025, 3, 31)  # 20 workdays counted from the day after, 第三十三条


@pytest.mark.parametrize("channel", ["in_person", "post"])
def test_handed_in_or_signed_for_needs_its_day(cast: Cast, channel: str) -> None:
    with pytest.raises(ValidationError) as error:
        enter(cast, channel)
    assert "第三十一条" in error.value.message_dict["received_on"][0]
    assert not Application.objects.exists()


@pytest.mark.parametrize("channel", CONFIRMING)
def test_a_letter_fax_or_email_not_yet_confirmed_has_no_due_date_and_waits_in_the_queue(
    cast: Cast, channel: str
) -> None:
    """第三十一条第（二）项 平常信函 / 第（三）项 传真、互联网: 确认之日为收到申请之日 — before it, no clock."""
    application = enter(cast, channel)
    assert application.received_on is None
    assert application.status == Status.SUBMITTED
    assert application.due_on is None
    assert clock.deadline_of(application, timezone.localdate()) is None
    assert list(queue(cast.agency, "unconfirmed", timezone.localdate())) == [application]
    assert application.events.get().kind == Event.Kind.SUBMITTED


@pytest.mark.parametrize("channel", CONFIRMING)
def test_a_receipt_date_for_a_letter_fax_or_email_needs_the_recorded_confirmation(
    cast: Cast, channel: str
) -> None:
    """第三十一条第（二）项: 政府信息公开工作机构应当于收到申请的当日与申请人确认 — the office records it."""
    with pytest.raises(ValidationError) as error:
        enter(cast, channel, D(2025, 3, 3))
    assert "确认" in error.value.message_dict["confirmation"][0]
    application = enter(cast, channel, D(2025, 3, 3), "3月3日电话与申请人本人确认")
    assert application.receipt_confirmation == "3月3日电话与申请人本人确认"
    assert application.due_on == D(2025, 3, 31)
    assert "电话与申请人本人确认" in application.events.get(kind=Event.Kind.RECEIVED).message


@pytest.mark.parametrize("channel", CONFIRMING)
def test_the_clock_starts_on_the_day_of_the_confirmation(cast: Cast, channel: str) -> None:
    today = timezone.localdate()
    waiting = enter(cast, channel)
    with pytest.raises(ValidationError) as error:
        actions.do_confirm_receipt(cast.clerk, waiting, today)
    assert "confirmation" in error.value.message_dict
    actions.do_confirm_receipt(cast.clerk, waiting, today, confirmation="短信与申请人确认")
    waiting.refresh_from_db()
    handed_in = enter(cast, "in_person", today)
    assert waiting.received_on == today
    assert waiting.receipt_confirmation == "短信与申请人确认"
    assert waiting.due_on == handed_in.due_on is not None
    assert waiting.status == Status.IN_PROGRESS


def test_a_receipt_is_not_confirmed_on_a_future_day(cast: Cast) -> None:
    waiting = enter(cast, "letter")
    with pytest.raises(ValidationError) as error:
        actions.do_confirm_receipt(
            cast.clerk, waiting, timezone.localdate() + datetime.timedelta(days=1), confirmation="电话"
        )
    assert "on" in error.value.message_dict


def test_an_online_application_is_confirmed_without_a_note(cast: Cast) -> None:
    """第三十一条第（三）项 互联网渠道: the submission is the applicant's side, the confirmation the office's."""
    client = Client()
    assert apply_online(client, cast.agency.pk, applicant(), REMOTE_ADDR="198.51.100.7").status_code == 302
    application = Application.objects.get()
    assert look_up(client, application).status_code == 302
    page = client.get(f"/track/{application.tracking_code}/").content.decode()
    assert "尚未确认" in page and "第三十一条" in page
    actions.do_confirm_receipt(cast.clerk, application, timezone.localdate())
    application.refresh_from_db()
    assert application.received_on == timezone.localdate() and application.due_on is not None
    page = client.get(f"/track/{application.tracking_code}/").content.decode()
    assert timezone.localdate().isoformat() in page


def test_the_staff_form_enters_an_unconfirmed_letter_and_the_case_page_says_so(cast: Cast) -> None:
    client = Client()
    client.login(username=cast.clerk.username, password=PASSWORD)
    url = f"/workspace/agencies/{cast.agency.pk}/applications/new/"
    refused = client.post(url, applicant(channel="letter", received_on="2025-03-03"))
    assert refused.status_code == 200
    assert "确认" in refused.context["form"].errors["confirmation"][0]
    assert not Application.objects.exists()
    response = client.post(url, applicant(channel="letter", received_on=""))
    assert response.status_code == 302
    application = Application.objects.get()
    assert application.status == Status.SUBMITTED and application.due_on is None
    page = client.get(response["Location"]).content.decode()
    assert "尚未确认收到申请" in page and "第三十一条第（二）项" in page
    queue_page = client.get(f"/workspace/agencies/{cast.agency.pk}/applications/?filter=unconfirmed")
    assert application.tracking_code in queue_page.content.decode()
    confirmed = client.post(
        f"/workspace/applications/{application.pk}/confirm/",
        {"confirm-on": timezone.localdate().isoformat(), "confirm-confirmation": "电话与申请人确认"},
    )
    assert confirmed.status_code == 302
    application.refresh_from_db()
    assert application.received_on == timezone.localdate()
    assert "电话与申请人确认" in client.get(response["Location"]).content.decode()


@given(
    channel=st.sampled_from(sorted(receipt.RULES)),
    received_on=st.none() | st.dates(datetime.date(2019, 1, 1), datetime.date(2027, 12, 31)),
    confirmation=st.sampled_from(["", "  ", "电话与申请人确认"]),
)
def test_the_intake_rule_of_article_31_for_every_channel(
    channel: str, received_on: datetime.date | None, confirmation: str
) -> None:
    """Handed in or signed for: a day, always. Otherwise: no day yet, or a day with its confirmation.
    A day after today never."""
    today = datetime.date(2025, 6, 30)
    errors = receipt.intake_errors(channel, received_on, confirmation, today)
    confirmed = bool(confirmation.strip())
    if received_on is not None and received_on > today:
        assert "received_on" in errors
    elif not receipt.needs_confirmation(channel):
        assert ("received_on" in errors) == (received_on is None)
    else:
        assert ("confirmation" in errors) == (received_on is not None and not confirmed)
    assert set(errors) <= {"received_on", "confirmation"}
