"""Decisions, coded to exactly one row of section 三 of the annual-report format of the year they are made in.

The rows, the words letters use for them and the provision a reply letter usually cites are the format's
(:mod:`gongkai.annual_report.formats`): which decisions may be chosen depends on the year the decision is
made in, and an application closed without a decision of its own (withdrawn, no supplement in time, the
fee unpaid) is stored under the row the format counts that reason in (``ApplicationRow.maps_from``).
"""

from __future__ import annotations

from gongkai.annual_report.formats import FORMATS, ApplicationRow, Reason, format_for


def outcomes_for(year: int) -> tuple[ApplicationRow, ...]:
    """The decisions that may be recorded in ``year``: the result rows (一)…(六) of the year's format."""
    return format_for(year).result_rows


def outcome_row(key: str, year: int | None = None) -> ApplicationRow | None:
    """The row a stored decision names: in the format of ``year`` (the decision's), else in the newest
    format that has it."""
    formats = sorted(FORMATS.values(), key=lambda report_format: report_format.first_year, reverse=True)
    if year is not None:
        formats.insert(0, format_for(year))
    for report_format in formats:
        for row in report_format.result_rows:
            if row.key == key:
                return row
    return None


def closing_outcome(year: int, reason: Reason) -> str:
    """The row an application closed in ``year`` for ``reason`` (no decision of its own) is stored under."""
    report_format = format_for(year)
    return (report_format.row_for(reason) or report_format.catch_all).key
