"""Admin: read-only — items change through the workspace and ``rectifications.actions``, logged."""

from django.contrib import admin

from gongkai.lib.readonly_admin import ReadOnlyAdmin

from .models import Rectification


@admin.register(Rectification)
class RectificationAdmin(ReadOnlyAdmin):
    list_display = ["agency", "source", "owner", "deadline", "status"]
    list_filter = ["source", "status"]
