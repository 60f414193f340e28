"""The applicant's way back: tracking code and the telephone's last four digits, posted; a session that
remembers the look-up; one message for any wrong pair; a limit on failures per address; old secret links
that work once."""

from __future__ import annotations

import datetime
import re
from typing import Any

import pytest
from django.contrib.sessions.backends.db import SessionStore
from django.test import Client
from django.utils import timezone

from gongkai.applications import tracking
from gongkai.applications.models import Application, Event, TrackingLookupFailure
from gongkai.testing import Cast, apply_online

from .helpers import applicant, look_up, register

pytestmark = pytest.mark.django_db
D = datetime.date
NO_MATCH = "没有与该申请编号和这四位数字相符的申请"


@pytest.fixture
def application(cast: Cast) -> Application:
    """An application entered by staff from a letter: its applicant never saw any secret."""
    return register(cast.clerk, cast.agency, D(2024, 3, 1), phone="0573-82221234")


@pytest.mark.parametrize(
    ("phone", "digits"),
    [
        ("13905730000", "0000"),
        ("0573-82221234", "1234"),
        ("057382221234", "1234"),
        ("0573-82221234-56", "1234"),  # the extension is not the number
        ("010-6552-1234", "1234"),
        ("１３９０５７３９８７６", "9876"),
    ],
)
def test_the_check_is_the_last_four_digits_of_the_telephone_number(phone: str, digits: str) -> None:
    assert tracking.check_digits(phone) == digits


@pytest.mark.parametrize(
    "typed",
    [
        "GK2024-7KX4PQ",
        "gk2024-7kx4pq",
        "GK20247KX4PQ",
        " gk2024 7kx4pq ",
        "ＧＫ２０２４－７ＫＸ４ＰＱ",
        "GK2024—7KX4PQ",
    ],
)
def test_a_tracking_code_is_found_however_it_is_typed(typed: str) -> None:
    assert tracking.normalise_code(typed) == "GK2024-7KX4PQ"


def test_the_look_up_opens_the_page_and_the_url_carries_no_secret(application: Application) -> None:
    client = Client()
    response = look_up(client, application, check="1234")
    assert response.status_code == 302
    assert response["Location"] == f"/track/{application.tracking_code}/"
    page = client.get(response["Location"])
    assert page.status_code == 200
    assert application.tracking_code in page.content.decode()
    assert page["Referrer-Policy"] == "same-origin"  # the address holds only the code
    assert "no-store" in page["Cache-Control"]
    assert "1234" not in page.content.decode()  # the check is not shown back


def test_the_code_may_be_typed_in_lower_case_without_its_dash(application: Application) -> None:
    client = Client()
    typed = application.tracking_code.lower().replace("-", "")
    response = client.post("/track/", {"code": typed, "check": "１２３４"}, REMOTE_ADDR="198.51.100.1")
    assert response.status_code == 302


def test_a_wrong_code_and_a_wrong_check_get_the_same_form_and_message(application: Application) -> None:
    client = Client()
    wrong_check = look_up(client, application, check="9999")
    wrong_code = client.post(
        "/track/", {"code": "GK2024-ZZZZZZ", "check": "1234"}, REMOTE_ADDR="198.51.100.99"
    )
    for response in (wrong_check, wrong_code):
        assert response.status_code == 200
        page = response.content.decode()
        assert NO_MATCH in page
        assert 'role="alert"' in page and '<form method="post"' in page
        assert 'name="check"' in page
    assert wrong_check.content.decode().count(NO_MATCH) == 1
    assert TrackingLookupFailure.objects.count() == 2
    assert client.get(f"/track/{application.tracking_code}/").status_code == 302  # still not let in


def test_a_malformed_check_is_named_on_its_field_and_not_counted(application: Application) -> None:
    response = look_up(Client(), application, check="12a")
    assert "请输入电话号码的后四位数字" in response.content.decode()
    assert TrackingLookupFailure.objects.count() == 0


def test_failed_look_ups_are_limited_per_address_and_the_limit_holds_for_the_right_pair_too(
    application: Application, settings: Any
) -> None:
    settings.GONGKAI_TRACKING_FAILURE_LIMIT = (3, 3600)
    client = Client()
    for _ in range(3):
        assert look_up(client, application, check="0000", address="203.0.113.5").status_code == 200
    refused = look_up(client, application, check="1234", address="203.0.113.5")
    assert refused.status_code == 429
    page = refused.content.decode()
    assert "查询失败次数过多" in page and "60 分钟" in page
    assert client.get(f"/track/{application.tracking_code}/").status_code == 302
    assert look_up(Client(), application, check="1234", address="203.0.113.6").status_code == 302


def test_the_limit_lifts_when_the_window_has_passed_and_the_sweep_forgets_old_failures(
    application: Application, settings: Any
) -> None:
    settings.GONGKAI_TRACKING_FAILURE_LIMIT = (2, 600)
    now = timezone.make_aware(datetime.datetime(2024, 3, 5, 10, 0))
    for minute in (0, 4):
        at = now + datetime.timedelta(minutes=minute)
        assert tracking.look_up(application.tracking_code, "0000", remote_address="a", now=at) is None
    with pytest.raises(tracking.TooManyAttempts) as refused:
        tracking.look_up(
            application.tracking_code, "1234", remote_address="a", now=now + datetime.timedelta(minutes=5)
        )
    assert refused.value.minutes == 5
    later = now + datetime.timedelta(minutes=10, seconds=1)
    assert tracking.look_up(application.tracking_code, "1234", remote_address="a", now=later) == application
    assert tracking.forget_old_failures(later) == 1  # the one from 10:00; 10:04's is still in the window


def test_the_look_up_lasts_a_while_after_the_last_page_and_ends_when_asked(
    application: Application, settings: Any
) -> None:
    settings.GONGKAI_TRACKING_SESSION_MINUTES = 60
    session = SessionStore()
    now = timezone.make_aware(datetime.datetime(2024, 3, 5, 10, 0))
    tracking.authorise(session, application, now)
    code = application.tracking_code
    assert tracking.authorised(session, code, now + datetime.timedelta(minutes=50)) == application
    assert tracking.authorised(session, code, now + datetime.timedelta(minutes=100)) == application
    assert tracking.authorised(session, code, now + datetime.timedelta(minutes=161)) is None
    tracking.authorise(session, application, now)
    tracking.forget(session)
    assert tracking.authorised(session, code, now) is None


def test_ending_the_look_up_closes_the_page_in_this_browser(application: Application) -> None:
    client = Client()
    look_up(client, application)
    response = client.post("/track/end/")
    assert response["Location"] == "/track/"
    assert "已结束查询" in client.get("/track/").content.decode()
    assert client.get(f"/track/{application.tracking_code}/").status_code == 302


def test_one_browser_may_follow_several_applications(cast: Cast, application: Application) -> None:
    other = register(cast.clerk, cast.agency, D(2024, 3, 2), phone="13905735678")
    client = Client()
    look_up(client, application)
    look_up(client, other)
    assert client.get(f"/track/{application.tracking_code}/").status_code == 200
    assert client.get(f"/track/{other.tracking_code}/").status_code == 200


def test_the_session_key_changes_when_an_application_is_let_in(application: Application) -> None:
    client = Client()
    client.get("/track/")
    client.post("/track/", {"code": application.tracking_code, "check": "0000"}, REMOTE_ADDR="198.51.100.1")
    before = client.session.session_key
    look_up(client, application)
    assert client.session.session_key != before


def old_link(application: Application, secret: str = "s" * 32) -> str:
    """An application from before the look-up form, with its secret link."""
    Application.objects.filter(pk=application.pk).update(access_secret=secret)
    return f"/track/{application.tracking_code}/{secret}/"


def test_an_old_secret_link_works_once_and_loses_the_secret_from_the_url(application: Application) -> None:
    link = old_link(application)
    client = Client()
    response = client.get(link)
    assert response.status_code == 302
    assert response["Location"] == f"/track/{application.tracking_code}/"
    assert response["Referrer-Policy"] == "no-referrer"
    assert client.get(response["Location"]).status_code == 200
    application.refresh_from_db()
    assert application.access_secret == ""
    note = application.events.get(kind=Event.Kind.NOTE)
    assert not note.public
    again = Client().get(link)
    assert again["Location"] == f"/track/?code={application.tracking_code}"
    form = Client()
    form.get(link)
    assert "查询链接已不能打开申请" in form.get(f"/track/?code={application.tracking_code}").content.decode()


def test_an_old_link_with_a_wrong_secret_leads_to_the_form_and_retires_nothing(
    application: Application,
) -> None:
    old_link(application)
    response = Client().get(f"/track/{application.tracking_code}/{'x' * 32}/")
    assert response["Location"] == f"/track/?code={application.tracking_code}"
    application.refresh_from_db()
    assert application.access_secret == "s" * 32


def test_an_old_letter_link_goes_on_to_the_letter_without_the_secret(
    cast: Cast, application: Application, django_capture_on_commit_callbacks: Any
) -> None:
    from gongkai.applications import actions

    with django_capture_on_commit_callbacks(execute=True):  # the letter's files
        actions.do_decide_application(cast.approver, application, outcome="granted", on=D(2024, 3, 10))
    letter = application.letters.get()
    client = Client()
    response = client.get(f"{old_link(application)}letters/{letter.pk}.pdf")
    assert response["Location"] == f"/track/{application.tracking_code}/letters/{letter.pk}.pdf"
    assert client.get(response["Location"]).status_code == 200


def test_the_look_up_form_is_prefilled_with_the_code_it_was_sent_with(application: Application) -> None:
    page = Client().get(f"/track/?code={application.tracking_code}").content.decode()
    assert f'value="{application.tracking_code}"' in page
    assert 'method="post"' in page


def test_an_online_applicant_finds_the_application_again_in_another_browser(cast: Cast) -> None:
    response = apply_online(
        Client(), cast.agency.pk, applicant(phone="13905731234"), REMOTE_ADDR="198.51.100.7"
    )
    assert response.status_code == 302
    submitted = Application.objects.get()
    other_browser = Client()
    assert look_up(other_browser, submitted, check="1234").status_code == 302
    assert other_browser.get(f"/track/{submitted.tracking_code}/").status_code == 200


def test_the_tracking_page_offers_the_rating_link_once_the_application_is_replied_to(
    cast: Cast, application: Application
) -> None:
    """服务评价 after a reply: the applicant's own page carries the one-time link; before the reply, none."""
    from gongkai.applications import actions

    client = Client()
    assert 'id="rate"' not in look_up(client, application).content.decode()
    actions.do_decide_application(cast.approver, application, outcome="granted", on=D(2024, 3, 10))
    page = client.get(f"/track/{application.tracking_code}/").content.decode()
    link = re.search(r'href="(/ratings/[^"]+)" id="rate"', page)
    assert link is not None
    form = client.get(link.group(1))
    assert form.status_code == 200 and "非常满意" in form.content.decode()
