"""The dashboard as an XLSX workbook (openpyxl): one sheet, one row per agency, a frozen header."""

from __future__ import annotations

import io
from collections.abc import Iterable

from django.utils.translation import gettext as _
from openpyxl import Workbook

from .dashboard import Row


def dashboard_workbook(rows: Iterable[Row], year: int) -> bytes:
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.title = str(year)
    sheet.append(
        [
            _("Agency"),
            _("Year"),
            _("Report status"),
            _("Version"),
            _("Publication"),
            _("Deadline"),
            _("Errors"),
            _("Warnings"),
            _("Findings"),
            _("Open applications"),
            _("Overdue"),
            _("Provisional deadlines"),
            _("Supplements requested late"),
            _("Reviews pending"),
            _("Article 20 items without a current document"),
        ]
    )
    for row in rows:
        sheet.append(
            [
                row.agency.name,
                year,
                str(row.status_label),
                row.record.version if row.record else None,
                str(row.timeliness_label),
                row.deadline,
                row.errors,
                row.warnings,
                "\n".join(f"{finding.rule} {finding.message}" for finding in row.findings),
                row.open,
                row.overdue,
                row.provisional,
                row.supplement_late,
                row.reviews,
                "、".join(row.missing_labels),
            ]
        )
    sheet.freeze_panes = "A2"
    sheet.column_dimensions["A"].width = 30
    sheet.column_dimensions["I"].width = 60
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()
