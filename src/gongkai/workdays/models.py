"""The State Council holiday calendar as data: one row per year's notice, one row per exceptional day.

Only the exceptions to the weekday/weekend rule are stored: statutory holidays and make-up workdays (调休).
Years 2004–2026 are seeded from the ``chinesecalendar`` package (``seed.seed_from_chinesecalendar``);
staff enter later years from the State Council's notice in the admin. A year counts as known only once
``complete`` is ticked; until then deadlines over it are provisional. Every save and delete here sends
``signals.calendar_changed`` for the years concerned, once, when the transaction commits.
"""

from __future__ import annotations

import datetime
from typing import Any

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _

from .calendar import DayKind


class CalendarYear(models.Model):
    class Source(models.TextChoices):
        SEEDED = "seeded", _("Seeded from the chinesecalendar package")
        ENTERED = "entered", _("Entered by staff")

    year = models.PositiveSmallIntegerField(_("year"), unique=True)
    source = models.CharField(_("source"), max_length=16, choices=Source.choices, default=Source.ENTERED)
    complete = models.BooleanField(
        _("complete"),
        default=False,
        help_text=_(
            "Tick once every holiday and make-up workday of the year's State Council notice is entered. "
            "Until then, deadlines over this year count weekends only and are shown as provisional."
        ),
    )
    notice = models.CharField(
        _("State Council notice"),
        max_length=200,
        blank=True,
        help_text=_("For example 国办发明电〔2024〕12号."),
    )
    notes = models.TextField(_("notes"), blank=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        ordering = ["-year"]
        verbose_name = _("calendar year")
        verbose_name_plural = _("calendar years")

    def __str__(self) -> str:
        return str(self.year)

    @classmethod
    def from_db(cls, db: str | None, field_names: Any, values: Any) -> CalendarYear:
        instance = super().from_db(db, field_names, values)
        # Remembered so that renumbering a year tells the old year too (signals._year_changed).
        instance._loaded_year = instance.__dict__.get("year")  # type: ignore[attr-defined]
        return instance


class CalendarDay(models.Model):
    class Kind(models.TextChoices):
        HOLIDAY = DayKind.HOLIDAY.value, _("Holiday (off)")
        MAKEUP_WORKDAY = DayKind.MAKEUP_WORKDAY.value, _("Make-up workday (on)")

    calendar_year = models.ForeignKey(
        CalendarYear, on_delete=models.CASCADE, related_name="days", verbose_name=_("calendar year")
    )
    date = models.DateField(_("date"), unique=True)
    kind = models.CharField(_("kind"), max_length=16, choices=Kind.choices)
    name = models.CharField(
        _("holiday"),
        max_length=100,
        help_text=_(
            "The holiday as the notice names it (国庆节, 春节); for a make-up workday, the holiday it makes up for."
        ),
    )

    class Meta:
        ordering = ["date"]
        verbose_name = _("holiday or make-up workday")
        verbose_name_plural = _("holidays and make-up workdays")

    def __str__(self) -> str:
        return f"{self.date} {self.name}"

    @classmethod
    def from_db(cls, db: str | None, field_names: Any, values: Any) -> CalendarDay:
        instance = super().from_db(db, field_names, values)
        # Remembered so that moving a day to another year tells both years (signals._day_changed).
        instance._loaded_date = instance.__dict__.get("date")  # type: ignore[attr-defined]
        return instance

    def clean(self) -> None:
        if not isinstance(self.date, datetime.date):
            return
        try:
            year: int | None = self.calendar_year.year  # also the unsaved year of an admin add form
        except CalendarYear.DoesNotExist:
            year = None
        if year is not None and self.date.year != year:
            raise ValidationError(
                {
                    "date": _("The date must fall in the calendar year {year}.").format(
                        year=self.calendar_year.year
                    )
                }
            )
        if self.kind == self.Kind.MAKEUP_WORKDAY and self.date.weekday() < 5:
            raise ValidationError(
                {"kind": _("A make-up workday is a Saturday or Sunday; weekdays are workdays already.")}
            )
