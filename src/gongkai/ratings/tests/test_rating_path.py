"""服务评价 on the whole path: a difficulty reported, assigned, reassigned, answered and confirmed; rated
through its one-time link as 非常不满意; followed up (回访); its rectification recorded and done — and the
agency's public rates. One rating per service; a wrong secret finds nothing; staff cannot change a rating."""

from __future__ import annotations

import importlib
from typing import Any

import pytest
from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.test import Client
from django.utils import timezone

from gongkai.difficulties import actions as difficulty_actions
from gongkai.difficulties.tests.helpers import form_data
from gongkai.inquiries import actions as inquiry_actions
from gongkai.lib import abuse
from gongkai.ratings import actions, services
from gongkai.ratings.models import Rating
from gongkai.rectifications import actions as rectification_actions
from gongkai.rectifications.models import Rectification
from gongkai.testing import Cast
from gongkai.workdays.seed import seed_from_chinesecalendar


@pytest.fixture(autouse=True)
def setup(db: None) -> None:
    seed_from_chinesecalendar()
    cache.clear()


def staff(user: Any) -> Client:
    client = Client()
    client.force_login(user)
    return client


def closed_case(cast: Cast) -> str:
    fields = {key: form_data(cast.agency)[key] for key in difficulty_actions.REPORTED_FIELDS}
    case = difficulty_actions.do_report_difficulty(cast.agency, fields, remote_address="192.0.2.1")
    difficulty_actions.do_assign_difficulty(cast.clerk, case, cast.other_agency, 10)
    difficulty_actions.do_reassign_difficulty(cast.other_clerk, case, cast.agency, "属经信商务局职责。")
    difficulty_actions.do_answer_difficulty(cast.clerk, case, "已开设临时通道。")
    difficulty_actions.do_confirm_difficulty(case)
    return case.tracking_code


def answered_code(cast: Cast) -> str:
    asked = {"name": "王小明", "contact": "13800000000", "subject": "补贴", "question": "何时申报？"}
    inquiry = inquiry_actions.do_submit_inquiry(cast.agency, asked, remote_address="192.0.2.9")
    inquiry_actions.do_answer_inquiry(cast.clerk, inquiry, "每年3月。")
    return inquiry.tracking_code


def test_rate_poor_follow_up_rectify_and_publish(cast: Cast, client: Client) -> None:
    code = closed_case(cast)
    track = client.get(f"/difficulties/track/{code}/").content.decode()
    url = services.rating_url("difficulty", code)
    assert url in track
    assert client.get(url.replace(services.secret("difficulty", code), "0" * 20)).status_code == 404
    bad = client.post(url, {"level": "", **abuse.guard_fields(30)})
    assert bad.status_code == 400 and "请在五个等级中选择一项" in bad.content.decode()
    sent = client.post(
        url, {"level": "1", "comment": "临时通道太窄，大货车仍然进不去。", **abuse.guard_fields(30)}
    )
    assert sent.status_code == 302
    rating = Rating.objects.get()
    assert rating.is_poor and rating.due_on is not None and rating.agency == cast.agency
    # A second attempt: a clear Chinese message, nothing changed.
    again = client.post(url, {"level": "5", **abuse.guard_fields(30)})
    assert again.status_code == 400 and "该服务已评价" in again.content.decode()
    with pytest.raises(ValidationError, match="该服务已评价"):
        actions.do_rate_service("difficulty", code, 5)
    assert Rating.objects.get().level == 1

    clerk = staff(cast.clerk)
    # No rectification before the follow-up.
    early = clerk.post(
        f"/workspace/ratings/{rating.pk}/rectify/", {"measures": "拓宽通道", "owner": "企业服务科"}
    )
    assert early.status_code == 400 and "请先回访" in early.content.decode()
    assert clerk.post(f"/workspace/ratings/{rating.pk}/follow-up/", {"note": ""}).status_code == 400
    assert (
        clerk.post(
            f"/workspace/ratings/{rating.pk}/follow-up/", {"note": "电话回访，企业反映通道宽度不足3米。"}
        ).status_code
        == 302
    )
    assert (
        clerk.post(
            f"/workspace/ratings/{rating.pk}/rectify/",
            {"measures": "协调施工单位将通道拓宽至5米", "owner": "企业服务科"},
        ).status_code
        == 302
    )
    rating.refresh_from_db()
    assert rating.rectification is not None and rating.rectification.source == "rating"
    assert rating.rectification.deadline == rating.due_on
    figures = client.get("/ratings/").content.decode()
    assert "0.0%" in figures  # satisfaction 0 of 1
    rectification_actions.do_complete_rectification(cast.clerk, rating.rectification, "通道已拓宽至5米。")
    figures = client.get("/ratings/").content.decode()
    assert "100.0%" in figures and cast.agency.name in figures
    public = client.get(f"/agencies/{cast.agency.pk}/rectifications/").content.decode()
    assert "通道已拓宽至5米" in public and "服务差评" in public
    assert list(rating.events.values_list("kind", flat=True)) == ["rated", "followed_up", "rectification"]


def test_only_done_services_are_rated(cast: Cast, client: Client) -> None:
    fields = {key: form_data(cast.agency)[key] for key in difficulty_actions.REPORTED_FIELDS}
    case = difficulty_actions.do_report_difficulty(cast.agency, fields, remote_address="192.0.2.1")
    assert client.get(services.rating_url("difficulty", case.tracking_code)).status_code == 404
    with pytest.raises(ValidationError, match="尚未办结"):
        actions.do_rate_service("difficulty", case.tracking_code, 5)


def test_staff_cannot_change_a_rating(cast: Cast) -> None:
    code = closed_case(cast)
    rating = actions.do_rate_service("difficulty", code, 4, "答复及时。")
    root = staff(cast.superuser)
    change = f"/admin/ratings/rating/{rating.pk}/change/"
    root.post(change, {"level": "5", "comment": "改过的"})
    assert root.post(f"/admin/ratings/rating/{rating.pk}/delete/", {"post": "yes"}).status_code in (403, 302)
    rating.refresh_from_db()
    assert (rating.level, rating.comment) == (4, "答复及时。")
    assert Rating.objects.filter(pk=rating.pk).exists()
    # No action changes a rating's level or comment; the follow-up of a good rating is refused.
    assert not [name for name in dir(actions) if name.startswith("do_") and "change" in name]
    with pytest.raises(ValidationError):
        actions.do_follow_up_rating(cast.clerk, rating, "x")
    # Staff pages need a role.
    assert Client().get(f"/workspace/agencies/{cast.agency.pk}/ratings/").status_code == 302
    assert staff(cast.outsider).get(f"/workspace/agencies/{cast.agency.pk}/ratings/").status_code == 404
    assert (
        staff(cast.other_clerk).post(f"/workspace/ratings/{rating.pk}/follow-up/", {"note": "x"}).status_code
        == 404
    )


def test_the_demo_ratings(monkeypatch: Any) -> None:
    from gongkai.agencies import demo as agencies_demo
    from gongkai.difficulties.demo import load_demo_difficulties
    from gongkai.inquiries.demo import load_demo_inquiries
    from gongkai.ratings.demo import load_demo_ratings
    from gongkai.rectifications.demo import load_demo_rectifications
    from gongkai.reports.demo import load_demo_reports
    from gongkai.reports.models import Report

    steps = [load_demo_reports, load_demo_inquiries, load_demo_difficulties, load_demo_rectifications,
             load_demo_ratings]  # fmt: skip
    monkeypatch.setattr(agencies_demo, "DEMO_STEPS", steps)
    agencies_demo.load_demo()
    agencies_demo.load_demo()
    assert Rating.objects.count() == 2 + 4
    draft = Report.objects.get(year=timezone.localdate().year, agency=Rating.objects.first().agency)  # type: ignore[union-attr]
    assert "（四）政务服务情况" in draft.overview and "服务评价" in draft.overview
    # … with the records behind its numbers, as the report editor links them.
    assert {"services.ratings", "services.rectifications_done"} <= set(draft.provenance)
    poor = Rating.objects.get(level=2)
    assert poor.followed_up_at is not None and poor.rectification is not None


def test_the_public_rectification_of_a_poor_rating_shows_no_tracking_code_nor_personal_data(
    cast: Cast, client: Client
) -> None:
    """整改公开 is public: the problem of a 差评's rectification is what staff word (from the rater's comment,
    shown beside the form), never the service's tracking code (the key to the person's tracking page) nor
    a telephone number, e-mail address or ID number."""
    code = closed_case(cast)
    rating = actions.do_rate_service("difficulty", code, 1, "太慢了，请打我电话13957305678。")
    actions.do_follow_up_rating(cast.clerk, rating, "已电话回访。")
    clerk = staff(cast.clerk)
    page = clerk.get(f"/workspace/agencies/{cast.agency.pk}/ratings/").content.decode()
    assert "太慢了，请打我电话13957305678。" in page  # the comment, shown to staff to word the problem
    url = f"/workspace/ratings/{rating.pk}/rectify/"
    for problem, message in (
        ("太慢了，请打我电话13957305678。", "请删除个人信息"),
        (f"案件{code}办理太慢。", "请不要写查询码"),
    ):
        refused = clerk.post(url, {"problem": problem, "measures": "限时办结", "owner": "审批科"})
        assert refused.status_code == 400 and message in refused.content.decode()
        assert problem in refused.content.decode()  # kept
    rating.refresh_from_db()
    assert rating.rectification is None
    sent = clerk.post(url, {"problem": "困难反馈办理用时过长。", "measures": "限时办结", "owner": "审批科"})
    assert sent.status_code == 302
    public = client.get(f"/agencies/{cast.agency.pk}/rectifications/").content.decode()
    assert "困难反馈办理用时过长" in public
    assert code not in public and "13957305678" not in public
    # Left empty, the problem says only which service was rated how.
    other = actions.do_rate_service("inquiry", answered_code(cast), 2, "王小明的问题没人管。")
    actions.do_follow_up_rating(cast.clerk, other, "已回访。")
    item = actions.do_rectify_rating(cast.clerk, other, measures="重新答复", owner="办公室")
    assert item.problem == "政策咨询答复：不满意。" and other.service_code not in item.problem


def test_an_earlier_rectification_naming_the_tracking_code_is_reworded_by_the_migration(cast: Cast) -> None:
    """Items recorded before staff worded the problem published the tracking code and the comment; the
    data migration gives them the default wording, and leaves a problem staff wrote alone."""
    from django.apps import apps

    migration = importlib.import_module(
        "gongkai.ratings.migrations.0002_rectification_problem_without_person"
    )
    rating = actions.do_rate_service("difficulty", closed_case(cast), 1, "太慢了，请打我电话13957305678。")
    actions.do_follow_up_rating(cast.clerk, rating, "已电话回访。")
    item = actions.do_rectify_rating(cast.clerk, rating, measures="限时办结", owner="审批科")
    worded = actions.do_rate_service("inquiry", answered_code(cast), 2, "没人管。")
    actions.do_follow_up_rating(cast.clerk, worded, "已回访。")
    kept = actions.do_rectify_rating(
        cast.clerk, worded, measures="重新答复", owner="办公室", problem="答复不及时。"
    )
    Rectification.objects.filter(pk=item.pk).update(
        problem=f"困难反馈 {rating.service_code}：非常不满意。太慢了，请打我电话13957305678。"
    )
    migration.reword(apps, None)
    item.refresh_from_db()
    kept.refresh_from_db()
    assert item.problem == f"{rating.get_service_kind_display()}：{rating.get_level_display()}。"
    assert kept.problem == "答复不及时。"
