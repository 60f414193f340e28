"""The annual-report API: ``POST /api/audit`` (a file or a web address) and the published reports, as
``gongkai.annual-report/1`` documents with their findings."""

from __future__ import annotations

import datetime
from typing import Any

import pytest
from django.core.cache import cache
from django.test import Client

from gongkai.annual_report.model import AnnualReport
from gongkai.applications.tests.helpers import register
from gongkai.reports import actions
from gongkai.reports.render import render_text
from gongkai.sample_reports import sample
from gongkai.testing import Cast
from gongkai.workdays.seed import seed_from_chinesecalendar

from .helpers import ready_to_publish
from .test_rules import consistent
from .website import Page, website

ON_TIME = datetime.datetime(2022, 1, 20, 9, 0, tzinfo=datetime.UTC)


@pytest.fixture(autouse=True)
def fresh_rate_limits() -> None:
    cache.clear()


def broken_report_text() -> bytes:
    report = consistent()
    report.reviews["reconsideration"]["total"] = 0
    return render_text(report).encode("gb18030")


def post_file(client: Client, name: str, data: bytes) -> Any:
    from django.core.files.uploadedfile import SimpleUploadedFile

    return client.post("/api/audit", {"file": SimpleUploadedFile(name, data)})


def test_an_uploaded_report_is_audited_and_its_findings_returned() -> None:
    response = post_file(Client(), "报告.txt", broken_report_text())

    assert response.status_code == 200, response.content
    (document,) = response.json()["reports"]
    assert document["schema"] == "gongkai.annual-report/1" and document["agency"] == "某市人民政府"
    assert AnnualReport.from_json(document).applications == consistent().applications
    assert [f["rule"] for f in document["findings"] if f["severity"] == "error"] == ["R4"]
    assert all(f["source"] == "报告.txt" for f in document["findings"])


def test_an_unreadable_upload_says_why() -> None:
    response = post_file(Client(), "空.pdf", b"%PDF-1.4 nothing")
    assert response.status_code == 200
    assert response.json() == {
        "reports": [],
        "unreadable": [{"file": "空.pdf", "error": response.json()["unreadable"][0]["error"]}],
    }
    assert "PDF" in response.json()["unreadable"][0]["error"]


def test_a_report_address_is_fetched_with_its_attachments(settings: Any) -> None:
    settings.GONGKAI_AUDIT_FETCH_PRIVATE_ADDRESSES = True  # the test's website is on this machine
    pages = {
        "/ndbg.html": Page("text/html", '<html><a href="/2024.pdf">附件</a></html>'.encode()),
        "/2024.pdf": Page("application/pdf", sample("hongze-qu-renmin-zhengfu-2024.pdf").read_bytes()),
    }
    with website(pages) as base:
        response = Client().post("/api/audit", {"url": base + "/ndbg.html"})

    assert response.status_code == 200, response.content
    (document,) = response.json()["reports"]
    assert document["file"] == base + "/2024.pdf" and document["year"] == 2024


def test_addresses_on_the_servers_own_network_are_refused() -> None:
    with website({"/r.txt": Page("text/plain", render_text(consistent()).encode())}) as base:
        response = Client().post("/api/audit", {"url": base + "/r.txt"})
    (unreadable,) = response.json()["unreadable"]
    assert response.json()["reports"] == [] and "内部网络" in unreadable["error"]


def test_a_file_or_an_address_is_needed_not_both() -> None:
    assert Client().post("/api/audit", {}).status_code == 400
    from django.core.files.uploadedfile import SimpleUploadedFile

    both = {"file": SimpleUploadedFile("a.txt", b"x"), "url": "https://example.gov.cn/"}
    response = Client().post("/api/audit", both)
    assert response.status_code == 400 and response.json()["detail"]


def test_a_file_over_the_size_limit_is_refused(settings: Any) -> None:
    settings.GONGKAI_AUDIT_MAX_BYTES = 1000
    response = post_file(Client(), "big.txt", b"0" * 2000)
    assert response.status_code == 413 and "MB" in response.json()["detail"]


def test_auditing_has_its_own_rate_limit() -> None:
    client = Client()
    codes = [post_file(client, "r.txt", b"x").status_code for _ in range(11)]
    assert codes[:10] == [200] * 10 and codes[10] == 429


@pytest.mark.django_db
def test_published_reports_are_readable_as_documents_and_drafts_are_not(cast: Cast) -> None:
    seed_from_chinesecalendar()
    register(cast.clerk, cast.agency, datetime.date(2021, 3, 1))
    published = ready_to_publish(
        cast.clerk, cast.approver, actions.do_build_report(cast.clerk, cast.agency, 2021), ON_TIME
    )
    actions.do_publish_report(cast.approver, published, now=ON_TIME)
    draft = actions.do_build_report(cast.clerk, cast.agency, 2022)
    client = Client()

    listing = client.get("/api/annual-reports/").json()
    assert [item["id"] for item in listing["items"]] == [published.pk] and listing["count"] == 1
    document = client.get(f"/api/annual-reports/{published.pk}").json()
    assert document["schema"] == "gongkai.annual-report/1" and document["year"] == 2021
    assert document["applications"]["new_received"]["natural_person"] == 1
    assert isinstance(document["findings"], list)
    assert client.get(f"/api/annual-reports/{draft.pk}").status_code == 404
    assert client.get("/api/annual-reports/", {"year": 2022}).json()["count"] == 0


def test_both_operations_are_in_the_openapi_schema() -> None:
    paths = Client().get("/api/openapi.json").json()["paths"]
    assert "post" in paths["/api/audit"] and "get" in paths["/api/annual-reports/{report_id}"]
