"""Django admin, scoped through ``access``: an agency administrator manages only its own agency."""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

from . import access
from .access import Action
from .models import Agency, Membership

admin.site.site_header = _("gongkai administration")
admin.site.site_title = _("gongkai")
admin.site.index_title = _("Administration")


class MembershipInline(admin.TabularInline):
    model = Membership
    extra = 0


@admin.register(Agency)
class AgencyAdmin(admin.ModelAdmin):
    list_display = ["name", "short_name", "level", "parent", "credit_code", "may_make_rules"]
    list_filter = ["level", "may_make_rules"]
    search_fields = ["name", "short_name", "credit_code"]
    autocomplete_fields = ["parent"]
    inlines = [MembershipInline]

    def get_queryset(self, request: HttpRequest) -> QuerySet[Agency]:
        return access.agencies_for(request.user, Action.ADMINISTER)

    def has_module_permission(self, request: HttpRequest) -> bool:
        return access.agencies_for(request.user, Action.ADMINISTER).exists()

    def has_view_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return self.has_change_permission(request, obj)

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        if obj is None:
            return self.has_module_permission(request)
        return access.can(request.user, Action.ADMINISTER, obj)

    def has_add_permission(self, request: HttpRequest) -> bool:
        # The tree itself (adding, moving, deleting agencies) belongs to the platform's superusers.
        return bool(request.user.is_superuser)

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return bool(request.user.is_superuser)

    def get_readonly_fields(self, request: HttpRequest, obj: Any = None) -> list[str]:
        if request.user.is_superuser:
            return []
        return ["name", "credit_code", "level", "parent", "may_make_rules", "position"]


@admin.register(Membership)
class MembershipAdmin(admin.ModelAdmin):
    list_display = ["user", "agency", "role", "created_at"]
    list_filter = ["role"]
    search_fields = ["user__username", "agency__name"]
    autocomplete_fields = ["agency"]

    def get_queryset(self, request: HttpRequest) -> QuerySet[Membership]:
        return Membership.objects.filter(agency__in=access.agencies_for(request.user, Action.ADMINISTER))

    def has_module_permission(self, request: HttpRequest) -> bool:
        return access.agencies_for(request.user, Action.ADMINISTER).exists()

    def has_view_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return self.has_change_permission(request, obj)

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        if obj is None:
            return self.has_module_permission(request)
        return access.can(request.user, Action.ADMINISTER, obj.agency)

    has_delete_permission = has_change_permission

    def has_add_permission(self, request: HttpRequest) -> bool:
        return self.has_module_permission(request)

    def formfield_for_foreignkey(self, db_field: Any, request: HttpRequest, **kwargs: Any) -> Any:
        if db_field.name == "agency":
            kwargs["queryset"] = access.agencies_for(request.user, Action.ADMINISTER)
        return super().formfield_for_foreignkey(db_field, request, **kwargs)
