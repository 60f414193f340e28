"""Issue 13, item 2, in the browser: on 2 December 2026 the approver opens the 2025 draft, sees what stands
in the way, acknowledges the warning with a reason, reads the public version on the confirmation page,
confirms, and the portal shows the report; the 2026 draft cannot be published that day."""

from __future__ import annotations

import datetime
from typing import Any

import pytest

from gongkai.applications import actions as application_actions
from gongkai.applications.tests.helpers import register
from gongkai.reports import actions
from gongkai.reports.models import Report
from gongkai.reports.tests.helpers import write_problems
from gongkai.testing import Cast, sign_in_page
from gongkai.workdays.seed import seed_from_chinesecalendar

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
D = datetime.date
REASON = "本机关于2026年11月启用本平台，2025年度报告此前仅以纸质形式公开，现于门户网站补发。"


def test_the_approver_checks_confirms_and_publishes_last_years_report_but_not_this_years(
    cast: Cast, live_server: Any, new_page: Any, settings: Any, serious_violations: Any
) -> None:
    settings.GONGKAI_REPORTS_TODAY = D(2026, 12, 2)
    seed_from_chinesecalendar()
    for received, decided in ((D(2025, 3, 3), D(2025, 3, 13)), (D(2026, 3, 2), D(2026, 3, 12))):
        application = register(cast.clerk, cast.agency, received)
        application_actions.do_decide_application(cast.approver, application, outcome="granted", on=decided)
    last_year = write_problems(cast.clerk, actions.do_build_report(cast.clerk, cast.agency, 2025))
    this_year = write_problems(cast.clerk, actions.do_build_report(cast.clerk, cast.agency, 2026))
    base = live_server.url
    found: dict[str, list[str]] = {}

    def check(page: Any) -> None:
        serious = serious_violations(page)
        if serious:
            found[page.url] = serious

    page = new_page()
    sign_in_page(page, base, "approver")
    page.goto(f"{base}/workspace/agencies/{cast.agency.pk}/reports/")
    check(page)
    with page.expect_navigation():
        page.click(f"a[href='/workspace/reports/{last_year.pk}/']")
    checklist = page.locator("#checklist")
    assert "截至2026-12-02：尚有1项不满足发布条件。" in checklist.inner_text()
    assert "报告发布于2026-12-02，晚于2026-01-31的公布期限" in checklist.inner_text()
    assert page.locator(f"form[action='/workspace/reports/{last_year.pk}/publish/']").count() == 0
    check(page)

    page.get_by_label("仍予发布的理由").fill(REASON)
    with page.expect_navigation():
        page.get_by_role("button", name="确认该警告").click()
    assert "已确认该警告。" in page.content()
    assert "截至2026-12-02：已满足全部发布条件。" in page.locator("#checklist").inner_text()
    assert REASON in page.locator("#checklist").inner_text()

    with page.expect_navigation():
        page.get_by_role("link", name="审核公开版本并发布").click()
    assert page.url == f"{base}/workspace/reports/{last_year.pk}/publish/"
    public_version = page.locator("#public-version")
    assert public_version.locator("h1").inner_text() == "秀洲区经济信息商务局2025年度政府信息公开工作年度报告"
    assert "发布日期 2026-12-02" in public_version.inner_text()
    assert "一是依申请公开答复文书的规范性有待提高" in public_version.inner_text()
    check(page)
    confirmation = page.get_by_label("我已阅读报告的公开版本，同意发布。")
    assert confirmation.get_attribute("required") is not None and not confirmation.is_checked()
    page.get_by_label("我已阅读报告的公开版本，同意发布。").check()
    with page.expect_navigation():
        page.get_by_role("button", name="在门户网站发布").click()
    assert page.url == f"{base}/workspace/reports/{last_year.pk}/"
    assert "报告已在门户网站发布。" in page.content()
    assert Report.objects.get(pk=last_year.pk).is_published

    portal = new_page()
    portal.goto(f"{base}/agencies/{cast.agency.pk}/annual-reports/")
    check(portal)
    with portal.expect_navigation():
        portal.get_by_role("link", name="秀洲区经济信息商务局2025年度政府信息公开工作年度报告").click()
    assert portal.url == f"{base}/reports/{last_year.pk}/"
    assert "一是依申请公开答复文书的规范性有待提高" in portal.locator("article").inner_text()
    check(portal)

    page.goto(f"{base}/workspace/reports/{this_year.pk}/publish/")
    assert "2026年度尚未结束，该年度报告自2027-01-01起方可发布。" in page.locator("#checklist").inner_text()
    assert page.locator("#confirm-publication").count() == 0
    check(page)
    this_year.refresh_from_db()
    assert not this_year.is_published
    assert found == {}
