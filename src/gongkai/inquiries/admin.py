"""Admin: each agency's own answer period (``InquirySetting``); the inquiries themselves read-only (their
changes go through the workspace pages and ``inquiries.actions``, checked and logged)."""

from django.contrib import admin

from gongkai.lib.readonly_admin import ReadOnlyAdmin

from .models import Inquiry, InquirySetting


@admin.register(InquirySetting)
class InquirySettingAdmin(admin.ModelAdmin):
    list_display = ["agency", "answer_workdays"]
    autocomplete_fields = ["agency"]


@admin.register(Inquiry)
class InquiryAdmin(ReadOnlyAdmin):
    list_display = ["tracking_code", "agency", "subject", "status", "publication", "due_on"]
    list_filter = ["status", "publication"]
    search_fields = ["tracking_code", "subject"]
