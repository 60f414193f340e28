"""政策咨询 from question to published answer: asked on the public form, answered by a clerk within the
agency's workdays, moderated by an approver, then found in the Q&A list and the site search — with no
personal data on any public page."""

from __future__ import annotations

import datetime
from pathlib import Path
from typing import Any

import pytest
from django.core import mail
from django.core.cache import cache
from django.test import Client
from django.utils import timezone

from gongkai.applications.reminders import sweep
from gongkai.inquiries import actions
from gongkai.inquiries.models import Inquiry, InquiryEvent, InquirySetting
from gongkai.lib import abuse
from gongkai.testing import Cast
from gongkai.workdays.seed import seed_from_chinesecalendar

from .helpers import QUESTION, ask, form_data


@pytest.fixture(autouse=True)
def setup(db: None, settings: Any, tmp_path: Path) -> None:
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    seed_from_chinesecalendar()
    cache.clear()


def staff(user: Any) -> Client:
    client = Client()
    client.force_login(user)
    return client


def test_a_question_is_asked_answered_moderated_published_and_found(cast: Cast, client: Client) -> None:
    inquiry = ask(client, cast.agency)
    assert inquiry.status == Inquiry.Status.SUBMITTED
    assert inquiry.publication == Inquiry.Publication.PENDING
    track = client.get(f"/inquiries/track/{inquiry.tracking_code}/").content.decode()
    assert inquiry.tracking_code in track and "王小明" not in track and "13857301234" not in track

    clerk = staff(cast.clerk)
    assert (
        inquiry.tracking_code
        in clerk.get(f"/workspace/agencies/{cast.agency.pk}/inquiries/").content.decode()
    )
    answer = "申报时间为每年3月1日至31日，请提交申报表和保费发票。如有疑问请联系王小明13857301234。"
    assert clerk.post(f"/workspace/inquiries/{inquiry.pk}/answer/", {"answer": answer}).status_code == 302
    inquiry.refresh_from_db()
    assert inquiry.status == Inquiry.Status.ANSWERED
    assert (
        "申报时间为每年3月1日至31日"
        in client.get(f"/inquiries/track/{inquiry.tracking_code}/").content.decode()
    )
    assert not Inquiry.objects.published().exists()  # not before moderation

    approver = staff(cast.approver)
    url = f"/workspace/inquiries/{inquiry.pk}/moderate/"
    refused = approver.post(url, {"public_question": QUESTION, "public_answer": answer, "publish": "1"})
    assert refused.status_code == 400
    assert "个人信息" in refused.content.decode()  # the answer still names the asker
    clean = "申报时间为每年3月1日至31日，请提交申报表和保费发票。"
    assert (
        approver.post(url, {"public_question": QUESTION, "public_answer": clean, "publish": "1"}).status_code
        == 302
    )
    inquiry.refresh_from_db()
    assert inquiry.publication == Inquiry.Publication.PUBLISHED
    assert list(inquiry.events.values_list("kind", flat=True)) == [
        InquiryEvent.Kind.SUBMITTED, InquiryEvent.Kind.ANSWERED, InquiryEvent.Kind.PUBLISHED,
    ]  # fmt: skip

    listing = client.get("/inquiries/?q=信用保险").content.decode()
    assert "出口信用保险补贴申报时间" in listing
    assert "出口信用保险补贴申报时间" not in client.get("/inquiries/?q=房屋征收").content.decode()
    search = client.get("/search/?q=信用保险").content.decode()
    assert f"/inquiries/{inquiry.pk}/" in search
    public = client.get(f"/inquiries/{inquiry.pk}/").content.decode() + listing + search
    assert "王小明" not in public and "13857301234" not in public and inquiry.tracking_code not in public


def test_a_question_not_agreed_to_be_published_never_is(cast: Cast, client: Client) -> None:
    inquiry = ask(client, cast.agency, agrees_to_publish=None)
    actions.do_answer_inquiry(cast.clerk, inquiry, "已答复。")
    assert inquiry.publication == Inquiry.Publication.NOT_AGREED
    with pytest.raises(Exception, match=r"moderat|审核"):
        actions.do_moderate_inquiry(
            cast.approver, inquiry, publish=True, public_question="问", public_answer="答"
        )


def test_the_due_date_counts_workdays_of_the_calendar(cast: Cast) -> None:
    # Asked on Friday 2024-09-27: five workdays after it are Sunday 09-29 (a make-up workday), 09-30, then
    # past the National Day holiday (10-01 to 10-07) 10-08, 10-09 and 10-10.
    asked = datetime.datetime(2024, 9, 27, 10, tzinfo=datetime.UTC)
    inquiry = actions.do_submit_inquiry(cast.agency, _fields(), remote_address="10.0.0.1", now=asked)
    assert inquiry.due_on == datetime.date(2024, 10, 10)
    InquirySetting.objects.create(agency=cast.agency, answer_workdays=2)
    other = actions.do_submit_inquiry(cast.agency, _fields(), remote_address="10.0.0.1", now=asked)
    assert other.due_on == datetime.date(2024, 9, 30)


def _fields() -> dict[str, Any]:
    return {"name": "李四", "contact": "0573-82345678", "subject": "问题", "question": "一个问题"}


def test_overdue_questions_are_in_the_queue_the_reminders_and_the_sweep(cast: Cast) -> None:
    asked = timezone.now() - datetime.timedelta(days=30)
    inquiry = actions.do_submit_inquiry(cast.agency, _fields(), remote_address="10.0.0.1", now=asked)
    today = timezone.localdate()
    clerk = staff(cast.clerk)
    queue = clerk.get(f"/workspace/agencies/{cast.agency.pk}/inquiries/?tab=overdue").content.decode()
    assert inquiry.tracking_code in queue and "已超期" in queue
    reminders = clerk.get("/workspace/reminders/").content.decode()
    assert inquiry.tracking_code in reminders
    assert sweep(today).inquiries == 1
    assert any(inquiry.tracking_code in message.subject for message in mail.outbox)
    assert sweep(today).inquiries == 0  # once a day
    actions.do_answer_inquiry(cast.clerk, inquiry, "答复如下。")
    assert inquiry.tracking_code not in clerk.get("/workspace/reminders/").content.decode()


@pytest.mark.parametrize(
    ("changes", "field", "message"),
    [
        ({"subject": ""}, "subject", "请为您的问题填写主题"),
        ({"question": ""}, "question", "请填写您的问题"),
        ({"name": ""}, "name", "请填写您的姓名"),
        ({"contact": "abc"}, "contact", "请填写用于答复的电话号码或电子邮箱"),
        ({"agency": ""}, "agency", "请选择您要咨询的机关"),
    ],
)
def test_bad_input_is_refused_in_chinese_naming_the_field(
    cast: Cast, client: Client, changes: dict[str, Any], field: str, message: str
) -> None:
    response = client.post("/inquiries/ask/", form_data(cast.agency, **changes))
    page = response.content.decode()
    assert response.status_code == 200 and message in page
    assert "出口信用保险补贴" in page or field == "subject"  # what was typed is kept
    assert not Inquiry.objects.exists()


def test_a_document_of_another_agency_is_refused(cast: Cast, client: Client) -> None:
    from gongkai.catalog.tests.helpers import publish

    other = publish(cast, "住建局的通知", agency=cast.other_agency)
    response = client.post("/inquiries/ask/", {**form_data(cast.agency, document=other.pk), "confirm": "1"})
    assert "请选择您所咨询机关已公开的文件" in response.content.decode()
    assert not Inquiry.objects.exists()


def test_a_question_about_a_document_links_it(cast: Cast, client: Client) -> None:
    from gongkai.catalog.tests.helpers import publish

    document = publish(cast, "出口信用保险补贴实施办法")
    assert (
        "出口信用保险补贴实施办法"
        in client.get(f"/inquiries/ask/?agency={cast.agency.pk}&document={document.pk}").content.decode()
    )
    inquiry = ask(client, cast.agency, document=document.pk)
    assert inquiry.document == document


def test_similar_published_answers_are_suggested_while_typing_and_on_confirmation(
    cast: Cast, client: Client
) -> None:
    earlier = actions.do_submit_inquiry(
        cast.agency,
        {**_fields(), "subject": "出口信用保险补贴申报", "question": QUESTION, "agrees_to_publish": True},
        remote_address="10.0.0.1",
    )
    actions.do_answer_inquiry(cast.clerk, earlier, "每年3月申报。")
    actions.do_moderate_inquiry(
        cast.approver, earlier, publish=True, public_question=QUESTION, public_answer="每年3月申报。"
    )
    fragment = client.get(
        "/inquiries/ask/suggestions/",
        {"question": "出口信用保险补贴什么时候申报", "agency": str(cast.agency.pk)},
        HTTP_HX_REQUEST="true",
    )
    assert f"/inquiries/{earlier.pk}/" in fragment.content.decode()
    confirm = client.post(
        "/inquiries/ask/", form_data(cast.agency, question="出口信用保险补贴什么时候申报？")
    )
    assert f"/inquiries/{earlier.pk}/" in confirm.content.decode()
    assert (
        f"/inquiries/{earlier.pk}/"
        not in client.get(
            "/inquiries/ask/suggestions/", {"question": "城市绿化养护标准是什么"}
        ).content.decode()
    )


def test_staff_pages_need_a_role_in_the_agency(cast: Cast, client: Client) -> None:
    inquiry = actions.do_submit_inquiry(cast.agency, _fields(), remote_address="10.0.0.1")
    for url in (f"/workspace/agencies/{cast.agency.pk}/inquiries/", f"/workspace/inquiries/{inquiry.pk}/"):
        assert client.get(url).status_code == 302  # to the sign-in page
        assert staff(cast.other_clerk).get(url).status_code == 404
        assert staff(cast.oversight).get(url).status_code == 200
    assert client.post(f"/workspace/inquiries/{inquiry.pk}/answer/", {"answer": "答"}).status_code == 302
    assert (
        staff(cast.oversight).post(f"/workspace/inquiries/{inquiry.pk}/answer/", {"answer": "答"}).status_code
        == 403
    )
    assert client.get(f"/inquiries/{inquiry.pk}/").status_code == 404  # not published


def test_too_fast_a_honeypot_and_a_flood_are_refused(cast: Cast, client: Client, settings: Any) -> None:
    too_fast = client.post(
        "/inquiries/ask/", {**form_data(cast.agency), "form_stamp": abuse.stamp(), "confirm": "1"}
    )
    assert "太快" in too_fast.content.decode()
    honeypot = client.post(
        "/inquiries/ask/", {**form_data(cast.agency, homepage="http://spam.example"), "confirm": "1"}
    )
    assert "主页" in honeypot.content.decode()
    assert not Inquiry.objects.exists()
    settings.GONGKAI_PUBLIC_FORM_RATE_LIMIT = (2, 600)
    for _ in range(2):
        ask(client, cast.agency)
    flood = client.post("/inquiries/ask/", {**form_data(cast.agency), "confirm": "1"})
    assert flood.status_code == 429 and "提交过于频繁" in flood.content.decode()
    assert Inquiry.objects.count() == 2


def test_the_api_asks_tracks_lists_and_answers(cast: Cast, client: Client) -> None:
    from gongkai.agencies.tokens import do_create_api_token

    payload = {
        "agency_id": cast.agency.pk,
        "subject": "补贴",
        "question": QUESTION,
        "name": "赵六",
        "contact": "zhao@example.org",
        "agrees_to_publish": True,
    }
    created = client.post("/api/inquiries/", payload, content_type="application/json")
    assert created.status_code == 201, created.content
    code = created.json()["tracking_code"]
    assert "赵六" not in created.content.decode()
    bad = client.post("/api/inquiries/", {**payload, "contact": "x"}, content_type="application/json")
    assert bad.status_code == 400 and "电话号码或电子邮箱" in str(bad.json()["errors"]["contact"])
    assert client.get(f"/api/inquiries/track/{code}").json()["status"] == "submitted"
    inquiry = Inquiry.objects.get(tracking_code=code)
    _record, token = do_create_api_token(cast.clerk, "测试")
    answered = client.post(
        f"/api/inquiries/staff/{inquiry.pk}/answer",
        {"answer": "每年3月。"},
        content_type="application/json",
        HTTP_AUTHORIZATION=f"Bearer {token}",
    )
    assert answered.status_code == 200, answered.content
    assert (
        client.post(
            f"/api/inquiries/staff/{inquiry.pk}/answer", {"answer": "x"}, content_type="application/json"
        ).status_code
        == 401
    )
    inquiry.refresh_from_db()
    actions.do_moderate_inquiry(
        cast.approver, inquiry, publish=True, public_question=QUESTION, public_answer="每年3月。"
    )
    listed = client.get("/api/inquiries/published", {"q": "信用保险"}).json()
    assert [row["id"] for row in listed] == [inquiry.pk]
    assert "赵六" not in str(listed) and "zhao@" not in str(listed)
    schema = client.get("/api/openapi.json").json()["paths"]
    assert {"/api/inquiries/", "/api/inquiries/published", "/api/inquiries/staff/{inquiry_id}/answer"} <= set(
        schema
    )


def test_a_calendar_change_redates_the_open_questions_it_touches(cast: Cast) -> None:
    from gongkai.workdays.models import CalendarDay

    asked = datetime.datetime(2024, 9, 27, 10, tzinfo=datetime.UTC)
    inquiry = actions.do_submit_inquiry(cast.agency, _fields(), remote_address="10.0.0.1", now=asked)
    answered = actions.do_submit_inquiry(cast.agency, _fields(), remote_address="10.0.0.1", now=asked)
    actions.do_answer_inquiry(cast.clerk, answered, "已答复。")
    # A (fictional) correction: 2024-09-29 was not a make-up workday after all.
    CalendarDay.objects.filter(date=datetime.date(2024, 9, 29)).delete()
    assert actions.do_redate_open_inquiries(frozenset({2024})) == 1
    inquiry.refresh_from_db()
    assert inquiry.due_on == datetime.date(2024, 10, 11)
    assert inquiry.events.filter(kind=InquiryEvent.Kind.REDATED).exists()
    assert Inquiry.objects.get(pk=answered.pk).due_on == datetime.date(2024, 10, 10)  # answered: left alone
