from typing import Any

from django.contrib import admin
from django.db.models import QuerySet
from django.http import HttpRequest

from .access import applications_for
from .models import Application, Consultation, Event, SupplementRequest


class EventInline(admin.TabularInline):
    model = Event
    extra = 0
    can_delete = False
    readonly_fields = ["kind", "on", "at", "actor", "message", "public"]

    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


@admin.register(Application)
class ApplicationAdmin(admin.ModelAdmin):
    """Read-only: every change goes through the workspace, so that it is one action and one event."""

    list_display = ["tracking_code", "agency", "applicant_kind", "status", "received_on", "due_on", "outcome"]
    list_filter = ["status", "applicant_kind", "channel"]
    search_fields = ["tracking_code"]
    inlines = [EventInline]

    def get_queryset(self, request: HttpRequest) -> QuerySet[Application]:
        return applications_for(request.user)

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_view_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return bool(request.user.is_superuser)

    def has_module_permission(self, request: HttpRequest) -> bool:
        return bool(request.user.is_superuser)


for model in (SupplementRequest, Consultation):
    admin.site.register(model)
