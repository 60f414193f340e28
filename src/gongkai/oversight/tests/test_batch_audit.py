"""An oversight office uploads the departments' published reports; the background audit finds what
``gongkai audit`` finds, file by file, with progress recorded as it goes."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.test import Client

from gongkai.oversight.actions import do_start_audit_job
from gongkai.oversight.models import AuditFile, AuditJob
from gongkai.oversight.tasks import run_audit_job
from gongkai.reports import actions as reports
from gongkai.testing import Cast

from .helpers import balanced_report, cli_findings, fixtures_zip, upload

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def media(settings: Any, tmp_path: Path) -> Path:
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


def signed_in(user: Any) -> Client:
    client = Client()
    client.force_login(user)
    return client


def test_the_background_audit_finds_what_gongkai_audit_prints(cast: Cast, media: Path) -> None:
    client = signed_in(cast.oversight)
    response = upload(client, "reports.zip", fixtures_zip())
    job = AuditJob.objects.get()
    assert response.status_code == 302 and response["Location"] == f"/oversight/audits/{job.pk}/"
    assert job.status == AuditJob.Status.QUEUED and job.scope == cast.district
    # README and expected results are not reports; everything stays inside the job's directory.
    assert job.total == len(cli_findings())
    assert all(
        (media / file.stored).resolve().is_relative_to(media / job.storage_dir()) for file in job.files.all()
    )

    run_audit_job.call(job.pk)

    job.refresh_from_db()
    assert (job.status, job.read, job.checked, job.percent) == ("done", job.total, job.total, 100)
    expected = cli_findings()
    for file in job.files.all():
        name = Path(file.name).name
        assert [(f["rule"], f["severity"], f["message"]) for f in file.findings] == expected[name], name
    failing = {Path(file.name).name for file in job.files.all() if not file.ok}
    assert failing == {name for name, found in expected.items() if any(f[1] == "error" for f in found)}
    assert failing  # the fixtures include failing reports


def test_the_job_page_flags_failing_reports_and_links_findings_to_cells(cast: Cast) -> None:
    client = signed_in(cast.oversight)
    upload(client, "reports.zip", fixtures_zip())
    job = AuditJob.objects.get()
    page = client.get(f"/oversight/audits/{job.pk}/").content.decode()
    assert 'id="audit-bar" max="100" value="0"' in page and 'http-equiv="refresh"' in page
    run_audit_job.call(job.pk)
    page = client.get(f"/oversight/audits/{job.pk}/").content.decode()
    failing = job.files.filter(errors__gt=0).first()
    assert failing is not None
    assert f'id="file-{failing.position}"' in page
    assert failing.findings[0]["message"] in page
    detail = client.get(f"/oversight/audits/{job.pk}/files/{failing.position}/").content.decode()
    for cell in failing.findings[0]["cells"]:
        if cell.startswith(("applications.", "reviews.")):
            assert f'href="#cell-{cell}"' in detail
            assert f'id="cell-{cell}" class="flagged"' in detail


FINDING = re.compile(r'<li class="finding severity-(\w+)"[^>]*><span class="severity-label">([^<]+)</span>')
SEVERITY_WORDS = {"error": "错误", "warning": "警告", "info": "提示"}


def test_every_finding_says_its_severity_in_a_class_and_in_words(cast: Cast) -> None:
    """Issue 13: on the batch audit, warnings were red and errors plain (no rule for errors). Every
    finding, on the job page and on each file's page, has the class the stylesheet styles and its
    severity in words, in the order stored."""
    client = signed_in(cast.oversight)
    upload(client, "reports.zip", fixtures_zip())
    job = AuditJob.objects.get()
    run_audit_job.call(job.pk)
    files = list(job.files.exclude(findings=[]))
    severities = {finding["severity"] for file in files for finding in file.findings}
    assert {"error", "warning"} <= severities  # the fixtures have both
    job_page = client.get(f"/oversight/audits/{job.pk}/").content.decode()
    expected = [finding["severity"] for file in files for finding in file.findings]
    assert [severity for severity, _word in FINDING.findall(job_page)] == expected
    for file in files:
        page = client.get(f"/oversight/audits/{job.pk}/files/{file.position}/").content.decode()
        shown = FINDING.findall(page)
        assert shown == [(f["severity"], SEVERITY_WORDS[f["severity"]]) for f in file.findings]


def test_an_unreadable_file_says_why(cast: Cast) -> None:
    job = do_start_audit_job(
        cast.oversight, cast.district, [("空白.txt", SimpleUploadedFile("空白.txt", b"nothing"))]
    )
    run_audit_job.call(job.pk)
    file = AuditFile.objects.get(job=job)
    assert file.done and not file.readable and file.cannot_read
    page = signed_in(cast.oversight).get(f"/oversight/audits/{job.pk}/").content.decode()
    assert file.cannot_read in page


def test_progress_is_served_as_json_while_queued_and_when_done(cast: Cast) -> None:
    client = signed_in(cast.oversight)
    job = do_start_audit_job(cast.oversight, cast.district, [("a.txt", SimpleUploadedFile("a.txt", b"x"))])
    assert client.get(f"/oversight/audits/{job.pk}/progress.json").json()["status"] == "queued"
    run_audit_job.call(job.pk)
    progress = client.get(f"/oversight/audits/{job.pk}/progress.json").json()
    assert progress == {**progress, "status": "done", "total": 1, "read": 1, "checked": 1, "percent": 100}
    assert progress["finished"] is True


def test_htmx_polls_the_progress_fragment_and_reloads_the_page_when_the_audit_is_done(cast: Cast) -> None:
    client = signed_in(cast.oversight)
    job = do_start_audit_job(cast.oversight, cast.district, [("a.txt", SimpleUploadedFile("a.txt", b"x"))])
    url = f"/oversight/audits/{job.pk}/progress.json"
    page = client.get(f"/oversight/audits/{job.pk}/").content.decode()
    assert f'hx-get="{url}"' in page and 'hx-trigger="every 1s"' in page
    assert f'href="/oversight/audits/{job.pk}/">' in page  # the refresh link without JavaScript
    running = client.get(url, headers={"HX-Request": "true"})
    assert 'id="audit-bar" max="100" value="0"' in running.content.decode() and "HX-Refresh" not in running
    run_audit_job.call(job.pk)
    done = client.get(url, headers={"HX-Request": "true"})
    assert done["HX-Refresh"] == "true" and "hx-get" not in done.content.decode()


@pytest.mark.django_db(transaction=True)
def test_the_worker_runs_queued_audits_once(cast: Cast) -> None:
    # Committed for real (the worker closes stale connections between polls, as in production).
    client = signed_in(cast.oversight)
    response = client.post(
        "/oversight/audits/",
        {"reports": [SimpleUploadedFile("a.txt", b"x"), SimpleUploadedFile("b.md", b"y")]},
    )
    assert response.status_code == 302
    call_command("worker", "--once")
    job = AuditJob.objects.get()
    assert (job.status, job.checked) == ("done", 2)
    # Claimed with a conditional update: running it again does nothing.
    assert run_audit_job.call(job.pk) == {"files": 0}


def test_an_upload_without_reports_is_refused_and_leaves_nothing(cast: Cast, media: Path) -> None:
    response = upload(signed_in(cast.oversight), "photo.png", b"\x89PNG")
    assert response.status_code == 200
    assert 'class="errorlist' in response.content.decode()
    assert not AuditJob.objects.exists()
    assert not any(media.rglob("*.png"))


@pytest.mark.parametrize("who", ["clerk", "approver", "agency_admin", "outsider"])
def test_batch_audit_is_for_oversight_offices_only(cast: Cast, who: str) -> None:
    owner = signed_in(cast.oversight)
    job = do_start_audit_job(cast.oversight, cast.district, [("a.txt", SimpleUploadedFile("a.txt", b"x"))])
    assert owner.get(f"/oversight/audits/{job.pk}/").status_code == 200
    client = signed_in(getattr(cast, who))
    assert client.get("/oversight/audits/").status_code == 404
    assert client.get(f"/oversight/audits/{job.pk}/").status_code == 404
    assert client.get(f"/oversight/audits/{job.pk}/progress.json").status_code == 404
    assert Client().get(f"/oversight/audits/{job.pk}/").status_code == 302  # to sign in


def test_another_districts_oversight_cannot_see_the_job(cast: Cast) -> None:
    from gongkai.agencies.models import Membership
    from gongkai.testing import make_user

    other = make_user("nanhu_oversight", cast.outside_district, Membership.Role.OVERSIGHT)
    job = do_start_audit_job(cast.oversight, cast.district, [("a.txt", SimpleUploadedFile("a.txt", b"x"))])
    assert signed_in(other).get(f"/oversight/audits/{job.pk}/").status_code == 404
    assert signed_in(cast.superuser).get(f"/oversight/audits/{job.pk}/").status_code == 200


def test_published_numbers_are_compared_with_the_agencys_records(cast: Cast) -> None:
    # 秀洲区经济信息商务局 keeps its records in gongkai: its 2019 report built from them has no applications;
    # the report it published says 3 were received and granted.
    recorded = reports.do_build_report(cast.clerk, cast.agency, 2019)
    published = json.dumps(balanced_report(cast.agency.name, 2019, received=3).to_json(), ensure_ascii=False)
    job = do_start_audit_job(
        cast.oversight, cast.district, [("2019.json", SimpleUploadedFile("2019.json", published.encode()))]
    )
    run_audit_job.call(job.pk)
    file = job.files.get()
    assert file.agency == cast.agency and file.readable
    page = signed_in(cast.oversight).get(f"/oversight/audits/{job.pk}/files/1/").content.decode()
    assert 'id="differences"' in page
    for cell in ("new_received", "granted", "total_processed"):
        link = f'href="/workspace/reports/{recorded.pk}/cells/applications.{cell}.total/"'
        assert link in page
    assert "applications.carried_over.total" not in page.split('id="differences"')[1]


def test_no_comparison_where_the_agency_keeps_no_records_here(cast: Cast) -> None:
    published = json.dumps(balanced_report(cast.agency.name, 2019).to_json(), ensure_ascii=False)
    job = do_start_audit_job(
        cast.oversight, cast.district, [("2019.json", SimpleUploadedFile("2019.json", published.encode()))]
    )
    run_audit_job.call(job.pk)
    page = signed_in(cast.oversight).get(f"/oversight/audits/{job.pk}/files/1/").content.decode()
    assert "differences" not in page


def test_a_job_abandoned_by_a_dead_worker_is_claimed_again(cast: Cast, settings: Any) -> None:
    import datetime

    from django.utils import timezone

    from gongkai.oversight.actions import do_claim_audit_job

    settings.GONGKAI_WORKER_STALE_SECONDS = 900
    job = do_start_audit_job(cast.oversight, cast.district, [("a.txt", SimpleUploadedFile("a.txt", b"x"))])
    started = timezone.now()
    assert do_claim_audit_job(job.pk, now=started)
    assert not do_claim_audit_job(job.pk, now=started + datetime.timedelta(seconds=60))  # still running
    assert do_claim_audit_job(job.pk, now=started + datetime.timedelta(seconds=901))  # its worker died
