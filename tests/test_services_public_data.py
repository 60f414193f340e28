"""No person's data in the public services' public pages, feeds or API (issue 19's Bar): after a question
asked, answered, moderated and published, another not agreed to publication, a difficulty reported, handled
and confirmed, and both services rated (one 差评 followed up and its rectification made public), every
public page, feed and API answer an anonymous visitor can reach holds none of the askers' and reporters'
names, telephone numbers or e-mail addresses, nor a rater's comment."""

from __future__ import annotations

import json

import pytest
from django.core.cache import cache
from django.test import Client

from gongkai.difficulties import actions as difficulty_actions
from gongkai.inquiries import actions as inquiry_actions
from gongkai.ratings import actions as rating_actions
from gongkai.rectifications import actions as rectification_actions
from gongkai.testing import Cast
from gongkai.workdays.seed import seed_from_chinesecalendar

PERSONAL = [
    "欧阳明哲",
    "oyang.mz@example.org",
    "司马青云",
    "13912345678",
    "嘉兴市金穗织造有限公司",
    "13811112222",
]
COMMENT = "答复太慢，耽误了发货"  # a rater's own words: not published as such


@pytest.mark.django_db
def test_no_person_in_the_public_pages_feeds_and_api(cast: Cast) -> None:
    seed_from_chinesecalendar()
    cache.clear()
    published = inquiry_actions.do_submit_inquiry(
        cast.agency,
        {"name": "欧阳明哲", "contact": "oyang.mz@example.org", "subject": "创业补贴申报时间",
         "question": "今年的创业补贴何时开始申报？", "agrees_to_publish": True},
        remote_address="192.0.2.1",
    )  # fmt: skip
    inquiry_actions.do_answer_inquiry(cast.clerk, published, "每年3月1日起在政务服务网申报。")
    inquiry_actions.do_moderate_inquiry(
        cast.approver, published, publish=True, public_question="今年的创业补贴何时开始申报？",
        public_answer="每年3月1日起在政务服务网申报。",
    )  # fmt: skip
    private = inquiry_actions.do_submit_inquiry(
        cast.agency,
        {"name": "司马青云", "contact": "13912345678", "subject": "个体户补贴", "question": "个体户能否申请？"},
        remote_address="192.0.2.2",
    )  # fmt: skip
    inquiry_actions.do_answer_inquiry(cast.clerk, private, "可以申请。")
    case = difficulty_actions.do_report_difficulty(
        cast.agency,
        {"reporter_kind": "company", "name": "嘉兴市金穗织造有限公司", "contact": "13811112222",
         "subject": "厂区出入口被围挡", "description": "施工围挡占用厂区唯一出入口。"},
        remote_address="192.0.2.3",
    )  # fmt: skip
    difficulty_actions.do_assign_difficulty(cast.clerk, case, cast.agency, 5)
    difficulty_actions.do_answer_difficulty(cast.clerk, case, "已协调开设临时通道。")
    difficulty_actions.do_confirm_difficulty(case)
    poor = rating_actions.do_rate_service("difficulty", case.tracking_code, 1, COMMENT)
    rating_actions.do_follow_up_rating(cast.clerk, poor, "电话回访了企业负责人。")
    item = rating_actions.do_rectify_rating(cast.clerk, poor, measures="限时办结", owner="企业服务科")
    rectification_actions.do_complete_rectification(cast.clerk, item, "已实行限时办结。")
    rating_actions.do_rate_service("inquiry", published.tracking_code, 5, "答复清楚。")

    agency = cast.agency.pk
    paths = [
        "/", f"/agencies/{agency}/", "/search/?q=补贴", f"/agencies/{agency}/feed.rss",
        f"/agencies/{agency}/feed.atom", "/sitemap.xml", "/inquiries/", "/inquiries/?q=创业补贴",
        f"/inquiries/{published.pk}/", "/inquiries/ask/suggestions/?question=创业补贴何时申报",
        f"/inquiries/track/{published.tracking_code}/", f"/inquiries/track/{private.tracking_code}/",
        f"/difficulties/track/{case.tracking_code}/", f"/agencies/{agency}/rectifications/", "/ratings/",
        "/api/inquiries/published", f"/api/inquiries/track/{published.tracking_code}",
        f"/api/inquiries/track/{private.tracking_code}", f"/api/difficulties/track/{case.tracking_code}",
        "/api/ratings/figures", f"/api/agencies/{agency}",
    ]  # fmt: skip
    anyone = Client()
    seen = {}
    for path in paths:
        response = anyone.get(path)
        assert response.status_code == 200, path
        seen[path] = response.content.decode()
    # The pages do show the services (the check reads real content, not error pages).
    assert "每年3月1日起在政务服务网申报" in seen[f"/inquiries/{published.pk}/"]
    assert "已实行限时办结" in seen[f"/agencies/{agency}/rectifications/"]
    assert "已协调开设临时通道" in seen[f"/difficulties/track/{case.tracking_code}/"]
    for path, body in seen.items():
        for secret in [*PERSONAL, COMMENT, case.tracking_code if "track" not in path else ""]:
            if secret:
                assert secret not in body and json.dumps(secret)[1:-1] not in body, (path, secret)
