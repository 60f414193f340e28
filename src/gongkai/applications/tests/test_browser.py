"""The whole story in a real browser: a citizen applies, the clerk asks for a supplement, the citizen
supplies it, a consultation pauses the clock, the approver extends and decides, and the citizen downloads
the letters."""

from __future__ import annotations

import io
from pathlib import Path
from typing import Any

import pdfplumber
import pytest
from django.utils import timezone

from gongkai.agencies.actions import do_grant_role
from gongkai.agencies.models import Membership
from gongkai.applications.models import Application, Status
from gongkai.testing import Cast, sign_in_page
from gongkai.workdays.seed import seed_from_chinesecalendar

from .helpers import valid_id_number

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def sign_in(page: Any, base: str, username: str) -> None:
    sign_in_page(page, base, username)
    assert page.url == f"{base}/workspace/"


def submit(page: Any, selector: str) -> None:
    """Click a button that posts a form and wait for the page that answers."""
    with page.expect_navigation():
        page.click(selector)


def pdf_text(data: bytes) -> str:
    with pdfplumber.open(io.BytesIO(data)) as pdf:
        return "".join(page.extract_text() or "" for page in pdf.pages).replace("\n", "")


def step(page: Any, verb: str) -> None:
    """Open a step's own page from the case page's buttons."""
    submit(page, f"#do-{verb}")


def download(page: Any, link: Any) -> bytes:
    with page.expect_download() as info:
        link.click()
    return Path(info.value.path()).read_bytes()


def test_citizen_to_decision_in_the_browser(
    cast: Cast, live_server: Any, new_page: Any, settings: Any, tmp_path: Any
) -> None:
    settings.MEDIA_ROOT = tmp_path / "media"
    seed_from_chinesecalendar()
    base = live_server.url

    # The citizen applies online and gets a tracking code.
    citizen = new_page()
    citizen.goto(f"{base}/agencies/{cast.agency.pk}/")
    submit(citizen, "text=申请政府信息公开")
    citizen.select_option("#id_applicant_kind", "natural_person")
    citizen.fill("#id_applicant_name", "王小明")
    citizen.select_option("#id_id_document", "resident_id")
    citizen.fill("#id_id_number", valid_id_number())
    submit(citizen, "main form button[type=submit]")
    citizen.fill("#id_description", "2025年度秀洲区外贸发展专项资金分配结果")
    submit(citizen, "main form button[type=submit]")
    citizen.fill("#id_phone", "13905730001")
    citizen.fill("#id_email", "wang@example.org")
    citizen.select_option("#id_delivery_wanted", "email")
    submit(citizen, "main form button[type=submit]")
    submit(citizen, "main form button[type=submit]")
    citizen.wait_for_selector("#status")
    application = Application.objects.get()
    assert application.tracking_code in citizen.content()
    assert citizen.inner_text("#status") == "已提交，待确认收到"
    tracking_url = citizen.url

    # The clerk confirms receipt and asks for a supplement.
    clerk = new_page()
    sign_in(clerk, base, "clerk")
    clerk.goto(f"{base}/workspace/agencies/{cast.agency.pk}/applications/?filter=unconfirmed")
    submit(clerk, f"text={application.tracking_code}")
    step(clerk, "confirm")
    submit(clerk, "#action-confirm button")
    assert "已记录：确认收到" in clerk.inner_text(".messages")
    clerk.wait_for_selector("#due")
    first_due = clerk.inner_text("#due")
    assert first_due[:4].isdigit()
    step(clerk, "supplement")
    clerk.fill("#id_supplement-what", "请写明资金项目的名称和文号。")
    submit(clerk, "#action-supplement button")
    assert clerk.inner_text("#status") == "等待申请人补正"
    assert clerk.inner_text("#due") == "暂停计算：等待申请人补正（收到补正后重新计算）"

    # The citizen supplies it; the clock starts again.
    citizen.goto(tracking_url)
    assert citizen.inner_text("#due").startswith("暂停计算：等待您补正申请")
    assert "请写明资金项目的名称和文号" in citizen.content()
    citizen.fill("#id_text", "外贸发展专项资金，秀商务〔2025〕12号。")
    submit(citizen, "text=提交补正材料")
    assert citizen.inner_text("#status") == "办理中"
    application.refresh_from_db()
    assert application.supplement.received_on == timezone.localdate()
    restarted_due = application.due_on
    assert restarted_due is not None

    # A third-party consultation pauses it.
    clerk.reload()
    step(clerk, "consultation")
    clerk.select_option("#id_consultation-kind", "third_party")
    clerk.fill("#id_consultation-party", "嘉兴某某进出口有限公司")
    submit(clerk, "#action-consultation button")
    assert clerk.inner_text("#status") == "征求意见中"
    assert clerk.inner_text("#due").startswith("暂停计算：征求意见中（期间不计入）")
    step(clerk, "consultation_reply")
    clerk.select_option("#id_consultation_reply-reply", "objects")
    submit(clerk, "form[action$='consultation_reply/'] button")
    assert clerk.inner_text("#status") == "办理中"
    # The clerk cannot extend or decide: those forms are the approver's.
    assert clerk.query_selector("#do-extend") is None and clerk.query_selector("#do-decide") is None

    # The approver, who also heads the disclosure office (第三十三条第二款: its head consents to an
    # extension), extends the reply period and decides: partial disclosure.
    do_grant_role(cast.agency_admin, cast.approver, cast.agency, Membership.Role.DISCLOSURE_HEAD)
    approver = new_page()
    sign_in(approver, base, "approver")
    approver.goto(f"{base}/workspace/applications/{application.pk}/")
    step(approver, "extend")
    approver.fill("#id_extend-reason", "需要对涉及第三方商业秘密的内容进行区分处理。")
    submit(approver, "#action-extend button")
    application.refresh_from_db()
    assert application.extended and application.due_on and application.due_on > restarted_due
    extended_due = application.due_on
    assert extended_due.isoformat() in approver.inner_text("#due")
    step(approver, "decide")
    approver.select_option("#id_decide-outcome", "partially_granted")
    approver.fill("#id_decide-text", "涉及第三方商业秘密的部分不予公开，其余部分予以公开。")
    submit(approver, "#action-decide button")
    assert approver.inner_text("#status") == "已答复"

    # The citizen sees the decision and downloads the letters.
    citizen.reload()
    assert citizen.inner_text("#status") == "已答复"
    letters = citizen.inner_text("ul.letters")
    assert "延期答复告知书" in letters and "部分公开" in letters
    extension = citizen.locator("ul.letters li", has_text="延期答复告知书").locator("text=PDF")
    text = pdf_text(download(citizen, extension))
    assert f"{extended_due.year}年{extended_due.month}月{extended_due.day}日" in text
    reply = citizen.locator("ul.letters li", has_text="部分公开").locator("text=PDF")
    text = pdf_text(download(citizen, reply))
    assert "部分公开" in text and "其余部分予以公开" in text
    application.refresh_from_db()
    assert application.status == Status.DECIDED and application.outcome == "partially_granted"


def test_an_applicant_looks_the_application_up_again_with_the_code_and_the_phone(
    cast: Cast, live_server: Any, new_page: Any, serious_violations: Any
) -> None:
    base = live_server.url

    # The citizen applies and notes the tracking code the confirmation page shows.
    citizen = new_page()
    citizen.goto(f"{base}/agencies/{cast.agency.pk}/apply/")
    assert serious_violations(citizen) == []
    citizen.select_option("#id_applicant_kind", "natural_person")
    citizen.fill("#id_applicant_name", "王小明")
    citizen.select_option("#id_id_document", "resident_id")
    citizen.fill("#id_id_number", valid_id_number())
    submit(citizen, "main form button[type=submit]")
    citizen.fill("#id_description", "2025年度秀洲区外贸发展专项资金分配结果")
    submit(citizen, "main form button[type=submit]")
    citizen.fill("#id_phone", "13905734321")
    citizen.select_option("#id_delivery_wanted", "online")
    submit(citizen, "main form button[type=submit]")
    submit(citizen, "main form button[type=submit]")
    application = Application.objects.get()
    code = application.tracking_code
    assert citizen.url == f"{base}/track/{code}/"  # the address holds the code, no secret
    assert code in citizen.inner_text("#tracking-code") and "电话号码后四位" in citizen.inner_text("main")
    assert serious_violations(citizen) == []

    # Days later, on another computer: the page needs the look-up first.
    later = new_page()
    later.goto(f"{base}/track/{code}/")
    assert later.url == f"{base}/track/?code={code}"
    assert later.input_value("#id_code") == code
    assert serious_violations(later) == []

    # A wrong check: the form again, with the error in it and the code kept.
    later.fill("#id_check", "1234")
    submit(later, "main form button[type=submit]")
    assert later.url == f"{base}/track/"
    assert "没有与该申请编号和这四位数字相符的申请" in later.inner_text("[role=alert]")
    assert later.input_value("#id_code") == code
    assert later.input_value("#id_check") == "1234"
    assert serious_violations(later) == []

    # The right one: the application's page, with nothing secret in its address.
    later.fill("#id_check", "4321")
    submit(later, "main form button[type=submit]")
    assert later.url == f"{base}/track/{code}/"
    assert later.inner_text("#status") == "已提交，待确认收到"
    assert serious_violations(later) == []

    # Done on a shared computer: the look-up ends, and the page is closed again.
    submit(later, "text=在本机结束查询")
    assert later.url == f"{base}/track/"
    assert "已结束查询" in later.content()
    assert serious_violations(later) == []
    later.goto(f"{base}/track/{code}/")
    assert later.url == f"{base}/track/?code={code}"
