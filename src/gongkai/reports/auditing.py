"""Auditing published annual reports: parse, validate, report. No database, no Django request.

>>> result = audit(Path("report.pdf"))          # or audit(b"...bytes...", name="report.txt")
>>> result.ok, result.errors, result.report.to_json()
"""

from __future__ import annotations

import logging
import os
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from gongkai.annual_report.model import AnnualReport, Finding, FindingCounts
from gongkai.annual_report.rules import SEVERITY_ORDER, validate
from gongkai.reports.parse import CannotRead, parse, solve

logger = logging.getLogger(__name__)

# Files a directory audit looks at; everything else in the tree is skipped.
REPORT_SUFFIXES = frozenset(
    {".pdf", ".docx", ".doc", ".xlsx", ".xls", ".txt", ".md", ".html", ".htm", ".json", ".text"}
)
# Pictures of a scanned report, read through OCR: a directory audit takes them too (the oversight office's
# batch upload does not: there a photo is more often something else).
SCAN_SUFFIXES = frozenset({".png", ".jpg", ".jpeg", ".tif", ".tiff"})
# Larger files are not annual reports (they run 5–30 pages); refusing them keeps a directory audit bounded.
MAX_BYTES = 50 * 1024 * 1024


@dataclass
class AuditResult(FindingCounts):
    """One file's audit: the report as read with its findings, or why it could not be read."""

    source: str
    report: AnnualReport | None = None
    error: str | None = None
    findings: list[Finding] = field(default_factory=list)

    @property
    def readable(self) -> bool:
        return self.report is not None

    @property
    def ok(self) -> bool:
        """Readable and without error findings (warnings allowed)."""
        return self.readable and self.errors == 0

    def to_json(self) -> dict[str, Any]:
        """The ``gongkai.annual-report/1`` document, or ``{"file", "error"}`` for an unreadable file."""
        if self.report is None:
            return {"file": self.source, "error": self.error}
        data = self.report.to_json()
        data["file"] = self.source
        return data


def _read(path_or_bytes: Path | str | bytes) -> tuple[bytes, str]:
    if isinstance(path_or_bytes, bytes | bytearray):
        return bytes(path_or_bytes), "<bytes>"
    path = Path(path_or_bytes)
    try:
        size = path.stat().st_size
        if size > MAX_BYTES:
            raise CannotRead(f"文件过大（{size // 1024 // 1024} MB），不像年度报告")
        return path.read_bytes(), str(path)
    except OSError as exc:
        raise CannotRead(f"无法打开文件（{exc.strerror or type(exc).__name__}）") from exc


def read_report(path_or_bytes: Path | str | bytes | AnnualReport, name: str | None = None) -> AnnualReport:
    """A report from a file, its bytes, or as is; raises :class:`CannotRead`."""
    if isinstance(path_or_bytes, AnnualReport):
        return path_or_bytes
    data, source = _read(path_or_bytes)
    return parse(data, name or os.path.basename(source))


def audit(
    path_or_bytes: Path | str | bytes,
    *,
    previous: AnnualReport | Path | str | bytes | None = None,
    name: str | None = None,
    year: int | None = None,
) -> AuditResult:
    """Parse and validate one report. Never raises for bad input: an unreadable file gives
    ``AuditResult(error=...)`` with the reason in Chinese. ``previous`` (last year's report, as a
    report, file or bytes) enables the carry-over rules R6, R8 and R9; ``year`` is the report's year where
    the document states none (``apply_year``), known before the rules run."""
    source = name or (str(path_or_bytes) if not isinstance(path_or_bytes, bytes | bytearray) else "<bytes>")
    try:
        report = read_report(path_or_bytes, name)
    except CannotRead as exc:
        return AuditResult(source, error=exc.reason)
    except RecursionError:
        return AuditResult(source, error="文件结构嵌套过深，无法读取")
    except Exception as exc:  # a reader bug must not stop a directory audit; it is logged and reported
        logger.exception("unexpected error reading %s", source)
        return AuditResult(source, error=f"读取时出错（{type(exc).__name__}）")
    previous_report = None
    if previous is not None:
        try:
            previous_report = read_report(previous)
        except CannotRead as exc:
            report.notes.append(f"上年报告无法读取：{exc.reason}")
        except Exception:
            logger.exception("unexpected error reading the previous report")
    apply_year(report, year)
    return finish(source, report, previous_report)


def apply_year(report: AnnualReport, year: int | None) -> None:
    """Use ``year`` where the document states none; say so where it states another."""
    if year is None:
        return
    if report.year is None:
        report.year = year
    elif report.year != year:
        report.notes.append(f"文件标题的年度为{report.year}，与指定的{year}不符，按文件标题")


def finish(source: str, report: AnnualReport, previous: AnnualReport | None) -> AuditResult:
    solve.decide_by_last_year(report, previous)
    report.findings = sorted(
        validate(report, previous), key=lambda f: (SEVERITY_ORDER.get(f.severity, 9), f.rule)
    )
    report.source = report.source or source
    return AuditResult(source, report=report, findings=list(report.findings))


def is_report_file(path: Path) -> bool:
    """Whether a directory audit looks at ``path``: report-like suffixes, not READMEs or expected results."""
    name = path.name.lower()
    return (
        path.is_file()
        and path.suffix.lower() in REPORT_SUFFIXES | SCAN_SUFFIXES
        and not name.startswith(("readme", "."))
        and not name.endswith(".expected.json")
    )


def same_agency(one: str | None, other: str | None) -> bool:
    """Names of one agency as two reports print them (``洪泽区人民政府`` / ``淮安市洪泽区人民政府``)."""
    if not one or not other:
        return False
    return one == other or one.endswith(other) or other.endswith(one)


def report_files(paths: Iterable[Path | str]) -> Iterator[Path]:
    """The files to audit: each file given, and report-like files under each directory, sorted."""
    for given in paths:
        path = Path(given)
        if path.is_dir():
            for child in sorted(path.rglob("*")):
                if is_report_file(child):
                    yield child
        else:
            yield path


def audit_all(
    files: Iterable[Path],
    *,
    previous: AnnualReport | None = None,
    on_done: Any = None,
    year: int | None = None,
) -> list[AuditResult]:
    """Audit many files. Last year's report is "known" when the set holds the same agency's report for
    year − 1: R6/R8/R9 then run without ``--previous``. ``on_done(result)`` is called after each file.
    ``year`` is used for reports whose document does not state one."""
    read: list[tuple[str, AnnualReport | None, str | None]] = []
    for path in files:
        try:
            report = read_report(path)
            apply_year(report, year)
            read.append((str(path), report, None))
        except CannotRead as exc:
            read.append((str(path), None, exc.reason))
        except Exception as exc:
            logger.exception("unexpected error reading %s", path)
            read.append((str(path), None, f"读取时出错（{type(exc).__name__}）"))
    known_reports = [report for _, report, _ in read if report is not None and report.agency and report.year]
    results = []
    for source, found, error in read:
        if found is None:
            result = AuditResult(source, error=error)
        else:
            known = previous
            if known is None and found.year is not None:
                known = next(
                    (
                        other
                        for other in known_reports
                        if other.year == found.year - 1 and same_agency(other.agency, found.agency)
                    ),
                    None,
                )
            result = finish(source, found, known)
        results.append(result)
        if on_done is not None:
            on_done(result)
    return results
