import pytest

from gongkai.catalog.search.postgresql import tsquery
from gongkai.catalog.search.sqlite import match_expression
from gongkai.lib import search_tokens


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("预算", ["预算"]),
        ("财政预算", ["财政", "政预", "预算"]),
        ("补", ["补"]),
        ("2019年度预算", ["2019", "年度", "度预", "预算"]),
        ("秀经信商〔2019〕3号", ["秀经", "经信", "信商", "2019", "3", "号"]),
        ("ＰＤＦ附件", ["pdf", "附件"]),
        ("，。！", []),
    ],
)
def test_text_is_indexed_as_cjk_bigrams_and_whole_alphanumeric_words(text, expected):
    assert search_tokens.tokens(text) == expected


@pytest.mark.parametrize(
    ("query", "sqlite", "postgresql"),
    [
        ("预算", '"预算"', "('预算')"),
        ("财政预算", '"财政 政预 预算"', "('财政' <-> '政预' <-> '预算')"),
        ("预算 补贴", '"预算" AND "补贴"', "('预算') & ('补贴')"),
        ("补", '"补" *', "'补':*"),
        ("\"'*) OR", '"or"', "('or')"),
        ("！？", None, None),
    ],
)
def test_queries_become_phrases_of_bigrams_with_nothing_to_escape(query, sqlite, postgresql):
    assert match_expression(query) == sqlite
    assert tsquery(query) == postgresql
