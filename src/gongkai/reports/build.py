"""Generation of annual reports from gongkai's records: one grouped query per section for any number of
agencies, no per-cell queries.

``build_reports(agencies, year)`` returns, per agency, the ``AnnualReport`` (sections 二, 三, 四) and its
provenance — for every cell of 三 and 四, the ids it counts (``"applications.granted.natural_person"`` →
application ids, ``"reviews.reconsideration.upheld"`` → review case ids). What each cell counts is defined
once in :mod:`.counting`.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from django.db.models import Count

from gongkai.agencies.models import Agency
from gongkai.annual_report.formats import APPLICANT_KEYS, REVIEW_KEYS, ReportFormat, format_for
from gongkai.annual_report.model import AnnualReport, empty_report
from gongkai.applications.models import Application, ApplicationQuerySet
from gongkai.catalog.proactive import proactive_for_many
from gongkai.reviews.models import Review, ReviewQuerySet

from .counting import CARRIED_FORWARD, GroupConcat, applications_in_table, reviews_in_table

Provenance = dict[str, list[int]]
APPLICANT_COLUMNS = tuple(key for key in APPLICANT_KEYS if key != "total")
REVIEW_COLUMNS = tuple(key for key in REVIEW_KEYS if key != "total")


@dataclass
class Built:
    agency: Agency
    year: int
    report: AnnualReport
    provenance: Provenance = field(default_factory=dict)


def _ids(text: str | None) -> list[int]:
    return [int(part) for part in text.split(",")] if text else []


def _zero_tables(report: AnnualReport) -> None:
    for counts in report.applications.values():
        for key in counts:
            counts[key] = 0
    for cases in report.reviews.values():
        for key in cases:
            cases[key] = 0


def build_reports(
    agencies: Sequence[Agency] | None, year: int, *, proactive: bool = True
) -> dict[int, Built]:
    """Sections 二, 三 and 四 of ``year`` for ``agencies`` (``None``: every agency), keyed by agency id."""
    report_format = format_for(year)
    agency_list = list(Agency.objects.all()) if agencies is None else list(agencies)
    built: dict[int, Built] = {}
    for agency in agency_list:
        report = empty_report(report_format, agency=agency.name, year=year)
        _zero_tables(report)
        built[agency.pk] = Built(agency, year, report)
    if not built:
        return built
    applications = Application.objects.all()
    reviews = Review.objects.all()
    if agencies is not None:
        applications = applications.filter(agency_id__in=list(built))
        reviews = reviews.filter(agency_id__in=list(built))
    _count_applications(built, year, report_format, applications)
    _count_reviews(built, year, reviews)
    sections_two = proactive_for_many(agency_list, year, report_format) if proactive else {}
    for item in built.values():
        _totals(item)
        if proactive:
            item.report.proactive = sections_two[item.agency.pk]
    return built


def build_report(agency: Agency, year: int, *, proactive: bool = True) -> Built:
    return build_reports([agency], year, proactive=proactive)[agency.pk]


def _count_applications(
    built: dict[int, Built], year: int, report_format: ReportFormat, queryset: ApplicationQuerySet
) -> None:
    rows = (
        applications_in_table(year, queryset)
        .values("agency_id", "applicant_kind", "intake", "result")  # type: ignore[misc]
        .annotate(n=Count("id"), ids=GroupConcat("id"))
        .order_by()
    )
    catch_all = report_format.catch_all
    for row in rows:
        item = built[row["agency_id"]]
        column = row["applicant_kind"]
        ids = _ids(row["ids"])
        result = row["result"]
        if result != CARRIED_FORWARD:
            # The stored decision, counted in the row of the year's format that counts it.
            counted = report_format.row_for(result)
            if counted is None:
                item.report.notes.append(
                    f"{len(ids)}件申请的办理结果“{result}”不属于本格式，计入{catch_all.heading}"
                )
                counted = catch_all
            result = counted.key
        for key in (row["intake"], result):
            item.report.applications[key][column] = (item.report.applications[key][column] or 0) + row["n"]
            item.provenance.setdefault(f"applications.{key}.{column}", []).extend(ids)


def _count_reviews(built: dict[int, Built], year: int, queryset: ReviewQuerySet) -> None:
    rows = (
        reviews_in_table(year, queryset)
        .values("agency_id", "kind", "outcome_on")  # type: ignore[misc]
        .annotate(n=Count("id"), ids=GroupConcat("id"))
        .order_by()
    )
    for row in rows:
        item = built[row["agency_id"]]
        cases = item.report.reviews[row["kind"]]
        cases[row["outcome_on"]] = (cases[row["outcome_on"]] or 0) + row["n"]
        item.provenance.setdefault(f"reviews.{row['kind']}.{row['outcome_on']}", []).extend(_ids(row["ids"]))


def _union(provenance: Provenance, paths: Iterable[str]) -> list[int]:
    """The ids of several cells (disjoint: each record is in one cell of a row or column)."""
    ids: list[int] = []
    for path in paths:
        ids.extend(provenance.get(path, ()))
    return ids


def _totals(item: Built) -> None:
    """总计 columns, (七)总计 and the reviews' 总计, with the union of their cells' ids."""
    report, provenance = item.report, item.provenance
    results = [row.key for row in report.report_format.result_rows]
    processed = report.applications["total_processed"]
    for column in APPLICANT_COLUMNS:
        processed[column] = sum(report.applications[row][column] or 0 for row in results)
        provenance[f"applications.total_processed.{column}"] = _union(
            provenance, (f"applications.{row}.{column}" for row in results)
        )
    for key, counts in report.applications.items():
        counts["total"] = sum(counts[column] or 0 for column in APPLICANT_COLUMNS)
        provenance[f"applications.{key}.total"] = _union(
            provenance, (f"applications.{key}.{column}" for column in APPLICANT_COLUMNS)
        )
    for group, cases in report.reviews.items():
        cases["total"] = sum(cases[column] or 0 for column in REVIEW_COLUMNS)
        provenance[f"reviews.{group}.total"] = _union(
            provenance, (f"reviews.{group}.{column}" for column in REVIEW_COLUMNS)
        )
    # Empty cells are left out of the provenance: no ids behind a 0.
    for path in [path for path, ids in provenance.items() if not ids]:
        del provenance[path]


def cell_kind(path: str) -> str:
    """``applications`` or ``reviews``: which records the ids of a cell path name."""
    table = path.split(".", 1)[0]
    if table not in ("applications", "reviews"):
        raise ValueError(path)
    return table
