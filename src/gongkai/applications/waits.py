"""Waits on the applicant: a period with a deadline, and what its lapse means. One mechanism, two
configurations — the 补正 (第三十条) and the processing fee (国办函〔2020〕109号).

When the period runs out with nothing received, the daily sweep marks the wait lapsed (``lapsed_on``) and
the application joins the "to confirm" list: it is *not* closed by the sweep, since whether the applicant
had a good reason (无正当理由) is a judgement. A clerk either confirms the closing — 视为放弃申请, coded
to the report row the year's format keeps for the reason (``ApplicationRow.maps_from``) — or records the
reason and a new date (``actions.do_confirm_lapse``, ``actions.do_renew_wait``).

A consultation's lapse is not a wait of this kind: the law itself says what follows (第三十二条: the
agency decides; 第三十四条: consent), so the sweep records it at once (``actions.do_lapse_consultation``).
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from functools import reduce
from operator import or_

from django.db import models
from django.db.models import Q
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from gongkai.annual_report.formats import Reason

from .models import OPEN_STATUSES, Application, ApplicationQuerySet, Event, Fee, SupplementRequest


@dataclass(frozen=True)
class Wait:
    """How one kind of wait is stored and what its lapse means."""

    name: str
    model: type[SupplementRequest] | type[Fee]
    related_name: str  # the one-to-one accessor on Application
    deadline_field: str  # the applicant's last day
    done_field: str  # the day what was awaited arrived
    reason: Reason  # the closing's reason code, which each format counts in one of its rows
    lapsed_event: str
    article: str  # the provision that sets the period
    closing_article: str  # the provision the confirmed closing cites ("" where the format's row says it)
    closing_text: Promise  # the decision text of the confirmed closing
    lapse_words: Promise  # what the clerk confirms

    def record_of(self, application: Application) -> SupplementRequest | Fee | None:
        return getattr(application, self.related_name, None)

    def awaited(self, application: Application) -> SupplementRequest | Fee | None:
        """The wait's record while what it waits for has not arrived (lapsed or not), else None."""
        record = self.record_of(application)
        return record if record is not None and getattr(record, self.done_field) is None else None

    def deadline_of(self, record: models.Model) -> datetime.date:
        day: datetime.date = getattr(record, self.deadline_field)
        return day

    def lapsed_unmarked(
        self, today: datetime.date
    ) -> models.QuerySet[SupplementRequest] | models.QuerySet[Fee]:
        """Past the deadline on ``today``, nothing received, not marked yet, the application still open."""
        return self.model.objects.filter(
            **{
                f"{self.done_field}__isnull": True,
                "lapsed_on__isnull": True,
                f"{self.deadline_field}__lt": today,
                "application__status__in": OPEN_STATUSES,
            }
        ).select_related("application")

    def to_confirm(self) -> Q:
        return Q(
            **{
                f"{self.related_name}__lapsed_on__isnull": False,
                f"{self.related_name}__{self.done_field}__isnull": True,
            }
        )


SUPPLEMENT = Wait(
    name="supplement",
    model=SupplementRequest,
    related_name="supplement",
    deadline_field="reply_by",
    done_field="received_on",
    reason=Reason.NO_SUPPLEMENT,
    lapsed_event=Event.Kind.SUPPLEMENT_LAPSED,
    article="第三十条",
    closing_article="",
    closing_text=_("No supplement received in time."),
    lapse_words=_("No supplement by the date given: confirm that the application is treated as withdrawn"),
)
FEE = Wait(
    name="fee",
    model=Fee,
    related_name="fee",
    deadline_field="pay_by",
    done_field="paid_on",
    reason=Reason.FEE_UNPAID,
    lapsed_event=Event.Kind.FEE_LAPSED,
    article="国办函〔2020〕109号",
    closing_article="第四十二条",  # the fee the 条例 allows; 109号 sets its terms
    closing_text=_("The fee was not paid in time."),
    lapse_words=_("The fee was not paid in time: confirm that the application is treated as withdrawn"),
)
WAITS: dict[str, Wait] = {wait.name: wait for wait in (SUPPLEMENT, FEE)}


def to_confirm(applications: ApplicationQuerySet) -> ApplicationQuerySet:
    """The open applications whose wait has lapsed and awaits a clerk's confirmation."""
    return applications.open().filter(reduce(or_, (wait.to_confirm() for wait in WAITS.values())))


def lapsed_wait(application: Application) -> Wait | None:
    """The wait of ``application`` that lapsed and awaits confirmation, if any."""
    for wait in WAITS.values():
        record = wait.awaited(application)
        if record is not None and record.lapsed_on is not None:
            return wait
    return None
