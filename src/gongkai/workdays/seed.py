"""Seeding the calendar from the ``chinesecalendar`` package: idempotent, and never over staff's work."""

from __future__ import annotations

import logging
from collections import defaultdict

from django.db import transaction
from django.utils.translation import gettext as _

from gongkai.agencies.demo import DemoResult

from . import source
from .calendar import SpecialDay
from .models import CalendarDay, CalendarYear
from .signals import note_calendar_change

logger = logging.getLogger("gongkai.workdays")


@transaction.atomic
def seed_from_chinesecalendar(using: str | None = None) -> list[int]:
    """Add every year the installed package covers that the database does not have yet; return those years.

    A year already present — seeded earlier, or entered or corrected by staff — is left exactly as it is,
    so running this again (``gongkai migrate`` and ``gongkai demo`` do) changes nothing, and a newer
    package adds only its new years. Seeded years are marked complete: the package carries each year's
    whole notice.
    """
    by_year: dict[int, list[SpecialDay]] = defaultdict(list)
    for day in source.package_days():
        by_year[day.date.year].append(day)
    present = set(CalendarYear.objects.using(using).values_list("year", flat=True))
    new_years = [year for year in source.package_years() if year not in present]
    if not new_years:
        return []
    note = f"chinesecalendar {source.package_version()}"
    years = CalendarYear.objects.using(using).bulk_create(
        CalendarYear(year=year, source=CalendarYear.Source.SEEDED, complete=True, notes=note)
        for year in new_years
    )
    ids = dict(CalendarYear.objects.using(using).filter(year__in=new_years).values_list("year", "id"))
    CalendarDay.objects.using(using).bulk_create(
        CalendarDay(calendar_year_id=ids[year.year], date=day.date, kind=day.kind.value, name=day.name)
        for year in years
        for day in by_year[year.year]
    )
    # bulk_create sends no model signals: say what changed ourselves.
    note_calendar_change(set(new_years), using)
    logger.info("Seeded the workday calendar for %s from %s.", new_years, note)
    return new_years


def seed_calendar_for_demo(result: DemoResult) -> None:
    """The ``gongkai demo`` step: make sure the calendar is there."""
    years = seed_from_chinesecalendar()
    if years:
        result.notes.append(
            _("Workday calendar seeded for {first}–{last}.").format(first=min(years), last=max(years))
        )
