"""Admin: cases read-only — their changes go through the workspace and ``difficulties.actions``, logged."""

from django.contrib import admin

from gongkai.lib.readonly_admin import ReadOnlyAdmin

from .models import Difficulty


@admin.register(Difficulty)
class DifficultyAdmin(ReadOnlyAdmin):
    list_display = ["tracking_code", "receiving_agency", "assigned_agency", "subject", "status", "due_on"]
    list_filter = ["status"]
    search_fields = ["tracking_code", "subject"]
