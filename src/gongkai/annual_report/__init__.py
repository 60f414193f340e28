"""The annual report's domain, as a library that knows nothing of Django or of gongkai's apps.

It holds the ``gongkai.annual-report/1`` document (:class:`AnnualReport`), the State Council's formats
(:mod:`.formats`: tables, rows, columns, labels, which of gongkai's decisions and catalog counts feed which
cell, which rules apply, the words for each row), the reconciliation rules R1–R14 (:func:`validate`), the
numbers-to-prose narrative (:mod:`.narrative`), the year-over-year charts (:mod:`.charts`) and the JSON
Schema (:mod:`.schema`). The Django apps build, parse, render, store and publish reports with it::

    >>> from gongkai.annual_report import AnnualReport, empty_report, formats, validate
    >>> report = empty_report(formats.format_for(2023), agency="某局", year=2023)
    >>> [finding.rule for finding in validate(report)][:1]
    ['R5']
"""

from __future__ import annotations

from gongkai.annual_report import formats
from gongkai.annual_report.model import SCHEMA, AnnualReport, Finding, Severity, empty_report
from gongkai.annual_report.rules import validate

__all__ = ["SCHEMA", "AnnualReport", "Finding", "Severity", "empty_report", "formats", "validate"]
