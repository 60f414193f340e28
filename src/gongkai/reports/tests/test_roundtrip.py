"""Writing each fixture's numbers back in the official layout (DOCX, HTML, text) and parsing them again
gives the same numbers."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from gongkai.reports.parse import parse
from gongkai.reports.render import render_docx, render_html, render_text
from gongkai.sample_reports import sample

from .conftest import fixture_ids, numbers, source_of

WRITERS: dict[str, tuple[Callable[..., bytes], str, str]] = {
    "docx": (render_docx, "report.docx", "docx"),
    "html": (lambda report: render_html(report).encode("utf-8"), "report.html", "html"),
    "text": (lambda report: render_text(report).encode("utf-8"), "report.txt", "word-text"),
}


@pytest.mark.parametrize("writer", sorted(WRITERS))
@pytest.mark.parametrize("expected_path", fixture_ids())
def test_numbers_survive_writing_and_reading_again(expected_path: Path, writer: str) -> None:
    original = parse(source_of(expected_path).read_bytes(), source_of(expected_path).name)
    write, name, layout = WRITERS[writer]
    again = parse(write(original), name)
    assert again.layout == layout
    assert numbers(again) == numbers(original)
    assert again.absent_rows == original.absent_rows


def test_text_written_in_gb18030_reads_the_same() -> None:
    original = parse(sample("pingtan-zonghe-shiyanqu-2025.txt").read_bytes())
    again = parse(render_text(original).encode("gb18030"))
    assert numbers(again) == numbers(original)
