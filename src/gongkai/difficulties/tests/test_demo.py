"""The demo's difficulty cases: the agencies' demo world with this app's step alone (the full demo is
tests/test_demo.py), every state present, and the reporters' names on no tracking page."""

from __future__ import annotations

from typing import Any

from django.test import Client
from django.utils import timezone

from gongkai.agencies import demo as agencies_demo
from gongkai.difficulties.demo import CASES, load_demo_difficulties
from gongkai.difficulties.models import Difficulty
from gongkai.workdays.seed import seed_from_chinesecalendar


def test_the_demo_cases_are_in_every_state(db: None, monkeypatch: Any, client: Client) -> None:
    seed_from_chinesecalendar()
    monkeypatch.setattr(agencies_demo, "DEMO_STEPS", [load_demo_difficulties])
    agencies_demo.load_demo()
    agencies_demo.load_demo()  # idempotent
    cases = Difficulty.objects.all()
    assert cases.count() == len(CASES)
    assert set(cases.values_list("status", flat=True)) == set(Difficulty.Status.values)
    assert cases.filter(confirmed=True).count() == 1
    assert cases.filter(status="closed", confirmed=False).count() == 1
    assert cases.overdue(timezone.localdate()).filter(escalated_at__isnull=False).count() == 1
    for case in cases:
        page = client.get(f"/difficulties/track/{case.tracking_code}/").content.decode()
        assert case.subject in page and case.name not in page and case.contact not in page
