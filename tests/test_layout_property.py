"""Layouts as a property: every sample report's numbers, printed the way websites and extractors print
tables (``layout_distortions``), read back to exactly those numbers — or to ``null`` for a cell the reader
declares ambiguous. Never a wrong number, never a null the reader does not explain.

``GONGKAI_LAYOUT_EXAMPLES`` sets how many printings the combined test reads (500 by default, as CI runs it);
the printings are derived from a fixed seed (``derandomize``), so a run is reproducible.
"""

from __future__ import annotations

import copy
import json
import os
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from gongkai.annual_report.model import AnnualReport
from gongkai.reports.parse import CannotRead, parse, solve
from gongkai.sample_reports import expected_files
from layout_distortions import DISTORTIONS, Distortions, distortions, printing

EXPECTED = {
    path.name.removesuffix(".expected.json"): AnnualReport.from_json(json.loads(path.read_text("utf-8")))
    for path in expected_files()
}
TABLES = ("proactive", "applications", "reviews")

COMBINED = settings(
    max_examples=int(os.environ.get("GONGKAI_LAYOUT_EXAMPLES", "500")),
    deadline=None,
    derandomize=True,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
ALONE = settings(COMBINED, max_examples=int(os.environ.get("GONGKAI_LAYOUT_EXAMPLES_ALONE", "40")))


def misreadings(expected: AnnualReport, how: Distortions, tables: tuple[str, ...] = TABLES) -> list[str]:
    """What the reader gets wrong in ``expected`` printed as ``how`` says: wrong numbers, and nulls it does
    not declare ambiguous — or any null where the printing lost nothing (``how.lossy`` is false: every
    number can be read back for sure) — and ambiguous cells whose readings miss the right one. Empty when
    it reads the printing right. With ``tables``, only theirs."""
    printed = printing(expected, how)
    name = "report.html" if how.html else "report.txt"
    try:
        got = parse(printed.encode("utf-8"), name)
    except CannotRead as exc:
        return [f"cannot read: {exc.reason}", f"the printing:\n{printed}"]
    ambiguous: dict[str, Any] = getattr(got, "ambiguous", {}) or {}
    wrong = []
    for table in tables:
        rows: dict[str, dict[str, Any]] = getattr(expected, table)
        for row, columns in rows.items():
            if row in expected.absent_rows:
                continue
            for column, value in columns.items():
                path = f"{table}.{row}.{column}"
                read = getattr(got, table).get(row, {}).get(column)
                if read is None and value is not None and path in ambiguous and how.lossy:
                    if value not in tuple(ambiguous[path]):
                        wrong.append(f"{path}: ambiguous between {ambiguous[path]!r}, none of them {value!r}")
                    continue
                if read != value and not same_amount(read, value):
                    wrong.append(f"{path}: expected {value!r}, read {read!r}")
    return [*wrong[:8], f"the printing:\n{printed}"] if wrong else []


def wrong_numbers(expected: AnnualReport, how: Distortions) -> list[str]:
    """The cells the reader reads as a number other than the right one (a null is not counted here: it is
    :func:`misreadings` that asks for the nulls to be explained). Empty when no number is wrong — or when
    the printing cannot be read at all (also :func:`misreadings`' concern)."""
    printed = printing(expected, how)
    try:
        got = parse(printed.encode("utf-8"), "report.html" if how.html else "report.txt")
    except CannotRead:
        return []
    wrong = []
    for table in TABLES:
        rows: dict[str, dict[str, Any]] = getattr(expected, table)
        for row, columns in rows.items():
            if row in expected.absent_rows:
                continue
            for column, value in columns.items():
                read = getattr(got, table).get(row, {}).get(column)
                if read is not None and read != value and not same_amount(read, value):
                    wrong.append(f"{table}.{row}.{column}: expected {value!r}, read {read!r}")
    return [*wrong[:8], f"the printing:\n{printed}"] if wrong else []


def same_amount(read: Any, value: Any) -> bool:
    """An amount the format keeps as printed text (``"0"``, ``"12.5万"``) read as the same number."""
    return read is not None and value is not None and isinstance(value, str) and str(read) == value


FIXTURES = st.sampled_from(sorted(EXPECTED))


@settings(COMBINED)
@given(fixture=FIXTURES, how=distortions())
def test_every_printing_reads_back_to_its_numbers_or_declared_ambiguity(
    fixture: str, how: Distortions
) -> None:
    wrong = misreadings(EXPECTED[fixture], how)
    assert not wrong, f"{fixture} printed with {how.only()}: " + "; ".join(wrong)


@settings(COMBINED)
@given(fixture=FIXTURES, how=distortions())
def test_no_printing_is_read_as_a_wrong_number(fixture: str, how: Distortions) -> None:
    """The worst outcome on its own, for every printing the combined test makes: a cell the reader cannot
    fix may stay null (the combined test asks it to say why), but it is never read as another number."""
    wrong = wrong_numbers(EXPECTED[fixture], how)
    assert not wrong, f"{fixture} printed with {how!r}: " + "; ".join(wrong)


@pytest.mark.parametrize("distortion", DISTORTIONS)
def test_each_distortion_alone_reads_back(distortion: str) -> None:
    @settings(ALONE)
    @given(fixture=FIXTURES, how=distortions(only=distortion))
    def check(fixture: str, how: Distortions) -> None:
        wrong = misreadings(EXPECTED[fixture], how)
        assert not wrong, f"{fixture} printed with {distortion}: " + "; ".join(wrong)

    check()


@pytest.mark.parametrize(
    ("fixture", "how"),
    [
        (fixture, Distortions(one_cell_per_line=True, detached_labels=True, seed=266))
        for fixture in ("putian-wenhualvyouju-2021", "shanghai-shizhengfu-bangongting-2025")
    ]
    + [
        (
            "putian-chengshiguanliju-2022",
            Distortions(
                one_cell_per_line=True,
                crlf=True,
                label_fragments=0.2,
                page_furniture=0.2,
                detached_labels=True,
                seed=82739,
            ),
        ),
        (
            # A vertical heading's characters left over after the numbers are no row label.
            "pingtan-zonghe-shiyanqu-2025",
            Distortions(
                one_cell_per_line=True,
                vertical_headings=True,
                halfwidth_brackets=True,
                detached_labels=True,
                seed=796416146,
            ),
        ),
        (
            "hongze-qu-renmin-zhengfu-2024",
            Distortions(
                one_cell_per_line=True,
                label_fragments=0.5,
                halfwidth_brackets=True,
                collapsed_runs=0.5,
                units_in_cells=0.5,
                page_furniture=0.2,
                detached_labels=True,
                seed=266,
            ),
        ),
    ],
)
def test_a_label_column_printed_before_its_numbers_one_cell_a_line_reads_back(
    fixture: str, how: Distortions
) -> None:
    """Crawled text, one cell a line, whose tables printed their label column first: the stream of numbers
    is cut into the rows (found by the combined test: these were "cannot read", or shifted a row before the
    labels had to be the table's rows in order)."""
    wrong = misreadings(EXPECTED[fixture], how)
    assert not wrong, "; ".join(wrong)


@pytest.mark.parametrize(
    ("fixture", "how"),
    [
        (
            "pingtan-zonghe-shiyanqu-2023",
            Distortions(one_cell_per_line=True, crlf=True, label_fragments=0.2, detached_labels=True, seed=0),
        ),
        (
            "shanghai-shizhengfu-bangongting-2025",
            Distortions(
                one_cell_per_line=True,
                label_fragments=0.5,
                units_in_cells=0.2,
                page_furniture=0.2,
                detached_labels=True,
                seed=3945,
            ),
        ),
    ],
)
def test_a_label_printed_in_fragments_may_end_in_a_word_of_the_column_header(
    fixture: str, how: Distortions
) -> None:
    """``（七`` / ``）总计`` in a label column printed before its numbers: 总计 is a word of the column header
    of 三 too, and the label was cut before it, so no label named the row 总计 and the stream of numbers was
    not cut into rows (was "cannot read")."""
    wrong = misreadings(EXPECTED[fixture], how)
    assert not wrong, "; ".join(wrong)


def test_a_table_header_printed_again_after_page_breaks_is_no_running_header() -> None:
    """The header of a table printed again at the top of each page (``第`` / ``二十`` / ``条第（一）项``): its
    first line, back at two pages' tops, was dropped everywhere as a running header, and with it the label
    fragments equal to it (``行`` of 行政规范性文件: rows of 二 null). In 三 the header printed again runs
    into the next row's label (``申请人情况 … 其他 3 .危及…``), which is read without it."""
    how = Distortions(
        one_cell_per_line=True, label_fragments=1.0, units_in_cells=1.0, page_furniture=1.0, seed=0
    )
    wrong = misreadings(EXPECTED["hongze-qu-renmin-zhengfu-2024"], how)
    assert not wrong, "; ".join(wrong)


@pytest.mark.parametrize(
    ("fixture", "how"),
    [
        (
            "xiuzhou-jingxinshangwuju-2019",
            Distortions(
                space_aligned=True,
                label_fragments=1.0,
                vertical_headings=True,
                halfwidth_brackets=True,
                units_in_cells=0.2,
                detached_labels=True,
                seed=4238429,
            ),
        ),
        (
            "shanghai-shizhengfu-bangongting-2025",
            Distortions(
                space_aligned=True,
                label_fragments=1.0,
                vertical_headings=True,
                halfwidth_brackets=True,
                detached_labels=True,
                seed=37324,
            ),
        ),
    ],
)
def test_a_label_column_in_fragments_on_space_aligned_text_reads_back(fixture: str, how: Distortions) -> None:
    """A label column printed before its numbers, its labels in fragments a line each: a row number split
    from its label (``3`` / ``.危及“三``, ``年 2`` / ``.其他``, ``本 1`` / ``.``) is the label's, not a number row
    standing in for a missing row (was: every row of 三 null); a lone ``/`` of a header (``本年增`` / ``/`` /
    ``减``) is no row of blanks (was: rows of 二 null)."""
    wrong = misreadings(EXPECTED[fixture], how)
    assert not wrong, "; ".join(wrong)


def test_the_broken_end_of_a_number_is_no_row_number() -> None:
    """``… 1    3`` / ``0`` / ``、 （二）部分`` (30 broken over lines, then a vertical heading's 、): the lone 0 is
    the number's end, not a row number split from a label — only a digit from 1 before a dot is (was a
    wrong number: 3 for 30)."""
    how = Distortions(
        space_aligned=True,
        crlf=True,
        label_fragments=0.5,
        vertical_headings=True,
        glued_digits=0.2,
        broken_numbers=0.5,
        collapsed_runs=0.2,
        units_in_cells=0.2,
        page_furniture=0.2,
        seed=14449328,
    )
    assert not wrong_numbers(EXPECTED["pingtan-zonghe-shiyanqu-2021"], how)


def test_a_column_header_in_fragments_names_no_row_of_a_label_column() -> None:
    """``机构`` ``其他`` of the column header of 三 printed in fragments after a label column: it reads as
    a label ending in 其他 but names no row, so the number rows after it are as many as the rows and are
    given to them (was: every row of 三 null)."""
    how = Distortions(label_fragments=1.0, detached_labels=True, seed=794)
    wrong = misreadings(EXPECTED["hongze-qu-renmin-zhengfu-2023"], how)
    assert not wrong, "; ".join(wrong)


def test_a_label_cut_after_a_short_row_label_takes_its_rest() -> None:
    """``年 2.其他`` / ``法律行政法规禁止公`` / ``开`` in a label column printed one cell a line: the first
    cell alone reads as the row 其他, but with the cells after it it is 2.其他法律行政法规禁止公开 (was: the
    labels were not the rows of 三 in order, so the stream of numbers was not cut — every row null)."""
    how = Distortions(
        one_cell_per_line=True,
        label_fragments=0.2,
        vertical_headings=True,
        units_in_cells=0.5,
        page_furniture=0.2,
        detached_labels=True,
        seed=129954,
    )
    wrong = misreadings(EXPECTED["pingtan-zonghe-shiyanqu-2021"], how)
    assert not wrong, "; ".join(wrong)


def test_words_ending_in_a_short_row_label_name_no_row() -> None:
    """``,不计其他`` of ``（二）部分公开（区分处理的，只计这一情形，不计其他情形）`` in fragments in a label column:
    it ends in 其他 but words, not a row number, come before it, so it is no row 3.其他 (was "cannot read":
    the labels were not the rows of 三 in order)."""
    how = Distortions(
        one_cell_per_line=True,
        label_fragments=0.2,
        halfwidth_brackets=True,
        units_in_cells=0.2,
        page_furniture=0.2,
        detached_labels=True,
        seed=167762,
    )
    wrong = misreadings(EXPECTED["putian-chengshiguanliju-2020"], how)
    assert not wrong, "; ".join(wrong)


def test_a_label_of_two_may_begin_with_a_word_of_the_column_header_of_three() -> None:
    """``其他`` / ``对外`` / ``管理`` / ``服务事项`` in the label column of 二: 其他 is a word of the column header of
    三, no label alone, but it begins 其他对外管理服务事项 (was: the rows of 二 null)."""
    how = Distortions(
        one_cell_per_line=True, label_fragments=0.5, halfwidth_brackets=True, detached_labels=True, seed=2257
    )
    wrong = misreadings(EXPECTED["putian-chengshiguanliju-2020"], how)
    assert not wrong, "; ".join(wrong)


def test_a_slash_of_a_header_printed_again_is_no_blank_in_a_stream() -> None:
    """``本`` / ``年增`` / ``/`` / ``减`` of the header of 二 printed again among a stream of numbers after a
    label column: the ``/`` is left out when only without it the stream is cut into the rows (was: every
    row of 二 null)."""
    how = Distortions(
        one_cell_per_line=True,
        label_fragments=0.5,
        units_in_cells=0.2,
        page_furniture=0.5,
        detached_labels=True,
        seed=1255,
    )
    wrong = misreadings(EXPECTED["putian-chengshiguanliju-2020"], how)
    assert not wrong, "; ".join(wrong)


def test_a_label_column_with_only_short_number_lines_after_it_is_read() -> None:
    """A label column, then rows of 三 with merged runs and numbers broken over lines, none of them seven
    cells: the short number lines are the rows, placed or declared ambiguous between the counts left over
    (was "cannot read": no line looked like a row of 三)."""
    how = Distortions(
        crlf=True,
        halfwidth_brackets=True,
        broken_numbers=1.0,
        collapsed_runs=1.0,
        page_furniture=1.0,
        detached_labels=True,
        seed=2211177,
    )
    expected = EXPECTED["putian-chengshiguanliju-2020"]
    assert not wrong_numbers(expected, how)
    got = parse(printing(expected, how).encode("utf-8"), "report.txt")
    for row, columns in expected.applications.items():
        for column, value in columns.items():
            read = got.applications[row][column]
            path = f"applications.{row}.{column}"
            assert read == value or (read is None and value in got.ambiguous[path]), path


def test_a_column_header_printed_again_among_the_numbers_begins_no_label() -> None:
    """The column header of 三 printed again after a page break, then a vertical heading's characters left
    after the numbers (``其他`` ``（`` ``五`` ``）`` ``不`` ``予`` ``处`` ``理`` ``（`` ``六`` ``）`` ``其`` ``他`` …): after the
    numbers start, 其他 is the header's, not the start of a label (read as （六）其他处理, a row label after
    the numbers, it left the whole block uncut: every row of 三 null)."""
    how = Distortions(
        one_cell_per_line=True,
        label_fragments=0.5,
        vertical_headings=True,
        halfwidth_brackets=True,
        units_in_cells=0.5,
        page_furniture=0.2,
        detached_labels=True,
        seed=16759,
    )
    wrong = misreadings(EXPECTED["putian-wenhualvyouju-2021"], how)
    assert not wrong, "; ".join(wrong)


def test_the_slash_of_a_column_label_is_no_blank_in_a_stream() -> None:
    """``年增`` / ``/`` / ``减`` of 本年增/减 printed twice in a stream of 二 after a label column, and a row of
    zeros with its run merged into one ``0``: the two slashes made up for the two cells merged away, so the
    stream was cut into rows of the right sizes, each one off (was a wrong number: 规范性文件 read as 0, 6,
    1). The slash between the label's characters is the label's, never a blank cell."""
    how = Distortions(
        one_cell_per_line=True,
        label_fragments=1.0,
        halfwidth_brackets=True,
        collapsed_runs=0.2,
        page_furniture=0.5,
        detached_labels=True,
        seed=1305704,
    )
    wrong = misreadings(EXPECTED["putian-chengshiguanliju-2020"], how)
    assert not wrong, "; ".join(wrong)


def test_a_glued_row_of_two_with_a_signed_change_is_a_number_cell() -> None:
    """``务事项	6-1件0件`` (6, -1, 0 glued, units in some cells) after a label in fragments: the run was taken for
    words of the label, which then named no row (a row of nulls, not declared ambiguous)."""
    how = Distortions(
        crlf=True,
        label_fragments=0.5,
        glued_digits=0.5,
        broken_numbers=1.0,
        collapsed_runs=0.5,
        units_in_cells=0.5,
        page_furniture=0.5,
        seed=649,
    )
    wrong = misreadings(EXPECTED["putian-chengshiguanliju-2020"], how)
    assert not wrong, "; ".join(wrong)


def test_a_glued_run_with_units_stands_for_no_run_of_cells() -> None:
    """四 printed ``10`` / ``2101件20103`` (1,1,0,0,2 1,0,0,0,1 …: glued, merged runs, a unit, broken over the
    line): the unreadable ``2101件20103`` was an unknown standing for a run of cells, which let 10 repeated
    pass R4 (a wrong number: 10 for 结果维持)."""
    how = Distortions(
        halfwidth_brackets=True,
        glued_digits=1.0,
        broken_numbers=1.0,
        collapsed_runs=0.5,
        units_in_cells=0.2,
        page_furniture=0.2,
        detached_labels=True,
        seed=2585,
    )
    wrong = misreadings(EXPECTED["hongze-qu-renmin-zhengfu-2024"], how)
    assert not [line for line in wrong[:-1] if line.startswith("reviews.")], "; ".join(wrong)
    assert not wrong_numbers(EXPECTED["hongze-qu-renmin-zhengfu-2024"], how)


def test_a_label_in_fragments_with_a_word_that_reads_as_a_blank_mark_is_joined() -> None:
    """Rows printed with their labels, the label in fragments ``4.`` / ``无`` / ``正当理由大量反复申`` /
    ``请    000000``: ``无`` alone on its line is a fragment of the label, not a blank cell that ends it (the
    row was not found: a row of nulls)."""
    how = Distortions(
        space_aligned=True,
        label_fragments=0.5,
        halfwidth_brackets=True,
        glued_digits=1.0,
        broken_numbers=1.0,
        units_in_cells=0.2,
        page_furniture=0.2,
        seed=32464,
    )
    wrong = misreadings(EXPECTED["putian-wenhualvyouju-2021"], how)
    assert not wrong, "; ".join(wrong)


def test_a_label_in_fragments_before_a_glued_row_with_a_sign_is_joined() -> None:
    """``其他对外`` / ``管理服务`` / ``事`` / ``项	6-10`` (6, -1, 0 glued): the run is no word of the label, and the
    fragments before it are the row's label (the row was not found: a row of nulls)."""
    how = Distortions(
        crlf=True,
        label_fragments=1.0,
        halfwidth_brackets=True,
        glued_digits=1.0,
        broken_numbers=0.5,
        collapsed_runs=0.5,
        page_furniture=1.0,
        seed=2213311962,
    )
    wrong = misreadings(EXPECTED["putian-chengshiguanliju-2020"], how)
    assert not wrong, "; ".join(wrong)


def test_a_glued_row_of_four_with_more_cuts_than_listed_is_not_read_from_the_few_listed() -> None:
    """四 glued into one run ``1101111110242111111212510011110212`` on text with cells apart: 108 cuts add up
    (R4); the first 64 listed all had 11 for 复议's 结果纠正, which was read as sure — the row is 110, 111, 11,
    10, 242 … (a wrong number). All are listed now, and a run with more cuts than that has none read."""
    expected = copy.deepcopy(EXPECTED["putian-wenhualvyouju-2021"])
    cells = [110, 111, 11, 10, 242, 1, 1, 11, 112, 125, 100, 1, 1, 110, 212]
    for number, group in enumerate(expected.reviews):
        expected.reviews[group] = dict(
            zip(expected.reviews[group], cells[number * 5 : number * 5 + 5], strict=True)
        )
    row = "\t".join(map(str, cells))
    text = printing(expected, Distortions())
    assert row in text
    got = parse(text.replace(row, "".join(map(str, cells))).encode("utf-8"), "report.txt")
    for group, columns in expected.reviews.items():
        for column, value in columns.items():
            path = f"reviews.{group}.{column}"
            read = got.reviews[group][column]
            assert read == value or (read is None and value in got.ambiguous.get(path, ())), (path, read)


def test_a_row_of_four_with_three_numbers_broken_over_lines_keeps_every_joined_reading() -> None:
    """四 printed as 18 numbers, three broken over lines (``21`` / ``1`` / ``2`` … for 21, 12 …): 680 ways to join
    them; the first 256 listed missed the row's own, and R4 kept only readings with other numbers."""
    cells = (1, 0, 1, 21, 23, 21, 12, 1, 1, 35, 0, 0, 2, 2, 4)
    tokens = ["1", "0", "1", "21", "2", "3", "21", "1", "2", "1", "1", "3", "5", "0", "0", "2", "2", "4"]
    assert cells in solve.readings(tokens, 15)


def test_a_word_of_change_on_a_line_of_its_own_is_one_cell_with_its_number() -> None:
    """Crawled text, one cell a line, printing 本年增/减 as ``增`` / ``1`` (as ptsmzj-2019 in the corpus does):
    ``增`` broke the row in two, and the row of 二 was read as its first number repeated (6, 6, 6: wrong
    numbers)."""
    text = printing(EXPECTED["putian-chengshiguanliju-2020"], Distortions(one_cell_per_line=True))
    row = "行政许可\n6\n1\n29\n"
    assert row in text
    got = parse(text.replace(row, "行政许可\n6\n增\n1\n29\n").encode("utf-8"), "report.txt")
    assert got.proactive["licensing"] == {"prior_items": 6, "change": 1, "decisions": 29}


def test_a_glued_row_with_units_in_its_cells_reads_back() -> None:
    """``471000048件``, ``10件000件01``: a unit ends its cell (was a row of nulls)."""
    how = Distortions(halfwidth_brackets=True, glued_digits=0.2, units_in_cells=0.2, seed=2491)
    wrong = misreadings(EXPECTED["shanghai-shizhengfu-bangongting-2025"], how)
    assert not wrong, "; ".join(wrong)


def test_a_label_split_after_a_word_that_reads_as_a_blank_mark_keeps_its_row() -> None:
    """``4.`` ``无`` / ``正当理由大量反复申请`` in a label column printed before its numbers: 无 is a fragment of
    the label column, not a blank cell that ends it (was "cannot read"); the merged runs of 二 are cut too,
    as 三 shows the site prints one value a cell."""
    how = Distortions(
        one_cell_per_line=True, label_fragments=0.5, collapsed_runs=0.5, detached_labels=True, seed=8255
    )
    wrong = misreadings(EXPECTED["putian-tongjiju-2022"], how)
    assert not wrong, "; ".join(wrong)


def test_a_detached_stream_of_glued_rows_is_not_cut_as_merged_zeros() -> None:
    """Glued rows broken over lines after a label column (``0000000``, ``00000`` / ``00``): a piece with a
    leading zero is no merged 0, so the stream is not cut into rows it does not hold (was a wrong number:
    4 read in the row of 3.其他)."""
    how = Distortions(
        space_aligned=True,
        label_fragments=0.2,
        vertical_headings=True,
        glued_digits=1.0,
        broken_numbers=0.2,
        page_furniture=0.2,
        detached_labels=True,
        seed=57566,
    )
    assert not wrong_numbers(EXPECTED["putian-wenhualvyouju-2021"], how)


def test_the_merged_runs_of_two_are_cut_only_where_three_shows_one_value_a_cell() -> None:
    """A detached stream of 二 with merged runs (no arithmetic of its own) is cut when the stream of 三 was
    cut into counts, one value a cell; with glued rows it is not (``000``, ``633800元`` for 6 and 33800元:
    was a wrong number)."""
    merged = Distortions(
        one_cell_per_line=True,
        label_fragments=0.5,
        collapsed_runs=0.5,
        units_in_cells=0.5,
        page_furniture=0.5,
        detached_labels=True,
        seed=1215,
    )
    wrong = misreadings(EXPECTED["putian-chengshiguanliju-2022"], merged)
    assert not wrong, "; ".join(wrong)
    glued = Distortions(glued_digits=1.0, broken_numbers=0.2, detached_labels=True, seed=0)
    assert not wrong_numbers(EXPECTED["putian-chengshiguanliju-2020"], glued)


def test_rows_the_alignment_cannot_place_are_ambiguous_between_the_leftover_counts() -> None:
    """Numbers broken over lines under a detached label column: the number lines are more than the labels, so
    some rows are not placed (was: nulls nobody explained). Each such row is null and ambiguous between the
    counts of the rows left over — joined over a line break too (``12`` / ``59 …`` for 1259). (Seeds 9901 and
    98, the examples before, are now read in full: their label columns are the rows in order, and the number
    lines are cut into them by ``assemble.broken_rows_of_three``.)"""
    how = Distortions(
        space_aligned=True,
        label_fragments=0.2,
        vertical_headings=True,
        broken_numbers=0.5,
        detached_labels=True,
        seed=120,
    )
    expected = EXPECTED["shanghai-shizhengfu-bangongting-2025"]
    wrong = misreadings(expected, how)
    assert not wrong, "; ".join(wrong)
    got = parse(printing(expected, how).encode("utf-8"), "report.txt")
    unplaced = [path for path in got.ambiguous if path.startswith("applications.new_received.")]
    assert unplaced and all(
        got.applications["new_received"][path.rsplit(".", 1)[1]] is None for path in unplaced
    )
    assert 1259 in got.ambiguous["applications.new_received.natural_person"]


def test_detached_rows_of_two_broken_over_lines_are_grouped_by_their_widths() -> None:
    """Section 二's labels printed first, then its number lines with numbers broken over them (``2`` /
    ``2 / 235``, ``34 / 18`` / ``9``): more lines than labels, but one grouping alone gives every row its
    cells, so the rows are paired and the broken numbers joined (were nulls nobody explained)."""
    how = Distortions(broken_numbers=0.5, detached_labels=True, seed=115843)
    wrong = misreadings(EXPECTED["shanghai-shizhengfu-bangongting-2025"], how)
    assert not wrong, "; ".join(wrong)


# Detached label columns of 二 with a glued row and headers between the number lines.
GLUED_ACROSS_HEADERS = [
    (
        "pingtan-zonghe-shiyanqu-2023",
        Distortions(
            label_fragments=0.5, glued_digits=0.2, broken_numbers=0.2, detached_labels=True, seed=3916
        ),
    ),
    (
        "shanghai-shizhengfu-bangongting-2025",
        Distortions(
            space_aligned=True,
            vertical_headings=True,
            halfwidth_brackets=True,
            glued_digits=0.2,
            detached_labels=True,
            seed=2557,
        ),
    ),
]


@pytest.mark.parametrize(("fixture", "how"), GLUED_ACROSS_HEADERS)
def test_detached_rows_of_two_with_a_glued_row_are_ambiguous_when_a_row_may_have_printed_nothing(
    fixture: str, how: Distortions
) -> None:
    """A detached label column of 二 whose number lines hold a glued row (``262`` for three cells, or
    ``34189``): a row whose blank cells were glued into nothing prints no line, and then ``262`` / ``9``
    may be one number broken over two lines (it was: 2629), and no row takes another's number (was a wrong
    number: 9 for 2629). With a header between each item's lines, each item's lines are grouped among its
    own rows (``pair_items``), and the rows the groupings disagree on are declared ambiguous (were
    undeclared nulls)."""
    wrong = misreadings(EXPECTED[fixture], how)
    assert not wrong, "; ".join(wrong)


def test_a_grouping_across_the_headers_of_two_gives_no_row_another_rows_number() -> None:
    """Number lines of 二 under a detached label column, broken over lines, with a header between each
    table's lines (``8`` / ``1件`` under 第二十条第（五）项, ``9`` / ``0件`` under （六）): several groupings fit
    the rows' widths, and readings across the blocks let 81 of 行政许可 be read for 行政处罚 — left null."""
    how = Distortions(
        crlf=True,
        label_fragments=0.5,
        halfwidth_brackets=True,
        glued_digits=0.5,
        broken_numbers=0.5,
        units_in_cells=0.2,
        detached_labels=True,
        seed=86664569,
    )
    assert not wrong_numbers(EXPECTED["putian-chengshiguanliju-2022"], how)


def test_a_row_of_three_with_merged_runs_broken_over_lines_keeps_the_joined_reading() -> None:
    """``一、本年新收… 80 1 0 8`` / ``1`` for 80, 1, 0, 0, 0, 0, 81 with its runs merged: the line after the row
    is kept with it, joined or not, and R2 decides (was ambiguous between 8 and blank, missing 81)."""
    how = Distortions(label_fragments=1.0, broken_numbers=1.0, collapsed_runs=1.0, seed=5952)
    wrong = misreadings(EXPECTED["pingtan-zonghe-shiyanqu-2023"], how)
    assert not wrong, "; ".join(wrong)


def test_a_glued_row_of_two_broken_over_lines_keeps_the_joined_reading() -> None:
    """Crawled flat text, ``行政许可 612`` / ``9`` for 6, 1, 29 glued and broken: the line break may be a border
    or inside a number, so 29 is a candidate too (was read as 9, a wrong number)."""
    how = Distortions(glued_digits=1.0, broken_numbers=0.2, seed=0)
    expected = EXPECTED["putian-chengshiguanliju-2020"]
    assert not wrong_numbers(expected, how)
    got = parse(printing(expected, how).encode("utf-8"), "report.txt")
    assert got.proactive["licensing"]["decisions"] is None
    assert 29 in got.ambiguous["proactive.licensing.decisions"]


def test_a_glued_row_with_merged_runs_reads_back() -> None:
    """``1件0件1件``: 1,0,0,0,0,0,1 with its runs printed once, units inside, separators lost (was a row of
    nulls, and on space-aligned text an all-blank reading that passed any arithmetic)."""
    how = Distortions(
        space_aligned=True,
        glued_digits=0.5,
        collapsed_runs=0.2,
        units_in_cells=1.0,
        page_furniture=0.2,
        seed=226859434,
    )
    wrong = misreadings(EXPECTED["putian-wenhualvyouju-2021"], how)
    assert not wrong, "; ".join(wrong)


@pytest.mark.parametrize(
    ("fixture", "how"),
    [
        (
            "hongze-qu-renmin-zhengfu-2023",
            Distortions(
                space_aligned=True, halfwidth_brackets=True, glued_digits=1.0, collapsed_runs=1.0, seed=464
            ),
        ),
        (
            "putian-chengshiguanliju-2024",
            Distortions(
                crlf=True,
                label_fragments=0.2,
                glued_digits=1.0,
                broken_numbers=0.5,
                collapsed_runs=1.0,
                units_in_cells=1.0,
                page_furniture=1.0,
                seed=13,
            ),
        ),
    ],
)
def test_a_glued_row_of_two_may_be_its_merged_runs(fixture: str, how: Distortions) -> None:
    """``05`` for 0, 5, 5 and ``4件16件`` for 4, 4, 16: a row of 二 whose runs were merged, then glued. Section 二
    has no arithmetic to tell it from a cut of the row in full (were wrong numbers: 5, 5, 5 — ``05`` read as
    one number repeated — and 4, 1, 6)."""
    assert not wrong_numbers(EXPECTED[fixture], how)
    assert not [m for m in misreadings(EXPECTED[fixture], how)[:-1] if m.startswith("proactive.")]


def test_a_glued_row_of_three_broken_over_lines_keeps_the_joined_reading() -> None:
    """``147件1件0件14`` / ``8件``: a glued row with merged runs whose total was broken over the line (147, 1,
    0, 0, 0, 0, 148). Only the row without the line was read — 1, 1, 4, 7, 1, 0, 14 adds up too, and was
    taken for (七)总计 (wrong numbers where the other rows left R3 open)."""
    how = Distortions(
        label_fragments=1.0,
        glued_digits=1.0,
        broken_numbers=1.0,
        collapsed_runs=1.0,
        units_in_cells=1.0,
        seed=642491,
    )
    wrong = misreadings(EXPECTED["pingtan-zonghe-shiyanqu-2025"], how)
    assert not wrong, "; ".join(wrong)


def test_a_row_number_split_from_its_label_after_a_group_label_is_no_row() -> None:
    """``（三）不予`` / ``公开    1`` / ``.属于国家秘密    4件0件4件``: the ``1`` on the group label's line is the
    row number of 1.属于国家秘密, not a row of one number (it was placed as (二)部分公开, and that row's
    cells were ambiguous between its 1 and blanks only)."""
    how = Distortions(
        space_aligned=True,
        label_fragments=1.0,
        glued_digits=1.0,
        broken_numbers=1.0,
        collapsed_runs=1.0,
        units_in_cells=1.0,
        page_furniture=1.0,
        seed=37899691,
    )
    wrong = misreadings(EXPECTED["shanghai-shizhengfu-bangongting-2025"], how)
    assert not wrong, "; ".join(wrong)


def test_text_with_labels_and_single_digits_on_one_line_is_not_one_cell_a_line() -> None:
    """Rows printed ``label<TAB>digits``, glued and broken over lines so that most number lines hold one digit
    (``规章	0``, ``行政规范性文件	1`` / ``02``): lines of a label and a number are no crawled text of one cell a
    line, even when the number has one digit (the stream was cut as one, and read as wrong numbers)."""
    how = Distortions(
        label_fragments=0.5,
        halfwidth_brackets=True,
        glued_digits=1.0,
        broken_numbers=1.0,
        collapsed_runs=1.0,
        page_furniture=1.0,
        seed=1639254,
    )
    wrong = misreadings(EXPECTED["putian-wenhualvyouju-2021"], how)
    assert not wrong, "; ".join(wrong)


def test_a_flattened_row_whose_runs_were_merged_is_read_as_merged_runs() -> None:
    """Flattened text (the first row glued), ``12593601295`` for 1259, 36, 0, 0, 0, 0, 1295 and
    ``64020470`` for 64, 0, 0, 2, 0, 4, 70: no cut of the row in full adds up, the merged runs do (were
    wrong numbers: a few of the cuts that do not add up were listed, all beginning 1, 2, and read as
    agreed)."""
    expected = EXPECTED["shanghai-shizhengfu-bangongting-2025"]
    glued = Distortions(label_fragments=0.5, glued_digits=0.2, collapsed_runs=0.5, seed=4294967295)
    wrong = misreadings(expected, glued)
    assert not wrong, "; ".join(wrong)
    spaced = Distortions(glued_digits=0.5, collapsed_runs=0.2, halfwidth_brackets=True, seed=1386579)
    assert not wrong_numbers(EXPECTED["pingtan-zonghe-shiyanqu-2021"], spaced)


def test_a_flattened_row_of_merged_runs_broken_over_lines_keeps_the_joined_reading() -> None:
    """Flattened text, ``9`` / ``5095`` for 95, 0, 0, 0, 0, 0, 95 with its runs merged: the line break may be
    inside a number, so 95 is a reading as well as 9 (was a wrong number: 9, 9, 9, 9, 9, 50, 95 adds up
    too, with the break read as a border)."""
    how = Distortions(
        label_fragments=1.0,
        vertical_headings=True,
        glued_digits=1.0,
        broken_numbers=0.2,
        collapsed_runs=0.5,
        seed=8313163,
    )
    assert not wrong_numbers(EXPECTED["hongze-qu-renmin-zhengfu-2024"], how)


def test_a_flattened_row_with_units_in_its_cells_reads_on_past_a_unit() -> None:
    """Flattened text, ``8010000件81`` for 80, 1, 0, 0, 0, 0, 81 and 四 as ``11`` / ``00件24001510件102``: a
    count's unit ends its cell, not the row (was a wrong number: the row read as ``8010000``, cut into
    seven digits; 四 null)."""
    how = Distortions(
        space_aligned=True,
        crlf=True,
        label_fragments=0.2,
        vertical_headings=True,
        glued_digits=1.0,
        broken_numbers=0.2,
        units_in_cells=0.2,
        page_furniture=0.2,
        seed=100582171,
    )
    wrong = misreadings(EXPECTED["pingtan-zonghe-shiyanqu-2023"], how)
    assert not wrong, "; ".join(wrong)


def test_a_word_of_the_column_header_printed_again_is_no_row_of_a_flattened_table() -> None:
    """Flattened text, the header printed again after a page break before ``3.`` / ``其`` / ``他 1 0 1``: the
    header's ``其他`` was taken for the row 3.其他, its digits the row's own number ``3`` (a row of nulls)."""
    how = Distortions(
        space_aligned=True,
        label_fragments=0.2,
        glued_digits=0.5,
        broken_numbers=0.5,
        collapsed_runs=1.0,
        page_furniture=1.0,
        seed=74094,
    )
    wrong = misreadings(EXPECTED["pingtan-zonghe-shiyanqu-2021"], how)
    assert not [line for line in wrong[:-1] if line.startswith("applications.")], "; ".join(wrong)


@pytest.mark.parametrize(
    "how",
    [
        Distortions(
            space_aligned=True,
            label_fragments=0.2,
            glued_digits=0.5,
            broken_numbers=0.5,
            collapsed_runs=1.0,
            page_furniture=1.0,
            seed=74094,
        ),
        Distortions(
            space_aligned=True,
            crlf=True,
            label_fragments=0.5,
            glued_digits=1.0,
            broken_numbers=0.5,
            collapsed_runs=0.5,
            page_furniture=0.2,
            seed=10481,
        ),
    ],
)
def test_the_row_of_four_of_a_flattened_table_is_read_with_its_merged_runs(how: Distortions) -> None:
    """Flattened text, 四 printed ``1 0 2 0 3 1`` / ``2 0 12 0`` (1,0,2,0,3 12,0,0,0,12 0,0,0,0,0: runs printed
    once, a number broken over the line), its header printed again after it on the next page: the numbers
    were looked for after that header's 总计 only, and merged runs not read at all (rows of nulls)."""
    wrong = misreadings(EXPECTED["pingtan-zonghe-shiyanqu-2021"], how)
    assert not wrong, "; ".join(wrong)


def test_the_row_of_four_of_a_flattened_table_is_decided_by_all_its_cuts() -> None:
    """Flattened text, 四 glued as ``1110122411002110410101111123``: twelve cuts add up (R4); the first eight
    listed all had 12 for 复议's 尚未审结, which was read as sure — for a report whose row is 11, 10, 1, 2, 24
    (a wrong number). The cells are decided by every cut, or by every value a cell takes when the cuts are
    too many to list."""
    expected = copy.deepcopy(EXPECTED["pingtan-zonghe-shiyanqu-2021"])
    cells = [11, 10, 1, 2, 24, 1, 100, 2, 1, 104, 101, 0, 11, 11, 123]
    for number, group in enumerate(expected.reviews):
        expected.reviews[group] = dict(
            zip(expected.reviews[group], cells[number * 5 : number * 5 + 5], strict=True)
        )
    how = Distortions(glued_digits=1.0, seed=0)
    wrong = misreadings(expected, how)
    assert not wrong, "; ".join(wrong)


def test_a_flattened_row_broken_over_lines_is_read_with_the_break_inside_a_number_too() -> None:
    """Flattened text, ``2`` / ``70020130`` for 27, 0, 0, 2, 0, 1, 30: the line break may be inside a number,
    so 27 is a reading as well as 2 and the columns decide (was a wrong number: 2, 7, 0, 0, 20, 1, 30 adds
    up too, with the break read as a border); ``规章 0``, the merged runs of 0, 0, 0, reads as them (was
    a row of nulls)."""
    how = Distortions(
        halfwidth_brackets=True, glued_digits=0.5, broken_numbers=0.2, collapsed_runs=0.2, seed=1386579
    )
    wrong = misreadings(EXPECTED["pingtan-zonghe-shiyanqu-2021"], how)
    assert not wrong, "; ".join(wrong)


def test_a_flattened_table_keeps_its_rows_after_a_vertical_headings_leftover_characters() -> None:
    """Flattened text whose vertical headings left their characters one a line after the last row: they
    spell ``（六）其他处理``, a row of an older layout, but no number follows them, so the rows after
    ``（五）`` are still found (were nulls nobody explained; ``201 5 0 206``, merged runs, was a wrong
    number)."""
    how = Distortions(
        crlf=True,
        vertical_headings=True,
        glued_digits=0.5,
        collapsed_runs=0.5,
        page_furniture=0.2,
        seed=76412,
    )
    wrong = misreadings(EXPECTED["shanghai-shizhengfu-bangongting-2025"], how)
    assert not wrong, "; ".join(wrong)


def test_a_rowspan_crossing_from_a_table_into_the_next_sections_heading_reads_back() -> None:
    """One HTML table holding 三 and 四 with the heading of 四 as a row, the last number of 三 merged down
    into that heading row: spans are placed over the whole table before it is cut into sections, so the
    heading stays a heading and every number its own (issue 15: a rowspan crossing the cut)."""
    expected = EXPECTED["putian-wenhualvyouju-2021"]
    page = printing(expected, Distortions(html=True))
    heading = page.index("<p>四、")
    end_of_three = page.rindex("</table>", 0, heading)
    start_of_four = page.index("<table border='1'>", heading) + len("<table border='1'>")
    before, last_row = page[:end_of_three].rsplit("<tr>", 1)
    last_row = last_row[::-1].replace("<td"[::-1], "<td rowspan='2'"[::-1], 1)[::-1]  # its last cell
    merged = (
        f"{before}<tr>{last_row}<tr><td colspan='9'>四、政府信息公开行政复议、行政诉讼情况</td></tr>"
        + page[start_of_four:]
    )
    assert "rowspan='2'" in merged
    got = parse(merged.encode("utf-8"), "report.html")
    for table in TABLES:
        for row, columns in getattr(expected, table).items():
            for column, value in columns.items():
                read = getattr(got, table).get(row, {}).get(column)
                assert read == value or same_amount(read, value), f"{table}.{row}.{column}: {read!r}"


def test_an_undistorted_printing_reads_back() -> None:
    for fixture, expected in EXPECTED.items():
        for how in (Distortions(), Distortions(html=True)):
            wrong = misreadings(expected, how)
            assert not wrong, f"{fixture} as {'HTML' if how.html else 'text'}: " + "; ".join(wrong)


def test_a_number_broken_after_a_detached_row_of_three_takes_no_rows_place() -> None:
    """Space-aligned 三 whose label column was printed first: ``15 0 0 0 0件 0件 1`` / ``5件`` (total 15 broken
    over the line). ``5件`` alone is no row of 三 (seven cells of 5 break R2), so the number lines are not
    paired with the labels one by one — which gave it to 二、上年结转 and read 1 for the total of 15."""
    how = Distortions(
        space_aligned=True,
        label_fragments=0.5,
        broken_numbers=0.2,
        units_in_cells=0.5,
        detached_labels=True,
        seed=280,
    )
    wrong = misreadings(EXPECTED["putian-tongjiju-2022"], how)
    assert not wrong, "; ".join(wrong)


def test_a_number_spanning_down_in_a_table_continued_after_a_page_break_keeps_its_column() -> None:
    """HTML whose table of 三 goes on after a page break without its group label ``（四）无法提供`` (spanning
    down, printed before the break), a ``0`` spanning down ten rows from it: placed from the left, the row
    ``（五）不予处理 1.信访…`` had the ``0`` in its first column and its own numbers one column on (wrong
    numbers: 0 and 2 for 2 and 0)."""
    how = Distortions(html=True, page_furniture=0.5, html_spans=0.5, seed=2805656)
    wrong = misreadings(EXPECTED["pingtan-zonghe-shiyanqu-2025"], how)
    assert not wrong, "; ".join(wrong)


def test_a_spanned_row_with_values_dropped_does_not_crash() -> None:
    """HTML with random spans, page furniture and units inside cells: a row of 三 whose surplus values were
    dropped kept the spans of all of them, and spreading values over spans of another length raised
    ``ValueError`` (a crash, found by a run of 2,000 printings)."""
    how = Distortions(
        html=True,
        halfwidth_brackets=True,
        collapsed_runs=0.5,
        units_in_cells=0.5,
        page_furniture=0.5,
        html_spans=0.5,
        seed=600,
    )
    assert not wrong_numbers(EXPECTED["hongze-qu-renmin-zhengfu-2023"], how)


def test_a_row_number_split_from_its_label_after_its_groups_label_is_the_labels() -> None:
    """A detached label column whose first row of a group printed the group's label before its own, the
    row's number split off: ``（三）不予公开    1`` / ``.属于国家秘`` / ``密``. The 1 is the label's number,
    not a row of one value after a label (which broke the label column: every row of 三 null)."""
    how = Distortions(crlf=True, label_fragments=0.2, units_in_cells=0.2, detached_labels=True, seed=100)
    wrong = misreadings(EXPECTED["hongze-qu-renmin-zhengfu-2024"], how)
    assert not wrong, "; ".join(wrong)


@pytest.mark.parametrize(
    ("fixture", "how"),
    [
        (
            "putian-tongjiju-2022",
            Distortions(
                glued_digits=1.0, broken_numbers=1.0, collapsed_runs=1.0, detached_labels=True, seed=1864
            ),
        ),
        (
            "pingtan-zonghe-shiyanqu-2025",
            Distortions(
                space_aligned=True, label_fragments=1.0, glued_digits=1.0, detached_labels=True, seed=470
            ),
        ),
        (
            "putian-wenhualvyouju-2021",
            Distortions(
                crlf=True,
                label_fragments=1.0,
                glued_digits=0.5,
                collapsed_runs=1.0,
                detached_labels=True,
                seed=36242,
            ),
        ),
    ],
)
def test_glued_rows_after_a_detached_label_column_are_no_cells_one_a_line(
    fixture: str, how: Distortions
) -> None:
    """Text whose label column was printed first and whose rows' digits were glued: every number line is one
    token (``150000`` / ``015``, ``0000000``; merged runs too: ``404``, ``0``), as in crawled text one cell a
    line — but no cell has a leading zero, and text cells stand side by side, a tab or spaces apart
    (``自然人    法人或其他组织    总计``, a label column's ``（三）不予公开`` and ``1.属于国家秘密``, fragments of
    a header: ``企业    科研``). Read one cell a line, the glued runs were merged runs of cells and no row of 三 was found (was "cannot read"); 三 and 四 are read, or declared ambiguous."""
    wrong = misreadings(EXPECTED[fixture], how, tables=("applications", "reviews"))
    assert not wrong, "; ".join(wrong)


@pytest.mark.parametrize(
    ("fixture", "how"),
    [
        (
            "hongze-qu-renmin-zhengfu-2023",
            Distortions(
                space_aligned=True,
                crlf=True,
                vertical_headings=True,
                broken_numbers=1.0,
                detached_labels=True,
                seed=658146,
            ),
        ),
        (
            "shanghai-shizhengfu-bangongting-2025",
            Distortions(
                space_aligned=True,
                label_fragments=0.2,
                vertical_headings=True,
                broken_numbers=0.5,
                detached_labels=True,
                seed=9901,
            ),
        ),
        (
            "xiuzhou-jingxinshangwuju-2019",
            Distortions(
                crlf=True,
                glued_digits=0.2,
                broken_numbers=1.0,
                collapsed_runs=0.2,
                units_in_cells=0.2,
                page_furniture=1.0,
                detached_labels=True,
                seed=8492,
            ),
        ),
    ],
)
def test_a_detached_label_column_of_three_takes_its_rows_broken_over_lines(
    fixture: str, how: Distortions
) -> None:
    """A label column of 三 printed first, then more number lines than rows: ``21 0 0 0 0 0 2`` / ``1``, a
    glued row ``0件00件0`` / ``000``, the column header printed again between pages. Each row takes one line
    or two that add up (were all left detached: every row placed by position alone, the older layout's
    （六）其他处理 not seen, its row null and undeclared)."""
    wrong = misreadings(EXPECTED[fixture], how)
    assert not wrong, "; ".join(wrong)


def test_a_detached_label_column_of_three_in_fragments_takes_its_merged_rows_across_headers() -> None:
    """A label column of 三 in fragments (``其他情`` of ``…不计其他情形）``) printed first, then as many number
    lines as rows, merged runs among them (``95 0件 95``) and the column header printed again between pages:
    ``其他情`` holds 其他, a row of the newer layout, but names it no more than ``计其他情形`` does, so the
    labels are still the older layout's rows in order, and each row takes its line where it adds up (were all
    left detached: （六）其他处理 null and undeclared)."""
    how = Distortions(
        space_aligned=True,
        label_fragments=0.5,
        vertical_headings=True,
        collapsed_runs=0.5,
        units_in_cells=0.2,
        page_furniture=0.5,
        detached_labels=True,
        seed=1,
    )
    wrong = misreadings(EXPECTED["hongze-qu-renmin-zhengfu-2024"], how)
    assert not wrong, "; ".join(wrong)


def test_a_word_of_the_column_header_among_detached_number_lines_is_no_row_label() -> None:
    """The column header of 三 printed again on each page, in fragments, among the number lines after a
    detached label column (``自然人 法人或`` / ``其他`` / ``组织 总计``): ``其他`` alone is a word of the
    header there, not the label of the row 其他 — the number lines are still one block, cut into the rows
    (was: left detached, （六）其他处理 null and undeclared)."""
    how = Distortions(
        space_aligned=True,
        label_fragments=1.0,
        vertical_headings=True,
        halfwidth_brackets=True,
        broken_numbers=1.0,
        units_in_cells=1.0,
        page_furniture=1.0,
        detached_labels=True,
        seed=1,
    )
    wrong = misreadings(EXPECTED["hongze-qu-renmin-zhengfu-2023"], how)
    assert not wrong, "; ".join(wrong)


@pytest.mark.parametrize(
    ("fixture", "how"),
    [
        (
            "hongze-qu-renmin-zhengfu-2024",
            Distortions(
                label_fragments=0.5,
                vertical_headings=True,
                halfwidth_brackets=True,
                broken_numbers=1.0,
                collapsed_runs=0.5,
                page_furniture=0.2,
                detached_labels=True,
                seed=160,
            ),
        ),
        (
            "xiuzhou-jingxinshangwuju-2019",
            Distortions(
                crlf=True,
                label_fragments=1.0,
                halfwidth_brackets=True,
                glued_digits=0.5,
                broken_numbers=0.2,
                collapsed_runs=0.2,
                page_furniture=0.2,
                detached_labels=True,
                seed=7883,
            ),
        ),
    ],
)
def test_a_detached_label_in_fragments_is_joined_back_when_its_start_is_a_short_row(
    fixture: str, how: Distortions
) -> None:
    """A label column of 三 in fragments whose first fragment is a label too: ``（六）其他`` / ``处理`` (其他 is
    a row of the newer layout), ``年 2.其他`` / ``法`` / ``律行`` / ``政法规禁止公开``, ``) (六`` / ``)`` / ``其他``
    / ``处理``. The fragments were joined forward into the next row's label (``处理（七）总计``) or left
    alone, and the labels were no layout's rows (（六）其他处理 null and undeclared); they are joined back to
    the label they end."""
    wrong = misreadings(EXPECTED[fixture], how)
    assert not wrong, "; ".join(wrong)


def test_a_label_cut_at_the_word_wu_in_a_stream_keeps_its_start() -> None:
    """Crawled text, one cell a line, its label column first: ``（`` ``4.`` / ``无`` / ``正当理`` … — 无 is a
    blank mark too, so the line of labels was cut after it, and ``（4.无`` was lost: the next label read
    ``正当理由大量反复申请四 5.要求…`` and no cut of the stream was tried (every row of 三 null, in a printing
    that lost nothing). The fragments after a line's last label begin the next line's."""
    how = Distortions(
        one_cell_per_line=True,
        crlf=True,
        label_fragments=0.5,
        vertical_headings=True,
        halfwidth_brackets=True,
        units_in_cells=0.2,
        detached_labels=True,
        seed=12238,
    )
    wrong = misreadings(EXPECTED["putian-chengshiguanliju-2020"], how)
    assert not wrong, "; ".join(wrong)


def test_a_lone_wu_in_a_label_column_is_a_fragment_of_a_label() -> None:
    """Space-aligned text, its label column first and in fragments: ``(`` / ``四)`` / ``无`` / ``法提供 1.本机关…``.
    无 is a blank mark too, and as a row of blanks it ended the label column there — the rows after it were
    no rows, and every row of 三 was null in a printing that lost nothing."""
    how = Distortions(
        space_aligned=True,
        crlf=True,
        label_fragments=1.0,
        halfwidth_brackets=True,
        units_in_cells=0.5,
        detached_labels=True,
        seed=25319,
    )
    wrong = misreadings(EXPECTED["putian-tongjiju-2022"], how)
    assert not wrong, "; ".join(wrong)


def test_a_label_column_with_glued_rows_under_headers_printed_side_by_side_is_read_by_rows() -> None:
    """Space-aligned text whose label columns came first and whose rows were glued (``00件0件``): nearly
    every number stands alone on its line, as in crawled text one cell a line, but the tables' headers
    print their cells side by side (``信息内容    本年制发件数 …``), so a line is a row. Each item's
    lines go to its rows; 行政规范性文件 printed nothing (its blanks glued into nothing), so the one line of
    第二十条第（一）项 is ambiguous between its two rows (was: all of 二 null, undeclared)."""
    how = Distortions(
        space_aligned=True, glued_digits=1.0, units_in_cells=0.2, detached_labels=True, seed=470
    )
    wrong = misreadings(EXPECTED["pingtan-zonghe-shiyanqu-2025"], how)
    assert not wrong, "; ".join(wrong)


@pytest.mark.parametrize(
    ("fixture", "how"),
    [
        # ``0`` / ``3件0`` / ``8``: 0, 0, 0 merged into 0, then 3, 0, 8 glued with a unit and broken (unless
        # joined, the one grouping is 0 / 3件0 for 规章 and 8 as 8, 8, 8 for 规范性文件).
        (
            "hongze-qu-renmin-zhengfu-2024",
            Distortions(
                label_fragments=1.0,
                halfwidth_brackets=True,
                glued_digits=1.0,
                broken_numbers=1.0,
                collapsed_runs=1.0,
                units_in_cells=0.2,
                page_furniture=0.2,
                detached_labels=True,
                seed=2585,
            ),
        ),
        # ``6-1`` / ``0``: 6, -1, 0 glued with its sign and broken; the first line reads as text (unless read
        # as numbers, the row takes the next line alone, as 0, 0, 0).
        (
            "putian-chengshiguanliju-2020",
            Distortions(glued_digits=1.0, broken_numbers=0.5, detached_labels=True),
        ),
    ],
)
def test_a_glued_row_of_two_broken_after_a_unit_or_a_sign_is_joined_again(
    fixture: str, how: Distortions
) -> None:
    wrong = misreadings(EXPECTED[fixture], how)
    assert not wrong, "; ".join(wrong)


@pytest.mark.parametrize(
    ("fixture", "how"),
    [
        # ``0件`` / ``0件5``: 0, 0, 0 and 0, 5, 5 with their runs merged, then glued: each line is a row whose
        # merged runs were glued (was: no grouping, 二 null, undeclared).
        (
            "hongze-qu-renmin-zhengfu-2023",
            Distortions(
                crlf=True,
                glued_digits=0.5,
                broken_numbers=0.5,
                collapsed_runs=1.0,
                units_in_cells=0.5,
                detached_labels=True,
                seed=78555999,
            ),
        ),
        # ``本年增`` / ``/`` / ``减`` among the lines of 第二十条第（六）项: the column label's slash, no row of
        # blanks (was: four lines for two rows, no grouping).
        (
            "putian-chengshiguanliju-2020",
            Distortions(
                space_aligned=True,
                label_fragments=0.5,
                vertical_headings=True,
                glued_digits=0.2,
                broken_numbers=0.2,
                detached_labels=True,
                seed=4496,
            ),
        ),
        # ``6-1件0``: 6, -1, 0 glued with a sign and a unit, read as text (was: the row's numbers not found).
        (
            "putian-chengshiguanliju-2020",
            Distortions(
                label_fragments=0.2,
                glued_digits=0.5,
                broken_numbers=1.0,
                collapsed_runs=0.2,
                units_in_cells=0.2,
                page_furniture=0.2,
                detached_labels=True,
                seed=42167,
            ),
        ),
    ],
)
def test_each_items_number_lines_of_two_are_its_rows_as_printed(fixture: str, how: Distortions) -> None:
    """Number lines under the items' headers of a detached 二, printed as websites glue and break them:
    each is grouped among its item's rows, or the rows the groupings disagree on are declared ambiguous."""
    wrong = misreadings(EXPECTED[fixture], how)
    assert not wrong, "; ".join(wrong)


def test_an_items_header_printed_in_fragments_still_heads_its_number_lines() -> None:
    """``第二十条第`` / ``（八）`` / ``项`` before 72.22: the header of 第二十条第（八）项 in fragments. The text since
    the last number line is read as one, so 72.22 is the fees' line — not a third line of （六）, where 9 / 0
    became 90 for 行政处罚 (a wrong number) and 72.22 行政强制's."""
    how = Distortions(
        label_fragments=0.5,
        glued_digits=0.5,
        collapsed_runs=0.2,
        units_in_cells=0.2,
        detached_labels=True,
        seed=12868,
    )
    wrong = misreadings(EXPECTED["putian-chengshiguanliju-2022"], how)
    assert not wrong, "; ".join(wrong)


def test_a_row_of_two_broken_over_two_lines_may_be_its_merged_runs_joined() -> None:
    """``4	1`` / ``6`` under 第二十条第（一）项: 4, 4, 16 with its runs merged into ``4 16``, then broken in 16. The
    two lines as printed fill the row (4, 1, 6), and joined they are its merged runs (4, 16): both are
    readings (was: only the first, and 6 read for 现行有效件数 of 16)."""
    how = Distortions(
        crlf=True,
        vertical_headings=True,
        halfwidth_brackets=True,
        glued_digits=0.2,
        broken_numbers=1.0,
        collapsed_runs=1.0,
        units_in_cells=0.2,
        detached_labels=True,
        seed=385653315,
    )
    wrong = misreadings(EXPECTED["putian-chengshiguanliju-2024"], how)
    assert not wrong, "; ".join(wrong)
