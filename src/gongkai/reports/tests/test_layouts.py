"""Each layout reader on small documents made for the purpose (HTML spans, DOCX merges, encodings,
legacy .doc, damaged PDFs) and the ambiguities the flattened-text reader reports."""

from __future__ import annotations

from pathlib import Path

import pytest

from gongkai.lib.encoding import decode_text
from gongkai.lib.grid import Cell, expand
from gongkai.reports import audit
from gongkai.reports.parse import CannotRead, parse
from gongkai.reports.parse.docx import SOFFICE_MISSING
from gongkai.reports.render import render_html, render_text

from .test_rules import consistent


def test_grid_expansion_marks_covered_positions() -> None:
    grid = expand([[Cell("a", rowspan=2), Cell("b", colspan=2)], [Cell("c"), Cell("d")]])
    assert grid == [["a", "b", None], [None, "c", "d"]]


def test_grid_expansion_clamps_absurd_spans() -> None:
    grid = expand([[Cell("a", rowspan=10**9, colspan=10**9)]], max_span=5)
    assert len(grid) == 1 and len(grid[0]) == 5


def test_html_table_with_spans_is_read_by_its_cells() -> None:
    report = consistent()
    report.applications["denied_process_info"]["other_org"] = None
    page = render_html(report)
    assert 'rowspan="8"' in page and 'colspan="3"' in page
    again = parse(page.encode(), "r.html")
    assert again.applications == report.applications
    assert again.raw["applications.denied_process_info.other_org"] == ""


def test_blank_cells_stay_null_not_zero() -> None:
    report = consistent()
    report.reviews["litigation_direct"]["pending"] = None
    again = parse(render_text(report).encode(), "r.txt")
    assert again.reviews["litigation_direct"]["pending"] is None
    assert any(f.rule == "R5" for f in audit(render_text(report).encode()).findings)


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "gb18030", "gbk", "utf-16", "utf-16-le"])
def test_text_in_any_usual_encoding_is_decoded(encoding: str) -> None:
    text = render_text(consistent())
    decoded, _ = decode_text(text.encode(encoding))
    assert decoded.lstrip("\ufeff") == text


def test_legacy_doc_without_libreoffice_says_so_in_chinese_and_english(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr("shutil.which", lambda name: None)
    result = audit(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 600, name="report.doc")
    assert result.error == SOFFICE_MISSING
    assert "LibreOffice" in result.error and "无法读取 .doc 文件" in result.error


@pytest.mark.parametrize(
    ("data", "reason"),
    [
        (b"%PDF-1.4\n%broken", "不是可读取的PDF文件"),
        (b"PK\x03\x04broken", "不是可读取的Word"),
        (b"just some words", "未找到“三、收到和处理政府信息公开申请情况”表格"),
    ],
)
def test_unreadable_input_gives_a_reason(data: bytes, reason: str) -> None:
    result = audit(data)
    assert result.report is None and result.error is not None and reason in result.error


def test_pdf_without_text_layer_names_the_pages() -> None:
    import pypdfium2  # installed with pdfplumber; makes a PDF with an empty page

    document = pypdfium2.PdfDocument.new()
    document.new_page(595, 842)
    import io

    out = io.BytesIO()
    document.save(out)
    with pytest.raises(CannotRead, match="PDF共1页，均无文字层"):
        parse(out.getvalue(), "scan.pdf")


FLAT = (
    "平潭综合实验区2021年度政府信息公开工作年度报告 二、主动公开政府信息情况"
    "三、收到和处理政府信息公开申请情况（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）"
    "一、本年新收政府信息公开申请数量{new}二、上年结转政府信息公开申请数量0000000三、本年度办理结果"
    "（一）予以公开{granted}（七）总计{total}四、结转下年度继续办理0000000"
)


def test_flattened_row_cut_is_chosen_by_the_column_sums_and_said() -> None:
    report = parse(FLAT.format(new="270020130", granted="270020130", total="270020130").encode())
    assert report.layout == "flat-text"
    # 270020130 = 2,7,0,0,20,1,30 or 27,0,0,2,0,1,30: both add up; the rows agree either way, so the
    # reader says the cut is not unique.
    assert any("拆分不唯一" in note for note in report.notes)


def test_flattened_row_with_one_consistent_cut_is_read_without_doubt() -> None:
    report = parse(FLAT.format(new="713000074", granted="713000074", total="713000074").encode())
    assert report.applications["new_received"] == {
        "natural_person": 71,
        "commercial_enterprise": 3,
        "research_institution": 0,
        "public_interest_org": 0,
        "legal_service_org": 0,
        "other_org": 0,
        "total": 74,
    }
    assert not any("新收" in note for note in report.notes)


def test_docx_reader_reads_paragraphs_and_merged_tables(tmp_path: Path) -> None:
    from gongkai.reports.render import render_docx

    report = consistent()
    again = parse(render_docx(report), "r.docx")
    assert again.layout == "docx"
    assert again.applications == report.applications
    assert (again.agency, again.year) == ("某市人民政府", 2023)


def test_procurement_item_in_a_2021_report_breaks_the_format() -> None:
    text = render_text(consistent())
    text = text.replace(
        "三、收到和处理政府信息公开申请情况",
        "\t第二十条第（九）项\n\n\t政府集中采购\n\t3\n\t100元\n\n三、收到和处理政府信息公开申请情况",
        1,
    )
    result = audit(text.encode())
    assert result.report is not None and result.report.format == "2021"
    assert [f.rule for f in result.findings if f.severity == "error"] == ["R14"]
    assert "第二十条第（九）项" in result.findings[0].message


def test_the_gongkai_console_script_runs_audit(tmp_path: Path) -> None:
    from gongkai.cli import main

    path = tmp_path / "r.txt"
    path.write_text(render_text(consistent()), encoding="utf-8")
    with pytest.raises(SystemExit) as exit_info:
        main(["gongkai", "audit", "--json", str(path)])
    assert exit_info.value.code == 0


def test_flattened_row_that_breaks_r2_is_read_digit_by_digit_and_flagged() -> None:
    result = audit(FLAT.format(new="1000002", granted="1000001", total="1000001").encode())
    assert result.report is not None
    assert result.report.applications["new_received"]["total"] == 2
    assert any(f.rule == "R2" and "applications.new_received.total" in f.cells for f in result.findings)
