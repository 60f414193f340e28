"""Open data: published reports as ``gongkai.annual-report/1`` JSON and as CSV, one row per cell; trends
across years and formats; published-vs-recorded differences. Only published reports ever come out of here.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from typing import Any

from django.db.models import Q

from gongkai.agencies.models import Agency
from gongkai.annual_report.formats import APPLICANT_KEYS, REVIEW_KEYS, all_application_rows, format_for
from gongkai.annual_report.model import AnnualReport, Value
from gongkai.reports.models import Report
from gongkai.reports.tables import cell_label

CSV_FIELDS = ("agency_code", "agency", "year", "format", "section", "row", "column", "value")


def agency_code(agency: Agency) -> str:
    """The stable key of an agency in open-data URLs: its unified social credit code, else its id."""
    return agency.credit_code or str(agency.pk)


def agency_by_code(code: str) -> Agency | None:
    condition = Q(credit_code=code.upper())
    if code.isdigit():
        condition |= Q(pk=int(code))
    return Agency.objects.filter(condition).first()


def published_records(agency: Agency | None = None) -> list[Report]:
    """The newest published version of every agency-year (of ``agency`` only, if given), by agency (tree
    order) and year."""
    records = Report.objects.published().select_related("agency").order_by("version")
    if agency is not None:
        records = records.for_agency(agency)
    newest: dict[tuple[int, int], Report] = {}
    for record in records:
        newest[(record.agency_id, record.year)] = record
    return sorted(newest.values(), key=lambda record: (record.agency.path, record.year))


def published_record(agency: Agency, year: int) -> Report | None:
    return Report.objects.for_agency(agency).of_year(year).published().order_by("-version").first()


def document(record: Report) -> dict[str, Any]:
    """The published report as ``gongkai.annual-report/1``."""
    return record.annual_report().to_json()


def cells(report: AnnualReport) -> Iterator[tuple[str, str, str, Value]]:
    """(section, row, column, value) of every cell of 二, 三 and 四, in table order."""
    report_format = report.report_format
    for proactive in report_format.proactive_rows:
        for column in proactive.columns:
            yield (
                "proactive",
                proactive.key,
                column.key,
                report.proactive.get(proactive.key, {}).get(column.key),
            )
    for row in report.printed_rows():
        for key in APPLICANT_KEYS:
            yield "applications", row.key, key, report.applications[row.key].get(key)
    for group in report_format.review_groups:
        for key in REVIEW_KEYS:
            yield "reviews", group.key, key, report.reviews.get(group.key, {}).get(key)


def csv_rows(record: Report) -> Iterator[tuple[Any, ...]]:
    report = record.annual_report()
    code = agency_code(record.agency)
    for section, row, column, value in cells(report):
        yield (
            code,
            record.agency.name,
            record.year,
            report.format,
            section,
            row,
            column,
            "" if value is None else value,
        )


def write_csv(records: Iterable[Report]) -> str:
    """CSV text (UTF-8 with a BOM so that spreadsheet programs read the Chinese) of the records' cells."""
    out = io.StringIO()
    out.write("\ufeff")
    writer = csv.writer(out)
    writer.writerow(CSV_FIELDS)
    for record in records:
        writer.writerows(csv_rows(record))
    return out.getvalue()


# ---- trends across years (and across the 2019 → 2021 format change)


@dataclass
class TrendRow:
    section: str
    key: str
    label: str
    values: Sequence[Value]
    # For each year: the row exists in that year's format (else the value is not comparable, and marked).
    present: list[bool]

    @property
    def comparable(self) -> bool:
        return all(self.present)

    @property
    def cells(self) -> list[tuple[Value, bool]]:
        return list(zip(self.values, self.present, strict=True))


def trend_rows(reports: list[AnnualReport]) -> list[TrendRow]:
    """The 总计 column of every row of 三 and 四, year by year; rows a year's format lacks are marked."""
    rows = []
    for row in all_application_rows():
        present = [
            any(known.key == row.key for known in report.report_format.application_rows) for report in reports
        ]
        if not any(present):
            continue
        label = (row.group + " " if row.group and not row.label.startswith(row.group[3:]) else "") + row.label
        values = [
            report.applications.get(row.key, {}).get("total") if ok else None
            for report, ok in zip(reports, present, strict=True)
        ]
        rows.append(TrendRow("applications", row.key, label, values, present))
    # Section 四 is the same in every format: the groups of the newest year's.
    for group in (reports[-1].report_format if reports else format_for(None)).review_groups:
        values = [report.reviews.get(group.key, {}).get("total") for report in reports]
        rows.append(
            TrendRow("reviews", group.key, f"{group.parent}{group.label}", values, [True] * len(reports))
        )
    return rows


# ---- published vs recorded


@dataclass(frozen=True)
class CellDifference:
    path: str
    published: Value
    recorded: Value

    @property
    def label(self) -> str:
        """The cell by its row and column, as the report form names it."""
        return cell_label(self.path)


def differences(published: AnnualReport, recorded: AnnualReport) -> list[CellDifference]:
    """Cells of 三 and 四 where the published report and gongkai's records disagree (rows both have)."""
    found = []
    for section in ("applications", "reviews"):
        mine: dict[str, dict[str, Any]] = getattr(published, section)
        theirs: dict[str, dict[str, Any]] = getattr(recorded, section)
        keys = APPLICANT_KEYS if section == "applications" else REVIEW_KEYS
        for row in mine:
            if row not in theirs:
                continue
            for key in keys:
                left, right = mine[row].get(key), theirs[row].get(key)
                if left != right:
                    found.append(CellDifference(f"{section}.{row}.{key}", left, right))
    return found
