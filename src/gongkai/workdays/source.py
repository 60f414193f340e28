"""The State Council calendars shipped in the ``chinesecalendar`` package, as ``SpecialDay`` values.

The package (``chinese_calendar``) keeps two dicts, ``holidays`` and ``workdays`` (the make-up workdays),
mapping each date to the English name of its holiday, and refuses dates outside the years it covers. Its
holiday lists include the weekend days inside a holiday period, so those show as 国庆节 rather than 周末.
"""

from __future__ import annotations

import chinese_calendar

from .calendar import Calendar, DayKind, SpecialDay

# The names the State Council notices use, keyed by the package's Holiday enum.
HOLIDAY_NAMES: dict[str, str] = {
    "new_years_day": "元旦",
    "spring_festival": "春节",
    "tomb_sweeping_day": "清明节",
    "labour_day": "劳动节",
    "dragon_boat_festival": "端午节",
    "mid_autumn_festival": "中秋节",
    "national_day": "国庆节",
}


def holiday_name(english: str) -> str:
    holiday = chinese_calendar.Holiday(english)
    return HOLIDAY_NAMES.get(holiday.name, holiday.chinese)


def package_version() -> str:
    return str(chinese_calendar.__version__)


def package_years() -> range:
    """The years the installed package covers (2004–2026 for chinesecalendar 1.11)."""
    years = [day.year for day in chinese_calendar.holidays]
    return range(min(years), max(years) + 1)


def package_days() -> list[SpecialDay]:
    days = [
        SpecialDay(day, DayKind.HOLIDAY, holiday_name(english))
        for day, english in chinese_calendar.holidays.items()
    ]
    days += [
        SpecialDay(day, DayKind.MAKEUP_WORKDAY, holiday_name(english))
        for day, english in chinese_calendar.workdays.items()
    ]
    return sorted(days, key=lambda day: day.date)


def package_calendar() -> Calendar:
    """The calendar straight from the package, for when the database has none (a fresh machine)."""
    return Calendar.of(package_days(), package_years())
