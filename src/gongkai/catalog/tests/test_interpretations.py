"""政策解读: an interpretation (文字解读, 图解, 音视频, 新闻发布会) is published linked to the public policy
document it explains, after its secrecy review like any document; the 规范性文件 still without one are
listed in the catalog's workspace and counted on the oversight dashboard."""

from __future__ import annotations

import datetime
from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.test import Client

from gongkai.agencies.models import Agency
from gongkai.catalog import actions
from gongkai.catalog.models import Article20Item, Document, Genre
from gongkai.oversight.dashboard import dashboard_rows
from gongkai.testing import Cast

from .helpers import TODAY, publish


def interpretation(cast: Cast, policy: Document | None, **fields: Any) -> Document:
    document = actions.do_create_document(
        cast.clerk, cast.agency, title="补贴办法图解", genre=Genre.objects.get(code="interpretation"),
        interprets=policy, **fields,
    )  # fmt: skip
    actions.do_submit_document(cast.clerk, document)
    return document


def normative(cast: Cast, title: str = "出口信用保险补贴实施办法") -> Document:
    return publish(
        cast, title, genre=Genre.objects.get(code="policy"), article20_item=Article20Item.NORMATIVE_DOCUMENTS
    )


def test_an_interpretation_is_published_after_its_secrecy_review_and_both_pages_link(
    cast: Cast, client: Client
) -> None:
    policy = normative(cast)
    document = interpretation(cast, policy, interpretation_kind="graphic")
    with pytest.raises(ValidationError, match="保密审查"):
        actions.do_publish_interpretation(cast.approver, document, TODAY)
    actions.do_record_secrecy_review(cast.secrecy_reviewer, document, cleared=True, on=TODAY)
    actions.do_publish_interpretation(cast.approver, document, TODAY)
    assert document.is_public
    policy_page = client.get(f"/documents/{policy.pk}/").content.decode()
    assert f"/documents/{document.pk}/" in policy_page and "图解" in policy_page
    assert f"/documents/{policy.pk}/" in client.get(f"/documents/{document.pk}/").content.decode()


def test_an_interpretation_without_its_public_policy_document_is_not_published(cast: Cast) -> None:
    document = interpretation(cast, None)
    actions.do_record_secrecy_review(cast.secrecy_reviewer, document, cleared=True, on=TODAY)
    with pytest.raises(ValidationError) as refused:
        actions.do_publish_interpretation(cast.approver, document, TODAY)
    assert "所解读的已公开政策文件" in str(refused.value.message_dict["interprets"])
    assert not Document.objects.get(pk=document.pk).is_public


def test_only_an_interpretation_is_published_as_one(cast: Cast) -> None:
    draft = actions.do_create_document(cast.clerk, cast.agency, title="通知")
    actions.do_submit_document(cast.clerk, draft)
    with pytest.raises(ValidationError) as refused:
        actions.do_publish_interpretation(cast.approver, draft, TODAY)
    assert "genre" in refused.value.message_dict


def test_a_video_interpretation_gives_its_address(cast: Cast) -> None:
    policy = normative(cast)
    with pytest.raises(ValidationError) as refused:
        interpretation(cast, policy, interpretation_kind="video")
    assert "视频的网址" in str(refused.value.message_dict["media_url"])
    document = interpretation(
        cast, policy, interpretation_kind="video", media_url="https://example.gov.cn/v.mp4"
    )
    assert document.media_url


def test_normative_documents_without_an_interpretation_are_listed_and_counted(cast: Cast) -> None:
    explained, unexplained = normative(cast, "已解读的办法"), normative(cast, "未解读的办法")
    publish(cast, "一般通知", genre=Genre.objects.get(code="policy"))  # not a 规范性文件
    publish(cast, "办法解读", genre=Genre.objects.get(code="interpretation"), interprets=explained)
    assert list(Document.objects.lacking_interpretation()) == [unexplained]

    clerk = Client()
    clerk.force_login(cast.clerk)
    page = clerk.get(f"/workspace/agencies/{cast.agency.pk}/documents/").content.decode()
    listed = page[page.index('id="lacking-interpretation"') :]
    assert "未解读的办法" in listed and "已解读的办法" not in listed[: listed.index("</ul>")]

    rows = {row.agency.pk: row for row in dashboard_rows(Agency.objects.all(), TODAY.year, TODAY)}
    assert rows[cast.agency.pk].uninterpreted == 1
    assert rows[cast.other_agency.pk].uninterpreted == 0
    oversight = Client()
    oversight.force_login(cast.oversight)
    assert "没有政策解读的规范性文件" in oversight.get("/oversight/").content.decode()


def test_the_count_is_one_query_whatever_the_number_of_agencies(cast: Cast) -> None:
    normative(cast)
    today = datetime.date(2024, 6, 3)
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as few:
        dashboard_rows(Agency.objects.filter(pk=cast.agency.pk), today.year, today)
    with CaptureQueriesContext(connection) as many:
        dashboard_rows(Agency.objects.all(), today.year, today)
    assert len(many) == len(few)
