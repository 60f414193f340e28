"""公开属性 and the review before publication.

条例第十七条: 行政机关应当建立健全政府信息公开审查机制，明确审查的程序和责任。行政机关应当依照《中华人民共和国保守国家
秘密法》以及其他法律、法规和国家有关规定对拟公开的政府信息进行审查。
条例第十四–十六条: the categories of information not disclosed, which a 不予公开 document names.
"""

from __future__ import annotations

import datetime
import importlib
import io
from typing import Any

import pytest
from django.apps import apps
from django.core.exceptions import ValidationError
from django.test import Client

from gongkai.agencies.actions import NotAllowed, do_grant_role
from gongkai.agencies.models import Membership
from gongkai.catalog import actions, bulk
from gongkai.catalog.models import Document, SecrecyReview
from gongkai.testing import Cast, make_user

from .helpers import TODAY

pytestmark = pytest.mark.django_db
migration = importlib.import_module("gongkai.catalog.migrations.0005_disclosure_attribute_and_secrecy_review")


def in_review(cast: Cast, title: str = "关于2024年企业补贴的通知", **fields: Any) -> Document:
    document = actions.do_create_document(cast.clerk, cast.agency, title=title, **fields)
    actions.do_submit_document(cast.clerk, document)
    return document


def test_a_document_is_published_only_after_its_secrecy_review_article_17(cast: Cast) -> None:
    document = in_review(cast)
    with pytest.raises(ValidationError) as refused:
        actions.do_publish_document(cast.approver, document, TODAY)
    assert "第十七条" in str(refused.value) or "Article 17" in str(refused.value)
    assert Document.objects.get(pk=document.pk).status == Document.Status.IN_REVIEW
    review = actions.do_record_secrecy_review(cast.secrecy_reviewer, document, cleared=True, on=TODAY)
    actions.do_publish_document(cast.approver, document, TODAY)
    document.refresh_from_db()
    assert document.status == Document.Status.PUBLISHED
    assert document.secrecy_review == review and review.reviewer == cast.secrecy_reviewer


@pytest.mark.parametrize("who", ["clerk", "approver", "agency_admin", "oversight", "other_clerk"])
def test_only_the_person_the_agency_assigned_records_the_review(cast: Cast, who: str) -> None:
    document = in_review(cast)
    with pytest.raises(NotAllowed):
        actions.do_record_secrecy_review(getattr(cast, who), document, cleared=True, on=TODAY)
    assert not SecrecyReview.objects.exists()


def test_the_agency_administrator_assigns_the_reviewer_with_the_grant_action(cast: Cast) -> None:
    colleague = make_user("baomi")
    document = in_review(cast)
    with pytest.raises(NotAllowed):
        do_grant_role(cast.approver, colleague, cast.agency, Membership.Role.SECRECY_REVIEWER)
    do_grant_role(cast.agency_admin, colleague, cast.agency, Membership.Role.SECRECY_REVIEWER)
    actions.do_record_secrecy_review(colleague, document, cleared=True, on=TODAY)
    with pytest.raises(NotAllowed):  # a reviewer of this agency is none of another's
        other = actions.do_create_document(cast.other_clerk, cast.other_agency, title="住建局通知")
        actions.do_submit_document(cast.other_clerk, other)
        actions.do_record_secrecy_review(colleague, other, cleared=True, on=TODAY)


def test_a_review_that_does_not_clear_says_why_and_stops_publication(cast: Cast) -> None:
    document = in_review(cast)
    with pytest.raises(ValidationError) as error:
        actions.do_record_secrecy_review(cast.secrecy_reviewer, document, cleared=False, on=TODAY)
    assert "note" in error.value.message_dict
    actions.do_record_secrecy_review(
        cast.secrecy_reviewer, document, cleared=False, on=TODAY, note="附件含企业用能明细"
    )
    with pytest.raises(ValidationError) as refused:
        actions.do_publish_document(cast.approver, document, TODAY)
    assert "附件含企业用能明细" in str(refused.value)


def test_a_change_or_a_return_after_the_review_calls_for_a_new_one(cast: Cast) -> None:
    document = in_review(cast)
    actions.do_record_secrecy_review(cast.secrecy_reviewer, document, cleared=True, on=TODAY)
    actions.do_update_document(cast.clerk, document, title="关于2024年企业补贴的通知（修改稿）")
    assert document.secrecy_review is None
    with pytest.raises(ValidationError):
        actions.do_publish_document(cast.approver, document, TODAY)
    actions.do_record_secrecy_review(cast.secrecy_reviewer, document, cleared=True, on=TODAY)
    actions.do_return_document(cast.approver, document, "请补充附件")
    assert Document.objects.get(pk=document.pk).secrecy_review is None


def test_only_a_document_in_review_is_reviewed(cast: Cast) -> None:
    draft = actions.do_create_document(cast.clerk, cast.agency, title="草稿")
    with pytest.raises(ValidationError):
        actions.do_record_secrecy_review(cast.secrecy_reviewer, draft, cleared=True, on=TODAY)


def test_a_document_not_disclosed_names_the_category_of_articles_14_to_16_and_a_reason(cast: Cast) -> None:
    with pytest.raises(ValidationError) as error:
        actions.do_create_document(
            cast.clerk, cast.agency, title="干部考核情况汇总", disclosure_mode="not_disclosed"
        )
    assert set(error.value.message_dict) == {"withholding_ground", "withholding_reason"}
    assert not Document.objects.exists()
    document = actions.do_create_document(
        cast.clerk,
        cast.agency,
        title="干部考核情况汇总",
        disclosure_mode="not_disclosed",
        withholding_ground="internal_affairs",
        withholding_reason="人事管理方面的内部事务信息",
    )
    assert document.withholding_article == "第十六条第一款"
    assert "第十六条第一款" in document.get_withholding_ground_display()
    actions.do_submit_document(cast.clerk, document)
    actions.do_record_secrecy_review(cast.secrecy_reviewer, document, cleared=True, on=TODAY)
    with pytest.raises(ValidationError) as refused:  # 不予公开 is never published
        actions.do_publish_document(cast.approver, document, TODAY)
    assert "第十六条第一款" in str(refused.value)


@pytest.mark.parametrize(
    ("ground", "article"),
    [
        ("state_secret", "第十四条"),
        ("law_forbidden", "第十四条"),
        ("three_security_one_stability", "第十四条"),
        ("third_party_rights", "第十五条"),
        ("internal_affairs", "第十六条第一款"),
        ("process_info", "第十六条第二款"),
        ("enforcement_case", "第十六条第二款"),
    ],
)
def test_each_ground_for_not_disclosing_names_its_article(cast: Cast, ground: str, article: str) -> None:
    document = actions.do_create_document(
        cast.clerk, cast.agency, title="不予公开的文件", disclosure_mode="not_disclosed",
        withholding_ground=ground, withholding_reason="理由",
    )  # fmt: skip
    assert document.withholding_article == article


def test_a_disclosed_document_keeps_no_ground(cast: Cast) -> None:
    document = actions.do_create_document(
        cast.clerk, cast.agency, title="文件", disclosure_mode="not_disclosed",
        withholding_ground="process_info", withholding_reason="过程稿",
    )  # fmt: skip
    actions.do_update_document(cast.clerk, document, disclosure_mode="proactive")
    document.refresh_from_db()
    assert (document.withholding_ground, document.withholding_reason) == ("", "")


def test_the_create_form_asks_for_the_ground_in_chinese(cast: Cast) -> None:
    client = Client()
    client.force_login(cast.clerk)
    response = client.post(
        f"/workspace/agencies/{cast.agency.pk}/documents/new/",
        {"title": "会议纪要", "disclosure_mode": "not_disclosed", "body": ""},
    )
    assert response.status_code == 200
    errors = response.context["form"].errors
    assert "第十四" in errors["withholding_ground"][0] and "理由" in errors["withholding_reason"][0]


def test_the_reviewer_sees_and_uses_the_review_form_others_do_not(cast: Cast) -> None:
    document = in_review(cast)
    page = f"/workspace/documents/{document.pk}/"
    client = Client()
    client.force_login(cast.approver)
    assert "secrecy-cleared" not in client.get(page).content.decode()
    client.force_login(cast.secrecy_reviewer)
    shown = client.get(page).content.decode()
    assert "secrecy-cleared" in shown and "保密审查" in shown
    refused = client.post(
        f"/workspace/documents/{document.pk}/secrecy_review/",
        {"secrecy-cleared": "no", "secrecy-on": "2024-06-03", "secrecy-note": ""},
    )
    assert refused.status_code == 400
    client.post(
        f"/workspace/documents/{document.pk}/secrecy_review/",
        {"secrecy-cleared": "no", "secrecy-on": "2024-06-03", "secrecy-note": "含个人信息"},
    )
    document.refresh_from_db()
    assert document.secrecy_review is not None and not document.secrecy_review.cleared
    assert "含个人信息" in client.get(page).content.decode()


def test_imported_documents_carry_a_review_marked_imported(cast: Cast) -> None:
    rows = [(2, {"title": "关于外贸补贴的通知", "published_on": "2019-03-05"})]
    (document,) = actions.do_import_documents(cast.approver, cast.agency, rows)
    review = document.secrecy_review
    assert review is not None and review.origin == SecrecyReview.Origin.IMPORTED and review.reviewer is None
    with pytest.raises(bulk.ImportFailed) as failed:
        actions.do_import_documents(
            cast.approver,
            cast.agency,
            [(2, {"title": "内部文件", "published_on": "2019-03-05", "disclosure_mode": "不予公开"})],
        )
    assert "公开方式" in str(failed.value.errors[0])


def test_the_migration_records_a_migrated_review_for_each_published_document(cast: Cast) -> None:
    published = Document.objects.create(
        agency=cast.agency, title="早已发布", status="published", published_on=datetime.date(2019, 3, 5)
    )
    draft = Document.objects.create(agency=cast.agency, title="草稿")
    migration.record_migrated_reviews(apps, None)
    published.refresh_from_db()
    draft.refresh_from_db()
    review = published.secrecy_review
    assert review is not None and review.origin == "migrated" and review.cleared
    assert review.on == datetime.date(2019, 3, 5) and review.reviewer is None
    assert draft.secrecy_review is None
    assert published.disclosure_mode == Document.DisclosureMode.PROACTIVE


def test_an_attachment_is_not_a_change_that_voids_the_review(cast: Cast) -> None:
    document = in_review(cast)
    actions.do_record_secrecy_review(cast.secrecy_reviewer, document, cleared=True, on=TODAY)
    actions.do_add_attachment(cast.clerk, document, io.BytesIO(b"%PDF-1.4\n%%EOF\n"), "附件.pdf")
    assert document.secrecy_review is not None


def test_the_documents_page_lists_those_awaiting_the_secrecy_review(cast: Cast) -> None:
    waiting = in_review(cast, "待审查的通知")
    reviewed = in_review(cast, "已审查的通知")
    actions.do_record_secrecy_review(cast.secrecy_reviewer, reviewed, cleared=True, on=TODAY)
    client = Client()
    client.force_login(cast.secrecy_reviewer)
    page = client.get(f"/workspace/agencies/{cast.agency.pk}/documents/").content.decode()
    listed = page.split('id="awaiting-secrecy-review"')[1].split("</ul>")[0]
    assert waiting.title in listed and reviewed.title not in listed
    assert "待保密审查" in page
