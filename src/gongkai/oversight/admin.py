from django.contrib import admin

from .models import AuditFile, AuditJob


class AuditFileInline(admin.TabularInline):
    model = AuditFile
    fields = ("position", "name", "agency_name", "year", "errors", "warnings", "cannot_read")
    readonly_fields = fields
    extra = 0
    can_delete = False


@admin.register(AuditJob)
class AuditJobAdmin(admin.ModelAdmin):
    list_display = ("pk", "created_at", "created_by", "scope", "status", "total", "checked")
    list_filter = ("status",)
    readonly_fields = ("created_by", "scope", "status", "total", "read", "checked", "skipped", "error")
    inlines = [AuditFileInline]
