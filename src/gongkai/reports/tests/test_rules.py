"""The reconciliation rules, one behaviour per row: a consistent report, one change, the finding expected."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from gongkai.annual_report.formats import APPLICANT_KEYS, FORMATS, REVIEW_KEYS
from gongkai.annual_report.model import AnnualReport, Sections, empty_report
from gongkai.annual_report.rules import RULES, Context, can_make_rules, validate


def row(natural: int | None, other: int | None = 0) -> dict[str, int | None]:
    """A row with counts for natural persons and 其他 organisations, the rest 0, total their sum."""
    cells: dict[str, int | None] = dict.fromkeys(APPLICANT_KEYS, 0)
    cells["natural_person"] = natural
    cells["other_org"] = other
    cells["total"] = None if natural is None or other is None else natural + other
    return cells


def consistent(format_id: str = "2021", year: int = 2023) -> AnnualReport:
    """A report where every rule holds: 5 received + 1 carried over = 5 handled + 1 carried forward."""
    report = empty_report(FORMATS[format_id], agency="某市人民政府", year=year)
    for key in report.applications:
        report.applications[key] = row(0)
    report.applications["new_received"] = row(4, 1)
    report.applications["carried_over"] = row(1)
    report.applications["granted"] = row(3, 1)
    report.applications["unable_not_held"] = row(1)
    report.applications["total_processed"] = row(4, 1)
    report.applications["carried_forward"] = row(1)
    report.reviews = {
        key: {"upheld": 1, "corrected": 0, "other": 0, "pending": 1, "total": 2} for key in report.reviews
    }
    for key, cells in report.proactive.items():
        report.proactive[key] = {column: 1 for column in cells}
        del key
    report.sections = Sections(
        overview="全年共收到政府信息公开申请5件，办结5件。",
        problems="一是公开的深度还不够，二是解读形式仍较单一，下一步改进。",
        other="本年度未收取信息处理费。",
    )
    return report


def rules_found(report: AnnualReport, previous: AnnualReport | None = None) -> list[tuple[str, str]]:
    return [(finding.rule, finding.severity) for finding in validate(report, previous)]


def test_a_consistent_report_has_no_findings() -> None:
    assert rules_found(consistent()) == []
    assert rules_found(consistent("2019", 2020)) == []


def set_cell(table: str, row_key: str, column: str, value: object) -> Callable[[AnnualReport], None]:
    def change(report: AnnualReport) -> None:
        getattr(report, table)[row_key][column] = value

    return change


def both(*changes: Callable[[AnnualReport], None]) -> Callable[[AnnualReport], None]:
    def change(report: AnnualReport) -> None:
        for one in changes:
            one(report)

    return change


CASES = [
    pytest.param(
        both(
            set_cell("applications", "new_received", "natural_person", 5),
            set_cell("applications", "new_received", "total", 6),
        ),
        ("R1", "error"),
        "applications.new_received.natural_person",
        id="one plus two not equal to seven plus four is R1",
    ),
    pytest.param(
        set_cell("applications", "granted", "total", 9),
        ("R2", "error"),
        "applications.granted.total",
        id="a row total that is not the sum of its columns is R2",
    ),
    pytest.param(
        # (七)总计 smaller than its parts while R1 holds: one fewer handled, one more carried forward.
        both(
            set_cell("applications", "total_processed", "natural_person", 3),
            set_cell("applications", "total_processed", "total", 4),
            set_cell("applications", "carried_forward", "natural_person", 2),
            set_cell("applications", "carried_forward", "total", 2),
        ),
        ("R3", "error"),
        "applications.total_processed.natural_person",
        id="a total smaller than its parts is R3 even when R1 holds",
    ),
    pytest.param(
        set_cell("reviews", "reconsideration", "total", 0),
        ("R4", "error"),
        "reviews.reconsideration.total",
        id="a reconsideration total printed as 0 is R4",
    ),
    pytest.param(
        set_cell("applications", "denied_state_secret", "research_institution", None),
        ("R5", "warning"),
        "applications.denied_state_secret.research_institution",
        id="a blank cell is R5",
    ),
    pytest.param(
        lambda r: setattr(r.sections, "overview", "全年共收到政府信息公开申请17件。"),
        ("R7", "warning"),
        "applications.new_received.total",
        id="a number in the overview that differs from the table is R7",
    ),
    pytest.param(
        lambda r: setattr(r, "agency", "某县农业农村局"),
        ("R10", "warning"),
        "proactive.rules.issued",
        id="rules reported by a county department is R10",
    ),
    pytest.param(
        lambda r: setattr(r.sections, "problems", "  "),
        ("R11", "warning"),
        "sections.五",
        id="an empty section five is R11",
    ),
    pytest.param(
        lambda r: setattr(r.sections, "other", "无。"),
        ("R12", "warning"),
        "sections.六",
        id="no word on processing fees from 2021 is R12",
    ),
    pytest.param(
        lambda r: setattr(r, "period", ("2023-01-01", "2023-11-30")),
        ("R13", "warning"),
        "period",
        id="a statistics period short of the year is R13",
    ),
    pytest.param(
        lambda r: setattr(r, "published_on", "2024-04-15"),
        ("R13", "warning"),
        "published_on",
        id="publishing after 31 March is R13",
    ),
    pytest.param(
        lambda r: setattr(r, "year", 2020),
        ("R14", "error"),
        "format",
        id="a 2021 format report for 2020 is R14",
    ),
]


@pytest.mark.parametrize(("change", "finding", "cell"), CASES)
def test_rule_finds_the_broken_cell(
    change: Callable[[AnnualReport], None], finding: tuple[str, str], cell: str
) -> None:
    report = consistent()
    change(report)
    findings = validate(report)
    matching = [f for f in findings if (f.rule, f.severity) == finding]
    assert matching, findings
    assert any(cell in f.cells for f in matching)
    assert all(f.message for f in matching)


def test_r1_finding_names_both_sides_and_the_column() -> None:
    report = consistent()
    report.applications["new_received"]["natural_person"] = 6
    report.applications["new_received"]["total"] = 7
    by_column = {f.cells[0].rsplit(".", 1)[1]: f for f in validate(report) if f.rule == "R1"}
    assert set(by_column) == {"natural_person", "total"}
    natural = by_column["natural_person"]
    assert (natural.left, natural.right) == (7, 5)
    assert natural.message == "三、自然人列：一+二（7）≠（七）总计+四（5）"


def test_r3_holds_while_r1_also_holds_and_says_smaller() -> None:
    report = consistent()
    report.applications["total_processed"]["natural_person"] = 3
    report.applications["total_processed"]["total"] = 4
    report.applications["carried_forward"]["natural_person"] = 2
    report.applications["carried_forward"]["total"] = 2
    rules = {f.rule for f in validate(report)}
    assert "R3" in rules and "R1" not in rules
    (finding,) = [f for f in validate(report) if f.rule == "R3" and "natural_person" in f.cells[0]]
    assert "小于" in finding.message and (finding.left, finding.right) == (4, 3)


def test_r6_compares_carried_over_with_last_years_carried_forward() -> None:
    previous = consistent(year=2022)
    previous.applications["carried_forward"] = row(2)
    report = consistent(year=2023)
    findings = [f for f in validate(report, previous) if f.rule == "R6"]
    assert {f.cells[0] for f in findings} == {
        "applications.carried_over.natural_person",
        "applications.carried_over.total",
    }
    assert all(f.severity == "error" for f in findings)


def test_r6_is_silent_without_last_years_report_or_for_another_year() -> None:
    previous = consistent(year=2020)
    previous.applications["carried_forward"] = row(2)
    assert [f for f in validate(consistent(year=2023), previous) if f.rule == "R6"] == []
    assert [f for f in validate(consistent(year=2023)) if f.rule == "R6"] == []


def test_r9_checks_documents_in_force_against_last_year() -> None:
    previous = consistent(year=2022)
    previous.proactive["normative_documents"]["in_force"] = 10
    report = consistent(year=2023)
    report.proactive["normative_documents"].update(issued=3, repealed=1, in_force=13)
    (finding,) = [f for f in validate(report, previous) if f.rule == "R9"]
    assert (finding.left, finding.right) == (13, 12)


def test_r8_checks_prior_items_against_last_year_in_the_2019_format() -> None:
    previous = consistent("2019", 2019)
    for cells in previous.proactive.values():
        if "change" in cells:
            cells["change"] = 0
    previous.proactive["licensing"].update(prior_items=10, change=-2)
    report = consistent("2019", 2020)
    report.proactive["licensing"]["prior_items"] = 9
    report.proactive["rules"].update(published=5, total=3)
    findings = [f for f in validate(report, previous) if f.rule == "R8"]
    assert {(f.left, f.right) for f in findings} == {(9, 8), (3, 5)}


def test_r14_flags_a_single_other_row_in_the_2021_format() -> None:
    report = consistent()
    report.applications["other_processing"] = row(0)
    report.absent_rows = ("other_no_correction", "other_fee_unpaid", "other_other")
    for key in report.absent_rows:
        report.applications[key] = dict.fromkeys(APPLICANT_KEYS)
    findings = validate(report)
    assert [f.rule for f in findings if f.severity == "error"] == ["R14"]
    assert not [f for f in findings if f.rule == "R5"], "rows the layout did not print are not blank cells"


def test_review_rule_uses_all_three_groups() -> None:
    report = consistent()
    for key in report.reviews:
        report.reviews[key] = dict(zip(REVIEW_KEYS, (1, 1, 1, 1, 3), strict=True))
    assert [f.rule for f in validate(report)].count("R4") == 3


@pytest.mark.parametrize(
    ("agency", "can"),
    [
        ("上海市人民政府办公厅", True),
        ("江苏省人民政府", True),
        ("淮安市人民政府", True),
        ("国家税务总局", True),
        ("淮安市洪泽区人民政府", False),
        ("秀洲区经济信息商务局", False),
        ("平潭综合实验区", False),
        ("某县农业农村局", False),
        # 立法法第九十三条第一款: "省、自治区、直辖市和设区的市、自治州的人民政府，可以……制定规章" —
        # a 自治州 government, by its full or its short name, is no R10 false alarm.
        ("延边朝鲜族自治州人民政府", True),
        ("湖北省恩施土家族苗族自治州人民政府", True),
        ("黔东南州人民政府办公室", True),
        # its departments and the counties under it make no 规章.
        ("延边朝鲜族自治州教育局", False),
        ("黔东南州凯里市人民政府", True),  # a county-level city is let through, as for any 市
        ("延边朝鲜族自治州安图县人民政府", False),
    ],
)
def test_who_can_make_rules(agency: str, can: bool) -> None:
    assert can_make_rules(agency) is can


def test_a_autonomous_prefecture_government_reporting_rules_is_not_r10() -> None:
    """立法法第九十三条第一款: 自治州的人民政府 may make 规章, so its 规章 counts raise no R10."""
    report = consistent()
    report.agency = "湖南省湘西土家族苗族自治州人民政府"
    assert "R10" not in [f.rule for f in validate(report)]
    report.agency = "湘西土家族苗族自治州民政局"
    assert "R10" in [f.rule for f in validate(report)]


@pytest.mark.parametrize(
    "overview",
    [
        "受理12345转办件791件。",
        "受理案件1640件。",
        "收到市人大代表建议和政协提案各5件。",
        "答复咨询件22件。",
        "公开信息已按规定进行受理并答复，其中属于已主动公开答复数1件。",
    ],
)
def test_r7_reads_only_numbers_said_of_applications(overview: str) -> None:
    """Seen in real reports (莆田 corpus): counts of other business in the overview are not R7's."""
    report = consistent()
    report.sections.overview = overview
    assert RULES["R7"](report, Context()) == []
