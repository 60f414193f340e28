"""Django admin, scoped through ``access``: an agency administrator manages only its own agency.

Every change goes through ``actions`` (its permission check and its ``AgencyEvent``): saving an agency
calls ``do_update_agency_details``, adding a role ``do_grant_role``, deleting one ``do_revoke_role``. A
role is not edited in place: it is revoked and another granted.
"""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

from gongkai.lib.readonly_admin import ReadOnlyInline

from . import access
from .access import Action
from .actions import do_create_agency, do_grant_role, do_revoke_role, do_update_agency_details
from .models import Agency, AgencyEvent, Membership

admin.site.site_header = _("gongkai administration")
admin.site.site_title = _("gongkai")
admin.site.index_title = _("Administration")


class MembershipInline(ReadOnlyInline):
    """The agency's roles, shown; they are granted and revoked on the memberships' page (the actions)."""

    model = Membership
    fields = readonly_fields = ("user", "role", "created_at")


class AgencyEventInline(ReadOnlyInline):
    model = AgencyEvent
    fields = readonly_fields = ("at", "actor", "kind", "note")


@admin.register(Agency)
class AgencyAdmin(admin.ModelAdmin):
    list_display = ["name", "short_name", "level", "parent", "credit_code", "may_make_rules"]
    list_filter = ["level", "may_make_rules"]
    search_fields = ["name", "short_name", "credit_code"]
    autocomplete_fields = ["parent"]
    inlines = [MembershipInline, AgencyEventInline]

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

    def save_model(self, request: HttpRequest, obj: Agency, form: Any, change: bool) -> None:
        if not change:
            obj.pk = do_create_agency(request.user, **form.cleaned_data).pk
            obj.refresh_from_db()
            obj._state.adding = False
            return
        # The form has already set its values on ``obj``: the action gets the stored agency and the changes.
        stored = Agency.objects.get(pk=obj.pk)
        changes = {name: form.cleaned_data[name] for name in form.changed_data}
        do_update_agency_details(request.user, stored, **changes)
        obj.refresh_from_db()


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
        if obj is None:
            return self.has_module_permission(request)
        return access.can(request.user, Action.ADMINISTER, obj.agency)

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False  # revoke and grant instead: each is one action and one entry of the agency's log

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        if obj is None:
            return self.has_module_permission(request)
        return access.can(request.user, Action.ADMINISTER, obj.agency)

    def has_add_permission(self, request: HttpRequest) -> bool:
        return self.has_module_permission(request)

    def save_model(self, request: HttpRequest, obj: Membership, form: Any, change: bool) -> None:
        granted = do_grant_role(request.user, obj.user, obj.agency, obj.role)
        obj.pk = granted.pk

    def delete_model(self, request: HttpRequest, obj: Membership) -> None:
        do_revoke_role(request.user, obj)

    def delete_queryset(self, request: HttpRequest, queryset: QuerySet[Membership]) -> None:
        for membership in queryset.select_related("agency", "user"):
            do_revoke_role(request.user, membership)

    def formfield_for_foreignkey(self, db_field: Any, request: HttpRequest, **kwargs: Any) -> Any:
        if db_field.name == "agency":
            kwargs["queryset"] = access.agencies_for(request.user, Action.ADMINISTER)
        return super().formfield_for_foreignkey(db_field, request, **kwargs)
