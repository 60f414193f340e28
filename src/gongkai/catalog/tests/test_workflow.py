import datetime
import io

import pytest
from django.core.exceptions import ValidationError

from gongkai.agencies.actions import NotAllowed
from gongkai.catalog import actions
from gongkai.catalog.models import Document, DocumentEvent

from .helpers import TODAY, publish


def test_clerk_drafts_and_submits_then_approver_publishes_with_an_index_number(cast):
    document = actions.do_create_document(cast.clerk, cast.agency, title="关于2024年企业补贴的通知")
    assert document.status == Document.Status.DRAFT
    actions.do_submit_document(cast.clerk, document)
    actions.do_record_secrecy_review(cast.secrecy_reviewer, document, cleared=True, on=TODAY)
    actions.do_publish_document(cast.approver, document, TODAY)
    document.refresh_from_db()
    assert document.status == Document.Status.PUBLISHED
    assert document.published_on == TODAY
    assert (document.index_number or "").endswith("/2024-00001")
    kinds = list(document.events.values_list("kind", flat=True))
    assert kinds == ["created", "submitted", "secrecy_reviewed", "published"]
    assert list(document.events.values_list("actor__username", flat=True)) == [
        "clerk",
        "clerk",
        "secrecy_reviewer",
        "approver",
    ]


def test_a_clerk_cannot_publish(cast):
    document = actions.do_create_document(cast.clerk, cast.agency, title="草稿")
    actions.do_submit_document(cast.clerk, document)
    with pytest.raises(NotAllowed):
        actions.do_publish_document(cast.clerk, document, TODAY)
    assert Document.objects.get(pk=document.pk).status == Document.Status.IN_REVIEW


@pytest.mark.parametrize("who", ["other_clerk", "oversight", "outsider"])
def test_staff_of_other_agencies_and_oversight_cannot_draft(cast, who):
    with pytest.raises(NotAllowed):
        actions.do_create_document(getattr(cast, who), cast.agency, title="越权")
    assert not Document.objects.exists()


def test_a_draft_cannot_be_published_without_review(cast):
    document = actions.do_create_document(cast.clerk, cast.agency, title="草稿")
    with pytest.raises(ValidationError):
        actions.do_publish_document(cast.approver, document, TODAY)


def test_an_approver_can_return_a_document_to_draft_with_a_note(cast):
    document = actions.do_create_document(cast.clerk, cast.agency, title="草稿")
    actions.do_submit_document(cast.clerk, document)
    actions.do_return_document(cast.approver, document, note="请补充文号")
    assert document.status == Document.Status.DRAFT
    assert document.events.get(kind=DocumentEvent.Kind.RETURNED).note == "请补充文号"


def test_repealing_records_the_date_and_the_repealing_document_in_the_log(cast):
    old = publish(cast, "秀洲区工业企业补贴办法")
    new = publish(cast, "秀洲区工业企业补贴办法（修订）")
    actions.do_repeal_document(cast.approver, old, datetime.date(2024, 7, 1), repealed_by=new)
    old.refresh_from_db()
    assert old.validity == Document.Validity.REPEALED
    assert old.validity_changed_on == datetime.date(2024, 7, 1)
    assert old.repealed_by == new
    assert old.events.values_list("changes", flat=True).last() == {"on": "2024-07-01", "repealed_by": new.pk}
    with pytest.raises(ValidationError):
        actions.do_expire_document(cast.approver, old, datetime.date(2024, 8, 1))


def test_editing_a_published_document_needs_an_approver_and_is_logged_with_the_changes(cast):
    document = publish(cast, "旧标题")
    with pytest.raises(NotAllowed):
        actions.do_update_document(cast.clerk, document, title="新标题")
    actions.do_update_document(cast.approver, document, title="新标题")
    assert document.events.values_list("changes", flat=True).last() == {"title": ["旧标题", "新标题"]}


def test_script_in_the_body_is_removed_before_saving(cast):
    document = actions.do_create_document(
        cast.clerk, cast.agency, title="t", body='<p onclick="x()">预算<script>alert(1)</script></p>'
    )
    assert document.body == "<p>预算</p>"
    assert document.body_text == "预算"


def test_late_publication_is_tracked_under_article_26(cast):
    on_time = publish(cast, "按时", written_on=datetime.date(2024, 5, 27), today=datetime.date(2024, 6, 3))
    late = publish(cast, "超期", written_on=datetime.date(2024, 1, 2), today=datetime.date(2024, 6, 3))
    pending = actions.do_create_document(
        cast.clerk, cast.agency, title="未发", written_on=datetime.date(2024, 1, 2)
    )
    assert late.publish_due_on == datetime.date(2024, 1, 30)
    assert not on_time.is_late(TODAY) and late.is_late(TODAY) and pending.is_late(TODAY)
    assert set(Document.objects.late(TODAY)) == {late, pending}


def test_the_history_names_each_changed_field_and_shows_values_as_the_document_page_does(cast):
    """Issue 13 found ``{'index_number': …}`` in a document's history: each line is 字段名：旧值 → 新值."""
    from django.utils import translation

    from gongkai.catalog.models import Article20Item, Genre

    other = publish(cast, "被解读的办法")
    document = publish(cast, "旧标题", body="<p>旧</p>", genre=Genre.objects.get(code="policy"))
    actions.do_update_document(
        cast.approver,
        document,
        title="新标题",
        body="<p>新</p>",
        genre=Genre.objects.get(code="notice"),
        article20_item=Article20Item.BUDGET,
        written_on=datetime.date(2024, 5, 31),
        interprets=other,
    )
    actions.do_add_attachment(cast.approver, document, io.BytesIO(b"%PDF-1.4\n%%EOF\n"), "附件.pdf")
    actions.do_expire_document(cast.approver, document, datetime.date(2024, 7, 1))
    with translation.override("zh-hans"):
        published, updated, attached, expired = [
            [str(line) for line in event.change_lines()] for event in document.events.all()
        ][3:]  # after created, submitted and the secrecy review
    assert published == [f"索引号：{document.index_number}"]
    assert updated == [
        "标题：旧标题 → 新标题",
        "正文：（已修改）",
        "成文日期：— → 2024-05-31",
        "体裁分类：政策文件 → 公告公示",
        "条例第二十条事项：— → 财政预算、决算",
        "解读的政策文件：— → 被解读的办法",
    ]
    assert attached == ["文件名：附件.pdf", "类型：PDF", "大小（字节）：15"]
    assert expired == ["废止或失效日期：2024-07-01"]
