"""The same search behaviours on SQLite (FTS5) and PostgreSQL (tsvector): run the suite on both."""

import datetime
from typing import Any

import pytest
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext

from gongkai.catalog import actions
from gongkai.catalog.models import Document, Genre, Topic
from gongkai.catalog.search import SearchFilters, backend

from .helpers import TODAY, publish


def search(query: str, offset: int = 0, limit: int = 20, **filters) -> tuple[list[str], int]:
    page = backend().search(query, SearchFilters(**filters), offset=offset, limit=limit, today=TODAY)
    titles = dict(Document.objects.filter(pk__in=page.ids).values_list("pk", "title"))
    return [titles[pk] for pk in page.ids], page.total


@pytest.fixture
def catalog(cast):
    publish(
        cast,
        "关于下达2024年度财政预算的通知",
        "<p>各单位：现将财政预算下达。</p>",
        document_number="秀经信商〔2024〕3号",
    )
    publish(cast, "工业企业技术改造补贴办法", "<p>对符合条件的企业给予补贴。</p>")
    publish(cast, "秀洲区商务工作动态", "<p>本周召开外贸企业座谈会，讨论预算外事项。</p>")
    actions.do_create_document(cast.clerk, cast.agency, title="尚未发布的预算草稿")
    return cast


def test_two_character_words_are_found_in_titles_and_bodies(catalog):
    titles, total = search("预算")
    assert total == 2
    assert titles[0] == "关于下达2024年度财政预算的通知"  # the title match ranks first
    assert search("补贴") == (["工业企业技术改造补贴办法"], 1)


def test_drafts_are_not_searchable(catalog):
    assert "尚未发布的预算草稿" not in search("预算")[0]


def test_phrases_match_only_as_written(catalog):
    assert search("财政预算")[1] == 1
    assert search("预算财政")[1] == 0


def test_all_query_words_must_occur(catalog):
    assert search("企业 补贴")[1] == 1
    assert search("企业 预算")[1] == 1  # the 动态 has both
    assert search("补贴 财政")[1] == 0


def test_document_numbers_are_searchable(catalog):
    assert search("秀经信商") == (["关于下达2024年度财政预算的通知"], 1)
    assert search("2024")[1] >= 1


def test_a_single_character_matches_words_starting_with_it(catalog):
    assert search("补")[1] == 1


def test_punctuation_only_and_injection_looking_queries_find_nothing_and_do_not_fail(catalog):
    assert search("！？")[1] == 0
    assert search('" OR 1=1 --')[1] == 0
    assert search("NEAR(a b) * ^")[1] == 0


def test_filters_by_agency_topic_genre_year_and_validity(cast):
    topic, genre = Topic.objects.get(code="03"), Genre.objects.get(code="policy")
    a = publish(cast, "预算管理办法", topic=topic, genre=genre)
    publish(cast, "预算执行通报", today=datetime.date(2023, 5, 4))
    publish(cast, "预算公开", agency=cast.other_agency)
    assert search("预算", agency_id=cast.other_agency.pk)[0] == ["预算公开"]
    assert search("预算", topic_id=topic.pk)[0] == ["预算管理办法"]
    assert search("预算", genre_id=genre.pk)[0] == ["预算管理办法"]
    assert search("预算", year=2023)[0] == ["预算执行通报"]
    actions.do_repeal_document(cast.approver, a, TODAY)
    assert search("预算", validity="repealed")[0] == ["预算管理办法"]
    assert search("预算", validity="in_force")[1] == 2


def test_newer_documents_rank_above_older_equally_relevant_ones(cast):
    publish(cast, "补贴资金公示", today=datetime.date(2019, 3, 1))
    publish(cast, "补贴资金公示", "<p>新</p>", today=datetime.date(2024, 5, 1))
    page = backend().search("补贴", SearchFilters(), offset=0, limit=2, today=TODAY)
    dates = [Document.objects.get(pk=pk).published_on for pk in page.ids]
    assert dates == [datetime.date(2024, 5, 1), datetime.date(2019, 3, 1)]


def test_a_title_match_ranks_above_a_newer_match_in_the_body_only(cast):
    publish(cast, "技术改造补贴办法", "<p>细则</p>", today=datetime.date(2019, 3, 1))
    publish(cast, "商务工作动态", "<p>本周讨论技术改造补贴。</p>", today=datetime.date(2024, 5, 1))
    publish(cast, "外贸工作动态", "<p>去年的技术改造补贴已拨付。</p>", today=datetime.date(2023, 5, 1))
    assert search("技术改造")[0] == ["技术改造补贴办法", "商务工作动态", "外贸工作动态"]


def test_pages_follow_each_other_without_overlap(cast):
    for i in range(25):
        publish(cast, f"补贴公示第{i}批")
    first, total = search("补贴", offset=0)
    second, _ = search("补贴", offset=20)
    assert total == 25 and len(first) == 20 and len(second) == 5
    assert not set(first) & set(second)
    assert search("补贴", offset=40) == ([], 25)


def test_the_index_follows_edits_in_the_same_transaction(cast):
    document = publish(cast, "旧的标题")
    with transaction.atomic():
        actions.do_update_document(cast.approver, document, title="关于补贴的新标题")
        assert search("补贴")[1] == 1  # visible inside the transaction
        transaction.set_rollback(True)
    assert search("补贴")[1] == 0  # and gone with its rollback
    assert search("旧的")[1] == 1


def test_rebuilding_the_index_gives_the_same_results(catalog):
    before = search("预算")
    with CaptureQueriesContext(connection) as three:
        assert backend().rebuild() == 3
    assert search("预算") == before
    publish(catalog, "补贴资金公示")
    with CaptureQueriesContext(connection) as four:
        assert backend().rebuild() == 4
    assert len(four) == len(three)  # no query per document (none reads a field the rebuild left out)


def test_the_backend_is_the_one_of_the_connection():
    assert backend().vendor == connection.vendor


def test_known_queries_give_their_expected_order(cast):
    """A small corpus whose order for each query is known: title matches before body-only matches, the
    newer first among equals, and the order unchanged by a rebuild of the index."""
    publish(cast, "关于财政预算的通知", "<p>附件</p>", today=datetime.date(2024, 5, 1))
    publish(cast, "财政预算执行情况", "<p>附件</p>", today=datetime.date(2020, 1, 6))
    publish(cast, "商务工作动态", "<p>本周讨论财政预算。</p>", today=datetime.date(2024, 5, 20))
    publish(cast, "外贸工作动态", "<p>去年的财政预算已拨付。</p>", today=datetime.date(2019, 3, 1))
    publish(cast, "农业补贴公示", "<p>补贴名单</p>", today=datetime.date(2023, 2, 1))
    expected = {
        "财政预算": ["关于财政预算的通知", "财政预算执行情况", "商务工作动态", "外贸工作动态"],
        "预算": ["关于财政预算的通知", "财政预算执行情况", "商务工作动态", "外贸工作动态"],
        "工作动态": ["商务工作动态", "外贸工作动态"],
        "补贴": ["农业补贴公示"],
    }
    for query, titles in expected.items():
        assert search(query)[0] == titles, query
    backend().rebuild()
    for query, titles in expected.items():
        assert search(query)[0] == titles, query


@pytest.mark.skipif(connection.vendor != "sqlite", reason="FTS5's own index checks")
def test_a_rebuilt_sqlite_index_is_consistent_and_still_follows_deletions(catalog):
    backend().rebuild()
    backend().rebuild()  # the second empties a full index ('delete-all' with the delete trigger set aside)
    with connection.cursor() as cursor:
        # Fails if the FTS index differs from the rows of catalog_searchentry it indexes.
        cursor.execute("INSERT INTO catalog_fts (catalog_fts, rank) VALUES ('integrity-check', 1)")
        cursor.execute(
            "SELECT name FROM sqlite_master WHERE type = 'trigger' AND name LIKE 'catalog_searchentry_%'"
        )
        assert sorted(row[0] for row in cursor.fetchall()) == [
            "catalog_searchentry_ad",
            "catalog_searchentry_ai",
            "catalog_searchentry_au",
        ]
        # The merge settings are FTS5's defaults again for the writes of publishing.
        cursor.execute("SELECT k, v FROM catalog_fts_config WHERE k IN ('automerge', 'crisismerge')")
        assert dict(cursor.fetchall()) == {"automerge": 4, "crisismerge": 16}
    assert search("预算")[1] == 2
    document = Document.objects.get(title="工业企业技术改造补贴办法")
    backend().remove([document.pk])  # through the restored delete trigger
    assert search("补贴") == ([], 0)
    with connection.cursor() as cursor:
        cursor.execute("INSERT INTO catalog_fts (catalog_fts, rank) VALUES ('integrity-check', 1)")


def ranking_rule(documents: list[Document], query: str) -> list[str]:
    """The ranking rule of ``gongkai.catalog.search.base`` computed in Python, for documents whose title
    matches are equally relevant (so that only recency orders them): title or number matches newest first,
    then body-only matches newest first, ties by id."""
    phrases = query.split()

    def matches(*texts: str) -> bool:
        return all(any(phrase in text for text in texts) for phrase in phrases)

    def newest_first(group: list[Document]) -> list[str]:
        return [d.title for d in sorted(group, key=lambda d: (d.published_on, d.pk), reverse=True)]

    heading = [d for d in documents if matches(d.title, d.document_number, d.index_number or "")]
    body = [d for d in documents if d not in heading and matches(d.title, d.body_text, d.document_number)]
    return newest_first(heading) + newest_first(body)


@pytest.fixture
def ranked(cast):
    """Equally relevant title matches (same length, same body) on different days; body-only matches, two of
    the same length on one day; one whose title shares a bigram with a query but matches it only in the body
    (PostgreSQL's ``ts_rank`` of the title scores it above zero)."""
    documents = [
        publish(cast, "财政预算公开通知", "<p>附件一</p>", today=datetime.date(2021, 3, 1)),
        publish(cast, "年度财政预算通知", "<p>附件一</p>", today=datetime.date(2023, 1, 9)),
        publish(cast, "财政预算执行通知", "<p>附件一</p>", today=datetime.date(2019, 8, 2)),
        publish(cast, "预算执行情况通报", "<p>本月财政预算执行正常。</p>", today=datetime.date(2024, 5, 30)),
        publish(cast, "商务工作动态通报", "<p>本周讨论财政预算通知。</p>", today=datetime.date(2022, 6, 1)),
        publish(cast, "外贸工作动态通报", "<p>去年的财政预算已拨付。</p>", today=datetime.date(2022, 6, 1)),
        publish(cast, "工业发展简报", "<p>财政预算</p>", today=datetime.date(2018, 1, 5)),
        publish(cast, "农业补贴公示名单", "<p>补贴名单</p>", today=datetime.date(2024, 1, 2)),
    ]
    return [Document.objects.get(pk=d.pk) for d in documents]


@pytest.mark.parametrize("query", ["财政预算", "预算", "工作动态", "财政 通知", "通知", "补贴"])
def test_both_databases_order_by_the_one_ranking_rule(ranked, query):
    """Run on SQLite and PostgreSQL: the same order, the rule's (title matches first, by relevance and
    recency; then body-only matches newest first)."""
    expected = ranking_rule(ranked, query)
    assert expected, query
    assert search(query) == (expected, len(expected))


def test_every_page_is_the_slice_of_the_whole_order_across_the_title_and_body_parts(ranked):
    """The title matches and the body-only matches are read separately; any offset and page size gives the
    same slice of the one order, with the exact total, with and without a filter."""
    cases: list[tuple[str, dict[str, Any]]] = [
        ("财政预算", {}),
        ("预算", {}),
        ("财政预算", {"validity": "in_force"}),
        ("通知", {"year": 2022}),
    ]
    for query, filters in cases:
        whole, total = search(query, **filters)
        assert total == len(whole) >= 1
        for offset in range(total + 2):
            for limit in range(1, total + 1):
                assert search(query, offset, limit, **filters) == (whole[offset : offset + limit], total)


def test_filters_apply_to_title_and_body_matches(ranked, cast):
    other = publish(cast, "财政预算公开通知", "<p>附件一</p>", agency=cast.other_agency)
    publish(cast, "其他动态", "<p>财政预算</p>", agency=cast.other_agency, today=datetime.date(2020, 2, 2))
    assert search("财政预算", agency_id=cast.other_agency.pk) == ([other.title, "其他动态"], 2)
    assert search("财政预算", year=2022) == (["外贸工作动态通报", "商务工作动态通报"], 2)
