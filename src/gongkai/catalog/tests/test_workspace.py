from gongkai.catalog.models import Document

from .helpers import publish


def test_clerk_drafts_and_submits_and_approver_publishes_through_the_pages(cast, client):
    client.force_login(cast.clerk)
    response = client.post(
        f"/workspace/agencies/{cast.agency.pk}/documents/new/",
        {"title": "关于补贴申报的通知", "disclosure_mode": "proactive", "body": "<p>补贴</p>"},
    )
    document = Document.objects.get()
    assert response.status_code == 302
    client.post(f"/workspace/documents/{document.pk}/submit/")
    assert client.post(f"/workspace/documents/{document.pk}/publish/").status_code == 403
    client.force_login(cast.approver)
    refused = client.post(f"/workspace/documents/{document.pk}/publish/", follow=True)
    assert "保密审查" in refused.content.decode()  # 第十七条: not before the secrecy review
    client.force_login(cast.secrecy_reviewer)
    reviewed = client.post(
        f"/workspace/documents/{document.pk}/secrecy_review/",
        {"secrecy-cleared": "yes", "secrecy-on": "2024-06-03", "secrecy-note": ""},
    )
    assert reviewed.status_code == 302
    client.force_login(cast.approver)
    client.post(f"/workspace/documents/{document.pk}/publish/")
    document.refresh_from_db()
    assert document.status == Document.Status.PUBLISHED
    assert client.get(f"/documents/{document.pk}/").status_code == 200


def test_script_in_the_body_gets_a_message_and_is_not_saved(cast, client):
    client.force_login(cast.clerk)
    response = client.post(
        f"/workspace/agencies/{cast.agency.pk}/documents/new/",
        {"title": "t", "disclosure_mode": "proactive", "body": "<p>x</p><script>alert(1)</script>"},
    )
    assert response.status_code == 200 and "不允许" in response.content.decode()
    assert not Document.objects.exists()


def test_staff_of_other_agencies_get_404_for_documents_they_cannot_see(cast, client):
    document = publish(cast, "内部")
    client.force_login(cast.other_clerk)
    assert client.get(f"/workspace/documents/{document.pk}/").status_code == 404
    assert client.post(f"/workspace/documents/{document.pk}/repeal/", {"on": "2024-07-01"}).status_code == 404
    client.force_login(cast.oversight)
    assert client.get(f"/workspace/documents/{document.pk}/").status_code == 200
    assert client.post(f"/workspace/documents/{document.pk}/repeal/", {"on": "2024-07-01"}).status_code == 403


def test_the_approver_repeals_naming_the_repealing_document_by_index_number(cast, client):
    old, new = publish(cast, "旧办法"), publish(cast, "新办法")
    client.force_login(cast.approver)
    client.post(
        f"/workspace/documents/{old.pk}/repeal/", {"on": "2024-07-01", "repealed_by": new.index_number}
    )
    old.refresh_from_db()
    assert old.validity == "repealed" and old.repealed_by == new
    assert "新办法" in client.get(f"/documents/{old.pk}/").content.decode()


def test_the_late_list_shows_overdue_drafts(cast, client):
    client.force_login(cast.clerk)
    client.post(
        f"/workspace/agencies/{cast.agency.pk}/documents/new/",
        {"title": "早就该公开的文件", "disclosure_mode": "proactive", "written_on": "2020-01-02", "body": ""},
    )
    page = client.get(f"/workspace/agencies/{cast.agency.pk}/documents/").content.decode()
    assert page.count("早就该公开的文件") == 2  # in the late list and in all documents
