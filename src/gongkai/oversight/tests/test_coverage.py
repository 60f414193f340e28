"""条例第二十条: the items an agency must publish proactively, checked per agency on the oversight dashboard.

第二十条 行政机关应当依照本条例第十九条的规定，主动公开本行政机关的下列政府信息：（一）行政法规、规章和规范性文件；……
（五）办理行政许可和其他对外管理服务事项的依据、条件、程序以及办理结果；（六）实施行政处罚、行政强制的依据、条件、程序
……（七）财政预算、决算信息；（八）行政事业性收费项目及其依据、标准；……
"""

from __future__ import annotations

import datetime
from typing import Any

import pytest
from django.test import Client
from django.utils import timezone

from gongkai.agencies.models import Agency
from gongkai.catalog import actions
from gongkai.catalog.disclosure import REQUIRED_ITEMS, missing_items, required_items
from gongkai.catalog.models import Article20Item
from gongkai.catalog.tests.helpers import publish
from gongkai.oversight import dashboard as board
from gongkai.testing import Cast

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("level", "may_make_rules", "covered", "missing"),
    [
        ("department", False, (), ["normative_documents", "licensing", "penalty", "budget", "fees"]),
        ("department", False, ("licensing", "budget", "fees", "penalty"), ["normative_documents"]),
        ("department", False, ("normative_documents", "licensing", "penalty", "budget", "fees"), []),
        # 规章 only where the agency may make them (立法法第九十三条)
        ("city", True, (), ["rules", *required_items("city", False)]),
        ("city", False, (), list(required_items("city", False))),
        ("township", False, ("statistics",), ["budget", "poverty_relief", "emergency"]),
        ("unknown_level", False, (), []),
    ],
)
def test_missing_items_by_agency_type(
    level: str, may_make_rules: bool, covered: Any, missing: list[str]
) -> None:
    assert missing_items(level, may_make_rules, covered) == missing


def test_every_required_item_is_an_item_of_article_20() -> None:
    known = {item.value for item in Article20Item} - {""}
    for level, items in REQUIRED_ITEMS.items():
        assert set(items) <= known, level


def test_the_dashboard_shows_each_agencys_uncovered_items(cast: Cast) -> None:
    today = timezone.localdate()
    publish(cast, "秀洲区工业企业技术改造补助办法", article20_item="normative_documents", today=today)
    publish(cast, "区经信商务局行政许可事项目录", article20_item="licensing", today=today)
    repealed = publish(cast, "区经信商务局2023年部门预算", article20_item="budget", today=today)
    actions.do_repeal_document(cast.approver, repealed, today)  # no longer current
    draft = actions.do_create_document(
        cast.clerk, cast.agency, title="收费目录（草稿）", article20_item="fees"
    )
    assert draft.status == "draft"  # an unpublished document covers nothing
    rows = {row.agency.pk: row for row in board.dashboard_rows(_subtree(cast), today.year - 1, today)}
    assert rows[cast.agency.pk].missing == ["penalty", "budget", "fees"]
    assert rows[cast.other_agency.pk].missing == list(required_items("department", False))
    client = Client()
    client.force_login(cast.oversight)
    page = client.get("/oversight/").content.decode()
    assert "第二十条事项缺少现行文件" in page
    assert "行政处罚、财政预算、决算、行政事业性收费" in page


def test_the_dashboard_sorts_by_the_number_of_uncovered_items(cast: Cast) -> None:
    today = timezone.localdate()
    rows = board.dashboard_rows(_subtree(cast), today.year - 1, today)
    ordered = board.order(rows, "-missing")
    assert [len(row.missing) for row in ordered] == sorted((len(row.missing) for row in rows), reverse=True)


def _subtree(cast: Cast) -> Any:
    return Agency.objects.subtree(cast.district)


def test_a_document_in_force_today_covers_its_item_whenever_it_was_published(cast: Cast) -> None:
    publish(cast, "老办法", article20_item="penalty", today=datetime.date(2015, 3, 2))
    today = timezone.localdate()
    rows = {row.agency.pk: row for row in board.dashboard_rows(_subtree(cast), today.year - 1, today)}
    assert "penalty" not in rows[cast.agency.pk].missing


def test_the_printable_summary_counts_the_agencies_with_gaps(cast: Cast) -> None:
    client = Client()
    client.force_login(cast.oversight)
    page = client.get("/oversight/summary/").content.decode()
    assert "第二十条事项缺少现行文件的机关" in page
    # 秀洲区, its two departments: none has published anything yet
    assert '<td id="coverage-gaps">3</td>' in page
