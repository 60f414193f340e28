import pytest
from django.core.exceptions import ValidationError

from gongkai.agencies.demo import demo_credit_code
from gongkai.agencies.models import Agency
from gongkai.lib import uscc
from gongkai.testing import Cast

pytestmark = pytest.mark.django_db


def test_subtree_is_the_agency_and_everything_below(cast: Cast) -> None:
    names = set(Agency.objects.subtree(cast.district).values_list("name", flat=True))
    assert names == {cast.district.name, cast.agency.name, cast.other_agency.name}


def test_moving_an_agency_moves_its_subtree(cast: Cast) -> None:
    cast.district.parent = cast.province
    cast.district.save()
    cast.agency.refresh_from_db()
    assert cast.agency.path == f"/{cast.province.pk}/{cast.district.pk}/{cast.agency.pk}/"
    assert [a.name for a in cast.agency.ancestors()] == [cast.province.name, cast.district.name]


def test_an_agency_cannot_be_placed_below_itself(cast: Cast) -> None:
    cast.district.parent = cast.agency
    with pytest.raises(ValidationError):
        cast.district.full_clean()


def test_invalid_credit_code_is_refused_naming_the_field(cast: Cast) -> None:
    cast.agency.credit_code = "11330411MB0000001X"
    with pytest.raises(ValidationError) as error:
        cast.agency.full_clean()
    assert "credit_code" in error.value.message_dict


@pytest.mark.parametrize(
    ("code", "valid"),
    [
        ("91350100M000100Y43", True),  # a published example of the standard
        ("91350100M000100Y44", False),
        ("91350100M000100Y4", False),
        ("91350100M000100I43", False),  # I is not in the alphabet
        (demo_credit_code(7), True),
    ],
)
def test_credit_code_check_character(code: str, valid: bool) -> None:
    assert uscc.is_valid(code) is valid
