"""The report editor in the browser, at a desktop (1366 px) and a phone (390 px) width: every section, a
finding at its cell, a cell's provenance opening in the side panel, the live character count, the versions
compared and the marked preview before publishing — no serious or critical axe violation, nothing wider
than the phone. Screenshots go to ``var/screenshots/`` (look at them)."""

from __future__ import annotations

import datetime
from pathlib import Path
from typing import Any

import pytest

from gongkai.applications import actions as application_actions
from gongkai.applications.tests.helpers import register
from gongkai.reports import actions
from gongkai.reports.models import Report
from gongkai.testing import Cast, sign_in_page
from gongkai.workdays.seed import seed_from_chinesecalendar

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
D = datetime.date
SCREENSHOTS = Path(__file__).resolve().parents[4] / "var" / "screenshots"
WIDTHS = ((1366, 900), (390, 844))
# What sticks out of the screen: the elements whose right edge is beyond it (an absolutely positioned one
# in a scrolled table, such as a .visually-hidden text, escapes the scroller unless its cell is positioned).
WIDEST = """(width) => [...document.querySelectorAll('body *')]
  .filter((e) => e.getBoundingClientRect().right > width + 1 && getComputedStyle(e).position !== 'fixed'
    && (getComputedStyle(e).position === 'absolute' || !e.parentElement.closest('.table-responsive, .gk-report__scroll')))
  .slice(0, 5).map((e) => e.tagName + '.' + e.className + ' ' + Math.round(e.getBoundingClientRect().right))"""


def test_the_report_editor_at_desktop_and_phone_widths(
    cast: Cast, live_server: Any, new_page: Any, settings: Any, serious_violations: Any
) -> None:
    settings.GONGKAI_REPORTS_TODAY = D(2026, 12, 2)
    seed_from_chinesecalendar()
    for received, decided in ((D(2025, 3, 3), D(2025, 3, 13)), (D(2025, 6, 2), D(2025, 6, 12))):
        application = register(cast.clerk, cast.agency, received)
        application_actions.do_decide_application(cast.approver, application, outcome="granted", on=decided)
    record = actions.do_build_report(cast.clerk, cast.agency, 2025)
    actions.do_edit_narrative(
        cast.clerk,
        record,
        overview=record.overview + "\n本机关进一步规范了依申请公开的办理流程。",
        problems=record.problems,
        other=record.other,
    )
    # A number that breaks its row's sum: the rule check names the cell.
    applications = {key: dict(value) for key, value in record.data["applications"].items()}
    applications["new_received"]["total"] = 9
    Report.objects.filter(pk=record.pk).update(data={**record.data, "applications": applications})
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    base = live_server.url
    violations: dict[str, list[str]] = {}
    overflow: dict[str, int] = {}

    page = new_page()
    sign_in_page(page, base, "approver")
    for width, height in WIDTHS:
        page.set_viewport_size({"width": width, "height": height})
        for name, url in (
            ("report-editor", f"/workspace/reports/{record.pk}/"),
            ("report-diff", f"/workspace/reports/{record.pk}/diff/"),
            ("report-publish", f"/workspace/reports/{record.pk}/publish/"),
            ("report-cell", f"/workspace/reports/{record.pk}/cells/applications.new_received.total/"),
        ):
            page.goto(base + url)
            page.screenshot(path=str(SCREENSHOTS / f"{name}-{width}.png"), full_page=True)
            violations.update({f"{url} @{width}": found for found in [serious_violations(page)] if found})
            scroll = page.evaluate("document.documentElement.scrollWidth")
            if scroll > width:
                overflow[f"{url} @{width}"] = page.evaluate(WIDEST, width)

        page.goto(f"{base}/workspace/reports/{record.pk}/")
        cell = page.locator("td[id='cell-applications.new_received.total']")
        assert "table-danger" in (cell.get_attribute("class") or "") or "table-warning" in (
            cell.get_attribute("class") or ""
        )
        assert "R" in cell.locator(".badge").first.inner_text()
        assert page.locator("#section-二 table").count() >= 1
        # The provenance opens in the side panel, without leaving the page.
        cell.locator("a").first.click()
        panel = page.locator("#cell-panel")
        panel.locator("#cell-provenance").wait_for()
        page.locator("#cell-panel.show:not(.showing)").wait_for()  # slid in
        assert panel.is_visible() and page.url == f"{base}/workspace/reports/{record.pk}/"
        assert "按业务记录统计" in panel.inner_text()
        page.screenshot(path=str(SCREENSHOTS / f"report-editor-panel-{width}.png"))
        violations.update({f"panel @{width}": found for found in [serious_violations(page)] if found})
        panel.get_by_role("button", name="关闭").click()
        # The live character count.
        overview = page.locator("#id_overview")
        overview.fill("一二三")
        assert page.locator("#count-overview").inner_text() == "3个字符"

    assert not violations, violations
    assert not overflow, overflow
