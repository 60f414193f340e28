"""The API: report a difficulty, follow it (no personal data, no staff name), rate it once — refusals in
Chinese naming the field."""

from __future__ import annotations

import pytest
from django.core.cache import cache
from django.test import Client

from gongkai.difficulties import actions
from gongkai.ratings import services
from gongkai.testing import Cast
from gongkai.workdays.seed import seed_from_chinesecalendar

from .helpers import CONTACT, REPORTER


@pytest.fixture(autouse=True)
def setup(db: None) -> None:
    seed_from_chinesecalendar()
    cache.clear()


def test_report_track_and_rate_through_the_api(cast: Cast, client: Client) -> None:
    body = {"agency_id": cast.agency.pk, "reporter_kind": "company", "subject": "出入口被占",
            "description": "货车无法进出。", "name": REPORTER, "contact": "无"}  # fmt: skip
    refused = client.post("/api/difficulties/", body, content_type="application/json")
    assert refused.status_code == 400 and "contact" in refused.json()["errors"]
    assert "请填写用于答复的电话号码或电子邮箱" in refused.json()["errors"]["contact"][0]
    sent = client.post("/api/difficulties/", {**body, "contact": CONTACT}, content_type="application/json")
    assert sent.status_code == 201, sent.content
    code = sent.json()["tracking_code"]
    case = actions.Difficulty.objects.get(tracking_code=code)
    actions.do_assign_difficulty(cast.clerk, case, cast.agency, 5)
    actions.do_answer_difficulty(cast.clerk, case, "已开设临时通道。")
    actions.do_confirm_difficulty(case)
    track = client.get(f"/api/difficulties/track/{code}")
    text = str(track.json())
    assert track.status_code == 200 and [e["kind"] for e in track.json()["events"]][-1] == "confirmed"
    assert REPORTER not in text and CONTACT not in text and cast.clerk.username not in text
    rating = {"service_kind": "difficulty", "tracking_code": code, "level": 4,
              "secret": services.secret("difficulty", code)}  # fmt: skip
    assert (
        client.post("/api/ratings/", {**rating, "secret": "x"}, content_type="application/json").status_code
        == 404
    )
    assert client.post("/api/ratings/", rating, content_type="application/json").status_code == 201
    again = client.post("/api/ratings/", rating, content_type="application/json")
    assert again.status_code == 400 and "该服务已评价" in str(again.json())
    figures = client.get("/api/ratings/figures").json()
    assert figures[0]["satisfaction_rate"] == 100.0
