"""The public forms' abuse guard: a form sent too fast, a filled honeypot and a flood from one address are
refused with a Chinese reason; a person's form passes."""

from __future__ import annotations

import time
from collections.abc import Iterator
from typing import Any

import pytest
from django import forms
from django.core.cache import cache
from django.test import RequestFactory
from django.utils import translation
from hypothesis import given
from hypothesis import strategies as st

from gongkai.lib import abuse


class QuestionForm(abuse.AbuseGuardForm):
    question = forms.CharField()


@pytest.fixture(autouse=True)
def chinese() -> Iterator[None]:
    with translation.override("zh-hans"):
        yield


@pytest.fixture(autouse=True)
def empty_cache() -> None:
    cache.clear()


def test_a_form_typed_by_a_person_passes() -> None:
    form = QuestionForm({"question": "何时发布？", **abuse.guard_fields(seconds_ago=30)})
    assert form.is_valid(), form.errors


def test_a_form_sent_back_at_once_is_refused_as_too_fast(settings: Any) -> None:
    settings.GONGKAI_FORM_MIN_SECONDS = 3
    drawn = QuestionForm()
    form = QuestionForm({"question": "何时发布？", "form_stamp": drawn.fields["form_stamp"].initial})
    assert not form.is_valid()
    assert "太快" in form.non_field_errors()[0]


def test_a_filled_honeypot_is_refused() -> None:
    data = {"question": "何时发布？", **abuse.guard_fields(), "homepage": "http://spam.example"}
    form = QuestionForm(data)
    assert not form.is_valid()
    assert form.non_field_errors().as_data()[0].code == "honeypot"
    assert "主页" in form.non_field_errors()[0]


@pytest.mark.parametrize("stamp", ["", "1700000000.0", "garbage:xyz"])
def test_a_missing_or_forged_stamp_is_refused(stamp: str) -> None:
    form = QuestionForm({"question": "何时发布？", "form_stamp": stamp})
    assert not form.is_valid()
    assert form.non_field_errors().as_data()[0].code == "stamp"


def test_a_stamp_from_yesterday_is_refused() -> None:
    assert abuse.check_stamp(abuse.stamp(time.time() - abuse.STAMP_MAX_AGE - 5)) is not None


@given(st.floats(min_value=0, max_value=2.9))
def test_any_stamp_younger_than_the_minimum_is_too_fast(age: float) -> None:
    with translation.override("zh-hans"):
        now = time.time()
        from django.conf import settings

        assert settings.GONGKAI_FORM_MIN_SECONDS == 3
        assert abuse.check_stamp(abuse.stamp(now - age), now=now) == str(abuse.TOO_FAST)


def test_the_honeypot_is_drawn_hidden_from_people() -> None:
    html = str(QuestionForm())
    assert 'class="d-none"' in html
    assert 'name="homepage"' in html
    assert 'tabindex="-1"' in html


def test_one_address_is_limited_per_form_and_others_are_not(settings: Any) -> None:
    settings.GONGKAI_PUBLIC_FORM_RATE_LIMIT = (2, 600)
    factory = RequestFactory()
    one, other = factory.post("/", REMOTE_ADDR="10.0.0.1"), factory.post("/", REMOTE_ADDR="10.0.0.2")
    abuse.guard(one, "inquiry")
    abuse.guard(one, "inquiry")
    with pytest.raises(abuse.RateLimited):
        abuse.guard(one, "inquiry")
    abuse.guard(other, "inquiry")  # another address
    abuse.guard(one, "difficulty")  # another form


def test_the_limit_stores_no_address(settings: Any) -> None:
    settings.GONGKAI_PUBLIC_FORM_RATE_LIMIT = (5, 600)
    abuse.guard(RequestFactory().post("/", REMOTE_ADDR="203.0.113.9"), "inquiry")
    print_ = abuse.fingerprint("203.0.113.9", purpose="inquiry")
    assert cache.get(f"abuse:inquiry:{print_}") == 1
    assert "203.0.113.9" not in print_


def test_the_refusal_page_says_why_in_chinese(db: None) -> None:
    response = abuse.refusal(RequestFactory().get("/"), back_url="/back/")
    assert response.status_code == 429
    assert "提交过于频繁" in response.content.decode() or "太多" in response.content.decode()
