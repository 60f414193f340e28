"""The reconciliation rules (勾稽关系) R1–R14 of docs/design.md §4, each a small function.

``validate(report, previous=None)`` runs the rules the report's format lists (``ReportFormat.rules``: which
rules, with which rows of section 二, and any rule the format words its own way) and returns the findings;
a rule never fails on a blank cell (that is R5's business) and skips what it cannot compute.
Messages are one Chinese sentence naming the table, row and column, with the numbers on both sides.
"""

from __future__ import annotations

import datetime
import re
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass

from gongkai.annual_report.formats import APPLICANT_KEYS, REVIEW_KEYS, ProactiveRow, RuleUse, format_for
from gongkai.annual_report.formats.base import ApplicationRow
from gongkai.annual_report.formats.common import APPLICANT_COLUMNS, REVIEW_COLUMNS
from gongkai.annual_report.model import AnnualReport, Finding, Severity

COLUMN_NAMES = {column.key: column.label for column in APPLICANT_COLUMNS}
REVIEW_COLUMN_NAMES = {column.key: column.label for column in REVIEW_COLUMNS}


@dataclass(frozen=True)
class Context:
    """What a rule may know besides the report: last year's report, and how the report's format uses
    the rule (the rows of section 二 it reads)."""

    previous: AnnualReport | None = None
    rule: RuleUse | None = None

    @property
    def rows(self) -> tuple[str, ...]:
        return self.rule.rows if self.rule is not None else ()


Rule = Callable[[AnnualReport, Context], list[Finding]]


def _cells(table: str, row: str, column: str) -> str:
    return f"{table}.{row}.{column}"


def _rows(report: AnnualReport) -> list[ApplicationRow]:
    """The application rows the report holds (its format's, or an alternative layout's it printed)."""
    return report.printed_rows()


def _value(report: AnnualReport, row: str, column: str) -> int | None:
    value = report.applications.get(row, {}).get(column)
    return value if isinstance(value, int) else None


def r1_carry_balance(report: AnnualReport, context: Context) -> list[Finding]:
    """一 + 二 = (七)总计 + 四, per column (the formula printed in the table's header)."""
    findings = []
    for column in APPLICANT_KEYS:
        values = [
            _value(report, row, column)
            for row in ("new_received", "carried_over", "total_processed", "carried_forward")
        ]
        if None in values:
            continue
        new, carried, total, forward = (v or 0 for v in values)
        if new + carried != total + forward:
            findings.append(
                Finding(
                    "R1",
                    Severity.ERROR,
                    tuple(
                        _cells("applications", row, column)
                        for row in ("new_received", "carried_over", "total_processed", "carried_forward")
                    ),
                    f"三、{COLUMN_NAMES[column]}列：一+二（{new + carried}）≠（七）总计+四（{total + forward}）",
                    new + carried,
                    total + forward,
                )
            )
    return findings


def r2_row_total(report: AnnualReport, context: Context) -> list[Finding]:
    """Each row's 总计 equals the sum of its six applicant columns."""
    findings = []
    for row in _rows(report):
        cells = report.applications[row.key]
        parts = [cells.get(key) for key in APPLICANT_KEYS[:-1]]
        total = cells.get("total")
        if total is None or any(not isinstance(part, int) for part in parts):
            continue
        left = sum(part for part in parts if isinstance(part, int))
        if left != total:
            findings.append(
                Finding(
                    "R2",
                    Severity.ERROR,
                    tuple(_cells("applications", row.key, key) for key in APPLICANT_KEYS),
                    f"三、“{row.label}”行：六类申请人之和（{left}）≠ 总计（{total}）",
                    left,
                    total,
                )
            )
    return findings


def r3_results_add_up(report: AnnualReport, context: Context) -> list[Finding]:
    """(七)总计 equals the sum of the result rows (一)…(六), per column — each application counted once."""
    findings = []
    parts_rows = [row for row in _rows(report) if row.result]
    for column in APPLICANT_KEYS:
        total = _value(report, "total_processed", column)
        parts = [_value(report, row.key, column) for row in parts_rows]
        if total is None or not parts_rows or None in parts:
            continue
        left = sum(part or 0 for part in parts)
        if left != total:
            relation = "小于" if total < left else "大于"
            findings.append(
                Finding(
                    "R3",
                    Severity.ERROR,
                    (
                        _cells("applications", "total_processed", column),
                        *(_cells("applications", row.key, column) for row in parts_rows),
                    ),
                    f"三、{COLUMN_NAMES[column]}列：（七）总计（{total}）{relation}各项办理结果之和（{left}）",
                    left,
                    total,
                )
            )
    return findings


def r4_review_totals(report: AnnualReport, context: Context) -> list[Finding]:
    """In 四, each 总计 equals 维持 + 纠正 + 其他 + 尚未审结."""
    findings = []
    for group in report.report_format.review_groups:
        cells = report.reviews.get(group.key, {})
        parts = [cells.get(key) for key in REVIEW_KEYS[:-1]]
        total = cells.get("total")
        if total is None or any(not isinstance(part, int) for part in parts):
            continue
        left = sum(part for part in parts if isinstance(part, int))
        if left != total:
            name = f"{group.parent}（{group.label}）" if group.parent else group.label
            findings.append(
                Finding(
                    "R4",
                    Severity.ERROR,
                    tuple(_cells("reviews", group.key, key) for key in REVIEW_KEYS),
                    f"四、{name}：结果维持+结果纠正+其他结果+尚未审结（{left}）≠ 总计（{total}）",
                    left,
                    total,
                )
            )
    return findings


def r5_cells_are_counts(report: AnnualReport, context: Context) -> list[Finding]:
    """Cells of 三 and 四 are non-negative integers; blank, ``/``, ``—`` cells are flagged (per row)."""
    findings = []
    for row in _rows(report):
        blank = [key for key in APPLICANT_KEYS if not isinstance(report.applications[row.key].get(key), int)]
        if blank:
            findings.append(
                _blank_finding(report, "applications", row.key, row.label, blank, COLUMN_NAMES, "三")
            )
    for group in report.report_format.review_groups:
        cells = report.reviews.get(group.key, {})
        blank = [key for key in REVIEW_KEYS if not isinstance(cells.get(key), int)]
        if blank:
            findings.append(
                _blank_finding(report, "reviews", group.key, group.label, blank, REVIEW_COLUMN_NAMES, "四")
            )
    for proactive in report.report_format.proactive_rows:
        printed = report.proactive.get(proactive.key, {})
        missing = [column for column in proactive.columns if printed.get(column.key) is None]
        if missing:
            findings.append(
                Finding(
                    "R5",
                    Severity.INFO,
                    tuple(_cells("proactive", proactive.key, column.key) for column in missing),
                    "二、“{row}”行：{columns}为空或无法读取".format(
                        row=proactive.label, columns="、".join(column.label for column in missing)
                    ),
                )
            )
    return findings


def _blank_finding(
    report: AnnualReport,
    table: str,
    row: str,
    label: str,
    blank: Sequence[str],
    names: dict[str, str],
    part: str,
) -> Finding:
    printed = []
    for key in blank:
        raw = report.raw.get(_cells(table, row, key), "")
        readings = report.ambiguous.get(_cells(table, row, key))
        if readings:
            # The reader could not decide between readings of the printed numbers: say which.
            shown = "或".join("空" if value is None else str(value) for value in readings)
            printed.append(f"{names[key]}（无法确定，可读作{shown}）")
        else:
            printed.append(f"{names[key]}“{raw}”" if raw else f"{names[key]}（空）")
    return Finding(
        "R5",
        Severity.WARNING,
        tuple(_cells(table, row, key) for key in blank),
        "{part}、“{label}”行：{cells}不是非负整数".format(part=part, label=label, cells="、".join(printed)),
    )


def r6_carried_over(report: AnnualReport, context: Context) -> list[Finding]:
    """二 (上年结转, year y) equals 四 (结转下年度, year y−1), per column."""
    previous = context.previous
    if previous is None:
        return []
    if report.year is not None and previous.year is not None and previous.year != report.year - 1:
        return []
    findings = []
    for column in APPLICANT_KEYS:
        now = _value(report, "carried_over", column)
        before = _value(previous, "carried_forward", column)
        if now is None or before is None or now == before:
            continue
        findings.append(
            Finding(
                "R6",
                Severity.ERROR,
                (
                    _cells("applications", "carried_over", column),
                    f"previous.applications.carried_forward.{column}",
                ),
                f"三、{COLUMN_NAMES[column]}列：本年“上年结转”（{now}）≠ 上年报告“结转下年度继续办理”（{before}）",
                now,
                before,
            )
        )
    return findings


_NUMBER = r"\s*(\d+)\s*"
PROSE_CHECKS: tuple[tuple[str, str, Callable[[AnnualReport], Iterable[int | None]], str], ...] = (
    (
        "申请数",
        # 申请 must be said between the verb and the number: 受理12345转办件 or 受理案件 are other business.
        r"(?:收到|受理|接收|新收)[^。；]{0,40}?申请[^。；0-9]{0,12}?" + _NUMBER + r"件",
        lambda r: (
            _value(r, "new_received", "total"),
            _sum(_value(r, "new_received", "total"), _value(r, "carried_over", "total")),
        ),
        "applications.new_received.total",
    ),
    (
        "办结数",
        # About applications, not 答复咨询件 or 答复数: 办结 later in a sentence about 申请, or 办结/答复…申请N件.
        r"(?:申请[^。]{0,60}?(?:办结|办理完结)|(?:办结|办理完结|答复)[^。；，,、0-9]{0,12}?申请)"
        r"[^。；，,、0-9]{0,6}?" + _NUMBER + r"件",
        lambda r: (_value(r, "total_processed", "total"),),
        "applications.total_processed.total",
    ),
    (
        "行政复议数",
        r"行政复议(?:案件|申请)?(?:共)?" + _NUMBER + r"[件起]",
        lambda r: (r.reviews.get("reconsideration", {}).get("total"),),
        "reviews.reconsideration.total",
    ),
    (
        "行政诉讼数",
        r"行政诉讼(?:案件)?(?:共)?" + _NUMBER + r"[件起]",
        lambda r: (
            _sum(
                r.reviews.get("litigation_direct", {}).get("total"),
                r.reviews.get("litigation_after_reconsideration", {}).get("total"),
            ),
        ),
        "reviews.litigation_direct.total",
    ),
)


def _sum(*values: int | None) -> int | None:
    return None if any(value is None for value in values) else sum(value or 0 for value in values)


def r7_prose_matches_tables(report: AnnualReport, context: Context) -> list[Finding]:
    """Numbers stated in 一、总体情况 (applications received and handled, 复议/诉讼 cases) match the tables."""
    prose = report.sections.overview
    if not prose:
        return []
    findings = []
    for what, pattern, table_values, cell in PROSE_CHECKS:
        match = re.search(pattern, prose)
        if match is None:
            continue
        stated = int(match.group(1))
        values = [value for value in table_values(report) if value is not None]
        if not values or stated in values:
            continue
        sentence = re.sub(r"\s+", "", match.group(0))
        findings.append(
            Finding(
                "R7",
                Severity.WARNING,
                (cell,),
                f"一、总体情况写明{what}{stated}（“{sentence[-30:]}”），表格为{values[0]}",
                stated,
                values[0],
            )
        )
    return findings


def _proactive_rows(report: AnnualReport, context: Context, *columns: str) -> list[ProactiveRow]:
    """The rows of section 二 the rule reads in the report's format that have all of ``columns``."""
    return [
        row
        for row in report.report_format.proactive_rows
        if row.key in context.rows and {column.key for column in row.columns} >= set(columns)
    ]


def _last_year(report: AnnualReport, previous: AnnualReport | None) -> AnnualReport | None:
    """``previous`` where it is the report of the year before (or either year is unknown)."""
    if previous is None or (report.year and previous.year and previous.year != report.year - 1):
        return None
    return previous


def r8_published_and_items(report: AnnualReport, context: Context) -> list[Finding]:
    """二 where documents are counted as published (the 2019 format): 对外公开总数量 ≥ 本年新公开数量; and
    this year's 上一年项目数量 = last year's 上一年项目数量 + 本年增/减."""
    findings = []
    for row in _proactive_rows(report, context, "published", "total"):
        cells = report.proactive.get(row.key, {})
        published, total = cells.get("published"), cells.get("total")
        if isinstance(published, int) and isinstance(total, int) and total < published:
            findings.append(
                Finding(
                    "R8",
                    Severity.WARNING,
                    (f"proactive.{row.key}.total", f"proactive.{row.key}.published"),
                    f"二、{row.label}：{row.column('total').label}（{total}）小于"
                    f"{row.column('published').label}（{published}）",
                    total,
                    published,
                )
            )
    previous = _last_year(report, context.previous)
    if previous is None:
        return findings
    for row in _proactive_rows(report, context, "prior_items", "change"):
        now = report.proactive.get(row.key, {}).get("prior_items")
        before = previous.proactive.get(row.key, {})
        base, change = before.get("prior_items"), before.get("change")
        if not (isinstance(now, int) and isinstance(base, int) and isinstance(change, int)):
            continue
        expected = base + change
        if now != expected:
            prior, changed = row.column("prior_items").label, row.column("change").label
            findings.append(
                Finding(
                    "R8",
                    Severity.WARNING,
                    (
                        f"proactive.{row.key}.prior_items",
                        f"previous.proactive.{row.key}.prior_items",
                        f"previous.proactive.{row.key}.change",
                    ),
                    f"二、{row.label}：{prior}（{now}）≠ 上年报告的{prior}+{changed}（{expected}）",
                    now,
                    expected,
                )
            )
    return findings


def r9_in_force_balance(report: AnnualReport, context: Context) -> list[Finding]:
    """二 where documents are counted as a stock (the 2021 format): 现行有效(y) = 现行有效(y−1) + 本年制发(y)
    − 本年废止(y)."""
    previous = _last_year(report, context.previous)
    if previous is None:
        return []
    findings = []
    for row in _proactive_rows(report, context, "in_force", "issued", "repealed"):
        cells = report.proactive.get(row.key, {})
        now, base = cells.get("in_force"), previous.proactive.get(row.key, {}).get("in_force")
        issued, repealed = cells.get("issued"), cells.get("repealed")
        if not all(isinstance(value, int) for value in (now, base, issued, repealed)):
            continue
        expected = int(base) + int(issued) - int(repealed)  # type: ignore[arg-type]
        if now != expected:
            findings.append(
                Finding(
                    "R9",
                    Severity.WARNING,
                    (
                        f"proactive.{row.key}.in_force",
                        f"previous.proactive.{row.key}.in_force",
                        f"proactive.{row.key}.issued",
                        f"proactive.{row.key}.repealed",
                    ),
                    f"二、{row.label}：现行有效件数（{now}）≠ 上年现行有效+本年制发−本年废止（{expected}）",
                    now,
                    expected,
                )
            )
    return findings


# 立法法第九十三条: 省、自治区、直辖市和设区的市、自治州的人民政府 may make 规章. A 自治州 is often
# written short ("黔东南州人民政府"), so any 州 government qualifies; its departments (州教育局) do not.
_RULE_MAKERS = re.compile(r"^(?:[^区县乡镇旗]*?(?:省|自治区|市|州)人民政府(?:办公厅|办公室)?|国务院.*)$")
_LOCAL = re.compile(r"[省市区县州盟旗乡镇]|街道")


def can_make_rules(agency: str) -> bool | None:
    """Whether an agency may make 规章 (立法法第九十一、九十三条: State Council departments, the
    省、自治区、直辖市, 设区的市 and 自治州 governments).

    A heuristic on the name: a 省/自治区/市/自治州 government (or its office, which publishes on its behalf)
    yes; a name with no local level in it (a State Council department) yes; any other local agency no.
    A county-level city's government looks like a 设区的市 and is let through.
    """
    name = agency.strip()
    if _RULE_MAKERS.match(name):
        return True
    return not _LOCAL.search(name)


def r10_rules_makers(report: AnnualReport, context: Context) -> list[Finding]:
    """规章 counts only from agencies that can make 规章."""
    if not report.agency or can_make_rules(report.agency):
        return []
    cells = report.proactive.get("rules", {})
    printed = {key: value for key, value in cells.items() if isinstance(value, int) and value > 0}
    if not printed:
        return []
    return [
        Finding(
            "R10",
            Severity.WARNING,
            tuple(f"proactive.rules.{key}" for key in printed),
            "二、规章：{agency}无规章制定权，却填报了规章数（{values}），可能误填了规范性文件".format(
                agency=report.agency, values="/".join(str(value) for value in printed.values())
            ),
            sum(printed.values()),
            0,
        )
    ]


def _prose_chars(text: str | None) -> int:
    return len(re.findall(r"[\u4e00-\u9fff]", text or ""))


def r11_problems_stated(report: AnnualReport, context: Context) -> list[Finding]:
    """Section 五 (存在的主要问题及改进情况) is not empty."""
    sections = report.sections
    if sections.problems is not None:
        if _prose_chars(sections.problems) >= 10:
            return []
    elif _prose_chars(sections.after_reviews) >= 60 or (sections.overview is None and sections.other is None):
        # The heading may be lost by an extractor while the prose is there; without any prose (a
        # JSON document) there is nothing to check.
        return []
    return [
        Finding("R11", Severity.WARNING, ("sections.五",), "五、存在的主要问题及改进情况：内容为空或未找到")
    ]


def r12_fee_stated(report: AnnualReport, context: Context) -> list[Finding]:
    """Section 六 states the 信息处理费 collected (an amount or none), where the format asks for it (from
    2021, when fees began: 国办函〔2020〕109号)."""
    if report.year is None or (report.sections.overview is None and report.sections.other is None):
        return []
    if report.sections.other and re.search(r"处理费|收费", report.sections.other):
        return []
    return [
        Finding(
            "R12",
            Severity.WARNING,
            ("sections.六",),
            "六、其他需要报告的事项：未说明信息处理费的收取情况（2021年起应写明收取金额或未收取）",
        )
    ]


def r13_period_and_date(report: AnnualReport, context: Context) -> list[Finding]:
    """The statistics cover 1 Jan–31 Dec of the year; published by 31 Jan (departments) / 31 Mar (governments)."""
    if report.year is None:
        return []
    findings = []
    if report.period is not None:
        expected = (f"{report.year}-01-01", f"{report.year}-12-31")
        if report.period != expected:
            findings.append(
                Finding(
                    "R13",
                    Severity.WARNING,
                    ("period",),
                    f"统计期限为{report.period[0]}至{report.period[1]}，应为{report.year}年1月1日至12月31日",
                )
            )
    if report.published_on:
        try:
            published = datetime.date.fromisoformat(report.published_on)
        except ValueError:
            return findings
        government = bool(
            report.agency and re.search(r"(人民政府|实验区|新区|管委会)(办公厅|办公室)?$", report.agency)
        )
        deadline = (
            datetime.date(report.year + 1, 3, 31) if government else datetime.date(report.year + 1, 1, 31)
        )
        if published > deadline:
            findings.append(
                Finding(
                    "R13",
                    Severity.WARNING,
                    ("published_on",),
                    f"报告发布于{published.isoformat()}，晚于{deadline.isoformat()}的公布期限",
                )
            )
    return findings


def r14_layout_matches_format(report: AnnualReport, context: Context) -> list[Finding]:
    """The report uses the year's format, and prints its layout: not an alternative layout of section 三
    (the single (六) in a 2021 report, the three (六) rows in a 2019 one), not an item of 二 the format
    dropped (第（九）项 in a 2021 report)."""
    findings = []
    if report.year is not None:
        due = format_for(report.year)
        if due.id != report.format:
            findings.append(
                Finding(
                    "R14",
                    Severity.ERROR,
                    ("format",),
                    f"{report.year}年度报告应使用{due.id}格式（{due.name}），实际为{report.format}格式",
                )
            )
    keys = set(report.applications) - set(report.absent_rows)
    for alternative in report.report_format.alternatives:
        printed = [row.key for row in alternative.rows if row.key in keys]
        if printed:
            cells = tuple(f"applications.{row}.{key}" for row in printed for key in APPLICANT_KEYS)
            findings.append(Finding("R14", Severity.ERROR, cells, alternative.message))
    for issue in report.layout_issues:
        findings.append(Finding("R14", Severity.ERROR, ("proactive",), issue))
    return findings


RULES: dict[str, Rule] = {
    "R1": r1_carry_balance,
    "R2": r2_row_total,
    "R3": r3_results_add_up,
    "R4": r4_review_totals,
    "R5": r5_cells_are_counts,
    "R6": r6_carried_over,
    "R7": r7_prose_matches_tables,
    "R8": r8_published_and_items,
    "R9": r9_in_force_balance,
    "R10": r10_rules_makers,
    "R11": r11_problems_stated,
    "R12": r12_fee_stated,
    "R13": r13_period_and_date,
    "R14": r14_layout_matches_format,
}

SEVERITY_ORDER = {Severity.ERROR: 0, Severity.WARNING: 1, Severity.INFO: 2}


def _rule_order(use: RuleUse) -> tuple[int, str]:
    number = use.id[1:]
    return (int(number) if number.isdigit() else len(RULES) + 1, use.id)


def validate(report: AnnualReport, previous: AnnualReport | None = None) -> list[Finding]:
    """Every finding of the rules the report's format lists, in rule order."""
    findings: list[Finding] = []
    for use in sorted(report.report_format.rules, key=_rule_order):
        check: Rule = use.check or RULES[use.id]
        findings.extend(check(report, Context(previous=previous, rule=use)))
    return findings
