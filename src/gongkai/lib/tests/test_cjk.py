"""Label matching ignores width, spacing and punctuation, and keeps every character that carries meaning."""

from __future__ import annotations

import re

import pytest
from hypothesis import given
from hypothesis import strategies as st

from gongkai.lib import cjk


@pytest.mark.parametrize(
    ("printed", "canonical"),
    [
        ("（一）予以公开", "(一)予以公开"),
        ("社会公益 组织", "社会公益组织"),
        ("本年度办\u3000理结果", "本年度办理结果"),
        ("“三安全一稳定”", '"三安全一稳定"'),
        ("危及“三安全一稳定”", "危及三安全一稳定"),
        ("１．属于国家秘密", "1.属于国家秘密"),
        ("法律、行政法规禁止公开", "法律，行政法规禁止公开"),
        ("【行政复议】", "《行政复议》"),
    ],
)
def test_the_same_label_printed_differently_has_the_same_key(printed: str, canonical: str) -> None:
    assert cjk.label_key(printed) == cjk.label_key(canonical)


@pytest.mark.parametrize(
    ("label", "key"),
    [
        ("（三）不予公开", "三不予公开"),
        ("2021年", "2021年"),
        ("ＡＢＣ　１２３", "ABC123"),
        ("—— / ——", ""),
    ],
)
def test_a_key_keeps_characters_letters_and_digits_only(label: str, key: str) -> None:
    assert cjk.label_key(label) == key


def test_different_labels_keep_different_keys() -> None:
    assert cjk.label_key("（一）予以公开") != cjk.label_key("（二）部分公开")
    assert cjk.label_key("1.本机关不掌握") != cjk.label_key("2.本机关不掌握")


@pytest.mark.parametrize(
    ("text", "squashed"),
    [("办 理\t结\n果", "办理结果"), ("\u3000政府\xa0信息", "政府信息"), ("", "")],
)
def test_squash_spaces_removes_every_kind_of_space(text: str, squashed: str) -> None:
    assert cjk.squash_spaces(text) == squashed


@pytest.mark.parametrize(
    ("a", "b", "score"),
    [
        ("2019年度补助资金明细", "2019年度补助资金明细", 1.0),
        ("２０１９年度补助资金明细。", "2019年度 补助资金明细", 1.0),  # width, spaces, stops
        ("补助资金", "补助资金明细", 3 / 5),
        ("补助资金", "道路养护", 0.0),
        ("", "补助资金", 0.0),
        ("补", "补", 0.0),  # one character has no bigram
    ],
)
def test_similarity_is_the_jaccard_of_the_keys_bigrams(a: str, b: str, score: float) -> None:
    assert cjk.similarity(a, b) == pytest.approx(score)
    assert cjk.similarity(b, a) == pytest.approx(score)


@pytest.mark.parametrize(
    ("fragment", "whole", "share"),
    [
        ("予以公开", "（一）予以公开", 1.0),
        ("行政复议", "行政诉讼", 1 / 3),
        ("复议", "行政诉讼", 0.0),
        ("", "任何标签", 0.0),
        ("字", "任何标签", 0.0),  # one character has no bigram
    ],
)
def test_containment_is_the_share_of_the_fragments_bigrams_in_the_whole(
    fragment: str, whole: str, share: float
) -> None:
    assert cjk.containment(cjk.label_key(fragment), cjk.label_key(whole)) == pytest.approx(share)


@pytest.mark.parametrize(
    ("label", "printed"),
    [
        ("（一）予以公开", "(一) 予以 公开"),
        ("法律、行政法规禁止公开", "法律行政法规禁止公开"),
        ("法律、行政法规禁止公开", "法律，行政法规禁止公开"),
        ("“三安全一稳定”", "三安全一稳定"),
        ("1.属于国家秘密", "1．属于国家秘密"),
        ("1.属于国家秘密", "1、属于国家秘密"),
        ("本年度办理结果", "本年度办 理结果"),
    ],
)
def test_a_label_pattern_finds_the_label_however_it_was_printed(label: str, printed: str) -> None:
    assert re.fullmatch(cjk.label_pattern(label), printed)


def test_a_label_pattern_does_not_find_another_label() -> None:
    assert not re.search(cjk.label_pattern("（一）予以公开"), "（二）部分公开")


LABEL_CHARACTERS = st.characters(min_codepoint=0x4E00, max_codepoint=0x9FFF) | st.sampled_from("0123456789")
NOISE = st.text(alphabet=" \t\u3000\xa0、，,。.;；:：“”\"'()（）【】《》/—-_~!！?？", max_size=3)


@given(st.text())
def test_a_key_never_holds_whitespace(text: str) -> None:
    assert not re.search(r"\s", cjk.label_key(text))


@given(st.lists(st.tuples(LABEL_CHARACTERS, NOISE), min_size=1, max_size=20))
def test_spaces_and_punctuation_anywhere_in_a_label_leave_its_key_unchanged(
    pieces: list[tuple[str, str]],
) -> None:
    clean = "".join(character for character, _ in pieces)
    noisy = "".join(character + noise for character, noise in pieces)
    assert cjk.label_key(noisy) == cjk.label_key(clean) == clean


@given(st.text(alphabet=st.characters(categories=["Lo", "Nd", "Zs", "Po", "Ps", "Pe"]), min_size=1))
def test_a_label_pattern_matches_the_label_itself(label: str) -> None:
    assert re.search(cjk.label_pattern(label), label)


@given(st.text(), st.text())
def test_containment_is_a_share(fragment: str, whole: str) -> None:
    assert 0.0 <= cjk.containment(cjk.label_key(fragment), cjk.label_key(whole)) <= 1.0
