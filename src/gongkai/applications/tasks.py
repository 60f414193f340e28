"""Background tasks (django-tasks, database backend). Tasks take plain values, never model instances."""

from __future__ import annotations

import datetime

from django.db import IntegrityError, transaction
from django_tasks import task

from .models import ScheduledRun
from .reminders import sweep

DAILY_SWEEP = "daily_sweep"


@task()
def daily_sweep(day: str) -> dict[str, int]:
    result = sweep(datetime.date.fromisoformat(day))
    return {"reminders": result.reminders, "emailed": result.emailed, "lapsed": len(result.lapsed)}


def schedule_daily_sweep(today: datetime.date) -> bool:
    """Enqueue today's sweep unless some worker did already: the claim and the task row commit together."""
    try:
        with transaction.atomic():
            ScheduledRun.objects.create(job=DAILY_SWEEP, day=today)
            daily_sweep.enqueue(today.isoformat())
    except IntegrityError:
        return False
    return True
