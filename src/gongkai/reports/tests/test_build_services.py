"""一、总体情况 states the year's public services (政策解读, 政策咨询, 困难反馈, 服务评价, 整改) from the records,
with their ids in the report's provenance like the cells; rule R7 still finds the prose in agreement."""

from __future__ import annotations

import datetime

import pytest
from django.utils import timezone

from gongkai.annual_report.narrative import FeeSummary, ServicesSummary, draft
from gongkai.annual_report.rules import validate
from gongkai.difficulties import actions as difficulty_actions
from gongkai.inquiries import actions as inquiry_actions
from gongkai.ratings import actions as rating_actions
from gongkai.rectifications import actions as rectification_actions
from gongkai.reports.actions import do_build_report
from gongkai.testing import Cast
from gongkai.workdays.seed import seed_from_chinesecalendar

from .test_build_narrative import CATALOG, report

SERVICES = ServicesSummary(12, 40, 3.5, 7, 25, 92.0, 4)


@pytest.mark.parametrize("year", [2019, 2021, 2025])
def test_the_services_paragraph_and_r7(year: int) -> None:
    built = report(year, 17, 2, 15, 1, 2)
    narrative = draft(built, CATALOG, FeeSummary(0, 0), SERVICES)
    for sentence in (
        "发布政策解读12篇", "答复政策咨询40个，平均用时3.5天", "困难反馈事项7个已办理完毕",
        "服务评价25条，满意率92.0%", "完成整改事项4项",
    ):  # fmt: skip
        assert sentence in narrative.overview
    built.sections.overview, built.sections.problems, built.sections.other = (
        narrative.overview, narrative.problems, narrative.other,
    )  # fmt: skip
    assert [f.rule for f in validate(built) if f.rule == "R7"] == []
    # An agency with none of these services gets no paragraph.
    assert "政务服务" not in draft(built, CATALOG, None, ServicesSummary(0, 0, None, 0, 0, None, 0)).overview


@pytest.mark.django_db
def test_the_build_counts_the_records_with_provenance(cast: Cast) -> None:
    seed_from_chinesecalendar()
    now = timezone.now()
    asked = {"name": "王小明", "contact": "13857301234", "subject": "补贴", "question": "何时申报？"}
    inquiry = inquiry_actions.do_submit_inquiry(
        cast.agency, asked, remote_address="192.0.2.1", now=now - datetime.timedelta(days=2)
    )
    inquiry_actions.do_answer_inquiry(cast.clerk, inquiry, "每年3月。", now=now)
    fields = {"reporter_kind": "citizen", "name": "陈先生", "contact": "13900000000", "subject": "开办",
              "description": "手续繁琐。"}  # fmt: skip
    case = difficulty_actions.do_report_difficulty(cast.agency, fields, remote_address="192.0.2.1")
    difficulty_actions.do_assign_difficulty(cast.clerk, case, cast.agency, 5)
    difficulty_actions.do_answer_difficulty(cast.clerk, case, "已一窗通办。")
    difficulty_actions.do_confirm_difficulty(case)
    good = rating_actions.do_rate_service("inquiry", inquiry.tracking_code, 5)
    poor = rating_actions.do_rate_service("difficulty", case.tracking_code, 2, "等了很久。")
    rating_actions.do_follow_up_rating(cast.clerk, poor, "已回访。")
    item = rating_actions.do_rectify_rating(cast.clerk, poor, measures="一窗通办", owner="审批科")
    rectification_actions.do_complete_rectification(cast.clerk, item, "已实行一窗通办。")

    record = do_build_report(cast.clerk, cast.agency, now.year)
    assert "答复政策咨询1个，平均用时2.0天" in record.overview
    assert "困难反馈事项1个已办理完毕" in record.overview
    assert "服务评价2条，满意率50.0%" in record.overview and "完成整改事项1项" in record.overview
    assert record.provenance["services.inquiries_answered"] == [inquiry.pk]
    assert record.provenance["services.difficulties_closed"] == [case.pk]
    assert sorted(record.provenance["services.ratings"]) == sorted([good.pk, poor.pk])
    assert record.provenance["services.ratings.satisfied"] == [good.pk]
    assert record.provenance["services.rectifications_done"] == [item.pk]
