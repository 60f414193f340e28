import datetime

import pytest
from django.core.exceptions import ValidationError

from gongkai.workdays.calendar import Calendar
from gongkai.workdays.models import CalendarDay, CalendarYear
from gongkai.workdays.queries import current_calendar, load_calendar
from gongkai.workdays.source import package_calendar, package_days, package_years

D = datetime.date


@pytest.mark.parametrize(
    ("day", "is_workday", "reason"),
    [
        (D(2019, 10, 1), False, "国庆节"),
        (D(2019, 9, 29), True, "调休上班"),  # Sunday, made up for 国庆节
        (D(2019, 10, 12), True, "调休上班"),  # Saturday
        (D(2019, 9, 28), False, "周末"),
        (D(2019, 9, 27), True, "工作日"),
        (D(2024, 2, 4), True, "调休上班"),
        (D(2024, 2, 10), False, "春节"),  # a Saturday inside the holiday is named after it
        (D(2024, 2, 15), False, "春节"),
        (D(2024, 2, 18), True, "调休上班"),
        (D(2024, 4, 4), False, "清明节"),
        (D(2015, 9, 3), False, "中国人民抗日战争暨世界反法西斯战争胜利70周年纪念日"),
        (D(2004, 1, 17), True, "调休上班"),
        (D(2026, 10, 10), True, "调休上班"),
        (D(2027, 10, 1), True, "工作日"),  # unknown year: a Friday is a workday, provisionally
        (D(2027, 10, 2), False, "周末"),
    ],
)
def test_days_are_on_or_off_for_the_reason_the_notice_gives(
    calendar: Calendar, day: datetime.date, is_workday: bool, reason: str
) -> None:
    assert calendar.is_workday(day) is is_workday
    assert calendar.reason(day) == reason


def test_the_package_covers_2004_to_2026_and_no_other_year_is_known(calendar: Calendar) -> None:
    assert package_years() == range(2004, 2027)
    assert all(calendar.known(year) for year in range(2004, 2027))
    assert not calendar.known(2003)
    assert not calendar.known(2027)
    assert calendar.unknown_years(D(2026, 12, 1), D(2028, 1, 1)) == (2027, 2028)


def test_a_calendar_without_data_counts_weekends_only() -> None:
    empty = Calendar()
    assert [empty.is_workday(D(2019, 9, 30) + datetime.timedelta(days=i)) for i in range(7)] == [
        True,
        True,
        True,
        True,
        True,
        False,
        False,
    ]
    assert not empty.known(2019)


def test_the_database_holds_the_package_calendar_after_migrate(db: None) -> None:
    stored = load_calendar()
    assert stored == package_calendar()
    assert CalendarDay.objects.count() == len(package_days())
    assert set(CalendarYear.objects.values_list("source", flat=True)) == {CalendarYear.Source.SEEDED}


def test_an_incomplete_year_is_not_known_but_its_days_are_used(db: None) -> None:
    year = CalendarYear.objects.create(year=2027, complete=False)
    CalendarDay.objects.create(
        calendar_year=year, date=D(2027, 10, 1), kind=CalendarDay.Kind.HOLIDAY, name="国庆节"
    )
    stored = current_calendar()
    assert not stored.known(2027)
    assert stored.reason(D(2027, 10, 1)) == "国庆节"
    year.complete = True
    year.save()
    assert load_calendar().known(2027)


@pytest.mark.parametrize(
    ("day", "kind", "field"),
    [
        (D(2027, 10, 4), CalendarDay.Kind.MAKEUP_WORKDAY, "kind"),  # a Monday cannot be made up
        (D(2028, 1, 1), CalendarDay.Kind.HOLIDAY, "date"),  # outside the year
    ],
)
def test_a_day_that_cannot_be_right_is_refused(db: None, day: datetime.date, kind: str, field: str) -> None:
    year = CalendarYear.objects.create(year=2027)
    with pytest.raises(ValidationError) as error:
        CalendarDay(calendar_year=year, date=day, kind=kind, name="国庆节").full_clean()
    assert field in error.value.message_dict
