"""CJK bigram tokens: a query's phrases are always found in the index text of a document that contains it.
(How the phrases become SQLite and PostgreSQL queries: catalog/tests/test_search_tokens.py.)"""

from __future__ import annotations

import unicodedata

import pytest
from hypothesis import given
from hypothesis import strategies as st

from gongkai.lib import search_tokens

HAN = st.characters(min_codepoint=0x4E00, max_codepoint=0x9FFF)
TEXT = st.text(alphabet=HAN | st.sampled_from("abcXYZ019０１ＡＢ 　，。、-（）《》"), max_size=40)


@pytest.mark.parametrize(
    ("text", "runs"),
    [
        ("财政预算 2019年", ["财政预算", "2019", "年"]),
        ("ＰＤＦ附件", ["pdf", "附件"]),
        ("秀经信商〔2019〕3号", ["秀经信商", "2019", "3", "号"]),
        ("かな와한글", ["かな와한글"]),  # kana and hangul count as CJK characters
        ("e-mail", ["e", "mail"]),
        ("，。！", []),
    ],
)
def test_text_splits_into_cjk_and_alphanumeric_runs(text: str, runs: list[str]) -> None:
    assert search_tokens.runs(text) == runs


@pytest.mark.parametrize(
    ("query", "phrases", "terms"),
    [
        ("预算", [["预算"]], ["预算"]),
        ("财政预算 补贴", [["财政", "政预", "预算"], ["补贴"]], ["财政预算", "补贴"]),
        ("补", [["补"]], ["补"]),
        ("PDF 预算", [["pdf"], ["预算"]], ["pdf", "预算"]),
        ("预算 预算", [["预算"], ["预算"]], ["预算"]),
        ("！？", [], []),
    ],
)
def test_queries_become_phrases_and_highlight_terms(
    query: str, phrases: list[list[str]], terms: list[str]
) -> None:
    assert search_tokens.query_phrases(query) == phrases
    assert search_tokens.query_terms(query) == terms


def test_index_text_is_the_tokens_joined_by_spaces() -> None:
    assert search_tokens.index_text("财政预算 2019年") == "财政 政预 预算 2019 年"


def contains_phrase(tokens: list[str], phrase: list[str]) -> bool:
    return any(tokens[i : i + len(phrase)] == phrase for i in range(len(tokens) - len(phrase) + 1))


@given(TEXT, st.text(alphabet=HAN, min_size=2, max_size=8), TEXT)
def test_a_document_is_found_by_any_two_or_more_han_characters_it_contains(
    before: str, query: str, after: str
) -> None:
    tokens = search_tokens.tokens(before + query + after)
    phrases = search_tokens.query_phrases(query)
    assert phrases and all(contains_phrase(tokens, phrase) for phrase in phrases)


@given(TEXT, st.from_regex(r"[a-z0-9]{1,8}", fullmatch=True), TEXT)
def test_a_document_is_found_by_a_whole_word_of_letters_or_digits(before: str, word: str, after: str) -> None:
    tokens = search_tokens.tokens(f"{before} {word.upper()} {after}")
    assert search_tokens.query_phrases(word) == [[word]] and word in tokens


@given(TEXT)
def test_tokens_are_non_empty_lower_case_and_without_spaces(text: str) -> None:
    for token in search_tokens.tokens(text):
        assert token and token == token.lower() and not any(ch.isspace() for ch in token)
        assert len(token) <= 2 or token.isascii()


@given(st.text())
def test_normalising_is_nfkc_then_lower_case_for_any_text(text: str) -> None:
    # The per-character shortcut in normalise must give exactly what NFKC of the whole text gives, also with
    # combining marks, Hangul jamo and characters beyond the basic plane.
    assert search_tokens.normalise(text) == unicodedata.normalize("NFKC", text).lower()


@given(
    st.text(
        alphabet=st.sampled_from("财政预算ａＺ１가\u1100\u1161\u0301\u3099かか゛①㈠㎡ﬁ\uf900\U0002f800 ，。")
    )
)
def test_normalising_is_nfkc_for_text_made_of_the_characters_it_changes(text: str) -> None:
    assert search_tokens.normalise(text) == unicodedata.normalize("NFKC", text).lower()
