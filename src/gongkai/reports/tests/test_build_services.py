"""一、总体情况 states the year's public services (政策解读, 政策咨询, 困难反馈, 服务评价, 整改) from the records,
with their ids in the report's provenance like the cells; rule R7 still finds the prose in agreement."""

from __future__ import annotations

import datetime
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from gongkai.annual_report.narrative import (
    SERVICE_WORDS,
    FeeSummary,
    ServicesSummary,
    draft,
    service_phrase,
    services_paragraph,
)
from gongkai.annual_report.rules import validate
from gongkai.difficulties import actions as difficulty_actions
from gongkai.inquiries import actions as inquiry_actions
from gongkai.ratings import actions as rating_actions
from gongkai.rectifications import actions as rectification_actions
from gongkai.reports.actions import do_build_report
from gongkai.testing import Cast, page_of
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


def answered_inquiry(agency: Any, clerk: Any, asked_at: datetime.datetime, now: datetime.datetime) -> Any:
    asked = {"name": "王小明", "contact": "13857301234", "subject": "补贴", "question": "何时申报？"}
    inquiry = inquiry_actions.do_submit_inquiry(agency, asked, remote_address="192.0.2.1", now=asked_at)
    inquiry_actions.do_answer_inquiry(clerk, inquiry, "每年3月。", now=now)
    return inquiry


@pytest.mark.django_db
def test_the_build_counts_the_records_with_provenance(cast: Cast) -> None:
    seed_from_chinesecalendar()
    now = timezone.now()
    inquiry = answered_inquiry(cast.agency, cast.clerk, now - datetime.timedelta(days=2), now)
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


def test_the_services_words_are_one_place() -> None:
    """The paragraph is made of ``SERVICE_WORDS``' phrases, the ones the provenance page names."""
    paragraph = services_paragraph(2025, SERVICES)
    for key, n in (
        ("interpretations", 12), ("inquiries_answered", 40), ("inquiry_average_days", 3.5),
        ("difficulties_closed", 7), ("ratings", 25), ("satisfaction_rate", 92.0), ("rectifications_done", 4),
    ):  # fmt: skip
        assert service_phrase(key, n) in paragraph


@pytest.mark.django_db
def test_the_services_numbers_link_to_their_records(cast: Cast, client: Client) -> None:
    """Each services' number of 一、总体情况 has a page listing the records the build counted, linked from the
    report editor, with the number again from those records; only staff who may see the report reach it."""
    seed_from_chinesecalendar()
    now = timezone.now()
    inquiry = answered_inquiry(cast.agency, cast.clerk, now - datetime.timedelta(days=3), now)
    other = answered_inquiry(cast.other_agency, cast.other_clerk, now, now)
    good = rating_actions.do_rate_service("inquiry", inquiry.tracking_code, 4)
    record = do_build_report(cast.clerk, cast.agency, now.year)

    client.force_login(cast.clerk)
    editor = page_of(client.get(reverse("staff_report", args=[record.pk])))
    links = {a["href"] for a in editor.select("a[href*='/services/']")}
    answered_url = reverse("staff_report_service", args=[record.pk, "inquiries_answered"])
    assert answered_url in links
    assert reverse("staff_report_service", args=[record.pk, "satisfaction_rate"]) in links

    page = client.get(answered_url)
    assert page.status_code == 200
    text = page_of(page).get_text(" ", strip=True)
    assert SERVICE_WORDS["inquiries_answered"].label in text and "答复政策咨询1个" in text
    assert inquiry.tracking_code in text and other.tracking_code not in text
    days = page_of(client.get(reverse("staff_report_service", args=[record.pk, "inquiry_average_days"])))
    assert "平均用时3.0天" in days.get_text() and "平均用时3.0天" in record.overview
    rate = page_of(client.get(reverse("staff_report_service", args=[record.pk, "satisfaction_rate"])))
    assert "满意率100.0%" in rate.get_text() and good.service_code in rate.get_text()
    # A number the build found no record for is shown with none.
    none = client.get(reverse("staff_report_service", args=[record.pk, "rectifications_done"]))
    assert none.status_code == 200 and "完成整改事项0项" in none.content.decode()
    assert client.get(f"/workspace/reports/{record.pk}/services/nothing/").status_code == 404

    # Access: anonymous → the sign-in page; staff of another agency → 404, as for the report.
    client.logout()
    anonymous = client.get(answered_url)
    assert anonymous.status_code == 302 and anonymous["Location"].startswith(reverse("login"))
    client.force_login(cast.other_clerk)
    assert client.get(answered_url).status_code == 404
    client.force_login(cast.outsider)
    assert client.get(answered_url).status_code == 404
    client.force_login(cast.oversight)
    assert client.get(answered_url).status_code == 200
