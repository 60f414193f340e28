"""Reports published as spreadsheets (.xlsx, legacy .xls) read to the numbers of the sample reports: the
files are built here from the hand-checked numbers, with merged header cells, numbers stored as text and
as numbers, and zero rows left empty."""

from __future__ import annotations

import io
import json
import zipfile
from pathlib import Path
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from gongkai.annual_report.model import AnnualReport
from gongkai.lib.grid import Cell, place
from gongkai.oversight.collect import is_report_name
from gongkai.reports.auditing import audit
from gongkai.reports.fetching import audit_url
from gongkai.reports.parse import CannotRead, parse, sniff
from gongkai.reports.parse.spreadsheet import cell_text, read_xlsx
from gongkai.reports.render import render_xlsx
from gongkai.sample_reports import sample

from .conftest import fixture_ids, load_expected
from .website import Page, website

XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
# The one sample published as an HTML page: its tables, as the website's editor made them, are the sheet.
HTML_REPORT = "putian-chengshiguanliju-2024"


def assert_numbers(report: AnnualReport | None, expected: dict[str, Any]) -> None:
    assert report is not None
    assert (report.agency, report.year) == (expected["agency"], expected["year"])
    for table in ("proactive", "applications", "reviews"):
        got = getattr(report, table)
        for row, cells in expected[table].items():
            for column, value in cells.items():
                assert got[row][column] == value, f"{table}.{row}.{column}: read {got[row][column]!r}"


def sample_rows(name: str) -> list[list[Cell]]:
    """The sample page as a sheet's rows: its title and paragraphs one merged cell a row, its tables' cells
    with their spans, in page order (what a site's editor pastes into Excel)."""
    import lxml.html

    root = lxml.html.document_fromstring(sample(f"{name}.html").read_text(encoding="utf-8"))
    rows: list[list[Cell]] = []
    for element in root.iter("h1", "p", "table"):
        if element.tag == "table":
            rows += [
                [
                    Cell(text_of(td), int(td.get("rowspan") or 1), int(td.get("colspan") or 1))
                    for td in tr
                    if td.tag in ("td", "th")
                ]
                for tr in element.iter("tr")
            ]
        elif not any(parent.tag in ("td", "th") for parent in element.iterancestors()) and text_of(element):
            rows.append([Cell(text_of(element), 1, 8)])
    return rows


def text_of(element: Any) -> str:
    return " ".join("".join(element.itertext()).split())


def sheet_values(rows: list[list[Cell]], *, numbers_as: str, zeros: str) -> list[tuple[int, int, Cell, Any]]:
    """Each cell's grid position and the value stored: numbers as text or as numbers; zeros as printed or
    left empty (sites that print a row of zeros as an empty row)."""
    placed, _, _ = place(rows)
    out = []
    for r, c, cell in placed:
        value: Any = cell.text
        if cell.text.isdigit():
            if zeros == "empty" and int(cell.text) == 0:
                value = None
            elif numbers_as == "number":
                value = int(cell.text)
        out.append((r, c, cell, value))
    return out


def xlsx_from_sample(name: str, *, numbers_as: str = "number", zeros: str = "printed") -> bytes:
    from openpyxl import Workbook

    workbook = Workbook()
    sheet = workbook.active
    assert sheet is not None
    for r, c, cell, value in sheet_values(sample_rows(name), numbers_as=numbers_as, zeros=zeros):
        sheet.cell(row=r + 1, column=c + 1, value=value)
        if cell.rowspan > 1 or cell.colspan > 1:
            sheet.merge_cells(
                start_row=r + 1, start_column=c + 1, end_row=r + cell.rowspan, end_column=c + cell.colspan
            )
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def xls_from_sample(name: str, *, numbers_as: str = "number") -> bytes:
    """The same sheet as an Excel 97–2003 file (BIFF8), written by xlwt (a test-only dependency)."""
    import xlwt

    workbook = xlwt.Workbook(encoding="utf-8")
    sheet = workbook.add_sheet("年度报告")
    for r, c, cell, value in sheet_values(sample_rows(name), numbers_as=numbers_as, zeros="printed"):
        if cell.rowspan > 1 or cell.colspan > 1:
            sheet.write_merge(r, r + cell.rowspan - 1, c, c + cell.colspan - 1, value)
        else:
            sheet.write(r, c, value)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def expected_of(name: str) -> dict[str, Any]:
    return load_expected(sample(f"{name}.expected.json"))


@pytest.mark.parametrize("expected_path", fixture_ids())
def test_every_sample_exported_as_the_official_workbook_reads_to_its_numbers(expected_path: Path) -> None:
    expected = load_expected(expected_path)
    data = render_xlsx(AnnualReport.from_json(expected))

    assert sniff(data, "report.xlsx") == sniff(data) == "xlsx"
    report = parse(data, "年度报告.xlsx")
    assert_numbers(report, expected)
    assert report.ambiguous == {}


@pytest.mark.parametrize("numbers_as", ["number", "text"])
def test_a_website_table_saved_as_xlsx_reads_to_its_numbers(numbers_as: str) -> None:
    data = xlsx_from_sample(HTML_REPORT, numbers_as=numbers_as)

    assert_numbers(parse(data, "附件.xlsx"), expected_of(HTML_REPORT))


def test_rows_of_zeros_left_empty_keep_every_other_number_and_invent_none() -> None:
    expected = expected_of(HTML_REPORT)
    report = parse(xlsx_from_sample(HTML_REPORT, zeros="empty"), "附件.xlsx")

    # An empty cell is a blank (null), as in an HTML table: the numbers printed are all read, in place.
    for table in ("proactive", "applications", "reviews"):
        for row, cells in expected[table].items():
            for column, value in cells.items():
                got = getattr(report, table)[row][column]
                wanted = (0, None) if value == 0 else (value,)
                assert got in wanted, f"{table}.{row}.{column}: read {got!r}, expected {value!r}"
    assert (
        report.applications["new_received"]["total"] == expected["applications"]["new_received"]["total"] > 0
    )


@pytest.mark.parametrize("numbers_as", ["number", "text"])
def test_a_legacy_xls_workbook_reads_to_its_numbers(numbers_as: str) -> None:
    data = xls_from_sample(HTML_REPORT, numbers_as=numbers_as)

    assert sniff(data) == sniff(data, "附件.xls") == "xls"
    report = parse(data, "附件.xls")
    assert_numbers(report, expected_of(HTML_REPORT))
    assert report.ambiguous == {}


def test_an_html_table_named_xls_is_read_as_the_html_it_is() -> None:
    # What many websites' "export to Excel" gives.
    data = sample(f"{HTML_REPORT}.html").read_bytes()

    assert sniff(data, "附件.xls") == "text"
    assert_numbers(parse(data, "附件.xls"), expected_of(HTML_REPORT))


def test_a_word_file_in_the_same_ole_container_is_still_read_as_word() -> None:
    ole = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 100 + "WordDocument".encode("utf-16-le")
    assert sniff(ole, "报告.doc") == "doc"
    assert sniff(ole.replace("WordDocument".encode("utf-16-le"), "Workbook".encode("utf-16-le"))) == "xls"


@pytest.mark.parametrize(
    ("value", "printed"),
    [
        (12, "12"),
        (12.0, "12"),
        (20560.5, "20560.5"),
        (24252.311082, "24252.311082"),
        ("  8批 ", "8批"),
        ("收到申请\n数", "收到申请数"),
        (None, ""),
        (True, "是"),
    ],
)
def test_cells_print_as_the_sheet_shows_them(value: object, printed: str) -> None:
    assert cell_text(value) == printed


def test_an_xlsx_attachment_linked_from_a_report_page_is_fetched_and_audited() -> None:
    pages = {
        "/ndbg/2024.html": Page(
            "text/html; charset=utf-8",
            '<html><body><p>年度报告见附件</p><a href="/files/ndbg2024.xlsx">下载</a></body></html>'.encode(),
        ),
        "/files/ndbg2024.xlsx": Page(XLSX_TYPE, xlsx_from_sample(HTML_REPORT)),
    }
    with website(pages) as base:
        (result,) = audit_url(base + "/ndbg/2024.html")

    assert result.readable, result.error
    assert result.source == base + "/files/ndbg2024.xlsx"
    assert_numbers(result.report, expected_of(HTML_REPORT))


@pytest.mark.django_db
@pytest.mark.parametrize(("name", "build"), [("年报.xlsx", xlsx_from_sample), ("年报.xls", xls_from_sample)])
def test_an_uploaded_spreadsheet_is_audited_through_the_api(name: str, build: Any) -> None:
    # Sent without a telling name or type too: the content decides.
    for sent in (name, "upload"):
        upload = SimpleUploadedFile(sent, build(HTML_REPORT), content_type="application/octet-stream")
        response = Client().post("/api/audit", {"file": upload})

        assert response.status_code == 200, response.content
        (document,) = response.json()["reports"]
        assert_numbers(AnnualReport.from_json(document), expected_of(HTML_REPORT))


def test_the_batch_upload_takes_spreadsheets() -> None:
    assert is_report_name("报告/2024年年报.xlsx") and is_report_name("2019.XLS")


def zip_of(members: dict[str, bytes]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name, body in members.items():
            archive.writestr(name, body)
    return buffer.getvalue()


@pytest.mark.parametrize(
    "data",
    [
        b"",
        b"PK\x03\x04" + b"\x00" * 40,
        zip_of({"xl/workbook.xml": b"<not xml", "[Content_Types].xml": b"<Types/>"}),
        zip_of({"xl/workbook.xml": b"<workbook xmlns='x'/>"}),
        b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\xff" * 600,
        b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 600 + "EncryptedPackage".encode("utf-16-le"),
        json.dumps({"not": "a workbook"}).encode(),
    ],
    ids=[
        "empty",
        "zip-header-only",
        "broken-xml",
        "workbook-without-sheets",
        "broken-ole",
        "encrypted",
        "json",
    ],
)
@pytest.mark.parametrize("name", ["附件.xlsx", "附件.xls"])
def test_a_broken_spreadsheet_is_refused_with_a_reason(data: bytes, name: str) -> None:
    with pytest.raises(CannotRead) as refused:
        parse(data, name)
    assert "Excel" in refused.value.reason


WORKBOOKS = {"xlsx": xlsx_from_sample(HTML_REPORT), "xls": xls_from_sample(HTML_REPORT)}


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    kind=st.sampled_from(sorted(WORKBOOKS)),
    cut=st.integers(min_value=0, max_value=100_000),
    flips=st.lists(st.tuples(st.integers(min_value=0, max_value=100_000), st.integers(1, 255)), max_size=8),
)
def test_damaged_workbooks_give_a_reason_never_a_crash(
    kind: str, cut: int, flips: list[tuple[int, int]]
) -> None:
    data = bytearray(WORKBOOKS[kind][: max(8, cut)])
    for position, mask in flips:
        data[position % len(data)] ^= mask
    result = audit(bytes(data), name=f"附件.{kind}")

    # Read (some damage misses what matters) or refused with a reason — never a reader error.
    assert result.readable or (result.error and not result.error.startswith("读取时出错")), result.error


def test_gongkai_audit_reads_a_folders_spreadsheets(tmp_path: Path) -> None:
    from io import StringIO

    from django.core.management import call_command

    (tmp_path / "2024年年报.xlsx").write_bytes(xlsx_from_sample(HTML_REPORT))
    (tmp_path / "2024年年报（旧版）.xls").write_bytes(xls_from_sample(HTML_REPORT))
    out = StringIO()
    with pytest.raises(SystemExit):
        call_command("audit", "--json", str(tmp_path), stdout=out, stderr=StringIO())

    documents = json.loads(out.getvalue())
    assert sorted(Path(d["file"]).suffix for d in documents) == [".xls", ".xlsx"]
    for document in documents:
        assert_numbers(AnnualReport.from_json(document), expected_of(HTML_REPORT))


def test_cells_without_their_optional_reference_are_placed_after_the_one_before() -> None:
    main = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
    relationships = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
    workbook = zip_of(
        {
            "xl/workbook.xml": f'<workbook xmlns="{main}" xmlns:r="{relationships}"><sheets>'
            '<sheet name="年报" sheetId="1" r:id="rId1"/></sheets></workbook>'.encode(),
            "xl/_rels/workbook.xml.rels": b'<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/'
            b'relationships"><Relationship Id="rId1" Target="worksheets/sheet1.xml"/></Relationships>',
            # Writers may leave out <c r="B1">: the cell is next to the one before in its row.
            "xl/worksheets/sheet1.xml": f'<worksheet xmlns="{main}"><sheetData><row r="1">'
            '<c t="inlineStr"><is><t>行政许可</t></is></c><c><v>5</v></c><c t="str"><v>7</v></c></row>'
            '<row><c r="B2"><v>9</v></c></row></sheetData></worksheet>'.encode(),
        }
    )

    assert [line.cells for line in read_xlsx(workbook).lines] == [["行政许可", "5", "7"], ["", "9"]]
