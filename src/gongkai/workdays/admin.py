"""The calendar in the Django admin: staff enter a new year's State Council notice here.

Platform-wide data, so the ordinary model permissions apply (superusers, or staff granted them). Every
save and delete reaches ``signals.calendar_changed`` through the model signals.
"""

from __future__ import annotations

from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from .models import CalendarDay, CalendarYear


class CalendarDayInline(admin.TabularInline):
    model = CalendarDay
    extra = 3
    fields = ["date", "kind", "name"]


@admin.register(CalendarYear)
class CalendarYearAdmin(admin.ModelAdmin):
    list_display = ["year", "complete", "source", "notice", "holiday_count", "updated_at"]
    list_filter = ["complete", "source"]
    fields = ["year", "complete", "notice", "notes", "source"]
    readonly_fields = ["source"]
    inlines = [CalendarDayInline]

    @admin.display(description=_("days entered"))
    def holiday_count(self, obj: CalendarYear) -> int:
        return obj.days.count()


@admin.register(CalendarDay)
class CalendarDayAdmin(admin.ModelAdmin):
    list_display = ["date", "kind", "name", "calendar_year"]
    list_filter = ["kind", "calendar_year"]
    search_fields = ["name"]
    date_hierarchy = "date"
