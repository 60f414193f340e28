"""The online form as steps (applications.apply_steps): who → what → how to receive → check → done. Nothing is
an application until it is submitted on the check page; answers can be changed from there; a refused step
says so at the top, in Chinese, with a link to the field; lapsed answers are dropped with a clear message."""

from __future__ import annotations

import datetime
import re
from typing import Any

import pytest
from django.test import Client
from django.utils import timezone

from gongkai.applications import apply_steps
from gongkai.applications.models import Application, Status
from gongkai.testing import Cast, apply_online

from .helpers import applicant

pytestmark = pytest.mark.django_db


def base(cast: Cast) -> str:
    return f"/agencies/{cast.agency.pk}/apply/"


def post_step(client: Client, cast: Cast, slug: str, fields: dict[str, Any], query: str = "") -> Any:
    step = apply_steps.BY_SLUG[slug]
    data = {name: fields[name] for name in step.fields if name in fields}
    return client.post(f"{base(cast)}{slug}/{query}", data, REMOTE_ADDR="198.51.100.20")


def test_the_whole_path_stores_nothing_until_submitted(cast: Cast) -> None:
    client = Client()
    fields = applicant(phone="13905731234")
    page = client.get(base(cast)).content.decode()
    assert "第1步，共3步" in page and "申请人信息" in page
    for slug, following in (("who", "what"), ("what", "receive"), ("receive", "check")):
        response = post_step(client, cast, slug, fields)
        assert (response.status_code, response["Location"]) == (302, f"{base(cast)}{following}/")
        assert not Application.objects.exists()
    check = client.get(f"{base(cast)}check/").content.decode()
    assert fields["applicant_name"] in check and fields["description"] in check
    assert check.count("修改") >= 3  # a change link per step
    assert "20个工作日" in check  # what happens next, from the clock's rules
    response = client.post(f"{base(cast)}check/", {}, REMOTE_ADDR="198.51.100.20")
    application = Application.objects.get()
    assert response["Location"] == f"/track/{application.tracking_code}/"
    assert (application.applicant_name, application.phone) == (fields["applicant_name"], "13905731234")
    assert application.status == Status.SUBMITTED and application.received_on is None
    done = client.get(response["Location"]).content.decode()
    assert application.tracking_code in done and "申请已提交" in done
    assert "接下来会怎样" in done and "第三十一条" in done
    due = apply_steps.next_steps(timezone.localdate()).due_if_confirmed_today
    assert due is not None and due.isoformat() in done  # by when, counted by the workday clock
    # The answers are gone from the session; the confirmation shows once.
    assert apply_steps.SESSION_KEY not in client.session or not client.session[apply_steps.SESSION_KEY]
    assert "申请已提交" not in client.get(response["Location"]).content.decode()
    # Submitting again (a second click, the back button) does not make a second application.
    again = client.post(f"{base(cast)}check/", {}, REMOTE_ADDR="198.51.100.20")
    assert again.status_code == 302 and Application.objects.count() == 1


def test_going_back_and_changing_an_answer(cast: Cast) -> None:
    client = Client()
    fields = applicant()
    for slug in ("who", "what", "receive"):
        post_step(client, cast, slug, fields)
    # The back link of each step leads to the one before; the first step's to the agency.
    who = client.get(f"{base(cast)}who/").content.decode()
    assert f'href="/agencies/{cast.agency.pk}/"' in who and fields["applicant_name"] in who
    receive = client.get(f"{base(cast)}receive/").content.decode()
    assert f'href="{base(cast)}what/"' in receive
    # Change from the check page: the step shows the answer given and returns to the check page.
    change = client.get(f"{base(cast)}what/?change=1").content.decode()
    assert fields["description"] in change and f'href="{base(cast)}check/"' in change
    response = post_step(client, cast, "what", {"description": "改为申请2024年度的资金分配结果"}, "?change=1")
    assert response["Location"] == f"{base(cast)}check/"
    assert "改为申请2024年度的资金分配结果" in client.get(f"{base(cast)}check/").content.decode()
    client.post(f"{base(cast)}check/", {}, REMOTE_ADDR="198.51.100.20")
    assert Application.objects.get().description == "改为申请2024年度的资金分配结果"


def test_a_refused_step_says_so_at_the_top_with_a_link_to_the_field_in_chinese(cast: Cast) -> None:
    client = Client()
    response = post_step(client, cast, "who", applicant(id_number="330411198507152310"))
    assert response.status_code == 200
    page = response.content.decode()
    summary = page[page.index("error-summary") : page.index("</div>", page.index("error-summary"))]
    assert "存在以下问题" in summary
    link = re.search(r'<a href="#id_id_number">([^<]+)</a>', summary)
    assert link is not None, summary
    assert "校验位" in link.group(1) and not re.search(r"[A-Za-z]{3,}", link.group(1))
    assert 'id="id_id_number"' in page  # the link's target is on the page
    assert page.index("error-summary") < page.index(f'action="{base(cast)}who/"')
    # Cross-field rules of a step still hold: e-mail delivery needs an address.
    response = post_step(client, cast, "receive", applicant(email="", delivery_wanted="email"))
    assert response.status_code == 302  # not yet: no earlier step is in the session
    assert response["Location"] == base(cast)
    post_step(client, cast, "who", applicant())
    post_step(client, cast, "what", applicant())
    response = post_step(client, cast, "receive", applicant(email="", delivery_wanted="email"))
    assert response.status_code == 200 and '<a href="#id_email">' in response.content.decode()
    assert not Application.objects.exists()


def test_a_step_cannot_be_skipped(cast: Cast) -> None:
    client = Client()
    post_step(client, cast, "who", applicant())
    response = client.get(f"{base(cast)}check/")
    assert response["Location"] == f"{base(cast)}what/"
    assert client.get(f"{base(cast)}nowhere/").status_code == 404


def test_answers_lapse_in_the_middle_with_a_clear_message_and_nothing_half_stored(
    cast: Cast, settings: Any
) -> None:
    client = Client()
    fields = applicant()
    post_step(client, cast, "who", fields)
    post_step(client, cast, "what", fields)
    # An hour and more without a step: the answers are dropped.
    session = client.session
    kept = session[apply_steps.SESSION_KEY]
    old = timezone.now() - datetime.timedelta(minutes=settings.GONGKAI_APPLY_SESSION_MINUTES + 1)
    kept[str(cast.agency.pk)]["touched"] = old.isoformat()
    session[apply_steps.SESSION_KEY] = kept
    session.save()
    response = post_step(client, cast, "receive", fields)
    assert response["Location"] == base(cast)
    page = client.get(response["Location"]).content.decode()
    assert "未能保留" in page and "重新填写" in page and "第1步" in page
    assert str(cast.agency.pk) not in client.session.get(apply_steps.SESSION_KEY, {})
    assert not Application.objects.exists()
    # The session itself ended (a new browser, cookies cleared): the check page starts again as well.
    fresh = Client()
    response = fresh.post(f"{base(cast)}check/", {}, REMOTE_ADDR="198.51.100.20")
    assert response["Location"] == base(cast)
    assert "未能保留" in fresh.get(base(cast)).content.decode()
    assert not Application.objects.exists()
    # Starting again works.
    assert apply_online(client, cast.agency.pk, fields).status_code == 302
    assert Application.objects.count() == 1


def test_the_rate_limit_still_answers_on_submitting(cast: Cast, settings: Any) -> None:
    settings.GONGKAI_INTAKE_RATE_LIMIT = (1, 600)
    assert apply_online(Client(), cast.agency.pk, applicant(), REMOTE_ADDR="203.0.113.9").status_code == 302
    client = Client()
    limited = apply_online(client, cast.agency.pk, applicant(), REMOTE_ADDR="203.0.113.9")
    assert limited.status_code == 429
    assert Application.objects.count() == 1
    # The answers are kept: after the wait, submitting again from the check page works.
    settings.GONGKAI_INTAKE_RATE_LIMIT = (5, 600)
    assert client.post(f"{base(cast)}check/", {}, REMOTE_ADDR="203.0.113.9").status_code == 302
    assert Application.objects.count() == 2


def test_the_tracking_page_tells_the_clock_in_plain_words(cast: Cast) -> None:
    from gongkai.applications import actions

    from .helpers import look_up

    client = Client()
    apply_online(client, cast.agency.pk, applicant(), REMOTE_ADDR="198.51.100.21")
    application = Application.objects.get()
    url = f"/track/{application.tracking_code}/"
    client.get(url)  # the confirmation, shown once
    page = client.get(url).content.decode()
    assert "等待行政机关确认收到申请" in page and "办理进度" in page
    today = timezone.localdate()
    actions.do_confirm_receipt(cast.clerk, application, today)
    actions.do_request_supplement(cast.clerk, application, on=today, what="请写明文件的文号")
    other = Client()
    look_up(other, application)
    page = other.get(url).content.decode()
    assert "收到申请" in page and "行政机关要求您补正申请（第三十条）" in page
    assert "暂停计算" in page and "暂无答复期限" in page
    # It names nobody: the applicant's name and the staff are not on the tracking page.
    assert application.applicant_name not in page and cast.clerk.username not in page
