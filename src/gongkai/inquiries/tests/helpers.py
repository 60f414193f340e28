"""Shared helpers for the inquiry tests: a question asked through the public form, as a person would."""

from __future__ import annotations

from typing import Any

from django.test import Client

from gongkai.agencies.models import Agency
from gongkai.inquiries.models import Inquiry
from gongkai.lib import abuse

QUESTION = "请问外贸企业出口信用保险补贴什么时候开始申报，需要哪些材料？"


def form_data(asked: Agency, /, **changes: Any) -> dict[str, Any]:
    data = {
        "agency": asked.pk,
        "subject": "出口信用保险补贴申报时间",
        "question": QUESTION,
        "name": "王小明",
        "contact": "13857301234",
        "agrees_to_publish": "on",
        **abuse.guard_fields(seconds_ago=30),
    }
    data.update(changes)
    return {key: value for key, value in data.items() if value is not None}


def ask(client: Client, asked: Agency, /, **changes: Any) -> Inquiry:
    """Fill the form, confirm it, and return the inquiry the tracking page shows."""
    data = form_data(asked, **changes)
    confirm = client.post("/inquiries/ask/", data)
    assert confirm.status_code == 200 and "confirm" in confirm.content.decode()
    sent = client.post("/inquiries/ask/", {**data, "confirm": "1"})
    assert sent.status_code == 302, sent.content.decode()[:3000]
    code = sent["Location"].rstrip("/").rsplit("/", 1)[-1]
    return Inquiry.objects.get(tracking_code=code)
