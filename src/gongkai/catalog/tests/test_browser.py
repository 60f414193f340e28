"""In a real browser: publish as clerk and approver, find the document on the portal; axe-core checks."""

from __future__ import annotations

import pytest

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
