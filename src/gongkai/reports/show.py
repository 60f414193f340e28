"""Human-readable output of audits: the tables as read, findings (coloured on a terminal), a summary."""

from __future__ import annotations

import unicodedata
from collections.abc import Sequence

from gongkai.annual_report.formats import APPLICANT_KEYS, REVIEW_KEYS
from gongkai.annual_report.model import AnnualReport, Severity
from gongkai.reports.auditing import AuditResult
from gongkai.reports.render.layout import show

COLOURS = {
    Severity.ERROR: "\033[31m",
    Severity.WARNING: "\033[33m",
    Severity.INFO: "\033[2m",
    "bad": "\033[1;31m",
}
RESET = "\033[0m"
SEVERITY_NAMES = {Severity.ERROR: "错误", Severity.WARNING: "警告", Severity.INFO: "提示"}


def width(text: str) -> int:
    return sum(2 if unicodedata.east_asian_width(char) in "WF" else 1 for char in text)


def pad(text: str, size: int, *, right: bool = False) -> str:
    gap = " " * max(0, size - width(text))
    return gap + text if right else text + gap


def clip(text: str, size: int) -> str:
    out = ""
    for char in text:
        if width(out + char) > size:
            return out[:-1] + "…"
        out += char
    return out


def paint(text: str, severity: str, colour: bool) -> str:
    return f"{COLOURS.get(severity, '')}{text}{RESET}" if colour else text


def tables(report: AnnualReport) -> list[str]:
    """Sections 二, 三, 四 as read, one row per line, blank cells shown as ``·``."""
    lines = ["二、主动公开政府信息情况"]
    for proactive in report.report_format.proactive_rows:
        printed = report.proactive.get(proactive.key, {})
        values = "  ".join(
            f"{column.label}={show(printed.get(column.key)) or '·'}" for column in proactive.columns
        )
        lines.append(f"  {pad(proactive.label, 22)}{values}")
    lines.append(
        "三、收到和处理政府信息公开申请情况（自然人 商业企业 科研机构 社会公益组织 法律服务机构 其他 总计）"
    )
    for row in report.printed_rows():
        counts = report.applications[row.key]
        label = clip((row.group[3:5] + " " if row.group else "") + row.label, 34)
        values = "".join(pad(show(counts.get(key)) or "·", 7, right=True) for key in APPLICANT_KEYS)
        lines.append(f"  {pad(label, 36)}{values}")
    lines.append("四、行政复议、行政诉讼（维持 纠正 其他 尚未审结 总计）")
    for group in report.report_format.review_groups:
        cases = report.reviews.get(group.key, {})
        values = "".join(pad(show(cases.get(key)) or "·", 6, right=True) for key in REVIEW_KEYS)
        lines.append(f"  {pad(group.label, 18)}{values}")
    return lines


def describe(result: AuditResult, *, colour: bool, with_tables: bool) -> list[str]:
    if result.report is None:
        return [paint(f"✗ {result.source}: 无法读取 / cannot read: {result.error}", "bad", colour)]
    report = result.report
    head = "{source}: {agency} {year}年 {format} [{layout}] — 错误 {errors}，警告 {warnings}".format(
        source=result.source,
        agency=report.agency or "（机关不详）",
        year=report.year or "?",
        format=report.report_format.short_name,
        layout=report.layout or "json",
        errors=result.errors,
        warnings=result.warnings,
    )
    lines = [("✓ " if result.ok else "✗ ") + head]
    if with_tables:
        lines += ["", *tables(report), ""]
    for note in report.notes:
        lines.append(paint(f"  · 读取说明：{note}", Severity.INFO, colour))
    for finding in result.findings:
        lines.append(
            paint(
                f"  {finding.rule:<4}{SEVERITY_NAMES.get(finding.severity, finding.severity)}  {finding.message}",
                finding.severity,
                colour,
            )
        )
        if with_tables and finding.cells:
            lines.append(
                paint(
                    f"        {', '.join(finding.cells[:4])}{' …' if len(finding.cells) > 4 else ''}",
                    Severity.INFO,
                    colour,
                )
            )
    return lines


def summary(results: Sequence[AuditResult]) -> list[str]:
    readable = [result for result in results if result.readable]
    rows = [
        ("报告 reports", len(results)),
        ("有错误的报告 with errors", sum(1 for result in readable if result.errors)),
        ("错误 errors", sum(result.errors for result in readable)),
        ("警告 warnings", sum(result.warnings for result in readable)),
        ("无法读取 unreadable", len(results) - len(readable)),
    ]
    line = "─" * 36
    return [line, *(f"{pad(name, 28)}{value:>8}" for name, value in rows), line]
