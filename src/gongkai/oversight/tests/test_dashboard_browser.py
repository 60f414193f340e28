"""The dashboard seen in a browser on a desktop (1366 px) and a phone (390 px): no sideways scrolling on
the phone, no serious or critical axe-core violation; screenshots go to var/screenshots/dashboard/ to look at."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from django.utils import timezone

from gongkai.testing import Cast, sign_in_page

from .test_dashboard_queries import add_agencies

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
SCREENSHOTS = Path(__file__).resolve().parents[4] / "var" / "screenshots" / "dashboard"


@pytest.mark.parametrize(("width", "height"), [(1366, 900), (390, 844)])
def test_the_dashboard_fits_the_screen_and_passes_axe(
    cast: Cast, live_server: Any, new_page: Any, serious_violations: Any, width: int, height: int
) -> None:
    today = timezone.localdate()
    add_agencies(cast.district, 24, today.year - 1, today)
    page = new_page()
    page.set_viewport_size({"width": width, "height": height})
    sign_in_page(page, live_server.url, "oversight")
    page.goto(f"{live_server.url}/oversight/?year={today.year - 1}")
    assert page.locator("#agency-tree details").count() > 0
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / f"dashboard-{width}.png"), full_page=True)
    overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
    assert overflow <= 0, overflow
    violations = serious_violations(page)
    assert violations == [], "\n".join(violations)
