"""Admin: read-only — a rating is the rater's; staff have no way to change it."""

from django.contrib import admin

from gongkai.lib.readonly_admin import ReadOnlyAdmin

from .models import Rating


@admin.register(Rating)
class RatingAdmin(ReadOnlyAdmin):
    list_display = ["agency", "service_kind", "service_code", "level", "rated_at"]
    list_filter = ["service_kind", "level"]
