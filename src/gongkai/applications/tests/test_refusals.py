"""Issue 13, items 3 and 10, on the application page: a step refused to the user's role comes back with
what was typed and the reason; an unknown step is the site's 404 page, not an empty answer."""

from __future__ import annotations

import datetime
from typing import Any

import pytest
from django.test import Client

from gongkai.applications.models import Application
from gongkai.testing import Cast, one, page_of
from gongkai.workdays.seed import seed_from_chinesecalendar

from .helpers import register

pytestmark = pytest.mark.django_db


@pytest.fixture
def application(cast: Cast) -> Application:
    seed_from_chinesecalendar()
    return register(cast.clerk, cast.agency, datetime.date.today() - datetime.timedelta(days=3))


def signed_in(user: Any) -> Client:
    client = Client()
    client.force_login(user)
    return client


def test_an_extension_refused_to_a_clerk_keeps_the_reason_typed(cast: Cast, application: Application) -> None:
    response = signed_in(cast.clerk).post(
        f"/workspace/applications/{application.pk}/extend/",
        {"extend-on": datetime.date.today().isoformat(), "extend-reason": "涉及多个科室，需要协调"},
    )
    assert response.status_code == 403
    page = page_of(response)
    kept = one(page, "form[action$='/extend/']")
    assert one(kept, "textarea[name=extend-reason]").get_text().strip() == "涉及多个科室，需要协调"
    assert "政府信息公开工作机构负责人" in one(page, "ul.messages").get_text()  # 第三十三条第二款
    application.refresh_from_db()
    assert not application.extended


def test_a_registration_refused_to_the_oversight_office_keeps_the_input(cast: Cast) -> None:
    client = signed_in(cast.oversight)
    assert client.get(f"/workspace/agencies/{cast.agency.pk}/applications/new/").status_code == 403
    response = client.post(
        f"/workspace/agencies/{cast.agency.pk}/applications/new/", {"applicant_name": "王小明"}
    )
    assert response.status_code == 403
    page = page_of(response)
    assert one(page, "input[name=applicant_name]")["value"] == "王小明"
    assert not Application.objects.exists()


def test_an_unknown_step_is_the_sites_404_page_leading_back_to_the_application(
    cast: Cast, application: Application
) -> None:
    response = signed_in(cast.clerk).post(f"/workspace/applications/{application.pk}/frobnicate/")
    assert response.status_code == 404
    page = page_of(response)
    assert one(page, "h1").get_text() == "页面不存在"
    assert one(page, f"main a[href='/workspace/applications/{application.pk}/']") is not None
