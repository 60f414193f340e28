"""The annual report document (``gongkai.annual-report/1``) and its findings, as plain dataclasses.

No Django here: parsers build these, the validator reads them, renderers draw them, and
``to_json``/``from_json`` convert to and from the JSON shape in docs/design.md §3.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from gongkai.annual_report.formats import (
    APPLICANT_KEYS,
    FORMATS,
    REVIEW_KEYS,
    ApplicationRow,
    ReportFormat,
    format_for,
)

SCHEMA = "gongkai.annual-report/1"

Value = int | float | str | None
Cells = dict[str, Value]
Counts = dict[str, int | None]


class Severity:
    ERROR = "error"
    WARNING = "warning"
    INFO = "info"


def count_of(findings: Iterable[Finding], severity: str) -> int:
    """How many of ``findings`` are of ``severity``."""
    return sum(1 for finding in findings if finding.severity == severity)


class FindingCounts:
    """The error and warning counts every list of reports shows, for a class with ``findings``."""

    findings: list[Finding]

    @property
    def errors(self) -> int:
        return count_of(self.findings, Severity.ERROR)

    @property
    def warnings(self) -> int:
        return count_of(self.findings, Severity.WARNING)


@dataclass(frozen=True)
class Finding:
    """One rule result: which rule, how bad, which cells, the numbers on both sides, and why (中文)."""

    rule: str
    severity: str
    cells: tuple[str, ...]
    message: str
    left: Value = None
    right: Value = None

    def to_json(self) -> dict[str, Any]:
        data: dict[str, Any] = {
            "rule": self.rule,
            "severity": self.severity,
            "cells": list(self.cells),
            "message": self.message,
        }
        if self.left is not None or self.right is not None:
            data["left"] = self.left
            data["right"] = self.right
        return data

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> Finding:
        return cls(
            rule=str(data["rule"]),
            severity=str(data["severity"]),
            cells=tuple(data.get("cells", ())),
            message=str(data.get("message", "")),
            left=data.get("left"),
            right=data.get("right"),
        )


@dataclass
class Sections:
    """The prose of the report, by section (一 … 六); ``None`` where a heading was not found."""

    overview: str | None = None  # 一、总体情况
    problems: str | None = None  # 五、存在的主要问题及改进情况
    other: str | None = None  # 六、其他需要报告的事项
    preamble: str = ""  # title and text before 一
    # 五 may be present without its heading (PDF extractors drop lines): prose between 四 and 六.
    after_reviews: str | None = None


@dataclass
class AnnualReport:
    """An agency's annual report for one year, in the shape of ``gongkai.annual-report/1``.

    ``applications`` maps row keys of the format to the seven applicant columns; ``reviews`` maps the
    three review groups to five columns; ``proactive`` maps section 二 row keys to their columns.
    A ``None`` value is a blank or unreadable cell — never silently 0. ``raw`` keeps the printed text
    of cells that were not integers (``/``, ``—``), keyed by cell path, so rule R5 can quote it.
    """

    agency: str | None
    year: int | None
    format: str
    proactive: dict[str, Cells] = field(default_factory=dict)
    applications: dict[str, Counts] = field(default_factory=dict)
    reviews: dict[str, Counts] = field(default_factory=dict)
    findings: list[Finding] = field(default_factory=list)
    # Parse notes: how ambiguous or damaged cells were read (中文, naming the table and row).
    notes: list[str] = field(default_factory=list)
    raw: dict[str, str] = field(default_factory=dict)
    sections: Sections = field(default_factory=Sections)
    source: str | None = None
    layout: str | None = None
    published_on: str | None = None  # ISO date, where the document states it
    period: tuple[str, str] | None = None  # statistics period as stated (ISO dates)
    # Rows the layout did not print at all (not blank: absent), e.g. 2021 (六)1–3 in a 2019-style (六).
    absent_rows: tuple[str, ...] = ()
    # Layout facts that break the year's format, seen while parsing (e.g. 第（九）项 in a 2021 report).
    layout_issues: list[str] = field(default_factory=list)
    # Cells whose printed text allows several readings that all satisfy the format's arithmetic: cell
    # path → the candidate values. Such a cell is ``None`` in its table — the reader never picks one.
    ambiguous: dict[str, tuple[Value, ...]] = field(default_factory=dict)

    @property
    def report_format(self) -> ReportFormat:
        return FORMATS[self.format]

    def printed_rows(self) -> list[ApplicationRow]:
        """The rows of section 三 the report holds, in table order: its format's, or the ones of an
        alternative layout it printed instead (rows the layout did not print are left out)."""
        return [
            row
            for row in self.report_format.known_rows
            if row.key in self.applications and row.key not in self.absent_rows
        ]

    def cell(self, path: str) -> Value:
        """The value at a dotted path such as ``applications.total_processed.natural_person``."""
        table, row, column = path.split(".")
        rows: dict[str, Any] = getattr(self, table)
        return rows.get(row, {}).get(column)

    def to_json(self) -> dict[str, Any]:
        data: dict[str, Any] = {
            "schema": SCHEMA,
            "agency": self.agency,
            "year": self.year,
            "format": self.format,
            "proactive": self.proactive,
            "applications": self.applications,
            "reviews": self.reviews,
            "findings": [finding.to_json() for finding in self.findings],
        }
        if self.source:
            data["file"] = self.source
        if self.layout:
            data["layout"] = self.layout
        if self.notes:
            data["notes"] = list(self.notes)
        if self.published_on:
            data["published_on"] = self.published_on
        if self.ambiguous:
            data["ambiguous"] = {path: list(values) for path, values in self.ambiguous.items()}
        return data

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> AnnualReport:
        """A report from its JSON; raises ``ValueError`` for a document of another schema."""
        if data.get("schema") != SCHEMA:
            raise ValueError(f"not a {SCHEMA} document")
        year = int(data["year"]) if data.get("year") is not None else None
        format_id = str(data.get("format") or "")
        applications = data.get("applications") or {}
        report = cls(
            agency=data.get("agency"),
            year=year,
            format=format_id if format_id in FORMATS else format_for(year).id,
            proactive={key: dict(value) for key, value in (data.get("proactive") or {}).items()},
            applications={key: dict(value) for key, value in applications.items()},
            reviews={key: dict(value) for key, value in (data.get("reviews") or {}).items()},
            findings=[Finding.from_json(item) for item in data.get("findings") or ()],
            notes=list(data.get("notes") or ()),
            source=data.get("file"),
            layout=data.get("layout"),
            published_on=data.get("published_on"),
            ambiguous={str(path): tuple(values) for path, values in (data.get("ambiguous") or {}).items()},
        )
        for alternative in report.report_format.alternatives:
            if any(row.key in applications for row in alternative.rows):
                # Printed in the alternative layout: the rows it replaces were not printed, unless filled.
                report.absent_rows += tuple(
                    key
                    for key in alternative.replaces
                    if all(value is None for value in (applications.get(key) or {}).values())
                )
        return report


def empty_counts(keys: tuple[str, ...]) -> Counts:
    return dict.fromkeys(keys)


def empty_report(
    report_format: ReportFormat, agency: str | None = None, year: int | None = None
) -> AnnualReport:
    """A report of ``report_format`` with every cell null."""
    return AnnualReport(
        agency=agency,
        year=year,
        format=report_format.id,
        proactive={
            row.key: dict.fromkeys(column.key for column in row.columns)
            for row in report_format.proactive_rows
        },
        applications={row.key: empty_counts(APPLICANT_KEYS) for row in report_format.application_rows},
        reviews={group.key: empty_counts(REVIEW_KEYS) for group in report_format.review_groups},
    )
