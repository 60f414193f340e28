"""Benchmark: OCR of scanned reports — pages per second, and how many of the tables' numbers come out.

    .venv/bin/python benchmarks/ocr.py            # every page of the sample PDFs, as scans
    .venv/bin/python benchmarks/ocr.py --smoke    # one page: that it runs (make test)

Each sample PDF's pages are rendered to greyscale pictures (what a scanner gives) and put into an
image-only PDF, which is read through :mod:`gongkai.reports.parse.ocr`. ``digit_match`` compares the
numbers OCR finds with the numbers of the PDF's text layer, in order (1.0 = all, none extra). Goal on a
2-core machine: ≥ 1 page/s. The last line is machine-readable:
``ocr_pages_per_s=N cpu_s_per_page=N digit_match=N``.
Not a test.
"""

from __future__ import annotations

import argparse
import difflib
import io
import os
import re
import resource
import sys
import time
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO_ROOT / "src"))

import pypdfium2  # noqa: E402

from gongkai.reports.parse import ocr, pdf  # noqa: E402
from gongkai.sample_reports import SAMPLE_REPORTS  # noqa: E402


def cpu_time() -> float:
    own, children = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime + children.ru_utime + children.ru_stime


def scanned(data: bytes, pages: int | None) -> bytes:
    document = pypdfium2.PdfDocument(data)
    try:
        count = len(document) if pages is None else min(pages, len(document))
        pictures = [document[n].render(scale=ocr.DPI / 72).to_pil().convert("L") for n in range(count)]
    finally:
        document.close()
    buffer = io.BytesIO()
    pictures[0].save(buffer, format="PDF", save_all=True, append_images=pictures[1:], resolution=ocr.DPI)
    return buffer.getvalue()


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--smoke", action="store_true", help="one page only")
    options = parser.parse_args()
    samples = sorted(SAMPLE_REPORTS.glob("*.pdf"))[: 1 if options.smoke else None]
    pages = seconds = cpu = 0.0
    matched = total = 0
    for path in samples:
        data = path.read_bytes()
        limit = 1 if options.smoke else None
        scan = scanned(data, limit)
        started, cpu_started = time.perf_counter(), cpu_time()
        read = ocr.pdf_pages(scan)
        seconds += time.perf_counter() - started
        cpu += cpu_time() - cpu_started
        pages += len(read)
        expected = re.findall(r"\d+", "\n".join(pdf.pages_pdfium(data)[: len(read)]))
        found = re.findall(r"\d+", "\n".join(read))
        blocks = difflib.SequenceMatcher(None, expected, found, autojunk=False).get_matching_blocks()
        matched += sum(block.size for block in blocks)
        total += max(len(expected), len(found))
        print(f"{path.name}: {len(read)} pages in {seconds:.1f}s")
    rate = pages / seconds if seconds else 0.0
    # CPU seconds per page (this process and Tesseract's): what a page costs whatever else the machine runs.
    print(
        f"cpu seconds per page: {cpu / pages:.2f} (on {os.cpu_count()} idle cores ≈ {(os.cpu_count() or 1) * pages / cpu:.1f} pages/s)"
    )
    print(
        f"ocr_pages_per_s={rate:.2f} cpu_s_per_page={cpu / pages:.2f} digit_match={matched / total if total else 0:.3f}"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
