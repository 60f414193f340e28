"""In a real browser: publish as clerk and approver, find the document on the portal; axe-core checks."""

from __future__ import annotations

import datetime

import pytest

from gongkai.catalog import actions
from gongkai.catalog.models import Document
from gongkai.testing import sign_in_page

from .helpers import publish

pytestmark = pytest.mark.browser


def test_clerk_drafts_approver_publishes_and_a_citizen_finds_it_by_a_two_character_word(
    cast, live_server, new_page
):
    base = live_server.url
    clerk = new_page()
    sign_in_page(clerk, base, "clerk")
    clerk.goto(f"{base}/workspace/agencies/{cast.agency.pk}/documents/new/")
    clerk.fill("#id_title", "关于申报2024年外贸企业出口信用保险补贴的通知")
    clerk.fill("#id_document_number", "秀经信商〔2024〕7号")
    clerk.fill("#id_body", "<p>各有关企业：现将出口信用保险保费补贴申报事项通知如下。</p>")
    clerk.click("main form button[type=submit]")
    clerk.click("form[action$='/submit/'] button")
    document = Document.objects.get()
    assert document.status == Document.Status.IN_REVIEW

    reviewer = new_page()  # 第十七条: the secrecy review before publication
    sign_in_page(reviewer, base, "secrecy_reviewer")
    reviewer.goto(clerk.url)
    reviewer.check("#id_secrecy-cleared_0")
    reviewer.click("form[action$='/secrecy_review/'] button")
    reviewer.wait_for_load_state()
    document.refresh_from_db()
    assert document.secrecy_cleared

    approver = new_page()
    sign_in_page(approver, base, "approver")
    approver.goto(clerk.url)
    approver.click("form[action$='/publish/'] button")
    approver.wait_for_load_state()
    document.refresh_from_db()
    assert document.status == Document.Status.PUBLISHED

    citizen = new_page()
    citizen.goto(f"{base}/search/")
    citizen.fill("#id_q", "补贴")
    citizen.press("#id_q", "Enter")
    citizen.wait_for_load_state()
    assert citizen.locator("ol.results mark").first.inner_text() == "补贴"
    citizen.click("ol.results h3 a")
    assert "秀经信商〔2024〕7号" in citizen.inner_text("table.doc-meta")


def test_portal_pages_have_no_serious_accessibility_violations(
    cast, live_server, new_page, serious_violations
):
    policy = publish(
        cast,
        "秀洲区外贸企业出口信用保险补贴实施办法",
        "<p>补贴办法正文。</p>",
        document_number="秀经信商〔2024〕1号",
    )
    base = live_server.url
    pages = [
        "/",
        f"/agencies/{cast.agency.pk}/catalog/",
        f"/agencies/{cast.agency.pk}/guide/",
        f"/agencies/{cast.agency.pk}/policies/",
        f"/agencies/{cast.agency.pk}/annual-reports/",
        f"/documents/{policy.pk}/",
        "/search/",
        "/search/?q=%E8%A1%A5%E8%B4%B4",
    ]
    page = new_page()
    found = {}
    for path in pages:
        page.goto(base + path)
        serious = serious_violations(page)
        if serious:
            found[path] = serious
    assert found == {}


def test_a_clerk_reads_a_published_document_and_a_refused_save_keeps_the_typing(
    cast, live_server, new_page, serious_violations
):
    """Issue 13, items 3 and 10, in the browser: no editable form on a published document for a clerk; a
    save refused because the draft was published meanwhile comes back with the typed title and the
    reason; the pages met on the way — the refusal, a 405 and a 404 — pass axe."""
    published = publish(cast, "已公开的补助办法", "<p>正文</p>", written_on=datetime.date(2019, 11, 30))
    draft = actions.do_create_document(cast.clerk, cast.agency, title="草稿标题", body="<p>草稿</p>")
    base = live_server.url
    clerk = new_page()
    sign_in_page(clerk, base, "clerk")

    clerk.goto(f"{base}/workspace/documents/{published.pk}/")
    assert clerk.locator("input[name=title]").count() == 0
    assert "2019-11-30" in clerk.inner_text("#details")
    assert serious_violations(clerk) == []

    clerk.goto(f"{base}/workspace/documents/{draft.pk}/")
    clerk.fill("#id_title", "经办人刚输入的新标题")
    actions.do_submit_document(cast.clerk, draft)
    actions.do_record_secrecy_review(cast.secrecy_reviewer, draft, cleared=True, on=datetime.date(2024, 6, 3))
    actions.do_publish_document(cast.approver, draft, datetime.date(2024, 6, 3))  # meanwhile
    with clerk.expect_navigation():
        clerk.click("#edit-heading ~ form button[type=submit]")
    assert clerk.input_value("#id_title") == "经办人刚输入的新标题"
    assert "只有本机关的审核人和机关管理员" in clerk.inner_text("ul.messages")
    assert serious_violations(clerk) == []

    for path, heading in (
        (f"/workspace/documents/{draft.pk}/publish/", "此地址只用于提交表单"),
        ("/no/such/page/", "页面不存在"),
    ):
        clerk.goto(base + path)
        assert clerk.inner_text("main h1") == heading
        assert serious_violations(clerk) == []
    clerk.click("main nav a >> nth=0")
    assert clerk.url == f"{base}/workspace/"
