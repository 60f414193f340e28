"""统一社会信用代码: the check character over the first 17 characters, and validation."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from gongkai.lib import uscc

FIRST17 = st.text(alphabet=uscc.ALPHABET, min_size=17, max_size=17)


@pytest.mark.parametrize(
    ("code", "valid"),
    [
        ("91350100M000100Y43", True),  # a published example of the standard
        ("91350100m000100y43", True),  # lower case is read as upper case
        (" 91350100M000100Y43\n", True),
        ("91350100M000100Y44", False),
        ("91350100M000100Y4", False),
        ("91350100M000100Y433", False),
        ("91350100M000100I43", False),  # I, O, S, V and Z are not in the alphabet
        ("91350100M000100O43", False),
        ("", False),
    ],
)
def test_credit_codes_are_checked_by_their_18th_character(code: str, valid: bool) -> None:
    assert uscc.is_valid(code) is valid


@pytest.mark.parametrize(
    ("first17", "message"),
    [("9135010", "17 characters"), ("91350100M000100Z4", "'Z' is not allowed")],
)
def test_the_check_character_needs_17_characters_of_the_alphabet(first17: str, message: str) -> None:
    with pytest.raises(ValueError, match=message):
        uscc.check_character(first17)


@given(FIRST17)
def test_a_code_with_its_check_character_is_valid(first17: str) -> None:
    assert uscc.is_valid(first17 + uscc.check_character(first17))


@given(FIRST17, st.data())
def test_changing_any_one_character_is_caught(first17: str, data: st.DataObject) -> None:
    code = first17 + uscc.check_character(first17)
    position = data.draw(st.integers(min_value=0, max_value=17))
    other = data.draw(st.sampled_from(uscc.ALPHABET).filter(lambda char: char != code[position]))
    assert not uscc.is_valid(code[:position] + other + code[position + 1 :])


@given(st.text(max_size=20))
def test_any_text_is_valid_or_not_without_raising(text: str) -> None:
    assert isinstance(uscc.is_valid(text), bool)
