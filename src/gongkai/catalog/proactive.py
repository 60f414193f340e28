"""Section 二 of the annual report (主动公开政府信息情况) from the catalog and the entered decision counts.

The dict shapes are those of DESIGN.md §3 (``proactive``). Document counts use the same named QuerySet
methods as the catalog pages, so that a report cell and a list page cannot disagree:

* 2019 format, 规章 / 规范性文件: ``made`` — written in the year; ``published`` — published in the year;
  ``total`` — published by the end of the year (all 对外公开, whatever their validity now).
* 2021 format: ``issued`` — published in the year; ``repealed`` — repealed in the year; ``in_force`` — in
  force at the end of the year.

Decision counts, fees and procurement come from ``DecisionCount`` (``null`` where not entered).
"""

from __future__ import annotations

import datetime
from decimal import Decimal
from typing import Any

from gongkai.agencies.models import Agency
from gongkai.annual_report.formats import FORMATS, format_for

from .models import Article20Item, DecisionCount, Document


def _amount(value: Decimal | None) -> str | None:
    if value is None:
        return None
    return format(value.normalize(), "f")


def _change(current: int | None, prior: int | None) -> int | None:
    return None if current is None or prior is None else current - prior


def proactive_counts(agency: Agency, year: int, report_format: str | None = None) -> dict[str, Any]:
    """The section 二 numbers of ``agency`` for ``year`` in ``report_format`` (default: the year's format)."""
    report_format = report_format or format_for(year).id
    if report_format not in FORMATS:
        raise ValueError(f"unknown report format {report_format!r}")
    documents = Document.objects.for_agency(agency)
    public = documents.public()
    year_end = datetime.date(year, 12, 31)
    counts = DecisionCount.objects.filter(agency=agency, year=year).first() or DecisionCount(
        agency=agency, year=year
    )
    prior = DecisionCount.objects.filter(agency=agency, year=year - 1).first() or DecisionCount(
        agency=agency, year=year - 1
    )
    result: dict[str, Any] = {}
    items = (Article20Item.RULES, Article20Item.NORMATIVE_DOCUMENTS)
    if report_format == "2019":
        for item in items:
            of_item = public.of_item(item)
            result[str(item)] = {
                "made": documents.of_item(item).written_in(year).count(),
                "published": of_item.published_in(year).count(),
                "total": of_item.published_by(year_end).count(),
            }
    else:
        for item in items:
            of_item = public.of_item(item)
            result[str(item)] = {
                "issued": of_item.published_in(year).count(),
                "repealed": of_item.repealed_in(year).count(),
                "in_force": of_item.in_force_on(year_end).count(),
            }
    result.update(decision_cells(report_format, counts, prior))
    return result


def decision_cells(report_format: str, counts: DecisionCount, prior: DecisionCount) -> dict[str, Any]:
    """The section 二 cells that come from the entered decision counts (许可、处罚、强制、收费、采购), given
    this year's and last year's ``DecisionCount`` (unsaved, all None, where not entered)."""
    if report_format != "2019":
        cells: dict[str, Any] = {
            key: {"decisions": getattr(counts, f"{key}_decisions")}
            for key in ("licensing", "penalty", "enforcement")
        }
        cells["fees"] = {"amount_10k_yuan": _amount(counts.fee_amount_10k_yuan)}
        return cells
    cells = {}
    for key in ("licensing", "other_services", "penalty", "enforcement"):
        prior_items = getattr(prior, f"{key}_items")
        cells[key] = {
            "prior_items": prior_items,
            "change": _change(getattr(counts, f"{key}_items"), prior_items),
            "decisions": getattr(counts, f"{key}_decisions"),
        }
    cells["fees"] = {"prior_items": prior.fee_items, "change": _change(counts.fee_items, prior.fee_items)}
    cells["procurement"] = {
        "projects": counts.procurement_projects,
        "amount": counts.procurement_amount or None,
    }
    return cells
