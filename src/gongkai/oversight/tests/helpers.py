"""Shared by the oversight tests: the sample reports, ZIPs built from them, reports made to order."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path
from typing import Any

from gongkai.annual_report.formats import APPLICANT_KEYS, REVIEW_KEYS, format_for
from gongkai.annual_report.model import AnnualReport, empty_report
from gongkai.reports.auditing import audit_all, report_files
from gongkai.sample_reports import SAMPLE_REPORTS, data_files

FIXTURE_FILES = sorted(report_files([SAMPLE_REPORTS]))


def fixtures_zip(folder: str = "部门报告/") -> bytes:
    """Every sample file (expected results and README too) in a ZIP, under a folder."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for path in data_files():
            archive.write(path, folder + path.name)
    return buffer.getvalue()


def cli_findings() -> dict[str, list[tuple[str, str, str]]]:
    """What ``gongkai audit`` finds in the sample reports: per file name, (rule, severity, message)."""
    return {
        Path(result.source).name: [(f.rule, f.severity, f.message) for f in result.findings]
        for result in audit_all(FIXTURE_FILES)
    }


def balanced_report(agency: str, year: int, received: int = 3) -> AnnualReport:
    """A report whose tables add up: ``received`` natural persons' applications, all granted."""
    report = empty_report(format_for(year), agency, year)
    for row in report.applications:
        report.applications[row] = dict.fromkeys(APPLICANT_KEYS, 0)
    for kind in ("new_received", "granted", "total_processed"):
        report.applications[kind] = {
            **dict.fromkeys(APPLICANT_KEYS, 0),
            "natural_person": received,
            "total": received,
        }
    for group in report.reviews:
        report.reviews[group] = dict.fromkeys(REVIEW_KEYS, 0)
    for row, columns in report.proactive.items():
        report.proactive[row] = {key: (0 if key != "amount" else "0") for key in columns}
    return report


def upload(client: Any, name: str, data: bytes) -> Any:
    from django.core.files.uploadedfile import SimpleUploadedFile

    return client.post("/oversight/audits/", {"reports": [SimpleUploadedFile(name, data)]})
