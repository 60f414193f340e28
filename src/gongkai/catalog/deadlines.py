"""条例第二十六条: proactive information is published within 20 workdays of being made or changed.

Pure functions over a ``is_workday(date) -> bool`` callable; by default the shared workday calendar
(``gongkai.workdays``: the State Council's holidays and make-up workdays as stored), read once per call.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable

PUBLISHING_WORKDAYS = 20

IsWorkday = Callable[[datetime.date], bool]


def default_is_workday(day: datetime.date) -> bool:
    """The shared calendar's answer for one day (loads the calendar: pass ``is_workday`` for many days)."""
    from gongkai.workdays.queries import current_calendar

    return current_calendar().is_workday(day)


def add_workdays(start: datetime.date, count: int, is_workday: IsWorkday) -> datetime.date:
    """The ``count``-th workday after ``start`` (counting starts the day after)."""
    day = start
    remaining = count
    while remaining > 0:
        day += datetime.timedelta(days=1)
        if is_workday(day):
            remaining -= 1
    return day


def publish_due_on(made_on: datetime.date, is_workday: IsWorkday | None = None) -> datetime.date:
    """The last day to publish information made or changed on ``made_on``."""
    if is_workday is None:
        from gongkai.workdays.queries import current_calendar

        is_workday = current_calendar().is_workday
    return add_workdays(made_on, PUBLISHING_WORKDAYS, is_workday)
