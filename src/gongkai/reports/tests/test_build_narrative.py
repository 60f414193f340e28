"""The generated draft of 一、五、六 states the numbers of the tables and the catalog the way real reports do,
and rule R7 finds it in agreement with the tables."""

from __future__ import annotations

import pytest

from gongkai.annual_report.formats import format_for
from gongkai.annual_report.model import AnnualReport, empty_report
from gongkai.annual_report.narrative import CatalogSummary, FeeSummary, draft
from gongkai.annual_report.rules import validate

CATALOG = CatalogSummary(83, (("工作动态", 57), ("公告公示", 16), ("政策文件", 10)), 412)


def report(
    year: int, new: int, carried: int, processed: int, reconsideration: int, litigation: int
) -> AnnualReport:
    result = empty_report(format_for(year), agency="秀洲区经济信息商务局", year=year)
    result.applications["new_received"]["total"] = new
    result.applications["carried_over"]["total"] = carried
    result.applications["total_processed"]["total"] = processed
    result.applications["carried_forward"]["total"] = new + carried - processed
    result.reviews["reconsideration"]["total"] = reconsideration
    result.reviews["litigation_direct"]["total"] = litigation
    result.reviews["litigation_after_reconsideration"]["total"] = 0
    return result


@pytest.mark.parametrize(
    ("year", "numbers", "fees", "sentences"),
    [
        (
            2019,
            (5, 1, 4, 0, 0),
            None,
            [
                "主动公开政府信息83条，其中工作动态57条、公告公示16条、政策文件10条",
                "累计主动公开政府信息412条",
                "共收到政府信息公开申请6件",
                "办结4件",
                "结转下年度继续办理2件",
            ],
        ),
        (2021, (12, 0, 12, 2, 1), FeeSummary(0, 0), ["被申请行政复议2件", "被提起行政诉讼1件"]),
        (2023, (30, 3, 31, 0, 0), FeeSummary(3, 300), ["收取政府信息公开信息处理费300元，涉及申请3件"]),
    ],
)
def test_the_draft_states_the_numbers(
    year: int, numbers: tuple, fees: FeeSummary | None, sentences: list[str]
) -> None:
    narrative = draft(report(year, *numbers), CATALOG, fees)
    text = narrative.overview + narrative.other
    for sentence in sentences:
        assert sentence in text


@pytest.mark.parametrize("year", [2019, 2021, 2025])
def test_rule_r7_finds_the_draft_in_agreement_and_r11_r12_satisfied(year: int) -> None:
    built = report(year, 17, 2, 15, 1, 2)
    narrative = draft(built, CATALOG, FeeSummary(0, 0))
    built.sections.overview, built.sections.problems, built.sections.other = (
        narrative.overview,
        narrative.problems,
        narrative.other,
    )
    assert [f.rule for f in validate(built) if f.rule in ("R7", "R11", "R12")] == []


def test_a_changed_number_in_the_prose_is_caught_by_r7() -> None:
    built = report(2021, 17, 2, 15, 1, 2)
    narrative = draft(built, CATALOG, FeeSummary(0, 0))
    built.sections.overview = narrative.overview.replace("办结15件", "办结16件")
    assert [f.rule for f in validate(built) if f.rule == "R7"] == ["R7"]
