"""Access to stored reports, decided through ``agencies.access`` (the one permission table).

Staff see the reports of the agencies they may view; the public sees published reports only.
"""

from __future__ import annotations

from typing import Any

from django.http import Http404

from gongkai.agencies.access import Action, access_record, visible_to

from .models import Report, ReportQuerySet


def reports_for(user: Any) -> ReportQuerySet:
    return visible_to(user, Report.objects.all())


def access_report(user: Any, pk: int, action: Action = Action.VIEW) -> Report:
    """404 for a report of an agency the user cannot see; 403 if seen but ``action`` is not allowed."""
    return access_record(user, Report.objects.select_related("agency"), pk, action)


def access_published_report(pk: int) -> Report:
    record = Report.objects.published().select_related("agency").filter(pk=pk).first()
    if record is None:
        raise Http404("No such report.")
    return record
