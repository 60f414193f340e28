"""In a browser: the oversight office opens an application, sees the applicant's contact details masked,
gives a reason and sees them in clear; the page passes axe before and after."""

from __future__ import annotations

from typing import Any

import pytest
from django.utils import timezone

from gongkai.applications.models import Event
from gongkai.applications.tests.helpers import register
from gongkai.testing import Cast, sign_in_page

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_the_oversight_office_reveals_an_applicants_contact_with_a_reason(
    cast: Cast, live_server: Any, new_page: Any, serious_violations: Any
) -> None:
    application = register(cast.clerk, cast.agency, timezone.localdate(), phone="13912345678")
    page = new_page()
    sign_in_page(page, live_server.url, "oversight")
    page.goto(f"{live_server.url}/workspace/applications/{application.pk}/")
    assert "139****5678" in page.inner_text("#contact")
    assert serious_violations(page) == []

    page.get_by_label("理由").fill("   ")  # no reason (the browser itself refuses an empty field)
    with page.expect_navigation():
        page.click("#reveal button[type=submit]")
    assert "请填写查看申请人个人信息的理由。" in page.inner_text("#reveal")
    assert serious_violations(page) == []

    page.get_by_label("理由").fill("电话答复投诉")
    with page.expect_navigation():
        page.click("#reveal button[type=submit]")
    assert "13912345678" in page.inner_text("#contact")
    assert page.locator("#reveal").count() == 0
    assert "电话答复投诉" in page.inner_text(".history")
    assert serious_violations(page) == []
    assert Event.objects.filter(kind=Event.Kind.PERSONAL_DATA_REVEALED, actor=cast.oversight).count() == 1
