"""The annual report formats as data: one module per format the State Council has published.

Adding a format means adding a module and listing it in ``FORMATS``; everything else reads from here.
"""

from __future__ import annotations

from gongkai.annual_report.formats import f2019, f2021
from gongkai.annual_report.formats.base import (
    ApplicationRow,
    Column,
    ProactiveItem,
    ProactiveRow,
    ReportFormat,
    ReviewGroup,
)
from gongkai.annual_report.formats.common import (
    APPLICANT_KEYS,
    OTHER_PROCESSING_2019,
    REVIEW_KEYS,
    SECTIONS,
    TITLE,
)

FORMATS: dict[str, ReportFormat] = {f2019.FORMAT.id: f2019.FORMAT, f2021.FORMAT.id: f2021.FORMAT}


def format_for_year(year: int) -> ReportFormat:
    """The format a report for ``year`` must use (2019 and 2020: 2019 format; from 2021: 2021)."""
    for report_format in FORMATS.values():
        if report_format.covers(year):
            return report_format
    return f2019.FORMAT if year < 2021 else f2021.FORMAT


def all_application_rows() -> tuple[ApplicationRow, ...]:
    """Every row key either format knows, in table order (the 2019 (六) before the 2021 (六)1–3)."""
    rows = list(f2021.FORMAT.application_rows)
    index = next(i for i, row in enumerate(rows) if row.key == "other_no_correction")
    rows.insert(index, OTHER_PROCESSING_2019)
    return tuple(rows)


__all__ = [
    "APPLICANT_KEYS",
    "FORMATS",
    "REVIEW_KEYS",
    "SECTIONS",
    "TITLE",
    "ApplicationRow",
    "Column",
    "ProactiveItem",
    "ProactiveRow",
    "ReportFormat",
    "ReviewGroup",
    "all_application_rows",
    "format_for_year",
]
