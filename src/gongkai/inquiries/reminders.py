"""Inquiries in the daily sweep (``applications.reminders.sweep`` calls ``remind``) and on the reminders
page (``due_for``): the open inquiries overdue or due soon, for the agency's clerks and approvers."""

from __future__ import annotations

import datetime
from typing import Any

from django.conf import settings
from django.core.mail import send_mail
from django.db.models import Q
from django.utils.translation import gettext as _

from gongkai.agencies.models import Membership
from gongkai.applications.models import due_soon_last_day
from gongkai.ops.worker import checkpoint

from .models import Inquiry

REMINDED_ROLES = (Membership.Role.CLERK, Membership.Role.APPROVER)


def due_for(user: Any, today: datetime.date) -> list[tuple[Inquiry, str]]:
    """The due inquiries of the agencies where ``user`` is a clerk or an approver, most urgent first, each
    with its ``deadline_state``."""
    agencies = Membership.objects.filter(user_id=user.pk, role__in=REMINDED_ROLES).values("agency_id")
    soon = due_soon_last_day(today)
    due = Inquiry.objects.open().filter(due_on__lte=soon, agency__in=agencies).select_related("agency")
    return [
        (inquiry, inquiry.deadline_state(today, soon)) for inquiry in due.order_by("due_on", "submitted_at")
    ]


def remind(today: datetime.date) -> int:
    """E-mail the clerks and approvers of each due inquiry once a day; each inquiry is claimed by a
    conditional UPDATE first, so a sweep run twice (or by two workers) mails it once. Returns how many."""
    sent = 0
    due = Inquiry.objects.due_soon_or_overdue(today).filter(
        Q(reminded_on__isnull=True) | Q(reminded_on__lt=today)
    )
    for inquiry in due.select_related("agency"):
        checkpoint()
        claimed = (
            Inquiry.objects.filter(pk=inquiry.pk)
            .filter(Q(reminded_on__isnull=True) | Q(reminded_on__lt=today))
            .update(reminded_on=today)
        )
        if not claimed:
            continue
        emails = [
            email
            for email in Membership.objects.filter(agency_id=inquiry.agency_id, role__in=REMINDED_ROLES)
            .values_list("user__email", flat=True)
            .distinct()
            if email
        ]
        overdue = inquiry.due_on < today
        subject = (
            _("[gongkai] Inquiry {code}: overdue, answer was due on {date}")
            if overdue
            else _("[gongkai] Inquiry {code}: answer due on {date}")
        ).format(code=inquiry.tracking_code, date=inquiry.due_on.isoformat())
        body = _("{agency}: the answer to inquiry {code} is due on {date}. Open it in the workspace.").format(
            agency=inquiry.agency.name, code=inquiry.tracking_code, date=inquiry.due_on.isoformat()
        )
        if emails:
            send_mail(subject, body, settings.DEFAULT_FROM_EMAIL, emails)
        sent += 1
    return sent
