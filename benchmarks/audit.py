"""Benchmark: audit the sample reports repeated to ≥ 1,000 files and print throughput per layout.

    .venv/bin/python benchmarks/audit.py [--files N]
    .venv/bin/python benchmarks/audit.py --smoke     # each sample once per layout: that it runs (make test)

Text samples (Word export, flattened web text, markdown) and PDFs are audited as they are; every
sample is also written as HTML, DOCX and XLSX by the official-layout writers so those readers are measured
too. The last line is machine-readable: ``text_per_s=N html_per_s=N docx_per_s=N xlsx_per_s=N pdf_per_s=N``.
Goal on a 2-core machine: text and HTML ≥ 100/s, DOCX and XLSX ≥ 20/s, PDF ≥ 5/s. Not a test.
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
import time
from collections import defaultdict
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO_ROOT / "src"))

from gongkai.reports import audit  # noqa: E402
from gongkai.reports.parse import parse  # noqa: E402
from gongkai.reports.render import render_docx, render_html, render_xlsx  # noqa: E402
from gongkai.sample_reports import data_files  # noqa: E402

LAYOUTS = ("text", "html", "docx", "xlsx", "pdf")
# Share of the corpus per layout (PDFs are few among the samples and slowest to read).
SHARES = {"text": 0.25, "html": 0.25, "docx": 0.2, "xlsx": 0.2, "pdf": 0.1}


def corpus(folder: Path, total: int) -> list[tuple[str, Path]]:
    """Files to audit, as (layout, path): each sample and its HTML/DOCX/XLSX renderings, repeated."""
    originals: dict[str, list[tuple[str, bytes]]] = defaultdict(list)
    for path in data_files():
        if path.name.endswith(".expected.json") or path.name.lower().startswith("readme"):
            continue
        data = path.read_bytes()
        originals["pdf" if path.suffix == ".pdf" else "text"].append((path.name, data))
        report = parse(data, path.name)
        originals["html"].append((path.stem + ".html", render_html(report).encode("utf-8")))
        originals["docx"].append((path.stem + ".docx", render_docx(report)))
        originals["xlsx"].append((path.stem + ".xlsx", render_xlsx(report)))
    files = []
    for layout in LAYOUTS:
        wanted = max(len(originals[layout]), int(total * SHARES[layout] + 0.999))
        for copy in range(wanted):
            name, data = originals[layout][copy % len(originals[layout])]
            target = folder / layout / f"{copy:05d}-{name}"
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(data)
            files.append((layout, target))
    return files


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--files", type=int, default=1000, help="files to audit in all (default 1000)")
    parser.add_argument("--smoke", action="store_true", help="each sample once per layout")
    options = parser.parse_args()
    if options.smoke:
        options.files = 0  # corpus() still takes every sample once per layout
    with tempfile.TemporaryDirectory() as folder:
        files = corpus(Path(folder), options.files)
        seconds: dict[str, float] = defaultdict(float)
        counts: dict[str, int] = defaultdict(int)
        unreadable = 0
        for layout, path in files:
            started = time.perf_counter()
            result = audit(path)
            seconds[layout] += time.perf_counter() - started
            counts[layout] += 1
            unreadable += not result.readable
    print(f"audited {len(files)} files on {os.cpu_count()} CPUs ({unreadable} unreadable)")
    print(f"{'layout':<8}{'files':>8}{'seconds':>10}{'reports/s':>12}")
    rates = {}
    for layout in LAYOUTS:
        rates[layout] = counts[layout] / seconds[layout] if seconds[layout] else 0.0
        print(f"{layout:<8}{counts[layout]:>8}{seconds[layout]:>10.2f}{rates[layout]:>12.1f}")
    print(" ".join(f"{layout}_per_s={rates[layout]:.0f}" for layout in LAYOUTS))
    return 1 if unreadable else 0


if __name__ == "__main__":
    sys.exit(main())
