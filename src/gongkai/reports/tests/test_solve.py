"""Numbers as a constraint problem: merged runs of identical cells are expanded, the format's arithmetic
decides between the readings, and a cell no rule decides stays null and is listed as ambiguous."""

from __future__ import annotations

import pytest

from gongkai.lib.numbers import is_value_cell, parse_count, parse_number
from gongkai.reports.parse import parse_text
from gongkai.reports.parse.assemble import fills, number_values
from gongkai.reports.parse.base import Line
from gongkai.reports.parse.solve import Reading, expansions, mended, solve_applications, solve_groups
from gongkai.reports.parse.text import cell_per_line


@pytest.mark.parametrize(
    ("printed", "width", "readings"),
    [
        ((0,), 3, [(0, 0, 0)]),
        ((1, 2, 3), 3, [(1, 2, 3)]),
        ((5, 9), 3, [(5, 9, 9), (5, 5, 9)]),
        ((1, 2, 3, 4), 3, []),
    ],
)
def test_a_printed_value_may_stand_for_a_run_of_identical_cells(
    printed: tuple[int, ...], width: int, readings: list[tuple[int, ...]]
) -> None:
    assert sorted(expansions(printed, width)) == sorted(readings)


def test_the_row_total_decides_a_merged_row() -> None:
    decision = solve_applications(
        {"new_received": expansions((8, 0, 8), 7)}, {"new_received": "一"}, set(), {"new_received"}
    )
    assert decision.cells["new_received"] == (8, 0, 0, 0, 0, 0, 8)
    assert not decision.ambiguous and "R2" in decision.notes[0]


def test_cells_the_rules_cannot_place_stay_null_with_their_candidates() -> None:
    decision = solve_applications(
        {"new_received": expansions((19, 0, 1, 0, 20), 7)}, {"new_received": "一"}, set(), {"new_received"}
    )
    # A zero run before and after the 1: 商业企业 and 其他 are 0, the 1 is in one of the three between.
    assert decision.cells["new_received"] == (19, 0, None, None, None, 0, 20)
    assert decision.ambiguous["new_received"] == {2: (0, 1), 3: (0, 1), 4: (0, 1)}


def test_the_column_totals_decide_between_rows_that_each_add_up() -> None:
    options: dict[str, list[Reading]] = {
        "granted": [(2, 0, 0, 0, 0, 0, 2), (0, 0, 2, 0, 0, 0, 2)],
        "total_processed": [(2, 0, 0, 0, 0, 0, 2)],
    }
    decision = solve_applications(
        options, {"granted": "(一)", "total_processed": "(七)"}, {"granted"}, {"granted"}
    )
    assert decision.cells["granted"] == (2, 0, 0, 0, 0, 0, 2)
    assert "R3" in decision.notes[-1]


def test_a_merged_row_no_reading_adds_up_is_not_guessed() -> None:
    decision = solve_applications(
        {"new_received": expansions((1,), 7)}, {"new_received": "一"}, set(), {"new_received"}
    )
    assert decision.cells["new_received"] == (None,) * 7
    assert decision.ambiguous["new_received"][6] == (1, None)


def test_a_printed_row_that_breaks_r2_is_kept_as_the_reports_own_error() -> None:
    decision = solve_applications(
        {"new_received": [(1, 1, 0, 0, 0, 0, 5)]}, {"new_received": "一"}, set(), set()
    )
    assert decision.cells["new_received"] == (1, 1, 0, 0, 0, 0, 5)


def test_a_single_zero_is_the_whole_review_table() -> None:
    cells, ambiguous, note = solve_groups(expansions((0,), 15), 5)
    assert cells == (0,) * 15 and not ambiguous and not note


@pytest.mark.parametrize(
    ("cell", "count", "number"),
    [
        ("8批", 8, 8),
        ("20560元", 20560, 20560),
        ("增5", 5, 5),
        ("减少1", -1, -1),
        ("+2", 2, 2),
        ("72.22", None, 72.22),
    ],
)
def test_units_and_change_words_inside_cells_are_read(cell: str, count: int | None, number: float) -> None:
    assert is_value_cell(cell)
    assert parse_count(cell) == count
    assert parse_number(cell) == number


def crawled(rows: list[tuple[str, list[str]]], four: list[str]) -> str:
    header = ["某某局2022年政府信息公开工作年度报告", "一、总体情况", "正文。", "二、主动公开政府信息情况"]
    header += ["第二十条第（一）项", "信息内容", "本年制发件数", "本年废止件数", "现行有效件数", "规章", "0"]
    header += ["三、", "收到和处理", "政府信息", "公开申请", "情况", "申请人情况", "自然人", "总计"]
    body = [line for label, values in rows for line in (label, *values)]
    tail = [
        "四、",
        "政府信息公开行政复议、行政诉讼情况",
        "行政复议",
        "总计",
        *four,
        "五、存在的主要问题及改进情况",
        "无。",
    ]
    return "\n".join(header + body + tail) + "\n"


def test_crawled_text_with_one_cell_per_line_and_merged_runs_is_read() -> None:
    zero = ["0"]
    rows = [
        ("一、本年新收政府信息公开申请数量", ["8", "0", "8"]),
        ("二、上年结转政府信息公开申请数量", zero),
        ("三、本年度办理结果", []),
        ("（一）予以公开", ["4", "0", "4"]),
        ("（二）部分公开（区分处理的，只计这一情形，不计其他情形）", zero),
        ("（三）不予公开", []),
        *[
            (f"{n}.{label}", zero)
            for n, label in enumerate(
                [
                    "属于国家秘密",
                    "其他法律行政法规禁止公开",
                    "危及“三安全一稳定”",
                    "保护第三方合法权益",
                    "属于三类内部事务信息",
                    "属于四类过程性信息",
                    "属于行政执法案卷",
                    "属于行政查询事项",
                ],
                start=1,
            )
        ],
        ("（四）无法提供", []),
        ("1.本机关不掌握相关政府信息", ["4", "0", "4"]),
        ("2.没有现成信息需要另行制作", zero),
        ("3.补正后申请内容仍不明确", zero),
        ("（五）不予处理", []),
        *[
            (f"{n}.{label}", zero)
            for n, label in enumerate(
                [
                    "信访举报投诉类申请",
                    "重复申请",
                    "要求提供公开出版物",
                    "无正当理由大量反复申请",
                    "要求行政机关确认或重新出具已获取信息",
                ],
                start=1,
            )
        ],
        ("（六）其他处理", []),
        ("1.申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请", zero),
        ("2.申请人逾期未按收费通知要求缴纳费用、行政机关不再处理其政府信息公开申请", zero),
        ("3.其他", zero),
        ("（七）总计", ["8", "0", "8"]),
        ("四、结转下年度继续办理", zero),
    ]
    report = parse_text(crawled(rows, ["0"]))
    assert report.layout == "cell-per-line"
    assert list(report.applications["new_received"].values()) == [8, 0, 0, 0, 0, 0, 8]
    assert list(report.applications["unable_not_held"].values()) == [4, 0, 0, 0, 0, 0, 4]
    assert all(value == 0 for cells in report.reviews.values() for value in cells.values())
    assert report.proactive["rules"] == {"issued": 0, "repealed": 0, "in_force": 0}
    assert not report.ambiguous


def test_last_years_stock_decides_an_ambiguous_row_of_section_two() -> None:
    from gongkai.annual_report.formats import format_for
    from gongkai.annual_report.model import empty_report
    from gongkai.reports.parse.solve import decide_by_last_year

    report_format = format_for(2024)
    previous = empty_report(report_format, "某局", 2023)
    previous.proactive["normative_documents"].update(issued=2, repealed=0, in_force=16)
    report = empty_report(report_format, "某局", 2024)
    # Printed "4 / 16" for three cells: 4,4,16 or 4,16,16.
    report.proactive["normative_documents"].update(issued=4, repealed=None, in_force=16)
    report.ambiguous["proactive.normative_documents.repealed"] = (4, 16)
    decide_by_last_year(report, previous)
    assert report.proactive["normative_documents"] == {"issued": 4, "repealed": 4, "in_force": 16}
    assert not report.ambiguous and "R9" in report.notes[-1]


def test_the_overviews_case_count_chooses_between_review_readings() -> None:
    # "0 / 1 / 0" for fifteen cells: a pending case in 行政复议 or in 未经复议直接起诉.
    readings = expansions((0, 1, 0), 15)
    cells, ambiguous, _ = solve_groups(readings, 5)
    assert cells[4] is None and 4 in ambiguous
    cells, ambiguous, note = solve_groups(readings, 5, {"行政复议": 1})
    assert cells == (0, 0, 0, 1, 1, *(0,) * 10) and not ambiguous and "R7" in note


def test_a_row_with_no_reading_at_all_is_left_blank_not_crashed_on() -> None:
    decision = solve_applications({"new_received": []}, {"new_received": "一"}, set(), {"new_received"})
    assert decision.cells["new_received"] == (None,) * 7


def test_a_number_before_a_vertical_headings_character_stays_a_number() -> None:
    """``33`` / ``、 （二）部分公开``: the ``、`` of a vertical heading (三、本年度办理结果 printed one character a
    line in front of the rows) is not the dot of a row number split from its label (``1`` / ``.属于…``)."""
    text = "\n".join(
        [
            "三 （一）予以公开",
            "33",
            "0",
            "33",
            "、 （二）部分公开",
            "38",
            "0",
            "38",
            "本 1",
            ".属于国家秘密",
            "0",
        ]
    )
    lines = [line.cells for line in cell_per_line(text).lines]
    assert lines == [
        ["三 （一）予以公开", "33", "0", "33"],
        ["、 （二）部分公开", "38", "0", "38"],
        ["本 1", ".属于国家秘密", "0"],
    ]


def test_the_reader_refuses_a_long_run_that_is_no_glued_row_in_one_pass() -> None:
    """The glued-run patterns of the alignment and the solver take a run of digits whole (see
    lib.numbers): a long run before a stray character is refused at once, and a glued run still reads."""
    stray = "1" * 60 + "件x"
    assert mended([stray, "2"], (1,)) == [[stray]]
    assert not fills([stray], 3)
    assert number_values(Line([stray])) == []
    assert mended(["3件0", "8"], (1,)) == [["3件08"], ["3件0"]]
    assert fills(["6-10"], 3) and number_values(Line(["6-1件0"])) == ["6-1件0"]
