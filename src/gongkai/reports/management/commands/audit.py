"""``gongkai audit PATH|URL... [--json] [--previous FILE] [--year Y] [--csv OUT] [--timeout S]``: audit
published annual reports — files, directories, or web pages with the attachments they link to.

Exit code 0: no error findings; 1: error findings; 2: a file could not be read (the others are still
audited). Needs no database.
"""

from __future__ import annotations

import csv
import json
import sys
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from gongkai.annual_report.model import AnnualReport, Finding, Severity
from gongkai.reports.auditing import AuditResult, audit_all, read_report, report_files
from gongkai.reports.fetching import Limits, audit_url, is_url, with_sources
from gongkai.reports.parse import CannotRead
from gongkai.reports.show import describe, summary


class Command(BaseCommand):
    help = "审核已公开的政府信息公开工作年度报告 / audit published annual reports (files or directories)"
    requires_system_checks: list[str] = []
    requires_migrations_checks = False

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "paths",
            nargs="+",
            metavar="PATH",
            help="报告文件、目录或网址 / report files, directories or http(s) addresses",
        )
        parser.add_argument(
            "--timeout",
            type=float,
            default=Limits.timeout,
            help="读取网址时每次请求的超时秒数 / seconds per web request",
        )
        parser.add_argument(
            "--json", action="store_true", help="输出 gongkai.annual-report/1 JSON / print JSON"
        )
        parser.add_argument(
            "--previous", metavar="FILE", help="上一年度报告（用于R6等跨年规则）/ last year's report"
        )
        parser.add_argument(
            "--year",
            type=int,
            help="报告年度（文件未写明时使用）/ the report year when the file does not say",
        )
        parser.add_argument(
            "--csv", metavar="OUT", help="把全部审核结果写入CSV / write all findings to a CSV file"
        )

    def handle(self, *args: Any, **options: Any) -> None:
        previous = None
        if options["previous"]:
            try:
                previous = read_report(Path(options["previous"]))
            except CannotRead as exc:
                raise CommandError(
                    f"上年报告无法读取 / cannot read --previous: {exc.reason}", returncode=2
                ) from exc
        urls = [path for path in options["paths"] if is_url(path)]
        files = list(report_files(path for path in options["paths"] if not is_url(path)))
        if not files and not urls:
            raise CommandError("没有找到可审核的文件 / no report files found", returncode=2)
        results = []
        if files:
            progress = Progress(len(files), enabled=len(files) > 1 and sys.stderr.isatty())
            results = audit_all(files, previous=previous, on_done=progress.step, year=options["year"])
            progress.close()
        limits = Limits(timeout=options["timeout"])
        for url in urls:
            results.extend(audit_url(url, limits=limits, previous=previous, year=options["year"]))

        if options["json"]:
            documents = [
                with_sources(result) if is_url(result.source) else result.to_json() for result in results
            ]
            payload = documents[0] if len(documents) == 1 else documents
            self.stdout.write(json.dumps(payload, ensure_ascii=False, indent=2))
        else:
            colour = self.stdout.isatty()
            for result in results:
                for line in describe(result, colour=colour, with_tables=len(results) == 1):
                    self.stdout.write(line)
            if len(results) > 1:
                for line in summary(results):
                    self.stdout.write(line)
        if options["csv"]:
            write_csv(Path(options["csv"]), results)
        for result in results:
            if not result.readable:
                self.stderr.write(f"无法读取 / cannot read: {result.source}: {result.error}")
        sys.exit(exit_code(results))


def exit_code(results: list[AuditResult]) -> int:
    if any(not result.readable for result in results):
        return 2
    if any(result.errors for result in results):
        return 1
    return 0


CSV_FIELDS = ("file", "agency", "year", "rule", "severity", "cells", "message", "left", "right")


def write_csv(path: Path, results: list[AuditResult]) -> None:
    """All findings, one per line; an unreadable file is one line with rule ``unreadable``."""
    with path.open("w", newline="", encoding="utf-8-sig") as handle:
        writer = csv.writer(handle)
        writer.writerow(CSV_FIELDS)
        for result in results:
            report: AnnualReport | None = result.report
            if report is None:
                writer.writerow(
                    (result.source, "", "", "unreadable", Severity.ERROR, "", result.error, "", "")
                )
                continue
            finding: Finding
            for finding in result.findings:
                writer.writerow(
                    (
                        result.source,
                        report.agency or "",
                        report.year or "",
                        finding.rule,
                        finding.severity,
                        " ".join(finding.cells),
                        finding.message,
                        "" if finding.left is None else finding.left,
                        "" if finding.right is None else finding.right,
                    )
                )


class Progress:
    """A one-line progress bar on stderr (only where a terminal is attached)."""

    def __init__(self, total: int, *, enabled: bool) -> None:
        self.total, self.done, self.enabled = total, 0, enabled

    def step(self, result: AuditResult) -> None:
        self.done += 1
        if self.enabled:
            filled = int(30 * self.done / self.total)
            sys.stderr.write(f"\r[{'#' * filled}{'.' * (30 - filled)}] {self.done}/{self.total}")
            sys.stderr.flush()

    def close(self) -> None:
        if self.enabled:
            sys.stderr.write("\n")
