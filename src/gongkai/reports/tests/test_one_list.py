"""Issue 13, item 13: an agency's annual reports have one public list. Every link on the portal that leads
to a list of the agency's annual reports is the same address, and that list holds both the reports
published through gongkai and those filed in the catalog under 年度报告; the list's first address
redirects there for good (it may be bookmarked)."""

from __future__ import annotations

import html
import re

import pytest
from django.test import Client
from django.urls import resolve, reverse

from gongkai.annual_report.formats import f2021
from gongkai.annual_report.model import empty_report
from gongkai.catalog.models import Genre
from gongkai.catalog.tests.helpers import publish
from gongkai.reports import actions
from gongkai.testing import Cast

pytestmark = pytest.mark.django_db
LINK = re.compile(r'<a\s[^>]*href="(/[^"]*)"')
H1 = re.compile(r"<h1[^>]*>(.*?)</h1>", re.S)
# Pages that show one report or one document: their heading names an annual report, not a list of them.
SINGLE = {"portal_report", "document_detail"}


def test_every_link_to_an_agencys_annual_reports_is_the_one_list(cast: Cast) -> None:
    report = empty_report(f2021.FORMAT, cast.agency.name, 2023)
    record = actions.do_import_report(cast.approver, cast.agency, report)
    document = publish(
        cast,
        "秀洲区经济信息商务局2019年政府信息公开工作年度报告",
        genre=Genre.objects.get(code="annual_report"),
    )
    pk = cast.agency.pk
    canonical = reverse("portal_reports", args=[pk])
    client = Client()
    pages = [
        "/",
        f"/agencies/{pk}/",
        f"/agencies/{pk}/catalog/",
        f"/agencies/{pk}/guide/",
        f"/agencies/{pk}/policies/",
        canonical,
        f"/reports/{record.pk}/",
        f"/documents/{document.pk}/",
        f"/open-data/trends/{pk}/",
        "/search/?q=年度报告",
    ]
    to_a_list: dict[str, set[str]] = {}  # link → the pages it is on
    landing: dict[str, tuple[str, str]] = {}
    for page in pages:
        response = client.get(page)
        assert response.status_code == 200, page
        for href in {html.unescape(link) for link in LINK.findall(response.content.decode())}:
            if href not in landing:
                followed = client.get(href, follow=True)
                final = followed.request["PATH_INFO"]
                is_page = followed.status_code == 200 and followed["Content-Type"].startswith("text/html")
                found = H1.search(followed.content.decode()) if is_page else None
                landing[href] = (final, found.group(1) if found else "")
            final, heading = landing[href]
            if "年度报告" in heading and resolve(final).url_name not in SINGLE and f"/{pk}/" in final:
                to_a_list.setdefault(href, set()).add(page)
    assert set(to_a_list) == {canonical}, to_a_list
    assert len(to_a_list[canonical]) >= 5  # the agency page, its tabs, a report, the trends page

    listing = client.get(canonical).content.decode()
    assert f"/reports/{record.pk}/" in listing and f"/documents/{document.pk}/" in listing


def test_the_lists_first_address_moves_for_good_to_the_one_list(cast: Cast) -> None:
    response = Client().get(f"/agencies/{cast.agency.pk}/reports/")
    assert response.status_code == 301
    assert response["Location"] == f"/agencies/{cast.agency.pk}/annual-reports/"


def test_the_list_says_when_there_is_no_annual_report_and_lists_catalog_filed_ones_alone(cast: Cast) -> None:
    url = f"/agencies/{cast.agency.pk}/annual-reports/"
    assert "尚未发布年度报告。" in Client().get(url).content.decode()
    publish(cast, "2019年度报告", genre=Genre.objects.get(code="annual_report"))
    page = Client().get(url).content.decode()
    assert (
        "尚未发布年度报告。" not in page and "政府信息公开目录中的年度报告" in page and "2019年度报告" in page
    )
