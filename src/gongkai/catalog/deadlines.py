"""条例第二十六条: proactive information is published within 20 workdays of being made or changed.

Counted by the workday clock (``gongkai.workdays.clock.nth_workday``) over a ``Calendar``: by default the
shared one (the State Council's holidays and make-up workdays as stored), read once per call — pass one
``calendar`` for many documents.
"""

from __future__ import annotations

import datetime

from gongkai.workdays.calendar import Calendar
from gongkai.workdays.clock import nth_workday

PUBLISHING_WORKDAYS = 20


def publish_due_on(made_on: datetime.date, calendar: Calendar | None = None) -> datetime.date:
    """The last day to publish information made or changed on ``made_on`` (counting from the next day)."""
    if calendar is None:
        from gongkai.workdays.queries import current_calendar

        calendar = current_calendar()
    return nth_workday(calendar, made_on, PUBLISHING_WORKDAYS)
