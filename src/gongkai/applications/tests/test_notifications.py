"""Messages to the applicant: queued with the step, sent only once it commits, each send recorded; a
failed send leaves the step standing and can be sent again; text messages go through the configured
backend — here the HTTP gateway, against a real local HTTP server.

Real transactions (``transaction=True``): the test's usual wrapping transaction never commits."""

from __future__ import annotations

import datetime
import json
import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.db import transaction
from django.test import Client
from django.utils import translation

from gongkai.applications import actions, letters
from gongkai.applications.models import Application, Event, Letter, Notification
from gongkai.testing import Cast
from gongkai.workdays.seed import seed_from_chinesecalendar

from .helpers import look_up, register

pytestmark = pytest.mark.django_db(transaction=True)
D = datetime.date


@pytest.fixture(autouse=True)
def setup(settings: Any, tmp_path: Path) -> None:
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    settings.GONGKAI_SMS_BACKEND = ""
    seed_from_chinesecalendar()


class Gateway(BaseHTTPRequestHandler):
    received: list[dict[str, Any]]
    status = 200

    def do_POST(self) -> None:
        length = int(self.headers["Content-Length"])
        self.server.received.append(  # type: ignore[attr-defined]
            {"body": json.loads(self.rfile.read(length)), "auth": self.headers.get("Authorization")}
        )
        self.send_response(self.server.status)  # type: ignore[attr-defined]
        self.end_headers()
        self.wfile.write(b"{}")

    def log_message(self, *args: Any) -> None:
        pass


@pytest.fixture
def gateway(settings: Any) -> Iterator[Any]:
    """A real HTTP server on a free local port, standing in for the SMS vendor's gateway."""
    server = ThreadingHTTPServer(("127.0.0.1", 0), Gateway)
    server.received = []  # type: ignore[attr-defined]
    server.status = 200  # type: ignore[attr-defined]
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    settings.GONGKAI_SMS_BACKEND = "gongkai.applications.sms.HttpBackend"
    settings.GONGKAI_SMS_URL = f"http://127.0.0.1:{server.server_port}/send"
    settings.GONGKAI_SMS_TOKEN = "gateway-token"
    yield server
    server.shutdown()
    server.server_close()


def test_receipt_is_told_by_e_mail_after_commit_and_recorded(cast: Cast) -> None:
    mail.outbox.clear()
    application = register(cast.clerk, cast.agency, D(2021, 3, 1))
    [notification] = Notification.objects.filter(application=application)
    assert notification.state == Notification.State.SENT and notification.sent_at is not None
    assert notification.event is not None and notification.event.kind == Event.Kind.RECEIVED
    [message] = mail.outbox
    assert message.to == ["zhang@example.org"] and application.tracking_code in message.subject
    assert "/track/" in message.body


def test_a_rolled_back_step_sends_nothing_and_records_no_message(cast: Cast) -> None:
    application = register(cast.clerk, cast.agency, D(2021, 3, 1))
    mail.outbox.clear()
    with pytest.raises(ZeroDivisionError), transaction.atomic():
        actions.do_request_supplement(cast.clerk, application, what="文号", on=D(2021, 3, 2))
        assert Notification.objects.filter(event__kind=Event.Kind.SUPPLEMENT_REQUESTED).exists()
        1 / 0  # noqa: B018 — the caller fails after the action
    assert not Notification.objects.filter(event__kind=Event.Kind.SUPPLEMENT_REQUESTED).exists()
    assert mail.outbox == []


def test_the_letter_goes_with_its_message(cast: Cast) -> None:
    application = register(cast.clerk, cast.agency, D(2021, 3, 1))
    mail.outbox.clear()
    actions.do_request_supplement(cast.clerk, application, what="文件的文号", on=D(2021, 3, 2))
    letter = Letter.objects.get(application=application)
    notification = Notification.objects.get(event__kind=Event.Kind.SUPPLEMENT_REQUESTED)
    assert notification.letter == letter
    [message] = mail.outbox
    assert letter.number in message.body and "文件的文号" in message.body


def test_a_consultation_letter_is_not_sent_to_the_applicant(cast: Cast) -> None:
    application = register(cast.clerk, cast.agency, D(2021, 3, 1))
    mail.outbox.clear()
    actions.do_send_consultation(
        cast.clerk, application, kind="third_party", party="某公司", on=D(2021, 3, 3)
    )
    [message] = mail.outbox  # the pause, without the party's name or letter
    assert "某公司" not in message.body
    assert Notification.objects.get(event__kind=Event.Kind.CONSULTATION_SENT).letter is None


def test_no_e_mail_given_no_e_mail_sent(cast: Cast) -> None:
    mail.outbox.clear()
    application = register(cast.clerk, cast.agency, D(2021, 3, 1), email="")
    assert not Notification.objects.filter(application=application).exists()
    assert mail.outbox == []


def test_text_messages_go_to_the_gateway_and_a_refusal_is_recorded_then_sent_again(
    cast: Cast, gateway: Any
) -> None:
    application = register(cast.clerk, cast.agency, D(2021, 3, 1))
    sms = Notification.objects.get(application=application, channel=Notification.Channel.SMS)
    assert sms.state == Notification.State.SENT
    [posted] = gateway.received
    assert posted["body"]["to"] == "13905730000" and application.tracking_code in posted["body"]["text"]
    assert posted["auth"] == "Bearer gateway-token"

    gateway.status = 503
    actions.do_request_supplement(cast.clerk, application, what="文号", on=D(2021, 3, 2))
    failed = Notification.objects.get(event__kind=Event.Kind.SUPPLEMENT_REQUESTED, channel="sms")
    assert failed.state == Notification.State.FAILED and "503" in failed.error
    assert Application.objects.get(pk=application.pk).status == "awaiting_supplement"  # the step stands

    client = Client()
    client.force_login(cast.clerk)
    page = client.get(f"/workspace/applications/{application.pk}/").content.decode()
    assert f"/notifications/{failed.pk}/retry/" in page
    gateway.status = 200
    response = client.post(f"/workspace/applications/{application.pk}/notifications/{failed.pk}/retry/")
    assert response.status_code == 302
    failed.refresh_from_db()
    assert (failed.state, failed.error, failed.attempts) == (Notification.State.SENT, "", 2)
    assert len(gateway.received) == 3


def test_an_unreachable_gateway_fails_the_message_not_the_step(cast: Cast, settings: Any) -> None:
    settings.GONGKAI_SMS_BACKEND = "gongkai.applications.sms.HttpBackend"
    settings.GONGKAI_SMS_URL = "http://127.0.0.1:9/nothing-listens-here"
    application = register(cast.clerk, cast.agency, D(2021, 3, 1))
    sms = Notification.objects.get(application=application, channel=Notification.Channel.SMS)
    assert sms.state == Notification.State.FAILED and sms.error
    assert Notification.objects.get(application=application, channel="email").state == "sent"


def test_the_file_backend_appends_json_lines(cast: Cast, settings: Any, tmp_path: Path) -> None:
    settings.GONGKAI_SMS_BACKEND = "gongkai.applications.sms.FileBackend"
    settings.GONGKAI_SMS_FILE = str(tmp_path / "sms.jsonl")
    application = register(cast.clerk, cast.agency, D(2021, 3, 1))
    [line] = (tmp_path / "sms.jsonl").read_text(encoding="utf-8").splitlines()
    assert json.loads(line)["to"] == application.phone


def test_only_a_failed_message_is_sent_again(cast: Cast) -> None:
    application = register(cast.clerk, cast.agency, D(2021, 3, 1))
    sent = Notification.objects.get(application=application)
    with translation.override("zh-hans"), pytest.raises(ValidationError) as refused:
        actions.do_retry_notification(cast.clerk, sent)
    assert "只有发送失败的消息才能重新发送" in refused.value.messages[0]


def test_the_tracking_page_says_when_the_applicant_was_told(cast: Cast) -> None:
    application = register(cast.clerk, cast.agency, D(2021, 3, 1))
    client = Client()
    look_up(client, application)
    page = client.get(f"/track/{application.tracking_code}/").content.decode()
    assert 'id="notified"' in page and "邮件通知" in page


def test_a_letter_preview_issues_nothing(cast: Cast) -> None:
    application = register(cast.clerk, cast.agency, D(2021, 3, 1))
    mail.outbox.clear()
    found = letters.rehearse(
        application,
        lambda: actions.do_request_supplement(cast.clerk, application, what="文件的文号", on=D(2021, 3, 2)),
    )
    assert found is not None and "补正" in found[0] and "文件的文号" in found[1]
    assert not Letter.objects.exists()
    assert not Notification.objects.filter(event__kind=Event.Kind.SUPPLEMENT_REQUESTED).exists()
    assert mail.outbox == []
    application.refresh_from_db()
    assert application.status == "in_progress"
    # …and the letter it previewed is the one the step then issues.
    actions.do_request_supplement(cast.clerk, application, what="文件的文号", on=D(2021, 3, 2))
    letter = Letter.objects.get()
    assert (letter.title, letter.text) == found


@pytest.mark.parametrize(
    ("verb", "data", "words"),
    [
        ("supplement", {"supplement-on": "2021-03-02", "supplement-what": "文件的文号"}, "补正告知书"),
        ("reasons_asked", {"reasons_asked-on": "2021-03-04", "reasons_asked-what": "用途"}, "说明理由"),
        (
            "consultation",
            {
                "consultation-on": "2021-03-03",
                "consultation-kind": "third_party",
                "consultation-party": "某公司",
            },
            "意见征询函",
        ),
        ("decide", {"decide-on": "2021-03-10", "decide-outcome": "granted"}, "答复告知书"),
    ],
)
def test_the_preview_page_shows_the_letter_beside_the_form(
    cast: Cast, verb: str, data: dict[str, str], words: str
) -> None:
    application = register(cast.clerk, cast.agency, D(2021, 3, 1))
    client = Client()
    client.force_login(cast.approver)
    response = client.post(f"/workspace/applications/{application.pk}/{verb}/preview/", data)
    assert response.status_code == 200, response.content.decode()[:2000]
    page = response.content.decode()
    assert words in page and f'action="/workspace/applications/{application.pk}/{verb}/"' in page
    assert not Letter.objects.exists()


def test_a_preview_refused_by_the_step_names_the_field_in_chinese(cast: Cast) -> None:
    application = register(cast.clerk, cast.agency, D(2021, 3, 1))
    client = Client()
    client.force_login(cast.clerk)
    data = {"supplement-on": "2021-02-01", "supplement-what": "文号"}
    response = client.post(f"/workspace/applications/{application.pk}/supplement/preview/", data)
    assert response.status_code == 400
    assert "不能早于收到申请" in response.content.decode() or "收到" in response.content.decode()
    refused = client.post(
        f"/workspace/applications/{application.pk}/decide/preview/",
        {"decide-on": "2021-03-10", "decide-outcome": "granted"},
    )
    assert refused.status_code == 403
