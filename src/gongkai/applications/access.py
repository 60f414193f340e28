"""Access to applications, decided through ``agencies.access`` (the one permission table). The applicant's
own access — the tracking code and check, then the session — is ``tracking``."""

from __future__ import annotations

import datetime
from typing import Any

from gongkai.agencies.access import Action, access_record, handles, visible_to

from .models import Application, ApplicationQuerySet, Event, RecordAccess

# How long a reveal of an applicant's personal data lasts: long enough to call the applicant or check a
# file, short enough that each purpose needs its own reason.
REVEAL_WINDOW = datetime.timedelta(minutes=15)


def applications_for(user: Any) -> ApplicationQuerySet:
    return visible_to(user, Application.objects.all())


def access_application(user: Any, pk: int, action: Action = Action.VIEW) -> Application:
    """404 for an application of an agency the user cannot see; 403 if seen but ``action`` is not allowed."""
    return access_record(user, Application.objects.select_related("agency"), pk, action)


def log_record_access(user: Any, application: Application, via: str) -> None:
    """Opening an application's personal data is itself recorded (who, which, when, page or API)."""
    RecordAccess.objects.create(user=user, application=application, via=via)


def revealed_until(user: Any, application: Application, now: datetime.datetime) -> datetime.datetime | None:
    """Until when ``user``'s latest reveal of the application's personal data shows it (None: no reveal
    in the last ``REVEAL_WINDOW``). The reveals are read from the timeline, the audit log itself."""
    if not user.is_authenticated:
        return None
    latest = (
        application.events.filter(kind=Event.Kind.PERSONAL_DATA_REVEALED, actor_id=user.pk)
        .order_by("-at")
        .values_list("at", flat=True)
        .first()
    )
    if latest is None or latest + REVEAL_WINDOW <= now:
        return None
    return latest + REVEAL_WINDOW


def sees_personal_data(user: Any, application: Application, now: datetime.datetime) -> bool:
    """May ``user``, who may view the application, see the applicant's personal data in clear at ``now``?

    Who handles the case does (a clerk, approver or administrator of its agency). Everyone else who may
    view it — oversight, a superuser — sees it masked, unless they revealed it with a reason
    (``actions.do_reveal_personal_data``) within ``REVEAL_WINDOW``. The ID number stays masked on pages
    for everyone; the API's one-application record shows it to whoever sees personal data in clear.
    """
    return handles(user, application.agency) or revealed_until(user, application, now) is not None
