"""The bar of issue 7: an oversight user uploads the fixture reports as a ZIP, watches the progress, and sees
the failing reports flagged with the same findings ``gongkai audit`` prints."""

from __future__ import annotations

import json
import threading
from pathlib import Path
from typing import Any

import pytest
from django.db import connection

from gongkai.oversight.models import AuditJob
from gongkai.oversight.tasks import run_audit_job
from gongkai.testing import Cast, sign_in_page

from .helpers import cli_findings, fixtures_zip

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_oversight_uploads_a_zip_and_sees_the_failing_reports(
    cast: Cast, live_server: Any, new_page: Any, settings: Any, tmp_path: Path
) -> None:
    settings.MEDIA_ROOT = tmp_path / "media"
    archive = tmp_path / "秀洲区部门报告.zip"
    archive.write_bytes(fixtures_zip())
    expected = cli_findings()
    base = live_server.url

    page = new_page()
    sign_in_page(page, base, "oversight")
    with page.expect_navigation():
        page.click("main a[href='/oversight/']")  # the workspace's link to the dashboard
    with page.expect_navigation():
        page.click("a[href='/oversight/audits/']")
    page.set_input_files("input[type=file]", str(archive))
    with page.expect_navigation():
        page.click("#audit-upload button[type=submit]")

    # Queued: the page shows the progress bar at 0 and keeps asking for progress.
    job = AuditJob.objects.get()
    assert page.url == f"{base}/oversight/audits/{job.pk}/"
    assert page.get_attribute("#audit-bar", "value") == "0"
    seen: list[int] = []
    page.on(
        "response",
        lambda response: seen.append(response.status) if response.url.endswith("progress.json") else None,
    )

    # The worker runs the audit; the page follows it without being reloaded by the test.
    def work() -> None:
        try:
            run_audit_job.call(job.pk)
        finally:
            connection.close()

    worker = threading.Thread(target=work)
    worker.start()
    page.wait_for_selector("#audit-summary", timeout=120_000)
    worker.join()
    assert seen and all(status == 200 for status in seen)
    assert page.get_attribute("#audit-bar", "value") == "100"

    failing = {
        name for name, found in expected.items() if any(severity == "error" for _r, severity, _m in found)
    }
    assert failing
    for file in AuditJob.objects.get().files.order_by("position"):
        row = page.locator(f"#file-{file.position}")
        name = Path(file.name).name
        text = row.inner_text()
        if name in failing:
            assert row.get_attribute("class") == "failing"
            assert row.locator("strong.flag").count() == 1
        else:
            assert row.get_attribute("class") == "passing"
        for rule, _severity, message in expected[name]:
            assert rule in text and message in text

    # A finding leads to the cells it names.
    first = next(
        file for file in AuditJob.objects.get().files.order_by("position") if Path(file.name).name in failing
    )
    with page.expect_navigation():
        page.locator(f"#file-{first.position} ul.findings a").first.click()
    assert page.locator("td.flagged").count() >= 1


def test_oversight_and_open_data_pages_have_no_serious_accessibility_violations(
    cast: Cast, live_server: Any, new_page: Any, settings: Any, tmp_path: Path, serious_violations: Any
) -> None:
    from django.core.files.uploadedfile import SimpleUploadedFile

    from gongkai.oversight.actions import do_start_audit_job
    from gongkai.reports import actions as reports

    from .helpers import balanced_report

    settings.MEDIA_ROOT = tmp_path / "media"
    for year in (2020, 2021):
        reports.do_import_report(cast.approver, cast.agency, balanced_report(cast.agency.name, year))
    broken = balanced_report(cast.agency.name, 2022)
    broken.applications["granted"]["total"] = 7
    upload = SimpleUploadedFile("2022.json", json.dumps(broken.to_json(), ensure_ascii=False).encode())
    job = do_start_audit_job(cast.oversight, cast.district, [("2022.json", upload)])
    run_audit_job.call(job.pk)
    base = live_server.url
    page = new_page()
    sign_in_page(page, base, "oversight")
    found = {}
    for path in (
        "/oversight/?year=2021",
        "/oversight/summary/?year=2021",
        "/oversight/audits/",
        f"/oversight/audits/{job.pk}/",
        f"/oversight/audits/{job.pk}/files/1/",
        "/open-data/",
        f"/open-data/trends/{cast.agency.pk}/",
    ):
        page.goto(base + path)
        serious = serious_violations(page)
        if serious:
            found[path] = serious
    assert found == {}


def test_without_javascript_the_job_page_refreshes_itself_until_done(
    cast: Cast, live_server: Any, browser: Any, settings: Any, tmp_path: Path
) -> None:
    settings.MEDIA_ROOT = tmp_path / "media"
    archive = tmp_path / "reports.zip"
    archive.write_bytes(fixtures_zip())
    context = browser.new_context(locale="zh-CN", java_script_enabled=False)
    try:
        page = context.new_page()
        page.set_default_timeout(15000)
        base = live_server.url
        sign_in_page(page, base, "oversight")
        page.goto(f"{base}/oversight/audits/")
        page.set_input_files("input[type=file]", str(archive))
        with page.expect_navigation():
            page.click("#audit-upload button[type=submit]")
        job = AuditJob.objects.get()
        assert page.locator("#audit-summary").count() == 0
        run_audit_job.call(job.pk)
        # The <noscript> refresh brings the results within a few seconds.
        page.wait_for_selector("#audit-summary", timeout=20_000)
        assert page.locator("tr.failing").count() == len(
            [name for name, found in cli_findings().items() if any(f[1] == "error" for f in found)]
        )
    finally:
        context.close()
