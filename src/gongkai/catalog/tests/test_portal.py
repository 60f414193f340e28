import datetime

import pytest

from gongkai.catalog import actions
from gongkai.catalog.models import Genre, Topic

from .helpers import publish


def test_the_document_page_shows_the_metadata_block(cast, client):
    document = publish(
        cast, "关于外贸补贴的通知", "<p>正文</p>", document_number="秀经信商〔2024〕3号",
        written_on=datetime.date(2024, 5, 30), topic=Topic.objects.get(code="07"),
    )  # fmt: skip
    page = client.get(f"/documents/{document.pk}/").content.decode()
    for text in (
        document.index_number,
        "秀洲区经济信息商务局",
        "秀经信商〔2024〕3号",
        "2024-05-30",
        "2024-06-03",
        "商贸、海关、旅游",
        "有效",
    ):
        assert text in page


def test_drafts_are_not_on_the_portal(cast, client):
    draft = actions.do_create_document(cast.clerk, cast.agency, title="草稿")
    assert client.get(f"/documents/{draft.pk}/").status_code == 404
    assert "草稿" not in client.get(f"/agencies/{cast.agency.pk}/catalog/").content.decode()


def test_the_catalog_pages_by_keyset_and_filters_by_topic_genre_item_and_year(cast, client):
    trade = Topic.objects.get(code="07")
    for i in range(23):
        publish(cast, f"动态第{i:02d}期", today=datetime.date(2024, 1, 1) + datetime.timedelta(days=i))
    publish(cast, "商贸政策", topic=trade, genre=Genre.objects.get(code="policy"), article20_item="normative_documents",
            today=datetime.date(2023, 3, 1))  # fmt: skip
    url = f"/agencies/{cast.agency.pk}/catalog/"
    first = client.get(url)
    assert first.context["page"].items[0].title == "动态第22期"
    cursor = first.context["page"].next_cursor
    second = client.get(url, {"after": cursor})
    titles = [d.title for d in second.context["page"].items]
    assert titles == ["动态第02期", "动态第01期", "动态第00期", "商贸政策"]
    assert second.context["page"].next_cursor is None
    for params in ({"topic": trade.pk}, {"genre": Genre.objects.get(code="policy").pk},
                   {"item": "normative_documents"}, {"year": 2023}):  # fmt: skip
        assert [d.title for d in client.get(url, params).context["page"].items] == ["商贸政策"]


def test_policy_lists_show_their_interpretations(cast, client):
    policy = publish(cast, "补贴办法", genre=Genre.objects.get(code="policy"))
    publish(cast, "补贴办法解读", genre=Genre.objects.get(code="interpretation"), interprets=policy)
    publish(cast, "2023年度报告", genre=Genre.objects.get(code="annual_report"))
    page = client.get(f"/agencies/{cast.agency.pk}/policies/").content.decode()
    assert "补贴办法" in page and "补贴办法解读" in page and "2023年度报告" not in page
    assert "2023年度报告" in client.get(f"/agencies/{cast.agency.pk}/annual-reports/").content.decode()
    assert "补贴办法解读" in client.get(f"/documents/{policy.pk}/").content.decode()


def test_search_page_ranks_filters_and_highlights(cast, client):
    publish(cast, "关于财政预算的通知", "<p>预算<b>编制</b></p>")
    publish(cast, "其他", "<p>无关</p>")
    response = client.get("/search/", {"q": "预算"})
    page = response.content.decode()
    assert response.context["results"].total == 1
    assert "<mark>预算</mark>" in page
    assert client.get("/search/", {"q": "预算", "agency": cast.other_agency.pk}).context["results"].total == 0


def test_search_results_escape_document_text(cast, client):
    publish(cast, "<img src=x onerror=alert(1)>预算")
    page = client.get("/search/", {"q": "预算"}).content.decode()
    assert "<img src=x" not in page and "&lt;img" in page


def test_the_guide_is_shown_and_only_administrators_edit_it(cast, client):
    assert client.get(f"/agencies/{cast.agency.pk}/guide/").status_code == 200
    client.force_login(cast.clerk)
    assert client.get(f"/workspace/agencies/{cast.agency.pk}/guide/").status_code == 403
    client.force_login(cast.agency_admin)
    client.post(f"/workspace/agencies/{cast.agency.pk}/guide/", {"body": "<h2>受理机构</h2><p>办公室</p>"})
    assert "受理机构" in client.get(f"/agencies/{cast.agency.pk}/guide/").content.decode()
    response = client.post(f"/workspace/agencies/{cast.agency.pk}/guide/", {"body": "<script>x</script>"})
    assert "不允许" in response.content.decode()


def test_feeds_per_agency_and_topic_and_the_sitemap(cast, client):
    document = publish(cast, "外贸补贴", topic=Topic.objects.get(code="07"))
    for url in (f"/agencies/{cast.agency.pk}/feed.rss", f"/agencies/{cast.agency.pk}/feed.atom",
                "/topics/07/feed.rss", "/topics/07/feed.atom"):  # fmt: skip
        response = client.get(url)
        assert response.status_code == 200 and "外贸补贴" in response.content.decode()
    assert "外贸补贴" not in client.get("/topics/01/feed.rss").content.decode()
    sitemap = client.get("/sitemap.xml").content.decode()
    assert f"/documents/{document.pk}/" in sitemap


@pytest.mark.parametrize("url", ["/search/", "/search/?q=%E9%A2%84%E7%AE%97", "/sitemap.xml"])
def test_portal_pages_work_for_anonymous_visitors(cast, client, url):
    assert client.get(url).status_code == 200
