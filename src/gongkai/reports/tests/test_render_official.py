"""The official renderers: each fixture's numbers rendered as DOCX, PDF, HTML and XLSX read back the same
(DOCX, PDF and HTML through ``audit``, XLSX through openpyxl), and the files have the official layout:
merged header cells, A4, embedded CJK fonts, accessible table markup."""

from __future__ import annotations

import io
import zipfile
from collections.abc import Callable
from functools import cache
from pathlib import Path
from typing import Any

import pytest
from lxml import etree, html

from gongkai.annual_report.model import AnnualReport
from gongkai.reports.auditing import audit
from gongkai.reports.render import (
    render_docx,
    render_html,
    render_html_fragment,
    render_pdf,
    render_text,
    render_xlsx,
)
from gongkai.reports.render.layout import official_title
from gongkai.sample_reports import sample

from .conftest import fixture_ids, load_expected

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
TABLES = ("proactive", "applications", "reviews")

WRITERS: dict[str, tuple[Callable[[AnnualReport], bytes], str, str]] = {
    "docx": (render_docx, "report.docx", "docx"),
    "pdf": (render_pdf, "report.pdf", "pdf"),
    "html": (lambda report: render_html(report).encode("utf-8"), "report.html", "html"),
}


def expected_report(expected_path: Path) -> AnnualReport:
    return AnnualReport.from_json(load_expected(expected_path))


@cache
def rendered(expected_path: Path, writer: str) -> bytes:
    """Each fixture is rendered once per format for the whole module (a PDF takes about a second)."""
    return WRITERS[writer][0](expected_report(expected_path))


@cache
def xiuzhou_2019() -> AnnualReport:
    return AnnualReport.from_json(load_expected(sample("xiuzhou-jingxinshangwuju-2019.expected.json")))


@pytest.mark.parametrize("writer", sorted(WRITERS))
@pytest.mark.parametrize("expected_path", fixture_ids())
def test_rendered_report_audits_to_the_fixture_numbers(expected_path: Path, writer: str) -> None:
    expected = load_expected(expected_path)
    _, name, layout = WRITERS[writer]
    result = audit(rendered(expected_path, writer), name=name)
    assert result.report is not None, result.error
    again = result.report
    assert again.layout == layout
    assert (again.agency, again.year, again.format) == (
        expected["agency"],
        expected["year"],
        expected["format"],
    )
    for table in TABLES:
        for row, cells in expected[table].items():
            assert getattr(again, table).get(row) == cells, f"{table}.{row}"
    assert again.absent_rows == expected_report(expected_path).absent_rows


@pytest.mark.parametrize("expected_path", fixture_ids())
def test_xlsx_sheets_hold_the_fixture_numbers_in_the_official_grid_and_flat(expected_path: Path) -> None:
    from openpyxl import load_workbook

    expected = load_expected(expected_path)
    report = expected_report(expected_path)
    book = load_workbook(io.BytesIO(render_xlsx(report)))
    assert book.sheetnames == ["二、主动公开", "三、申请办理", "四、复议诉讼", "全部数据"]
    flat = list(book["全部数据"].iter_rows(min_row=2, values_only=True))
    read: dict[str, dict[str, dict[str, Any]]] = {"proactive": {}, "applications": {}, "reviews": {}}
    sections = {"二": "proactive", "三": "applications", "四": "reviews"}
    for section, row, _label, column, _column_label, value in flat:
        read[sections[str(section)]].setdefault(str(row), {})[str(column)] = value
    for table in TABLES:
        for row, cells in expected[table].items():
            if row in report.absent_rows:
                assert row not in read[table]
                continue
            assert read[table][row] == cells, f"{table}.{row}"
    # The 三 sheet: header block merged as the form (3 rows × 3 columns, 申请人情况 over 7 columns) and
    # the (七)总计 row's numbers in its cells.
    sheet = book["三、申请办理"]
    merged = {str(cell_range) for cell_range in sheet.merged_cells.ranges}
    assert {"A3:C5", "D3:J3", "D4:D5", "E4:I4", "J4:J5"} <= merged
    total_row = next(r for r in range(6, sheet.max_row + 1) if sheet.cell(r, 2).value == "（七）总计")
    numbers = [sheet.cell(total_row, column).value for column in range(4, 11)]
    assert numbers == list(expected["applications"]["total_processed"].values())
    assert {"A3:E3", "F3:O3"} <= {str(r) for r in book["四、复议诉讼"].merged_cells.ranges}


def _docx_tables(data: bytes) -> list[etree._Element]:
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        root = etree.fromstring(archive.read("word/document.xml"))
    return root.findall(f".//{W}tbl")


def _tc(tc: etree._Element) -> tuple[str, int, str | None]:
    span = tc.find(f"{W}tcPr/{W}gridSpan")
    merge = tc.find(f"{W}tcPr/{W}vMerge")
    text = "".join(t.text or "" for t in tc.iter(f"{W}t"))
    merge_value = None if merge is None else merge.get(f"{W}val", "continue")
    return text, int(span.get(f"{W}val")) if span is not None else 1, merge_value


def test_docx_merges_the_header_cells_exactly_as_the_form() -> None:
    proactive, applications, reviews = _docx_tables(render_docx(xiuzhou_2019()))
    rows = [[_tc(tc) for tc in tr.findall(f"{W}tc")] for tr in applications.findall(f"{W}tr")]
    header = "（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）"
    assert rows[0] == [(header, 3, "restart"), ("申请人情况", 7, None)]
    assert rows[1] == [
        ("", 3, "continue"),
        ("自然人", 1, "restart"),
        ("法人或其他组织", 5, None),
        ("总计", 1, "restart"),
    ]
    assert rows[2][0] == ("", 3, "continue") and rows[2][1] == ("", 1, "continue")
    assert [cell[0] for cell in rows[2][2:7]] == [
        "商业企业",
        "科研机构",
        "社会公益组织",
        "法律服务机构",
        "其他",
    ]
    assert rows[3][0] == ("一、本年新收政府信息公开申请数量", 3, None)
    # 三、本年度办理结果 spans every result row, printed top to bottom; (三)不予公开 spans its eight rows.
    part = applications.findall(f"{W}tr")[5].findall(f"{W}tc")[0]
    assert _tc(part) == ("三、本年度办理结果", 1, "restart")
    assert part.find(f"{W}tcPr/{W}textDirection").get(f"{W}val") == "tbRlV"
    continued = [_tc(tr.findall(f"{W}tc")[0]) for tr in applications.findall(f"{W}tr")[6:-2]]
    assert all(cell == ("", 1, "continue") for cell in continued)
    groups = [_tc(tc) for tr in applications.findall(f"{W}tr") for tc in tr.findall(f"{W}tc")]
    assert ("（三）不予公开", 1, "restart") in groups
    review_rows = [[_tc(tc) for tc in tr.findall(f"{W}tc")] for tr in reviews.findall(f"{W}tr")]
    assert review_rows[0] == [("行政复议", 5, None), ("行政诉讼", 10, None)]
    assert review_rows[1][5:] == [("未经复议直接起诉", 5, None), ("复议后起诉", 5, None)]
    proactive_rows = [[_tc(tc) for tc in tr.findall(f"{W}tc")] for tr in proactive.findall(f"{W}tr")]
    assert proactive_rows[0] == [("第二十条第（一）项", 4, None)]
    # 第（八）项 has two columns in the 2019 format: 本年增/减 spans the rest of the row.
    fees = proactive_rows.index([("第二十条第（八）项", 4, None)])
    assert proactive_rows[fees + 1] == [
        ("信息内容", 1, None),
        ("上一年项目数量", 1, None),
        ("本年增/减", 2, None),
    ]


def test_docx_is_a4_with_fangsong_body_heiti_headings_and_a_xiaobiaosong_title() -> None:
    import docx

    document = docx.Document(io.BytesIO(render_docx(xiuzhou_2019())))
    section = document.sections[0]
    assert section.page_width is not None and section.page_height is not None
    assert (round(section.page_width.cm, 1), round(section.page_height.cm, 1)) == (21.0, 29.7)

    def east_asia(style: str) -> str:
        return document.styles[style].element.rPr.rFonts.get(f"{W}eastAsia")

    assert (east_asia("Normal"), east_asia("Heading 1"), east_asia("Heading 2")) == (
        "仿宋_GB2312",
        "方正小标宋简体",
        "黑体",
    )
    title = document.paragraphs[0]
    assert title.style is not None and title.style.name == "Heading 1"
    # The agency on the first line, the year and the report on the second.
    assert title.text.split("\n") == ["秀洲区经济信息商务局", "2019年度政府信息公开工作年度报告"]
    tables = document.tables
    assert all(t._tbl.tblPr.find(f"{W}tblBorders") is not None for t in tables)
    # The header rows of 三 and 四 repeat on each page.
    assert all(tr.find(f"{W}trPr/{W}tblHeader") is not None for tr in tables[1]._tbl.tr_lst[:3])


def test_pdf_is_a4_and_embeds_every_font_it_uses() -> None:
    import pdfplumber
    from pdfminer.pdftypes import resolve1

    data = rendered(sample("xiuzhou-jingxinshangwuju-2019.expected.json"), "pdf")  # rendered once per module
    with pdfplumber.open(io.BytesIO(data)) as pdf:
        assert all((round(p.width), round(p.height)) == (595, 842) for p in pdf.pages)
        fonts: dict[str, bool] = {}
        for page in pdf.pages:
            resources = resolve1(page.page_obj.attrs["Resources"])
            for font in resolve1(resources.get("Font", {})).values():
                font = resolve1(font)
                descendants = resolve1(font.get("DescendantFonts", [font]))
                descriptor = resolve1(resolve1(descendants[0]).get("FontDescriptor", {}))
                name = str(font.get("BaseFont"))
                fonts[name] = any(key in descriptor for key in ("FontFile", "FontFile2", "FontFile3"))
        text = "".join(page.extract_text() or "" for page in pdf.pages)
    assert fonts and all(fonts.values()), fonts
    assert any("CJK" in name for name in fonts)
    # No glyph fell back to a replacement: the CJK text reads back as written.
    assert "三、收到和处理政府信息公开申请情况" in text
    assert "\ufffd" not in text


def test_html_tables_have_captions_scoped_headers_and_headers_on_every_value() -> None:
    document = html.document_fromstring(render_html(xiuzhou_2019()))
    tables = document.findall(".//table")
    assert len(tables) == 3
    ids = {element.get("id") for element in document.iter() if element.get("id")}
    for table in tables:
        assert table.find("caption") is not None and table.find("caption").text_content().strip()
        assert all(th.get("scope") in {"col", "colgroup", "row", "rowgroup"} for th in table.iter("th"))
        for td in table.iter("td"):
            headers = (td.get("headers") or "").split()
            assert headers and set(headers) <= ids
    applications = tables[1]
    first = applications.find(".//thead/tr/th")
    assert (first.get("rowspan"), first.get("colspan")) == ("3", "3")
    # (七)总计's natural-person cell is described by its row and the 自然人 column.
    total_row = next(tr for tr in applications.iter("tr") if tr.findtext("th") == "（七）总计")
    described = {
        document.get_element_by_id(i).text_content() for i in total_row.find("td").get("headers").split()
    }
    assert described == {"申请人情况", "自然人", "（七）总计", "三、本年度办理结果"}
    litigation = [th for th in tables[2].iter("th") if th.text_content() == "行政诉讼"]
    assert litigation[0].get("colspan") == "10" and litigation[0].get("scope") == "colgroup"


def test_html_fragment_embeds_with_the_portal_heading_level_and_no_document_wrapper() -> None:
    fragment = render_html_fragment(xiuzhou_2019(), heading_level=2, id_prefix="r-2019")
    assert fragment.startswith("<article") and "<html" not in fragment and "<style" not in fragment
    element = html.fragment_fromstring(fragment)
    assert element.find("h2").text_content() == official_title("秀洲区经济信息商务局", 2019)
    assert [h.text_content() for h in element.findall(".//h3")][:2] == [
        "一、总体情况",
        "二、主动公开政府信息情况",
    ]
    assert all(e.get("id").startswith("r-2019") for e in element.iter() if e.get("id"))


def test_text_in_the_cells_is_escaped_in_html() -> None:
    report = xiuzhou_2019()
    hostile = AnnualReport.from_json(report.to_json() | {"agency": "<script>alert(1)</script>局"})
    page = render_html(hostile)
    assert "<script>" not in page and "&lt;script&gt;" in page


def test_text_writer_keeps_the_format_title() -> None:
    assert render_text(xiuzhou_2019()).splitlines()[0] == "秀洲区经济信息商务局2019年政府信息公开工作年度报告"
