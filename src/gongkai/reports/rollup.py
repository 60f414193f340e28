"""The government's own report combines its departments' reports (from records or imported).

``combine`` is pure: it adds the departments' tables cell by cell and lists, per department, its key
numbers, and which departments' reports are missing or break the rules. ``rollup`` reads the stored
records (one query) and calls it.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from typing import Any

from django.utils.translation import gettext_lazy as _

from gongkai.agencies.models import Agency
from gongkai.annual_report.formats import format_for
from gongkai.annual_report.model import AnnualReport, Finding, Severity, Value, empty_report
from gongkai.annual_report.rules import validate

# A department's line of the roll-up, in words (the staff report page).
STATUS_LABELS = {
    "ok": _("passes the rules"),
    "failing": _("breaks the rules"),
    "missing": _("no report"),
}


def department_lines(rollup_data: Mapping[str, Any]) -> list[dict[str, Any]]:
    """The departments of a stored roll-up (``Report.data["rollup"]``), each with ``status_label``."""
    return [
        {**line, "status_label": STATUS_LABELS.get(line.get("status", ""), line.get("status", ""))}
        for line in rollup_data.get("departments", [])
    ]


@dataclass
class DepartmentLine:
    name: str
    status: str  # "ok", "failing" or "missing"
    source: str = ""  # records / imported / "" when missing
    new_received: int | None = None
    carried_over: int | None = None
    total_processed: int | None = None
    carried_forward: int | None = None
    reconsideration: int | None = None
    litigation: int | None = None
    errors: tuple[str, ...] = ()

    def to_json(self) -> dict[str, Any]:
        return {
            key: (list(value) if isinstance(value, tuple) else value) for key, value in self.__dict__.items()
        }


@dataclass
class Rollup:
    report: AnnualReport
    departments: list[DepartmentLine] = field(default_factory=list)

    @property
    def missing(self) -> list[str]:
        return [line.name for line in self.departments if line.status == "missing"]

    @property
    def failing(self) -> list[str]:
        return [line.name for line in self.departments if line.status == "failing"]

    def to_json(self) -> dict[str, Any]:
        data = self.report.to_json()
        data["rollup"] = {
            "departments": [line.to_json() for line in self.departments],
            "missing": self.missing,
            "failing": self.failing,
        }
        return data


_AMOUNT = re.compile(r"-?\d+(?:\.\d+)?")


def _number(value: Value) -> Decimal | None:
    if isinstance(value, bool) or value is None:
        return None
    if isinstance(value, int | float):
        return Decimal(str(value))
    match = _AMOUNT.search(str(value).replace(",", "").replace("，", ""))
    if match is None:
        return None
    try:
        return Decimal(match.group(0))
    except InvalidOperation:
        return None


def _add(total: Value, value: Value, *, as_text: bool) -> Value:
    if not as_text and type(value) is int and (total is None or type(total) is int):
        return (total or 0) + value
    number = _number(value)
    if number is None:
        return total
    current = _number(total) or Decimal(0)
    result = current + number
    if as_text:
        return format(result.normalize(), "f")
    return int(result) if result == result.to_integral_value() else float(result)


def _total(report: AnnualReport, table: str, row: str) -> int | None:
    value = getattr(report, table).get(row, {}).get("total")
    return value if isinstance(value, int) else None


def combine(
    government: str,
    year: int,
    reports: Mapping[str, AnnualReport | None],
    order: Sequence[str] | None = None,
    findings: Mapping[str, Sequence[Finding]] | None = None,
) -> Rollup:
    """Add up ``reports`` (department name → its report, ``None`` when it has none) into ``government``'s.
    ``findings`` (name → the rule findings, where already known) saves validating again."""
    report_format = format_for(year)
    combined = empty_report(report_format, agency=government, year=year)
    lines = []
    text_columns = {
        (row.key, column)
        for row in report_format.proactive_rows
        for column in (*row.text_columns, *row.decimal_columns)
    }
    for name in order or list(reports):
        report = reports.get(name)
        if report is None:
            lines.append(DepartmentLine(name, "missing"))
            continue
        known = findings.get(name) if findings is not None else None
        errors = tuple(
            f"{f.rule} {f.message}"
            for f in (validate(report) if known is None else known)
            if f.severity == Severity.ERROR
        )
        lines.append(
            DepartmentLine(
                name,
                "failing" if errors else "ok",
                new_received=_total(report, "applications", "new_received"),
                carried_over=_total(report, "applications", "carried_over"),
                total_processed=_total(report, "applications", "total_processed"),
                carried_forward=_total(report, "applications", "carried_forward"),
                reconsideration=_total(report, "reviews", "reconsideration"),
                litigation=sum(
                    _total(report, "reviews", group) or 0
                    for group in ("litigation_direct", "litigation_after_reconsideration")
                ),
                errors=errors,
            )
        )
        if report.format != report_format.id:
            combined.notes.append(f"{name}的报告格式为{report.format}，与{year}年格式不符，未计入")
            continue
        for table in ("applications", "reviews"):
            target = getattr(combined, table)
            for row, cells in getattr(report, table).items():
                if row not in target:
                    # A row of an alternative layout (a 2019-style (六) in a 2021 report): added into the
                    # row of the format that counts it.
                    counted = report_format.row_for(row) if table == "applications" else None
                    if counted is None or counted.key not in target:
                        continue
                    row = counted.key
                for column, value in cells.items():
                    target[row][column] = _add(target[row][column], value, as_text=False)
        for row, cells in report.proactive.items():
            if row not in combined.proactive:
                continue
            for column, value in cells.items():
                if column in combined.proactive[row]:
                    combined.proactive[row][column] = _add(
                        combined.proactive[row][column], value, as_text=(row, column) in text_columns
                    )
    return Rollup(combined, lines)


def rollup(government: Agency, year: int) -> Rollup:
    """The government's report for ``year``: its own office's records (built now) and its departments'
    (direct children's) newest stored records, imported or built."""
    from .build import build_report
    from .models import Report

    departments = list(government.children.order_by("position", "name"))
    records = {
        record.agency_id: record
        for record in Report.objects.filter(agency__in=departments, year=year)
        .exclude(source=Report.Source.ROLLUP)
        .order_by("agency_id", "version")
    }
    reports: dict[str, AnnualReport | None] = {government.name: build_report(government, year).report}
    for agency in departments:
        reports[agency.name] = records[agency.pk].annual_report() if agency.pk in records else None
    return combine(government.name, year, reports, list(reports))
