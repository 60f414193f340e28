import datetime

import pytest

from gongkai.catalog import deadlines
from gongkai.workdays.calendar import Calendar

WEEKDAYS = Calendar.of([], known_years=[2024])  # no holiday: Monday to Friday


@pytest.mark.parametrize(
    ("made_on", "due_on"),
    [
        (datetime.date(2024, 6, 3), datetime.date(2024, 7, 1)),  # a Monday: four weeks later
        (datetime.date(2024, 6, 7), datetime.date(2024, 7, 5)),  # a Friday
        (datetime.date(2024, 6, 8), datetime.date(2024, 7, 5)),  # a Saturday counts from Monday
    ],
)
def test_publishing_is_due_20_workdays_after_the_information_is_made(made_on, due_on):
    assert deadlines.publish_due_on(made_on, WEEKDAYS) == due_on


@pytest.mark.django_db
def test_statutory_holidays_are_not_counted_and_make_up_days_are():
    # National Day 2024: 1–7 October off, Sunday 29 September and Saturday 12 October worked — from the
    # shared workday calendar (seeded by migrate).
    due = deadlines.publish_due_on(datetime.date(2024, 9, 27))
    assert due == datetime.date(2024, 10, 30)
