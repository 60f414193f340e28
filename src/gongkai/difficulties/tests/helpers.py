"""Shared helpers for the difficulty tests: a case reported through the public form, as a person would."""

from __future__ import annotations

from typing import Any

from django.test import Client

from gongkai.agencies.models import Agency
from gongkai.difficulties.models import Difficulty
from gongkai.lib import abuse

REPORTER = "嘉兴市禾丰纺织有限公司"
CONTACT = "13957305678"


def form_data(office: Agency, /, **changes: Any) -> dict[str, Any]:
    data = {
        "agency": office.pk,
        "reporter_kind": "company",
        "subject": "厂区道路施工导致货车无法进出",
        "description": "园区东路施工已三个月，围挡占用厂区唯一出入口，货车无法进出，影响正常发货。",
        "name": REPORTER,
        "contact": CONTACT,
        **abuse.guard_fields(seconds_ago=30),
    }
    data.update(changes)
    return {key: value for key, value in data.items() if value is not None}


def report(client: Client, office: Agency, /, **changes: Any) -> Difficulty:
    sent = client.post("/difficulties/report/", form_data(office, **changes))
    assert sent.status_code == 302, sent.content.decode()[:3000]
    code = sent["Location"].rstrip("/").rsplit("/", 1)[-1]
    return Difficulty.objects.get(tracking_code=code)
