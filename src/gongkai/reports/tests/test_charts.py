"""Year-over-year charts: accessible SVG whose bars carry the same numbers as the data table beside them."""

from __future__ import annotations

from collections import defaultdict

import pytest
from lxml import html

from gongkai.annual_report.charts import (
    MISSING,
    applications_chart,
    outcome_groups,
    outcomes_chart,
    report_charts,
    reviews_chart,
)
from gongkai.annual_report.formats import FORMATS
from gongkai.annual_report.model import AnnualReport, empty_report
from gongkai.sample_reports import sample

from .conftest import load_expected

PINGTAN = ("pingtan-zonghe-shiyanqu-2021", "pingtan-zonghe-shiyanqu-2023", "pingtan-zonghe-shiyanqu-2025")


def load(name: str) -> AnnualReport:
    return AnnualReport.from_json(load_expected(sample(f"{name}.expected.json")))


@pytest.fixture
def pingtan() -> list[AnnualReport]:
    return [load(name) for name in PINGTAN]


def figure(markup: str) -> html.HtmlElement:
    element = html.fragment_fromstring(markup)
    assert element.tag == "figure"
    return element


def bars(element: html.HtmlElement) -> dict[tuple[str, str], dict[str, int]]:
    """{(year, bar): {series: value}} as drawn."""
    drawn: dict[tuple[str, str], dict[str, int]] = defaultdict(dict)
    for rect in element.iter("rect"):
        if rect.get("data-year"):
            drawn[(rect.get("data-year"), rect.get("data-bar"))][rect.get("data-series")] = int(
                rect.get("data-value")
            )
    return drawn


def table_rows(element: html.HtmlElement) -> dict[str, list[str]]:
    table = element.find(".//table")
    return {
        tr.find("th").text_content(): [td.text_content() for td in tr.findall("td")]
        for tr in table.find("tbody")
    }


def test_every_chart_is_an_accessible_svg_with_a_data_table(pingtan: list[AnnualReport]) -> None:
    page = html.fragment_fromstring(f"<div>{report_charts(pingtan, id_prefix='p')}</div>")
    figures = page.findall("figure")
    assert len(figures) == 3
    for element in figures:
        svg = element.find("svg")
        assert svg.get("role") == "img"
        title_id, desc_id = svg.get("aria-labelledby").split()
        assert svg.find("title").get("id") == title_id and svg.find("desc").get("id") == desc_id
        assert svg.find("desc").text_content().strip()
        assert element.find(".//table/caption") is not None
        assert all(th.get("scope") for th in element.iter("th"))
    assert "<script" not in report_charts(pingtan)
    ids = [e.get("id") for e in page.iter() if e.get("id")]
    assert len(ids) == len(set(ids))


def test_applications_chart_draws_the_new_received_totals_of_each_year(pingtan: list[AnnualReport]) -> None:
    element = figure(applications_chart(pingtan))
    expected = {str(r.year): r.applications["new_received"]["total"] for r in pingtan}
    assert table_rows(element) == {year: [str(value)] for year, value in expected.items()}
    assert {year: values["new_received"] for (year, _), values in bars(element).items()} == {
        year: value for year, value in expected.items() if value
    }
    assert "平潭综合实验区" in element.find("figcaption").text_content()


def test_outcome_chart_stacks_the_six_groups_with_the_table_numbers(pingtan: list[AnnualReport]) -> None:
    element = figure(outcomes_chart(pingtan))
    rows = table_rows(element)
    drawn = bars(element)
    for column, report in enumerate(pingtan):
        for group in outcome_groups():
            total = sum(
                report.applications[key]["total"] or 0 for key in group.rows if key in report.applications
            )
            assert rows[f"{group.label}（合计）"][column] == str(total)
            assert drawn[(str(report.year), "")].get(group.key, 0) == total
        # The six groups add up to (七)总计 in these reports.
        assert sum(drawn[(str(report.year), "")].values()) == report.applications["total_processed"]["total"]


def test_outcome_table_marks_rows_a_year_format_does_not_have(pingtan: list[AnnualReport]) -> None:
    old = load("xiuzhou-jingxinshangwuju-2019")
    old.agency = "平潭综合实验区"
    element = figure(outcomes_chart([old, *pingtan]))
    rows = table_rows(element)
    no_correction = next(label for label in rows if label.startswith("1.申请人无正当理由逾期不补正"))
    assert rows[no_correction] == [
        "—",
        *(str(r.applications["other_no_correction"]["total"]) for r in pingtan),
    ]
    assert rows["（六）其他处理"] == ["0", "—", "—", "—"]
    assert "2019年*" in element.find("svg").text_content()


def test_a_report_printing_six_as_one_row_compares_by_its_total() -> None:
    hongze = load("hongze-qu-renmin-zhengfu-2023")
    element = figure(outcomes_chart([hongze]))
    rows = table_rows(element)
    assert rows["（六）其他处理（合计）"] == [str(hongze.applications["other_processing"]["total"])]
    assert rows["3.其他"] == ["—"]
    abbr = element.xpath(".//tr[th='3.其他']/td/abbr")[0]
    assert "未分项填报" in abbr.get("title")


def test_reviews_chart_stacks_outcomes_for_reconsideration_and_litigation(
    pingtan: list[AnnualReport],
) -> None:
    element = figure(reviews_chart(pingtan))
    rows = table_rows(element)
    drawn = bars(element)
    for report in pingtan:
        reviews = {
            group: {k: int(v or 0) for k, v in cells.items()} for group, cells in report.reviews.items()
        }
        parts = ("upheld", "corrected", "other", "pending")
        reconsideration = [reviews["reconsideration"][k] for k in parts]
        litigation = [
            reviews["litigation_direct"][k] + reviews["litigation_after_reconsideration"][k] for k in parts
        ]
        printed_totals = [
            reviews["reconsideration"]["total"],
            reviews["litigation_direct"]["total"] + reviews["litigation_after_reconsideration"]["total"],
        ]
        assert rows[str(report.year)] == [
            str(v) for v in (*reconsideration, printed_totals[0], *litigation, printed_totals[1])
        ]
        assert drawn.get((str(report.year), "复议"), {}) == {
            k: v for k, v in zip(parts, reconsideration, strict=True) if v
        }
        assert drawn.get((str(report.year), "诉讼"), {}) == {
            k: v for k, v in zip(parts, litigation, strict=True) if v
        }


def test_a_blank_year_is_not_drawn_as_zero() -> None:
    blank = empty_report(FORMATS["2021"], "某局", 2022)
    filled = empty_report(FORMATS["2021"], "某局", 2023)
    filled.applications["new_received"]["total"] = 5
    element = figure(applications_chart([filled, blank]))
    assert table_rows(element) == {"2022": [MISSING], "2023": ["5"]}
    assert set(bars(element)) == {("2023", "")}
    assert MISSING in element.find("svg").text_content()


def test_names_are_escaped() -> None:
    report = empty_report(FORMATS["2021"], "<b>局</b>", 2023)
    markup = report_charts([report])
    assert "<b>" not in markup and "&lt;b&gt;" in markup
