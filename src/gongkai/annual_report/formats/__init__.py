"""The annual report formats as data: one module per format the State Council has published.

A format module defines one :class:`ReportFormat` — its tables, rows and labels, the years it applies to,
which of gongkai's decisions and catalog counts feed which cell, which rules apply, the words for its
rows — and is registered here. Everything else (the decision form, the counting, the build, the rules,
the parsers, the renderers, the open data, the roll-up) asks :func:`format_for` and the format it returns;
nothing else names a format. Adding a format is one module, ``fYYYY.py`` with its ``FORMAT``: every such
module here is registered when the package is imported.
"""

from __future__ import annotations

import importlib
import pkgutil
import re
from functools import cache

from gongkai.annual_report.formats.base import (
    Alternative,
    ApplicationRow,
    Column,
    DocumentCount,
    Documents,
    DroppedItem,
    Entered,
    EnteredYear,
    Measure,
    ProactiveItem,
    ProactiveRow,
    Reason,
    ReportFormat,
    ReviewGroup,
    RuleUse,
    Words,
    rule_uses,
)
from gongkai.annual_report.formats.common import APPLICANT_KEYS, REVIEW_KEYS, SECTIONS, TITLE

FORMATS: dict[str, ReportFormat] = {}


def register(report_format: ReportFormat) -> ReportFormat:
    """Make ``report_format`` known: reports of its years use it, and parsers may recognise it."""
    known = FORMATS.get(report_format.id)
    if known is not None and known is not report_format:
        raise ValueError(f"another format is registered as {report_format.id!r}")
    FORMATS[report_format.id] = report_format
    all_application_rows.cache_clear()
    return report_format


def unregister(report_format: ReportFormat) -> None:
    """Forget ``report_format`` (tests that register a format of their own)."""
    if FORMATS.get(report_format.id) is report_format:
        del FORMATS[report_format.id]
    all_application_rows.cache_clear()


def format_for(year: int | None) -> ReportFormat:
    """The format a report for ``year`` uses — the one place that knows which years a format covers.

    Of the formats covering the year, the one that took effect last (a format registered for a single
    year wins over an open-ended one); a year before every format takes the first; ``None`` (a report
    whose year is unknown) takes the format in force now, the open-ended one.
    """
    ordered = sorted(FORMATS.values(), key=lambda report_format: report_format.first_year)
    if year is None:
        current = [report_format for report_format in ordered if report_format.last_year is None]
        return (current or ordered)[-1]
    covering = [report_format for report_format in ordered if report_format.covers(year)]
    if covering:
        return covering[-1]
    earlier = [report_format for report_format in ordered if report_format.first_year <= year]
    return earlier[-1] if earlier else ordered[0]


@cache
def all_application_rows() -> tuple[ApplicationRow, ...]:
    """Every row of section 三 any registered format knows (its own rows and the ones a report of it may
    print instead), in table order, each key once; where formats label a row differently, the later
    format's label. For what spans formats: the JSON Schema, trends across years, the outcome chart."""
    rows: list[ApplicationRow] = []
    for report_format in sorted(FORMATS.values(), key=lambda report_format: report_format.first_year):
        sequence = report_format.known_rows
        for index, row in enumerate(sequence):
            keys = [known.key for known in rows]
            if row.key in keys:
                rows[keys.index(row.key)] = row
                continue
            # Before the next row of this format that is already placed, so that a row one format splits
            # (the 2019 (六) into the 2021 (六)1–3) is followed by its parts.
            following = [later.key for later in sequence[index + 1 :] if later.key in keys]
            rows.insert(keys.index(following[0]) if following else len(rows), row)
    return tuple(rows)


for _module in sorted(pkgutil.iter_modules(__path__), key=lambda module: module.name):
    if re.fullmatch(r"f\d{4}", _module.name):
        register(importlib.import_module(f"{__name__}.{_module.name}").FORMAT)


def decision_choices() -> list[tuple[str, str]]:
    """Every decision a registered format records, newest format first, named as the timeline states it
    (``（三）不予公开 属于国家秘密``): the choices of the model fields that hold a decision. A callable, so
    that registering a format needs no migration."""
    choices: dict[str, str] = {}
    for report_format in sorted(FORMATS.values(), key=lambda f: f.first_year, reverse=True):
        for row in report_format.result_rows:
            choices.setdefault(row.key, row.decision)
    return list(choices.items())


__all__ = [
    "APPLICANT_KEYS",
    "FORMATS",
    "REVIEW_KEYS",
    "SECTIONS",
    "TITLE",
    "Alternative",
    "ApplicationRow",
    "Column",
    "DocumentCount",
    "Documents",
    "DroppedItem",
    "Entered",
    "EnteredYear",
    "Measure",
    "ProactiveItem",
    "ProactiveRow",
    "Reason",
    "ReportFormat",
    "ReviewGroup",
    "RuleUse",
    "Words",
    "all_application_rows",
    "decision_choices",
    "format_for",
    "register",
    "rule_uses",
    "unregister",
]
