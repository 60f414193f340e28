import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command

from gongkai.agencies.demo import USERS, load_demo
from gongkai.agencies.models import Agency, Membership

pytestmark = pytest.mark.django_db


def test_demo_builds_the_xiuzhou_tree_with_a_dozen_departments() -> None:
    load_demo()
    agency = Agency.objects.get(name="秀洲区经济信息商务局")
    assert [a.short_name for a in agency.ancestors()] == ["浙江省", "嘉兴市", "秀洲区"]
    assert agency.parent is not None
    assert agency.parent.children.count() >= 13


def test_demo_has_one_user_per_role() -> None:
    result = load_demo()
    roles = set(Membership.objects.values_list("role", flat=True))
    assert roles == set(Membership.Role.values)
    assert set(result.passwords) == {"admin"} | {username for username, *_ in USERS}
    user = get_user_model().objects.get(username="jxsw_clerk")
    assert user.check_password(result.passwords["jxsw_clerk"])


def test_demo_is_idempotent(capsys: pytest.CaptureFixture[str]) -> None:
    call_command("demo")
    first = capsys.readouterr().out
    counts = (Agency.objects.count(), Membership.objects.count(), get_user_model().objects.count())
    call_command("demo")
    second = capsys.readouterr().out
    assert counts == (Agency.objects.count(), Membership.objects.count(), get_user_model().objects.count())
    assert "jxsw_clerk" in first
    assert "jxsw_clerk" not in second
