"""PostgreSQL's bounds at a province's size (``catalog.search.postgresql``): only the newest ``RANKED`` title
matches are ranked, and the total is counted exactly up to ``COUNTED`` matches, estimated beyond. The bounds
are set small here so that a few documents cross them."""

import datetime

import pytest
from django.db import connection
from django.test import Client

from gongkai.catalog.models import Document
from gongkai.catalog.search import SearchFilters, backend
from gongkai.catalog.search import postgresql as search

from .helpers import TODAY, publish

pytestmark = pytest.mark.skipif(connection.vendor != "postgresql", reason="PostgreSQL's bounded search")


def titles(query: str, offset: int = 0, limit: int = 20) -> tuple[list[str], int, bool]:
    page = backend().search(query, SearchFilters(), offset=offset, limit=limit, today=TODAY)
    by_id = dict(Document.objects.filter(pk__in=page.ids).values_list("pk", "title"))
    return [by_id[pk] for pk in page.ids], page.total, page.approximate


@pytest.fixture
def crowded(cast):
    """Four title matches of 预算 (the one published twice over in its title is the most relevant, but the
    oldest) and three body-only matches, on distinct days."""
    day = datetime.date(2024, 1, 1)
    made = [
        ("预算预算公开通知", "<p>附件</p>", 0),  # the oldest title match, scored highest by ts_rank
        ("年度预算通知", "<p>附件</p>", 10),
        ("部门预算公开", "<p>附件</p>", 20),
        ("商务动态一", "<p>讨论预算</p>", 25),
        ("预算执行通报", "<p>附件</p>", 30),
        ("商务动态二", "<p>讨论预算</p>", 35),
        ("商务动态三", "<p>讨论预算</p>", 40),
    ]
    for title, body, days in made:
        publish(cast, title, body, today=day + datetime.timedelta(days=days))
    return cast


def test_within_the_bounds_the_order_is_the_rules_and_the_total_exact(crowded):
    found, total, approximate = titles("预算")
    assert found[0] == "预算预算公开通知"  # relevance before recency among the title matches
    assert found[4:] == ["商务动态三", "商务动态二", "商务动态一"]  # then the body-only, newest first
    assert (total, approximate) == (7, False)


def test_beyond_the_ranked_bound_older_title_matches_follow_newest_first_among_the_rest(crowded, monkeypatch):
    monkeypatch.setattr(search, "RANKED", 2)
    found, _, _ = titles("预算")
    # the two newest title matches ranked; the older ones (the most relevant too) join the rest by date
    assert found == ["预算执行通报", "部门预算公开", "商务动态三", "商务动态二", "商务动态一", "年度预算通知",
                     "预算预算公开通知"]  # fmt: skip
    for offset in range(9):
        for limit in range(1, 8):
            assert titles("预算", offset, limit)[0] == found[offset : offset + limit]


def test_beyond_the_counted_bound_the_total_is_an_estimate_and_the_page_says_about(crowded, monkeypatch):
    monkeypatch.setattr(search, "COUNTED", 3)
    found, total, approximate = titles("预算")
    assert len(found) == 7 and approximate and total >= 4
    page = Client().get("/search/", {"q": "预算"})
    assert f"约找到 {total} 件文件" in page.content.decode()
    monkeypatch.setattr(search, "COUNTED", 7)
    assert titles("预算")[1:] == (7, False)
    assert "共找到 7 件文件" in Client().get("/search/", {"q": "预算"}).content.decode()


@pytest.mark.parametrize("margin", [0, 1.2, 10**6])
@pytest.mark.parametrize("query", ["预算", "预算 预算", "预算公开", "预"])
def test_with_many_matches_the_newest_are_looked_for_in_windows_and_every_page_is_a_slice(
    crowded, monkeypatch, margin, query
):
    """Past COUNTED matches the rest is read in windows of the newest days first (here 120, 130 and 140 days
    before the search's day, which cut the catalog between its documents): the order is the one above, whichever
    window the planner's estimate starts from (MARGIN 0: the first; a million: the last, every window skipped),
    for a word twice (one key), a phrase (预算公开: the estimates of its rarest bigram) and a prefix (预: windows
    tried in turn)."""
    monkeypatch.setattr(search, "RANKED", 1 if query == "预算公开" else 2)
    expected = titles(query)[0]
    assert len(expected) == (2 if query == "预算公开" else 7)
    monkeypatch.setattr(search, "COUNTED", 1)
    monkeypatch.setattr(search, "WINDOWS", (120, 130, 140, None))
    monkeypatch.setattr(search, "PREFIX_WINDOWS", (120, 140, None))
    monkeypatch.setattr(search, "MARGIN", margin)
    assert titles(query)[0] == expected
    for offset in range(9):
        for limit in range(1, 8):
            assert titles(query, offset, limit)[0] == expected[offset : offset + limit]
