"""Detached label columns and their number blocks: what the reader must not take for a row label, and
the readings of a row glued over lines — the rules that keep a shifted row from becoming a wrong number
(found by the layout property test, tests/test_layout_property.py)."""

from __future__ import annotations

import pytest

from gongkai.lib.cjk import label_key
from gongkai.reports.parse import meta, solve
from gongkai.reports.parse.assemble import (
    candidate_rows,
    header_after_label,
    header_fragments,
    names_row,
    names_rows_of_three,
    row_of_three_fits,
    stream_runs,
)

ROW_KEYS = [label_key(label) for row in meta.detect_format("", 2023).known_rows for label in row.labels]


@pytest.mark.parametrize(
    ("label", "after"),
    [
        ("四、结转下年度继续办理 申请人情况 自然人 法人或其他组织 总计 商业企业", True),
        (
            "四、结转下年度继续办理 和） 申 请 人 情况 自然人 法人或其 他组 织 总计 和） 商 业 企 业 其他",
            True,
        ),
        ("申请人情况 自然人 法人或其他组织 总计 一、本年新收政府信息公开申请数量", False),
        ("一、本年新收政府信息公开申请数量", False),
        ("申请人情况 自然人 法人或其他组织", False),  # the header alone: column_header's case
    ],
)
def test_a_row_label_followed_by_the_column_header_does_not_take_the_numbers(label: str, after: bool) -> None:
    assert header_after_label(label, ROW_KEYS) is after


@pytest.mark.parametrize(
    ("label", "fragment"),
    [
        ("机构 其他", True),
        ("其他组", True),
        ("商业企业 科研机构 社会公益组织 法", True),
        ("3.其他", False),
        ("（六）其他处理", False),
        ("2.其他法律行政法规禁止公开", False),
        ("（七）总计", False),
    ],
)
def test_the_end_of_a_broken_column_header_is_no_row_label(label: str, fragment: bool) -> None:
    assert header_fragments(label) is fragment


@pytest.mark.parametrize(
    ("label", "names"),
    [
        ("3.其他", True),
        ("法 3.其他", True),
        ("计其他情形）", False),
        ("务机构 其他", False),
        ("不计其他", False),
        ("年 2.其他", True),
        ("（七）总计", True),
        ("重复申请", True),
    ],
)
def test_a_short_row_label_names_a_row_only_at_the_end_of_the_printed_label(label: str, names: bool) -> None:
    # Before a short label only its number or one character (a vertical heading's): not words.
    assert names_row(label_key(label), ROW_KEYS) is names


def test_a_review_row_glued_over_two_lines_has_its_true_reading() -> None:
    # 25,3,8,0,36 | 3,3,0,0,6 | 3,0,0,0,3 printed as two runs of digits broken after the ninth cell.
    found = solve.glued_lines(["25380363300", "630003"], 15)
    assert (25, 3, 8, 0, 36, 3, 3, 0, 0, 6, 3, 0, 0, 0, 3) in found


def test_a_run_too_long_for_a_count_does_not_stand_for_a_run_of_cells() -> None:
    # As an unknown it would have let ``630003`` fill the last cells and pass R4 on its own.
    assert solve.readings(["25380363300", "630003"], 15) == []
    cells, ambiguous, _ = solve.solve_groups(
        [*solve.readings(["25380363300", "630003"], 15), *solve.glued_lines(["25380363300", "630003"], 15)], 5
    )
    assert cells[14] == 3 and not ambiguous


def three_fits(tokens: tuple[str, ...], size: int) -> bool:
    return row_of_three_fits(tokens, size)


def test_a_detached_stream_without_merged_runs_has_one_cut() -> None:
    # Three rows of 三 printed one cell a line after their labels: 21 values, 7 each.
    values = [*"3001004", *"0000000", *"1000001"]
    assert stream_runs([7, 7, 7], values, three_fits) == [
        [tuple("3001004")],
        [tuple("0000000")],
        [tuple("1000001")],
    ]


def test_a_detached_stream_with_merged_runs_gives_each_row_the_runs_the_arithmetic_allows() -> None:
    # 3,0,0,1,0,0,4 printed in full; a row of zeros merged into one 0; 5,0,0,0,0,0,5 merged into 5 0 5. The
    # second row may also be 0 5 (0,0,0,0,0,5,5 adds up) and the third 0 5: both cuts are kept.
    values = [*"3001004", "0", "5", "0", "5"]
    assert stream_runs([7, 7, 7], values, three_fits) == [
        [tuple("3001004")],
        [("0",), ("0", "5")],
        [("5", "0", "5"), ("0", "5")],
    ]
    # 1 0 2 (1,1,0,0,0,0,2 merged) then a row in full: no other cut adds up (1 alone, or 1 0, breaks R2).
    assert stream_runs([7, 7], ["1", "0", "2", *"1000001"], three_fits) == [
        [("1", "0", "2")],
        [tuple("1000001")],
    ]


def test_a_detached_stream_cut_several_ways_gives_each_row_every_run() -> None:
    # Rows of 二 (no arithmetic): 1 2 over a row of three cells and a row of one cell is 1,2 | … or 1 | 2.
    runs = stream_runs([3, 1], ["1", "2", "3"], lambda tokens, size: True)
    assert runs == [[("1", "2")], [("3",)]]
    runs = stream_runs([3, 3], ["1", "2"], lambda tokens, size: True)
    assert runs == [[("1",)], [("2",)]]
    assert stream_runs([3, 3], ["1", "2", "3", "4"], lambda tokens, size: True) == [
        [("1",), ("1", "2"), ("1", "2", "3")],
        [("2", "3", "4"), ("3", "4"), ("4",)],
    ]


def test_a_stream_no_cut_uses_whole_is_left_alone() -> None:
    assert stream_runs([1, 1], ["1", "2", "3"], lambda tokens, size: True) is None
    # A glued token that is no count does not pass for a row (it would fit any arithmetic as an unknown).
    assert not three_fits(("0件0件0件0件0件0件10件",), 7)
    assert three_fits(("10件0件0件0件0件0件10件",), 7)


FORMAT = meta.detect_format("", 2023)
OWN, OLDER = (rows for _, rows in candidate_rows(FORMAT))


def test_a_label_column_is_matched_to_the_rows_of_its_layout_with_group_headings_skipped() -> None:
    labels = [row.label for row in OWN]
    assert names_rows_of_three(labels, FORMAT) == list(range(len(OWN)))
    # The heading of (六) printed above its rows is skipped, though it is a row of the older layout.
    at = labels.index(OWN[20].label)
    with_heading = [*labels[:at], "（六）其他处理", *labels[at:]]
    assert names_rows_of_three(with_heading, FORMAT) == [i for i in range(len(with_heading)) if i != at]
    assert names_rows_of_three([row.label for row in OLDER], FORMAT) == list(range(len(OLDER)))


def test_a_label_column_missing_a_row_is_not_taken_for_another_layout() -> None:
    # 3.其他 not recognised (split past recognition): the older layout, whose (六) is one row, would fit
    # if 1. and 2. under (六) could be skipped as headings — they are rows, so no layout fits.
    labels = [row.label for row in OWN if row.label != "3.其他"]
    at = labels.index(OWN[20].label)
    labels = [*labels[:at], "（六）其他处理", *labels[at:]]
    assert names_rows_of_three(labels, FORMAT) is None
