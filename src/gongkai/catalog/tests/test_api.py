from gongkai.catalog import actions

from .helpers import publish


def test_the_api_lists_documents_by_keyset_and_shows_one(cast, client):
    for i in range(3):
        publish(cast, f"文件{i}")
    actions.do_create_document(cast.clerk, cast.agency, title="草稿")
    first = client.get("/api/catalog/documents", {"limit": 2}).json()
    assert [d["title"] for d in first["items"]] == ["文件2", "文件1"]
    rest = client.get("/api/catalog/documents", {"limit": 2, "after": first["next_cursor"]}).json()
    assert [d["title"] for d in rest["items"]] == ["文件0"] and rest["next_cursor"] is None
    one = client.get(f"/api/catalog/documents/{first['items'][0]['id']}").json()
    assert one["agency"] == "秀洲区经济信息商务局" and one["index_number"].endswith("-00003")


def test_the_api_searches(cast, client):
    publish(cast, "财政预算公开")
    publish(cast, "其他", agency=cast.other_agency)
    result = client.get("/api/catalog/search", {"q": "预算"}).json()
    assert result["total"] == 1 and result["items"][0]["title"] == "财政预算公开"
    assert (
        client.get("/api/catalog/search", {"q": "预算", "agency": cast.other_agency.pk}).json()["total"] == 0
    )


def test_drafts_are_not_in_the_api_and_the_schema_is_published(cast, client):
    draft = actions.do_create_document(cast.clerk, cast.agency, title="草稿")
    assert client.get(f"/api/catalog/documents/{draft.pk}").status_code == 404
    schema = client.get("/api/openapi.json").json()
    assert "/api/catalog/search" in schema["paths"]
