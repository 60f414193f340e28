"""The workday calendar as a value: which days are off, which are on, and why. Plain Python, no ORM.

The rule is the State Council's: Monday to Friday are workdays and weekends are off, except for the days its
yearly notice names — statutory holidays (off, even on a weekday) and make-up workdays 调休上班 (on, even on
a weekend). Only those special_days are stored. A year whose notice is not (completely) entered is *unknown*:
its days fall back to the weekday/weekend rule and everything computed over it is provisional — the
calendar never silently guesses a holiday (STYLE.md habit 6).

``gongkai.workdays.queries.load_calendar()`` builds one from the database, ``gongkai.workdays.source``
straight from the ``chinesecalendar`` package.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from enum import StrEnum

WEEKEND = "周末"
WORKDAY = "工作日"
MAKEUP_WORKDAY = "调休上班"


class DayKind(StrEnum):
    HOLIDAY = "holiday"
    MAKEUP_WORKDAY = "makeup_workday"


@dataclass(frozen=True)
class SpecialDay:
    """One day that breaks the weekday/weekend rule; ``name`` is the holiday (a make-up day's too: 国庆节)."""

    date: datetime.date
    kind: DayKind
    name: str


@dataclass(frozen=True)
class Calendar:
    """Holidays and make-up workdays, and the years whose notice is completely known."""

    special_days: Mapping[datetime.date, SpecialDay] = field(default_factory=dict)
    known_years: frozenset[int] = frozenset()

    @classmethod
    def of(cls, special_days: Iterable[SpecialDay], known_years: Iterable[int]) -> Calendar:
        return cls({day.date: day for day in special_days}, frozenset(known_years))

    def known(self, year: int) -> bool:
        """Whether the year's notice is in; if not, its days follow the weekday/weekend rule, provisionally."""
        return year in self.known_years

    def is_workday(self, day: datetime.date) -> bool:
        special = self.special_days.get(day)
        if special is not None:
            return special.kind == DayKind.MAKEUP_WORKDAY
        return day.weekday() < 5

    def reason(self, day: datetime.date) -> str:
        """Why the day is on or off, in the words of the notice: 国庆节, 调休上班, 周末 or 工作日."""
        special = self.special_days.get(day)
        if special is not None:
            return special.name if special.kind == DayKind.HOLIDAY else MAKEUP_WORKDAY
        return WORKDAY if day.weekday() < 5 else WEEKEND

    def unknown_years(self, start: datetime.date, end: datetime.date) -> tuple[int, ...]:
        """The years between two dates (inclusive) that are not known, in order."""
        return tuple(year for year in range(start.year, end.year + 1) if not self.known(year))
