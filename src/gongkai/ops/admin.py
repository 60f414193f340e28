"""The admin pages of Django's and the third-party apps, in the interface language.

- Permissions are stored with English names made when the tables were created (``Can add user``); the
  user and group pages name them from the models' translated names instead.
- django-otp's admin names its sections and columns in English; its pages get the translated names.
- The yes/no icons of the admin's lists say True/False to a screen reader; they say 是/否.

The apps' own admin modules are imported first, so that theirs are the registrations replaced here
(this app comes before them in ``INSTALLED_APPS``, and the admin imports admin modules in that order).
"""

from __future__ import annotations

from typing import Any

import django.contrib.auth.admin as auth_admin
import django_otp.plugins.otp_static.admin as static_admin
import django_otp.plugins.otp_totp.admin as totp_admin
import django_tasks_db.admin as tasks_admin
from django.apps import apps
from django.contrib import admin
from django.contrib.admin.templatetags import admin_list
from django.contrib.auth.models import Group, Permission, User
from django.db import models
from django.forms import ModelMultipleChoiceField
from django.http import HttpRequest
from django.templatetags.static import static
from django.utils.html import format_html
from django.utils.safestring import SafeString
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from django_otp.plugins.otp_static.models import StaticDevice
from django_otp.plugins.otp_totp.models import TOTPDevice
from django_tasks_db.models import DBTaskResult

PERMISSION_ACTIONS = {
    "add": _("Can add %(name)s"),
    "change": _("Can change %(name)s"),
    "delete": _("Can delete %(name)s"),
    "view": _("Can view %(name)s"),
}
BOOLEAN_WORDS = {True: _("Yes"), False: _("No"), None: _("Unknown")}


def permission_label(permission: Permission) -> str:
    """A permission as the user and group pages list it: its app, and what it allows, by the models'
    translated names (its stored name is English, made when the table was created)."""
    content_type = permission.content_type
    model = content_type.model_class()
    action, _sep, model_name = permission.codename.partition("_")
    try:
        app = apps.get_app_config(content_type.app_label).verbose_name
    except LookupError:
        app = content_type.app_label
    if model is not None and action in PERMISSION_ACTIONS and model_name == model._meta.model_name:
        text = PERMISSION_ACTIONS[action] % {"name": model._meta.verbose_name}
    else:
        text = gettext(permission.name)
    return f"{app} | {text}"


class PermissionLabels(admin.ModelAdmin):
    def formfield_for_manytomany(
        self, db_field: models.ManyToManyField, request: HttpRequest, **kwargs: Any
    ) -> Any:
        field = super().formfield_for_manytomany(db_field, request, **kwargs)
        if isinstance(field, ModelMultipleChoiceField) and db_field.related_model is Permission:
            field.label_from_instance = permission_label  # type: ignore[method-assign,assignment]
        return field


admin.site.unregister(User)
admin.site.unregister(Group)


@admin.register(User)
class UserAdmin(PermissionLabels, auth_admin.UserAdmin):
    # The moments the system records — joined, last signed in — are shown, not edited: the admin's
    # date-and-time field holds them only to the minute, so saving a user unchanged moved them
    # (tests/test_edit_forms.py).
    readonly_fields = ("last_login", "date_joined")


@admin.register(Group)
class GroupAdmin(PermissionLabels, auth_admin.GroupAdmin):
    pass


# django-otp's sections, by name.
OTP_SECTIONS = {
    "Identity": _("Identity"),
    "Timestamps": _("Times"),
    "Configuration": _("Configuration"),
    "State": _("State"),
    "Throttling": _("Throttling"),
}


def _translated_sections(fieldsets: Any) -> list[tuple[Any, dict[str, Any]]]:
    return [(OTP_SECTIONS.get(name, name) if name else name, options) for name, options in fieldsets]


admin.site.unregister(TOTPDevice)
admin.site.unregister(StaticDevice)


@admin.register(TOTPDevice)
class TOTPDeviceAdmin(totp_admin.TOTPDeviceAdmin):
    search_help_text = _("Search by username or e-mail address")

    def get_fieldsets(self, request: HttpRequest, obj: Any = None) -> Any:
        return _translated_sections(super().get_fieldsets(request, obj))


@admin.register(StaticDevice)
class StaticDeviceAdmin(static_admin.StaticDeviceAdmin):
    search_help_text = _("Search by username or e-mail address")
    fieldsets = _translated_sections(static_admin.StaticDeviceAdmin.fieldsets)


admin.site.unregister(DBTaskResult)


@admin.register(DBTaskResult)
class DBTaskResultAdmin(tasks_admin.DBTaskResultAdmin):
    @admin.display(description=_("traceback"))
    def formatted_traceback(self, obj: DBTaskResult) -> str:
        return super().formatted_traceback(obj)

    @admin.display(description=_("run after"))
    def display_run_after(self, obj: DBTaskResult) -> Any:
        return super().display_run_after(obj)


def _boolean_icon(value: bool | None) -> SafeString:
    icon = static(f"admin/img/icon-{ {True: 'yes', False: 'no', None: 'unknown'}[value] }.svg")
    return format_html('<img src="{}" alt="{}">', icon, BOOLEAN_WORDS[value])


# Every caller imports it from this module when called (admin.utils, admin.helpers, the change list).
admin_list._boolean_icon = _boolean_icon  # type: ignore[attr-defined]
