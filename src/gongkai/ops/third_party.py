"""The Chinese interface for the apps gongkai uses that ship without it.

django-otp (the two-factor devices) names its models and fields in English without marking them for
translation; django-otp, django-axes and django-tasks-db name their apps after their packages
(``Otp_Totp``, ``Axes``, ``Tasks Database Backend``); django-axes names its records in English sentences
(``Access Log for admin @ 2026-…``). The superuser meets all of them in the admin. Here the English is
marked for translation — the same English text, so that migrations, which compare the English, see no
change — and the catalog (``locale/zh_Hans``) translates it like gongkai's own strings; the records are
named in words of the interface.
"""

from __future__ import annotations

import datetime
from typing import Any

from django.apps import apps
from django.db import models
from django.utils import timezone
from django.utils.functional import lazy
from django.utils.translation import gettext, gettext_lazy

# Apps whose models' names, field names and help texts are English and not marked for translation.
UNMARKED_APPS = ("otp_totp", "otp_static")

APP_NAMES = {
    "otp_totp": gettext_lazy("Authenticator apps"),
    "otp_static": gettext_lazy("Backup codes"),
    "django_otp": gettext_lazy("Two-factor sign-in"),
    "axes": gettext_lazy("Sign-in attempts and lockouts"),
    "django_tasks_database": gettext_lazy("Background tasks"),
    "django_tasks": gettext_lazy("Background tasks"),
}

_translated = lazy(gettext, str)


def label_third_party_apps() -> None:
    """Give the apps of ``APP_NAMES`` their names, and mark the English of ``UNMARKED_APPS`` for translation.
    Called once, when the apps are ready (``OpsConfig.ready``)."""
    for label, name in APP_NAMES.items():
        try:
            apps.get_app_config(label).verbose_name = name
        except LookupError:  # not installed
            continue
    for label in UNMARKED_APPS:
        for model in apps.get_app_config(label).get_models():
            _mark_model(model)
    if apps.is_installed("axes"):
        from axes.models import AccessAttempt, AccessFailureLog, AccessLog

        AccessAttempt.__str__ = _attempt_name
        AccessFailureLog.__str__ = _failure_name
        AccessLog.__str__ = _sign_in_name
    if apps.is_installed("django_otp.plugins.otp_static"):
        from django_otp.plugins.otp_static.models import StaticToken

        StaticToken.__str__ = _backup_code_name


def _backup_code_name(token: Any) -> str:
    return gettext("Backup code %(number)s") % {"number": token.pk}


def _when(moment: datetime.datetime | None) -> str:
    return timezone.localtime(moment).strftime("%Y-%m-%d %H:%M") if moment else "—"


def _attempt_name(attempt: Any) -> str:
    return gettext("Failed sign-ins of %(username)s from %(address)s") % {
        "username": attempt.username or "—",
        "address": attempt.ip_address or "—",
    }


def _failure_name(failure: Any) -> str:
    return gettext("Failed sign-in of %(username)s at %(when)s") % {
        "username": failure.username or "—",
        "when": _when(failure.attempt_time),
    }


def _sign_in_name(entry: Any) -> str:
    return gettext("Sign-in of %(username)s at %(when)s") % {
        "username": entry.username or "—",
        "when": _when(entry.attempt_time),
    }


def _mark_model(model: type[models.Model]) -> None:
    opts = model._meta
    opts.verbose_name = _translated(str(opts.verbose_name))
    opts.verbose_name_plural = _translated(str(opts.verbose_name_plural))
    for field in opts.get_fields():
        if not isinstance(field, models.Field):
            continue  # reverse relations: named by the other side
        field.verbose_name = _translated(str(field.verbose_name))
        if field.help_text:
            field.help_text = _translated(str(field.help_text))
