"""Section 二 for many agencies at once: the catalog's ``proactive_counts`` as grouped queries.

``gongkai.catalog.proactive.proactive_counts(agency, year)`` asks ~8 queries per agency; a province's
thousand agencies would ask 8,000. This asks the same named catalog QuerySet methods (``public``,
``of_item``, ``written_in``, ``published_in``, ``published_by``, ``repealed_in``, ``in_force_on``) once per
column, grouped by agency, and maps ``DecisionCount`` rows the same way (its helpers are reused). A test
(``test_build_proactive.py``) checks that both give the same numbers for every agency.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable, Sequence
from typing import Any

from django.db.models import Count

from gongkai.agencies.models import Agency


def proactive_for_many(
    agencies: Sequence[Agency], year: int, report_format: str
) -> dict[int, dict[str, Any]]:
    """Agency id → the section 二 dict of ``proactive_counts(agency, year, report_format)``."""
    from gongkai.catalog.models import Article20Item, DecisionCount, Document, DocumentQuerySet
    from gongkai.catalog.proactive import decision_cells

    ids = [agency.pk for agency in agencies]
    year_end = datetime.date(year, 12, 31)
    documents = Document.objects.filter(agency_id__in=ids)
    public = documents.public()
    measures: dict[str, Callable[[str], DocumentQuerySet]]
    if report_format == "2019":
        measures = {
            "made": lambda item: documents.of_item(item).written_in(year),
            "published": lambda item: public.of_item(item).published_in(year),
            "total": lambda item: public.of_item(item).published_by(year_end),
        }
    else:
        measures = {
            "issued": lambda item: public.of_item(item).published_in(year),
            "repealed": lambda item: public.of_item(item).repealed_in(year),
            "in_force": lambda item: public.of_item(item).in_force_on(year_end),
        }
    result: dict[int, dict[str, Any]] = {pk: {} for pk in ids}
    for item in (Article20Item.RULES, Article20Item.NORMATIVE_DOCUMENTS):
        for pk in ids:
            result[pk][str(item)] = dict.fromkeys(measures, 0)
        for column, queryset in measures.items():
            for row in queryset(item).values("agency_id").annotate(n=Count("id")).order_by():
                result[row["agency_id"]][str(item)][column] = row["n"]
    counts = {
        (row.agency_id, row.year): row
        for row in DecisionCount.objects.filter(agency_id__in=ids, year__in=(year, year - 1))
    }
    for pk in ids:
        current = counts.get((pk, year)) or DecisionCount(agency_id=pk, year=year)
        prior = counts.get((pk, year - 1)) or DecisionCount(agency_id=pk, year=year - 1)
        result[pk].update(decision_cells(report_format, current, prior))
    return result
