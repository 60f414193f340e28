"""Scanned reports: pictures of a report's pages are read through OCR (Tesseract with ``chi_sim``)."""

from __future__ import annotations

import io
import re
from pathlib import Path

import pypdfium2
import pytest
from PIL import Image

from gongkai.reports.auditing import report_files
from gongkai.reports.parse import CannotRead, ocr, parse, pdf, sniff
from gongkai.sample_reports import sample

SAMPLE = "hongze-qu-renmin-zhengfu-2024.pdf"


def page_picture(number: int, dpi: int = ocr.DPI) -> Image.Image:
    """A page of a sample report as a scanner would give it: a greyscale picture, no text layer."""
    document = pypdfium2.PdfDocument(sample(SAMPLE).read_bytes())
    try:
        return document[number - 1].render(scale=dpi / 72).to_pil().convert("L")
    finally:
        document.close()


def scanned_pdf(*pictures: Image.Image) -> bytes:
    buffer = io.BytesIO()
    pictures[0].save(
        buffer, format="PDF", save_all=True, append_images=list(pictures[1:]), resolution=ocr.DPI
    )
    return buffer.getvalue()


def numbers_of_row(text: str, label: str) -> list[int]:
    line = next(line for line in text.splitlines() if label in line)
    return [int(number) for number in re.findall(r"\d+", line.split(label, 1)[1])]


def test_a_picture_of_a_table_reads_as_its_rows_with_their_numbers() -> None:
    buffer = io.BytesIO()
    page_picture(3).save(buffer, format="PNG")

    (text,) = ocr.image_pages(buffer.getvalue())

    assert "三、收到和处理政府信息公开" in text.replace(" ", "")
    assert numbers_of_row(text, "本年新收政府信息公开申请数量") == [95, 0, 0, 0, 0, 0, 95]
    assert numbers_of_row(text, "上年结转政府信息公开申请数量") == [0, 0, 0, 0, 0, 0, 0]


def test_a_picture_is_sniffed_as_an_image() -> None:
    buffer = io.BytesIO()
    Image.new("L", (20, 20), 255).save(buffer, format="PNG")
    assert sniff(buffer.getvalue(), "scan.png") == "image"


def test_an_image_only_pdf_is_read_through_ocr_and_says_so() -> None:
    document = pdf.read(scanned_pdf(page_picture(3)))

    assert document.layout == "pdf-ocr"
    assert any("OCR" in note for note in document.notes)
    assert any(line.cells[-1] == "95" and line.page == 1 for line in document.lines)


def test_table_rulings_are_erased_before_recognition() -> None:
    picture = Image.new("L", (400, 100), 255)
    picture.paste(0, (10, 50, 390, 52))  # a horizontal ruling
    picture.paste(0, (200, 5, 202, 95))  # a vertical one
    picture.paste(0, (50, 20, 58, 30))  # a blot the size of a character stays

    erased = ocr.erase_rulings(picture)

    assert erased.getpixel((100, 51)) == 255 and erased.getpixel((201, 20)) == 255
    assert erased.getpixel((54, 25)) == 0


@pytest.mark.parametrize(
    ("cell", "read"),
    [("3!", "31"), ("1O0", "100"), ("95", "95"), ("Ol", "Ol"), ("合计", "合计"), ("l级", "l级")],
)
def test_digit_look_alikes_are_read_as_digits_only_in_number_cells(cell: str, read: str) -> None:
    assert ocr.number_cell(cell) == read


def test_without_tesseract_the_reason_says_what_to_install(monkeypatch: pytest.MonkeyPatch, tmp_path) -> None:
    monkeypatch.setenv("PATH", str(tmp_path))

    with pytest.raises(CannotRead) as refused:
        parse(scanned_pdf(Image.new("L", (200, 200), 255)), "scan.pdf")

    assert "tesseract-ocr-chi-sim" in refused.value.reason and "OCR" in refused.value.reason


@pytest.mark.parametrize(
    ("text", "first", "reread"),
    [
        ("9D", False, True),  # 95 as the Chinese model reads it
        ("”95", False, True),
        ("95", False, False),  # a number already
        ("3.", False, False),  # an item's number in a label
        ("本年新收政府信息公开申请数量", False, False),
        ("9D", True, False),  # a row's first word is its label
    ],
)
def test_number_cells_that_did_not_read_as_numbers_are_read_again(
    text: str, first: bool, reread: bool
) -> None:
    word = ocr.Word(text, 0, 0, 10, 10, (1, 1, 1))
    assert ocr.number_like(word, first) is reread


def test_a_scanned_report_is_audited_through_ocr() -> None:
    scan = scanned_pdf(*(page_picture(number) for number in (2, 3)))  # the pages of 二 and 三

    report = parse(scan, "scan.pdf")

    assert report.layout == "pdf-ocr"
    assert report.proactive["penalty"]["decisions"] == 2776
    assert report.applications["new_received"]["natural_person"] == 95
    assert any("OCR" in note for note in report.notes)


def test_a_directory_audit_takes_pictures_of_scans(tmp_path: Path) -> None:
    (tmp_path / "扫描件.JPG").write_bytes(b"\xff\xd8\xff")
    (tmp_path / "notes.csv").write_text("x")
    assert [path.name for path in report_files([tmp_path])] == ["扫描件.JPG"]
