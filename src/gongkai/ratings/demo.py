"""Demo ratings (服务评价): the people served by the demo's answered inquiries and closed difficulty cases rate
them — mostly 满意, one 差评 followed up with its rectification recorded. Runs after the inquiries' and the
difficulties' demo steps (``RatingsConfig`` comes later in INSTALLED_APPS); idempotent; real actions."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.contrib.auth import get_user_model
from django.utils import timezone

from gongkai.agencies.models import Agency
from gongkai.difficulties.models import Difficulty
from gongkai.inquiries.models import Inquiry
from gongkai.reports import actions as report_actions
from gongkai.reports.models import Report

from . import actions
from .models import Level, Rating

if TYPE_CHECKING:
    from gongkai.agencies.demo import DemoResult

INQUIRY_RATINGS = [
    (Level.VERY_SATISFIED, "答复很详细，材料清单一目了然。"),
    (Level.SATISFIED, "答复及时，政策依据写得清楚。"),
    (Level.FAIRLY_SATISFIED, "答复基本解决问题，希望能附上申报表下载链接。"),
    (Level.VERY_SATISFIED, ""),
]


def load_demo_ratings(result: DemoResult) -> None:
    clerk = get_user_model().objects.filter(username="jxsw_clerk").first()
    if clerk is None or Rating.objects.exists():
        return
    answered = Inquiry.objects.filter(status=Inquiry.Status.ANSWERED).order_by("submitted_at")
    for inquiry, (level, comment) in zip(answered, INQUIRY_RATINGS, strict=False):
        actions.do_rate_service("inquiry", inquiry.tracking_code, level, comment)
    for case in Difficulty.objects.filter(status=Difficulty.Status.CLOSED).order_by("reported_at"):
        if case.confirmed:
            actions.do_rate_service(
                "difficulty", case.tracking_code, Level.SATISFIED, "施工单位很快开了临时通道。"
            )
            continue
        rating = actions.do_rate_service(
            "difficulty", case.tracking_code, Level.DISSATISFIED, "答复说十个工作日到账，实际等了一个多月。"
        )
        if rating.agency.memberships.filter(user=clerk).exists():
            actions.do_follow_up_rating(
                clerk, rating, "电话回访企业负责人，确认资金已到账，延迟系支付流程环节过多。"
            )
            actions.do_rectify_rating(
                clerk, rating, measures="补贴资金拨付实行限时办结，每月通报拨付进度。", owner="财务科"
            )
    result.notes.append(f"服务评价: {Rating.objects.count()} ratings.")
    # This year's draft report (built by the reports' demo step, before these services had records) is
    # drafted again, so that its 一、总体情况 quotes their numbers.
    agency = Agency.objects.filter(name="秀洲区经济信息商务局").first()
    year = timezone.localdate().year
    if agency is not None and Report.objects.for_agency(agency).filter(year=year).exists():
        report_actions.do_build_report(clerk, agency, year, redraft_narrative=True)
