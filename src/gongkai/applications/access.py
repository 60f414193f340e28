"""Access to applications, decided through ``agencies.access`` (the one permission table). The applicant's
own access — the tracking code and check, then the session — is ``tracking``."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied
from django.http import Http404

from gongkai.agencies.access import Action, agencies_for, can

from .models import Application, ApplicationQuerySet, RecordAccess


def applications_for(user: Any) -> ApplicationQuerySet:
    return Application.objects.filter(agency__in=agencies_for(user, Action.VIEW))


def access_application(user: Any, pk: int, action: Action = Action.VIEW) -> Application:
    """404 for an application of an agency the user cannot see; 403 if seen but ``action`` is not allowed."""
    application = applications_for(user).select_related("agency").filter(pk=pk).first()
    if application is None:
        raise Http404("No such application.")
    if action != Action.VIEW and not can(user, action, application.agency):
        raise PermissionDenied
    return application


def log_record_access(user: Any, application: Application, via: str) -> None:
    """Opening an application's personal data is itself recorded (who, which, when, page or API)."""
    RecordAccess.objects.create(user=user, application=application, via=via)
