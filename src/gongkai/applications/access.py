"""Access to applications, decided through ``agencies.access`` (the one permission table)."""

from __future__ import annotations

import secrets
from typing import Any

from django.core.exceptions import PermissionDenied
from django.http import Http404

from gongkai.agencies.access import Action, agencies_for, can, refusal

from .models import Application, ApplicationQuerySet, RecordAccess


def applications_for(user: Any) -> ApplicationQuerySet:
    return Application.objects.filter(agency__in=agencies_for(user, Action.VIEW))


def access_application(user: Any, pk: int, action: Action = Action.VIEW) -> Application:
    """404 for an application of an agency the user cannot see; 403 if seen but ``action`` is not allowed."""
    application = applications_for(user).select_related("agency").filter(pk=pk).first()
    if application is None:
        raise Http404("No such application.")
    if action != Action.VIEW and not can(user, action, application.agency):
        raise PermissionDenied(refusal(action))
    return application


def access_application_as_applicant(tracking_code: str, secret: str) -> Application:
    """The applicant's view: the tracking code and the secret of the link must both match, else 404."""
    application = (
        Application.objects.select_related("agency").filter(tracking_code=tracking_code.upper()).first()
    )
    if application is None or not secrets.compare_digest(application.access_secret, secret):
        raise Http404("No such application.")
    return application


def log_record_access(user: Any, application: Application, via: str) -> None:
    """Opening an application's personal data is itself recorded (who, which, when, page or API)."""
    RecordAccess.objects.create(user=user, application=application, via=via)
