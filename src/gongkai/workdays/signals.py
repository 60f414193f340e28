"""``calendar_changed``: the hook by which open deadlines follow the calendar.

Contract for subscribers (the applications app will be the first)::

    @receiver(calendar_changed)
    def redate_open_applications(sender, years: frozenset[int], **kwargs): ...

- It is sent after the transaction that changed the calendar has committed, once per transaction, with
  ``years``: every year whose holidays, make-up workdays or completeness changed in it (a year whose change
  was rolled back in a savepoint may still be named; re-dating an unchanged year must be a no-op).
- A subscriber that raises does not undo the change nor stop the others: the error is logged (level
  ERROR, logger ``gongkai.workdays``) with its traceback.
- It is sent for every change: admin edits, ``seed_from_chinesecalendar()``, and any other save or delete
  of ``CalendarYear`` / ``CalendarDay`` (not for ``QuerySet.update()`` or ``bulk_create``, which bypass
  model signals — code that uses them calls ``note_calendar_change`` itself, as the seeding does).
- A subscriber re-dates exactly the open applications whose computation went over one of ``years`` — their
  clock span (start to due date, or to the last day counted while paused), their 补正 and consultation
  periods — recomputes them with a freshly loaded calendar, stores the new dates in one transaction, and
  logs each change (old date, new date, years) on the application. Closed applications keep their dates.
"""

from __future__ import annotations

import logging
from typing import Any

from django.db import transaction
from django.db.models.signals import post_delete, post_save
from django.dispatch import Signal, receiver

from .models import CalendarDay, CalendarYear

logger = logging.getLogger("gongkai.workdays")

calendar_changed = Signal()  # sent with years=frozenset[int], after commit

_PENDING = "gongkai_calendar_changed_years"


class _Pending:
    """The years changed in the current transaction of one connection, sent together on commit."""

    def __init__(self, using: str | None) -> None:
        self.using = using
        self.years: set[int] = set()

    def send(self) -> None:
        connection = transaction.get_connection(self.using)
        if getattr(connection, _PENDING, None) is self:
            delattr(connection, _PENDING)
        years = frozenset(self.years)
        logger.info(
            "Workday calendar changed for %s; open deadlines over these years are re-dated.", sorted(years)
        )
        # The change is committed whatever a subscriber does: a failure is logged, not raised at the admin
        # user (or at ``gongkai migrate``, which seeds), and the other subscribers still run.
        for subscriber, error in calendar_changed.send_robust(sender=CalendarYear, years=years):
            if isinstance(error, Exception):
                logger.error(
                    "Re-dating after the calendar change for %s failed in %s.",
                    sorted(years),
                    getattr(subscriber, "__qualname__", subscriber),
                    exc_info=error,
                )


def note_calendar_change(years: set[int] | frozenset[int], using: str | None = None) -> None:
    """Remember that ``years`` changed; ``calendar_changed`` goes out once, when the transaction commits."""
    if not years:
        return
    connection = transaction.get_connection(using)
    pending: _Pending | None = getattr(connection, _PENDING, None)
    # A rollback drops the on-commit hook but not our note of it, so check the hook is still queued
    # (``run_on_commit`` is Django's list of (savepoint ids, callable, robust) for this transaction).
    if pending is None or not any(hook[1] == pending.send for hook in connection.run_on_commit):
        pending = _Pending(using)
        setattr(connection, _PENDING, pending)
        pending.years.update(years)
        transaction.on_commit(pending.send, using=using)  # runs at once outside a transaction
    else:
        pending.years.update(years)


@receiver(post_save, sender=CalendarYear, dispatch_uid="workdays_year_saved")
@receiver(post_delete, sender=CalendarYear, dispatch_uid="workdays_year_deleted")
def _year_changed(sender: Any, instance: CalendarYear, using: str, **kwargs: Any) -> None:
    years = {instance.year}
    previous = getattr(instance, "_loaded_year", None)
    if previous is not None:
        years.add(previous)  # a renumbered year is no longer known under its old number
    note_calendar_change(years, using)


@receiver(post_save, sender=CalendarDay, dispatch_uid="workdays_day_saved")
@receiver(post_delete, sender=CalendarDay, dispatch_uid="workdays_day_deleted")
def _day_changed(sender: Any, instance: CalendarDay, using: str, **kwargs: Any) -> None:
    years = {instance.date.year}
    previous = getattr(instance, "_loaded_date", None)
    if previous is not None:
        years.add(previous.year)  # a day moved to another year changes both
    note_calendar_change(years, using)
