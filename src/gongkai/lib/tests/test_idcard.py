"""居民身份证号码: format, birth date and check character, and masking for lists and letters."""

from __future__ import annotations

import datetime

import pytest
from hypothesis import given
from hypothesis import strategies as st

from gongkai.lib import idcard


@pytest.mark.parametrize(
    ("number", "problem"),
    [
        ("11010519491231002X", None),  # the example printed in GB 11643-1999
        ("11010519491231002x", None),  # a lower-case x is read as X
        (" 330411198507152315 ", None),
        ("110105194912310021", "check"),
        ("11010519491331002X", "birth_date"),  # month 13
        ("11010518991231002X", "birth_date"),  # before 1900
        ("11010519490230002X", "birth_date"),  # 30 February
        ("1101051949123100", "format"),
        ("11010519491231002Y", "format"),
        ("１１０１０５１９４９１２３１００２Ｘ", "format"),  # full-width: fold with cjk.fold first
        ("١١٠١٠٥١٩٤٩١٢٣١٠٠٢X", "format"),  # other scripts' digits are not ASCII digits
        ("", "format"),
    ],
)
def test_problems_are_named_by_the_part_that_is_wrong(number: str, problem: str | None) -> None:
    assert idcard.problem(number) == problem


def test_a_birth_date_in_the_future_is_wrong() -> None:
    tomorrow = datetime.date.today() + datetime.timedelta(days=1)
    first17 = f"330411{tomorrow:%Y%m%d}123"
    assert idcard.problem(first17 + idcard.check_character(first17)) == "birth_date"


@pytest.mark.parametrize(
    ("number", "masked"),
    [
        ("330411198507152310", "330411**********10"),
        (" 11010519491231002X ", "110105**********2X"),
        ("12345678", "********"),
        ("123456789", "123456*89"),
        ("", ""),
    ],
)
def test_a_mask_keeps_the_region_and_the_last_two_characters(number: str, masked: str) -> None:
    assert idcard.mask(number) == masked


BIRTHS = st.dates(min_value=datetime.date(1900, 1, 1), max_value=datetime.date.today())
REGIONS = st.integers(min_value=0, max_value=999999).map("{:06d}".format)
ORDERS = st.integers(min_value=0, max_value=999).map("{:03d}".format)


@given(REGIONS, BIRTHS, ORDERS)
def test_a_number_with_its_check_character_is_well_formed(
    region: str, born: datetime.date, order: str
) -> None:
    first17 = f"{region}{born:%Y%m%d}{order}"
    number = first17 + idcard.check_character(first17)
    assert idcard.problem(number) is None
    assert idcard.problem(number.lower()) is None


@given(REGIONS, BIRTHS, ORDERS)
def test_any_other_check_character_is_caught(region: str, born: datetime.date, order: str) -> None:
    first17 = f"{region}{born:%Y%m%d}{order}"
    right = idcard.check_character(first17)
    for wrong in set(idcard.CHECK) - {right}:
        assert idcard.problem(first17 + wrong) == "check"


@given(st.text(max_size=30))
def test_any_text_is_well_formed_or_gets_a_named_problem_and_masks_to_its_length(text: str) -> None:
    assert idcard.problem(text) in (None, "format", "birth_date", "check")
    assert len(idcard.mask(text)) == len(text.strip())
