"""Every field of the application form, fuzzed: the answer is a stored application or a Chinese message
on the field — never a server error, never a half-stored application."""

from __future__ import annotations

import re
from typing import Any

from django.test import Client
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from hypothesis.extra.django import TestCase

from gongkai.agencies.models import Agency
from gongkai.applications.forms import ApplicationForm
from gongkai.applications.models import Application
from gongkai.testing import apply_online, make_cast

from .helpers import NASTY_VALUES, applicant

FIELDS = list(ApplicationForm.Meta.fields)
CJK = re.compile(r"[\u4e00-\u9fff]")
nasty = st.one_of(
    st.text(max_size=60),
    st.text(min_size=4990, max_size=5100, alphabet="查询政府信息公开"),
    st.sampled_from(NASTY_VALUES),
)


class ApplicationFormFuzz(TestCase):
    agency: Agency

    @classmethod
    def setUpTestData(cls) -> None:
        cls.agency = make_cast().agency

    @settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
    @given(field=st.sampled_from(FIELDS), value=nasty)
    def test_a_fuzzed_field_is_answered_in_chinese_on_that_field(self, field: str, value: str) -> None:
        before = Application.objects.count()
        # A browser of its own per example: no answers left in the session from the one before.
        response = apply_online(
            Client(), self.agency.pk, applicant(**{field: value}), REMOTE_ADDR="192.0.2.1"
        )
        assert response.status_code in (200, 302)
        if response.status_code == 302:
            assert Application.objects.count() == before + 1
            Application.objects.all().delete()  # keep the rate limit out of the way
            return
        assert Application.objects.count() == before
        errors = response.context["form"].errors
        assert errors, "the form was refused without saying why"
        for name, messages in errors.items():
            assert name in FIELDS or name == "__all__"
            for message in messages:
                assert CJK.search(message), message


STAFF_FIELDS = [*FIELDS, "channel", "received_on", "confirmation"]
nasty_or_date = st.one_of(
    nasty,
    st.dates().map(str),
    st.sampled_from(["2099-01-01", "2024-02-30", "0001-01-01", "2024/03/01", "三月一日", "2024-03-01T08:00"]),
)


class StaffRegistrationFuzz(TestCase):
    """The staff entry form (paper, post, fax, e-mail): the same answers, with the channel and the receipt
    date fuzzed too."""

    agency: Agency
    clerk: Any

    @classmethod
    def setUpTestData(cls) -> None:
        cast = make_cast()
        cls.agency, cls.clerk = cast.agency, cast.clerk

    @settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.too_slow])
    @given(field=st.sampled_from(STAFF_FIELDS), value=nasty_or_date)
    def test_a_fuzzed_field_is_answered_in_chinese_on_that_field(self, field: str, value: str) -> None:
        self.client.force_login(self.clerk)
        before = Application.objects.count()
        data = applicant(channel="post", received_on="2024-03-01") | {field: value}
        response = self.client.post(f"/workspace/agencies/{self.agency.pk}/applications/new/", data)
        assert response.status_code in (200, 302)
        if response.status_code == 302:
            assert Application.objects.count() == before + 1
            return
        assert Application.objects.count() == before
        errors = response.context["form"].errors
        assert errors, "the form was refused without saying why"
        for name, messages in errors.items():
            assert name in STAFF_FIELDS or name == "__all__"
            for message in messages:
                assert CJK.search(message), message
