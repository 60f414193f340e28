import pytest

from gongkai.workdays.calendar import Calendar
from gongkai.workdays.source import package_calendar


@pytest.fixture(scope="session")
def calendar() -> Calendar:
    """The State Council calendars 2004–2026 as shipped in chinesecalendar (no database needed)."""
    return package_calendar()
