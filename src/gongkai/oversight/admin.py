from django.contrib import admin

from gongkai.lib.readonly_admin import ReadOnlyAdmin, ReadOnlyInline

from .models import AuditFile, AuditJob


class AuditFileInline(ReadOnlyInline):
    model = AuditFile
    fields = ("position", "name", "agency_name", "year", "errors", "warnings", "cannot_read")
    readonly_fields = fields


@admin.register(AuditJob)
class AuditJobAdmin(ReadOnlyAdmin):
    """Shown only: a batch audit is started on the oversight pages and run by the worker (``actions``)."""

    list_display = ("pk", "created_at", "created_by", "scope", "status", "total", "checked")
    list_filter = ("status",)
    inlines = [AuditFileInline]
