"""Reading the calendar out of the database."""

from __future__ import annotations

from django.conf import settings
from django.db import DEFAULT_DB_ALIAS, connections

from . import source
from .calendar import Calendar, DayKind, SpecialDay
from .models import CalendarDay, CalendarYear


def load_calendar(using: str = DEFAULT_DB_ALIAS) -> Calendar:
    """The calendar as stored: every holiday and make-up workday, and the years marked complete."""
    days = [
        SpecialDay(date, DayKind(kind), name)
        for date, kind, name in CalendarDay.objects.using(using).values_list("date", "kind", "name")
    ]
    known = CalendarYear.objects.using(using).filter(complete=True).values_list("year", flat=True)
    return Calendar.of(days, known)


def calendar_tables_exist(using: str = DEFAULT_DB_ALIAS) -> bool:
    """Whether ``gongkai migrate`` has created the calendar tables."""
    connection = connections[using]
    with connection.cursor() as cursor:
        tables = set(connection.introspection.table_names(cursor))
    return {CalendarYear._meta.db_table, CalendarDay._meta.db_table} <= tables


def calendar_is_stored(using: str = DEFAULT_DB_ALIAS) -> bool:
    """Whether the calendar tables exist and hold at least one year."""
    return calendar_tables_exist(using) and CalendarYear.objects.using(using).exists()


def current_calendar(using: str = DEFAULT_DB_ALIAS) -> Calendar:
    """The stored calendar, or — on a machine whose database is not set up yet — the package's."""
    return load_calendar(using) if calendar_is_stored(using) else source.package_calendar()


def count_start_day() -> bool:
    """Whether the clock start (receipt) is itself the first day counted; by default counting starts the
    next day (docs/design.md §5: practice differs, so it is the setting ``WORKDAYS_COUNT_START_DAY``)."""
    return bool(getattr(settings, "WORKDAYS_COUNT_START_DAY", False))
