"""Section 二 of the annual report (主动公开政府信息情况) from the catalog and the entered decision counts.

What each cell measures is the format's (``ProactiveRow.measures`` in :mod:`gongkai.annual_report.formats`):
a count of the catalog's documents of the row's item of 条例第二十条, or a number entered per agency and year
(``DecisionCount``: 许可、处罚、强制、收费、采购; ``null`` where not entered). Here each measure becomes the
named QuerySet methods the catalog pages use, so that a report cell and a list page cannot disagree.

``proactive_for_many(agencies, year)`` asks these QuerySets once per column grouped by agency (a province's
thousand agencies, or one); a test checks it against the same cells counted one agency at a time.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable, Sequence
from decimal import Decimal
from typing import Any

from django.db.models import Count

from gongkai.agencies.models import Agency
from gongkai.annual_report.formats import (
    DocumentCount,
    Documents,
    Entered,
    EnteredYear,
    ReportFormat,
    format_for,
)

from .disclosure import missing_items
from .models import DecisionCount, Document, DocumentQuerySet

__all__ = ["items_covered", "missing_items"]

Section = dict[str, dict[str, Any]]


def _year_end(year: int) -> datetime.date:
    return datetime.date(year, 12, 31)


# What each kind of document count is, as the catalog's named QuerySet methods (``documents``: all of an
# agency's documents of the row's item, whatever their status).
DOCUMENT_COUNTS: dict[DocumentCount, Callable[[DocumentQuerySet, int], DocumentQuerySet]] = {
    DocumentCount.WRITTEN: lambda documents, year: documents.written_in(year),
    DocumentCount.PUBLISHED: lambda documents, year: documents.public().published_in(year),
    DocumentCount.PUBLISHED_BY_END: lambda documents, year: documents.public().published_by(_year_end(year)),
    DocumentCount.MADE: lambda documents, year: documents.public().made_in(year),
    DocumentCount.ENDED: lambda documents, year: documents.public().made_by(_year_end(year)).ended_in(year),
    DocumentCount.IN_FORCE_AT_END: lambda documents, year: documents.public().in_force_on(_year_end(year)),
}


def counted_documents(
    documents: DocumentQuerySet, item: str, count: DocumentCount, year: int
) -> DocumentQuerySet:
    """The documents of ``item`` a cell measuring ``count`` counts for ``year``."""
    return DOCUMENT_COUNTS[count](documents.of_item(item), year)


def entered_value(measure: Entered, this: DecisionCount, prior: DecisionCount) -> Any:
    """A cell from the entered counts: this year's figure, last year's, or the change between them;
    amounts as their printed text, blanks as ``None``."""
    if measure.year == EnteredYear.CHANGE:
        now, before = getattr(this, measure.field), getattr(prior, measure.field)
        return None if now is None or before is None else now - before
    value = getattr(prior if measure.year == EnteredYear.PRIOR else this, measure.field)
    if isinstance(value, Decimal):
        return format(value.normalize(), "f")
    return value if value != "" else None


def _entered(report_format: ReportFormat, this: DecisionCount, prior: DecisionCount) -> Section:
    """The cells of ``report_format`` that come from the entered counts."""
    return {
        row.key: {
            column: entered_value(measure, this, prior)
            for column, measure in row.measures.items()
            if isinstance(measure, Entered)
        }
        for row in report_format.proactive_rows
    }


def _in_table_order(report_format: ReportFormat, cells: Section) -> Section:
    return {
        row.key: {column.key: cells.get(row.key, {}).get(column.key) for column in row.columns}
        for row in report_format.proactive_rows
    }


def proactive_for_many(
    agencies: Sequence[Agency], year: int, report_format: ReportFormat | None = None
) -> dict[int, Section]:
    """Agency id → the section 二 numbers of that agency for ``year`` in ``report_format`` (default: the
    year's), in one grouped query per document column and one query for the entered counts."""
    report_format = report_format or format_for(year)
    ids = [agency.pk for agency in agencies]
    documents = Document.objects.filter(agency_id__in=ids)
    entered = {
        (row.agency_id, row.year): row
        for row in DecisionCount.objects.filter(agency_id__in=ids, year__in=(year, year - 1))
    }
    result: dict[int, Section] = {}
    for pk in ids:
        this = entered.get((pk, year)) or DecisionCount(agency_id=pk, year=year)
        prior = entered.get((pk, year - 1)) or DecisionCount(agency_id=pk, year=year - 1)
        result[pk] = _entered(report_format, this, prior)
    for row in report_format.proactive_rows:
        for column, measure in row.measures.items():
            if not isinstance(measure, Documents):
                continue
            for pk in ids:
                result[pk][row.key][column] = 0
            counted = counted_documents(documents, row.key, measure.count, year)
            for found in counted.values("agency_id").annotate(n=Count("id")).order_by():
                result[found["agency_id"]][row.key][column] = found["n"]
    return {pk: _in_table_order(report_format, cells) for pk, cells in result.items()}


def items_covered(agencies: Any, today: datetime.date) -> dict[int, set[str]]:
    """The items of 条例第二十条 each agency of ``agencies`` (a queryset of agencies or of their ids) has a
    current document for — public and in force on ``today``, the catalog's named filters — in one query.
    With ``disclosure.missing_items`` this is the coverage check of the oversight dashboard."""
    pairs = (
        Document.objects.public()
        .in_force_on(today)
        .filter(agency__in=agencies)
        .exclude(article20_item="")
        .order_by()
        .values_list("agency_id", "article20_item")
        .distinct()
    )
    covered: dict[int, set[str]] = {}
    for agency_id, item in pairs:
        covered.setdefault(agency_id, set()).add(item)
    return covered
