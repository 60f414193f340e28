"""Issue 13, item 3: a page offers only what its user may do, and a write refused all the same (the role
or the document changed since the page was shown) answers with the form again, the input kept and the
reason on top — not a bare 403 that loses the typing."""

from __future__ import annotations

from gongkai.agencies.models import Membership
from gongkai.catalog import actions
from gongkai.catalog.models import Document, DocumentEvent, Guide
from gongkai.testing import one, page_of

from .helpers import TODAY, publish


def top_message(response) -> str:
    return one(page_of(response), "ul.messages li.error").get_text()


def test_a_clerk_sees_a_published_document_read_only(cast, client):
    document = publish(cast, "关于补助的通知", "<p>正文</p>", written_on=TODAY)
    client.force_login(cast.clerk)
    html = page_of(client.get(f"/workspace/documents/{document.pk}/"))
    assert html.select("form[method=post] input[name=title], form[method=post] input[name=file]") == []
    details = one(html, "#details").get_text()
    assert "关于补助的通知" in details and TODAY.isoformat() in details
    assert "审核人" in one(html, "main").get_text()  # why it is read-only


def test_the_approver_gets_the_form_of_a_published_document_with_its_date(cast, client):
    document = publish(cast, "关于补助的通知", written_on=TODAY)
    client.force_login(cast.approver)
    html = page_of(client.get(f"/workspace/documents/{document.pk}/"))
    assert one(html, "input[name=written_on]")["value"] == TODAY.isoformat()


def test_a_save_refused_because_the_document_was_published_meanwhile_keeps_the_typed_text(cast, client):
    draft = actions.do_create_document(cast.clerk, cast.agency, title="草稿标题", body="")
    client.force_login(cast.clerk)
    one(page_of(client.get(f"/workspace/documents/{draft.pk}/")), "input[name=title]")
    actions.do_submit_document(cast.clerk, draft)
    actions.do_record_secrecy_review(cast.secrecy_reviewer, draft, cleared=True, on=TODAY)
    actions.do_publish_document(cast.approver, draft, TODAY)  # while the clerk was typing

    response = client.post(
        f"/workspace/documents/{draft.pk}/",
        {"title": "经办人刚输入的新标题", "disclosure_mode": "proactive", "body": "<p>新的正文</p>"},
    )
    assert response.status_code == 403
    html = page_of(response)
    assert one(html, "input[name=title]")["value"] == "经办人刚输入的新标题"
    assert "新的正文" in one(html, "textarea[name=body]").get_text()
    assert "只有本机关的审核人和机关管理员" in top_message(response)
    assert "没有保存" in top_message(response)
    draft.refresh_from_db()
    assert draft.title == "草稿标题"


def test_a_return_refused_because_the_document_was_published_meanwhile_keeps_the_note(cast, client):
    document = actions.do_create_document(cast.clerk, cast.agency, title="待审文件", body="")
    actions.do_submit_document(cast.clerk, document)
    actions.do_record_secrecy_review(cast.secrecy_reviewer, document, cleared=True, on=TODAY)
    actions.do_publish_document(cast.approver, document, TODAY)
    client.force_login(cast.approver)
    response = client.post(f"/workspace/documents/{document.pk}/return/", {"note": "第三段的数字需要核对"})
    assert response.status_code == 400
    form = one(page_of(response), "form[action$='/return/']")
    assert one(form, "input[name=note]")["value"] == "第三段的数字需要核对"
    assert "只有审核中的文件才能退回" in form.get_text()
    assert not DocumentEvent.objects.filter(kind=DocumentEvent.Kind.RETURNED).exists()


def test_a_repeal_refused_for_an_unknown_repealing_document_keeps_the_date_and_number(cast, client):
    document = publish(cast, "旧办法")
    client.force_login(cast.approver)
    response = client.post(
        f"/workspace/documents/{document.pk}/repeal/",
        {"on": "2024-07-01", "repealed_by": "000000-0000-00000"},
    )
    assert response.status_code == 400
    form = one(page_of(response), "form[action$='/repeal/']")
    assert one(form, "input[name=on]")["value"] == "2024-07-01"
    assert one(form, "input[name=repealed_by]")["value"] == "000000-0000-00000"
    assert "没有已发布的文件使用该索引号" in form.get_text()
    document.refresh_from_db()
    assert document.validity == Document.Validity.IN_FORCE


def test_an_approver_demoted_meanwhile_is_refused_publishing_with_the_reason_on_the_page(cast, client):
    document = actions.do_create_document(cast.clerk, cast.agency, title="待审文件", body="")
    actions.do_submit_document(cast.clerk, document)
    client.force_login(cast.approver)
    Membership.objects.filter(user=cast.approver).update(role=Membership.Role.CLERK)
    response = client.post(f"/workspace/documents/{document.pk}/publish/")
    assert response.status_code == 403
    assert one(page_of(response), "h1").get_text() == "待审文件"  # the document's page, not a bare 403
    assert "只有本机关的审核人和机关管理员" in top_message(response)
    assert page_of(response).select("form[action$='/publish/']") == []  # no longer offered


def test_a_clerk_may_not_attach_files_to_a_published_document(cast, client):
    document = publish(cast, "已公开的文件")
    client.force_login(cast.clerk)
    response = client.post(f"/workspace/documents/{document.pk}/attachments/", {})
    assert response.status_code == 403
    assert "只有本机关的审核人和机关管理员" in top_message(response)


def test_a_guide_save_refused_keeps_the_text(cast, client):
    client.force_login(cast.agency_admin)
    assert client.get(f"/workspace/agencies/{cast.agency.pk}/guide/").status_code == 200
    Membership.objects.filter(user=cast.agency_admin).update(role=Membership.Role.APPROVER)
    response = client.post(f"/workspace/agencies/{cast.agency.pk}/guide/", {"body": "<p>新的公开指南</p>"})
    assert response.status_code == 403
    assert "新的公开指南" in one(page_of(response), "textarea[name=body]").get_text()
    assert "机关管理员" in top_message(response)
    assert not Guide.objects.exists()


def test_a_draft_refused_to_the_oversight_office_keeps_the_typed_title(cast, client):
    client.force_login(cast.oversight)
    assert client.get(f"/workspace/agencies/{cast.agency.pk}/documents/new/").status_code == 403
    response = client.post(
        f"/workspace/agencies/{cast.agency.pk}/documents/new/",
        {"title": "监督人员误填的标题", "disclosure_mode": "proactive", "body": ""},
    )
    assert response.status_code == 403
    assert one(page_of(response), "input[name=title]")["value"] == "监督人员误填的标题"
    assert not Document.objects.exists()


def test_saving_a_document_unchanged_writes_nothing_to_its_history(cast, client):
    document = publish(cast, "关于补助的通知", written_on=TODAY)
    events = document.events.count()
    updated_at = Document.objects.get(pk=document.pk).updated_at
    actions.do_update_document(cast.approver, document, title=document.title, written_on=TODAY)
    assert document.events.count() == events
    assert Document.objects.get(pk=document.pk).updated_at == updated_at


def test_the_import_is_offered_to_approvers_only(cast, client):
    path = f"/workspace/agencies/{cast.agency.pk}/documents/"
    client.force_login(cast.clerk)
    assert page_of(client.get(path)).select("a[href$='/documents/import/']") == []
    client.force_login(cast.approver)
    one(page_of(client.get(path)), "a[href$='/documents/import/']")
