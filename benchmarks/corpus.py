"""Corpus run: audit a folder of real reports (no expected numbers) and count how well they read.

    .venv/bin/python benchmarks/corpus.py [FOLDER] [--markdown] [--details]
    .venv/bin/python benchmarks/corpus.py --smoke      # the project's own sample reports (make test)

FOLDER defaults to ../shared/corpus/reports beside the project when it exists. Per kind of file and
overall it prints: read fully (every cell of 二, 三 and 四 read), read with ambiguous cells (the reader left
cells null because several readings satisfy the rules), read with missing cells, cannot read (with the
reasons counted), reports with R1–R4 failures, and throughput. ``--details`` lists every "cannot read" and
every R1–R4 failure, to be looked at by hand: a real report's own error is a finding, a misreading is a
bug. ``--markdown`` prints the table for a note. The last line is machine-readable:
``files=N read_fully=N ambiguous=N missing=N cannot_read=N r1_r4=N reports_per_s=N``. Not a test.
"""

from __future__ import annotations

import argparse
import re
import sys
import time
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

REPO_ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO_ROOT / "src"))

from gongkai.annual_report.model import AnnualReport, Severity  # noqa: E402
from gongkai.reports.auditing import AuditResult, audit, report_files  # noqa: E402
from gongkai.reports.management.commands.audit import Progress  # noqa: E402
from gongkai.sample_reports import SAMPLE_REPORTS  # noqa: E402

DEFAULT_FOLDER = REPO_ROOT.parent / "shared" / "corpus" / "reports"
# The tables' own arithmetic: where a failure is either the report's error or the reader's.
TABLE_RULES = ("R1", "R2", "R3", "R4")
KINDS = {".txt": "text", ".text": "text", ".md": "markdown", ".html": "html", ".htm": "html"}


@dataclass
class Tally:
    files: int = 0
    read_fully: int = 0
    ambiguous: int = 0
    missing: int = 0
    cannot_read: int = 0
    r1_r4: int = 0
    seconds: float = 0.0
    reasons: Counter[str] = field(default_factory=Counter)

    def add(self, result: AuditResult, seconds: float) -> None:
        self.files += 1
        self.seconds += seconds
        if result.report is None:
            self.cannot_read += 1
            self.reasons[reason_kind(result.error or "")] += 1
            return
        state = reading(result.report)
        if state == "ambiguous":
            self.ambiguous += 1
        elif state == "missing":
            self.missing += 1
        else:
            self.read_fully += 1
        self.r1_r4 += bool(table_failures(result))

    @property
    def per_second(self) -> float:
        return self.files / self.seconds if self.seconds else 0.0


def kind_of(path: Path) -> str:
    return KINDS.get(path.suffix.lower(), path.suffix.lower().lstrip(".") or "other")


def null_cells(report: AnnualReport) -> list[str]:
    """The cells of 二, 三 and 四 the reader left empty, as ``table.row.column`` paths (rows of the format's
    other printing, which this report does not print, are not counted)."""
    cells = []
    for table in ("proactive", "applications", "reviews"):
        rows: dict[str, dict[str, Any]] = getattr(report, table)
        for row, columns in rows.items():
            if row in report.absent_rows:
                continue
            cells += [f"{table}.{row}.{column}" for column, value in columns.items() if value is None]
    return cells


def reading(report: AnnualReport) -> str:
    """``ambiguous`` (the reader said so for a cell), ``missing`` (a cell null without that), or ``full``."""
    if getattr(report, "ambiguous", None):
        return "ambiguous"
    return "missing" if null_cells(report) else "full"


def table_failures(result: AuditResult) -> list[str]:
    return [
        f"{finding.rule} {finding.message}"
        for finding in result.findings
        if finding.rule in TABLE_RULES and finding.severity == Severity.ERROR
    ]


def reason_kind(reason: str) -> str:
    """A reason with its particulars (numbers, quoted labels) blurred, so that like reasons count together."""
    return re.sub(r"\d+", "N", reason)[:80]


def run(files: list[Path], details: bool) -> tuple[dict[str, Tally], Tally, list[str]]:
    tallies: dict[str, Tally] = defaultdict(Tally)
    overall = Tally()
    notes: list[str] = []
    progress = Progress(len(files), enabled=sys.stderr.isatty())
    for path in files:
        started = time.perf_counter()
        result = audit(path)
        seconds = time.perf_counter() - started
        tallies[kind_of(path)].add(result, seconds)
        overall.add(result, seconds)
        progress.step(result)
        if details and result.report is None:
            notes.append(f"cannot read  {path}: {result.error}")
        elif details and result.report is not None:
            notes += [f"{'R1–R4':<11}  {path}: {failure}" for failure in table_failures(result)]
            ambiguous = getattr(result.report, "ambiguous", None) or {}
            notes += [f"ambiguous    {path}: {cell} {readings}" for cell, readings in ambiguous.items()]
    progress.close()
    return dict(sorted(tallies.items())), overall, notes


COLUMNS = ("files", "read fully", "ambiguous", "missing cells", "cannot read", "R1–R4 failures", "reports/s")


def row_of(name: str, tally: Tally) -> tuple[str, ...]:
    return (
        name,
        str(tally.files),
        str(tally.read_fully),
        str(tally.ambiguous),
        str(tally.missing),
        str(tally.cannot_read),
        str(tally.r1_r4),
        f"{tally.per_second:.1f}",
    )


def print_table(rows: list[tuple[str, ...]], markdown: bool) -> None:
    head = ("kind", *COLUMNS)
    if markdown:
        print("| " + " | ".join(head) + " |")
        print("|" + "---|" * len(head))
        for row in rows:
            print("| " + " | ".join(row) + " |")
        return
    widths = [max(len(row[i]) for row in [head, *rows]) + 2 for i in range(len(head))]
    for row in [head, *rows]:
        print(
            row[0].ljust(widths[0])
            + "".join(cell.rjust(width) for cell, width in zip(row[1:], widths[1:], strict=True))
        )


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("folder", nargs="?", type=Path, help=f"reports to audit (default {DEFAULT_FOLDER})")
    parser.add_argument("--markdown", action="store_true", help="print the table as markdown")
    parser.add_argument("--details", action="store_true", help="list each cannot-read and R1–R4 failure")
    parser.add_argument("--smoke", action="store_true", help="the project's own sample reports")
    options = parser.parse_args()
    folder = SAMPLE_REPORTS if options.smoke else options.folder or DEFAULT_FOLDER
    if not folder.is_dir():
        parser.error(f"no such folder: {folder}")
    files = list(report_files([folder]))
    tallies, overall, notes = run(files, options.details)
    print(f"corpus {folder}: {len(files)} files")
    print_table(
        [row_of(kind, tally) for kind, tally in tallies.items()] + [row_of("all", overall)], options.markdown
    )
    if overall.reasons:
        print("\ncannot read, by reason:")
        for reason, count in overall.reasons.most_common():
            print(f"{count:>5}  {reason}")
    if notes:
        print()
        print("\n".join(notes))
    print(
        f"files={overall.files} read_fully={overall.read_fully} ambiguous={overall.ambiguous} "
        f"missing={overall.missing} cannot_read={overall.cannot_read} r1_r4={overall.r1_r4} "
        f"reports_per_s={overall.per_second:.0f}"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
