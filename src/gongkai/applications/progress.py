"""The tracking page's timeline: where an application stands, in plain words, from the same records and the
same statutory clock (``clock.deadline_of``) as the staff page — received, receipt confirmed (第三十一条),
补正 asked and answered (第三十条), the clock paused for a consultation or a fee (第三十二条, 第三十四条),
extended (第三十三条), a later reply date (第三十五条), due, decided, delivered.

It says only what the tracking page said before (dates, the state of the clock, what the agency asked the
applicant): never who was consulted, nor anything about staff.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.utils import timezone
from django.utils.translation import gettext as _

from gongkai.workdays.clock import EXTENSION_WORKDAYS, REPLY_WORKDAYS, PauseKind

from . import clock
from .models import Application, Event, Status


@dataclass(frozen=True)
class Stage:
    """One line of the timeline; ``state`` is done, current, paused, due or overdue (the theme's
    ``timeline-item is-<state>``)."""

    on: datetime.date | None
    title: str
    note: str = ""
    state: str = "done"


def _pause_words(kind: PauseKind) -> str:
    return {
        PauseKind.THIRD_PARTY: _("The agency asks a third party's opinion (Article 32)"),
        PauseKind.AGENCY: _("The agency asks another agency's opinion (Article 34)"),
        PauseKind.FEE: _("Waiting for the processing fee"),
    }[kind]


def timeline(application: Application, today: datetime.date) -> list[Stage]:
    stages = [Stage(timezone.localdate(application.submitted_at), _("Application submitted"))]
    if application.received_on is not None:
        stages.append(
            Stage(
                application.received_on,
                _("Receipt confirmed"),
                _("The reply period of {workdays} workdays counts from this day (Article 31).").format(
                    workdays=REPLY_WORKDAYS
                ),
            )
        )
    elif application.is_open:
        stages.append(
            Stage(
                None,
                _("Waiting for the agency to confirm it has received your application"),
                _("The reply period starts on the day of the confirmation (Article 31)."),
                "current",
            )
        )
    supplement = getattr(application, "supplement", None)
    if supplement is not None:
        awaited = supplement.is_awaited and application.status == Status.AWAITING_SUPPLEMENT
        stages.append(
            Stage(
                supplement.requested_on,
                _("The agency asked you to supplement your application (Article 30)"),
                _("Reply by {date}; until then the reply period stands still.").format(
                    date=supplement.reply_by.isoformat()
                ),
                "current" if awaited else "done",
            )
        )
        if supplement.received_on is not None:
            stages.append(
                Stage(
                    supplement.received_on,
                    _("Your supplement arrived"),
                    _("The reply period started again from this day."),
                )
            )
        elif supplement.lapsed_on is not None:
            stages.append(Stage(supplement.lapsed_on, _("No supplement arrived in time")))
    deadline = clock.deadline_of(application, today)
    if deadline is not None:
        for pause in deadline.paused:
            if pause.until is None:
                note = _("The reply period stands still; this time is not counted.")
            else:
                note = _("Until {date}; this time is not counted in the reply period.").format(
                    date=pause.until.isoformat()
                )
            state = "paused" if pause.until is None and application.is_open else "done"
            stages.append(Stage(pause.sent, _pause_words(pause.kind), note, state))
    if application.extended:
        extended = application.events.filter(kind=Event.Kind.EXTENDED, public=True).order_by("on").first()
        stages.append(
            Stage(
                extended.on if extended else None,
                _("Reply period extended by {workdays} workdays (Article 33)").format(
                    workdays=application.extension_workdays or EXTENSION_WORKDAYS
                ),
            )
        )
    if application.postponed_to is not None:
        stages.append(
            Stage(None, _("A later reply date was set (Article 35)"), application.postponed_to.isoformat())
        )
    stages.sort(key=lambda stage: (stage.on is None, stage.on or today))
    if application.is_open:
        if application.due_on is not None:
            late = application.due_on < today
            note = _("Provisional: it may still change.") if application.due_is_provisional else ""
            title = _("Reply due by {date}").format(date=application.due_on.isoformat())
            stages.append(Stage(application.due_on, title, note, "overdue" if late else "due"))
        else:
            words = clock.stopped_clock_words(application)
            stages.append(Stage(None, _("No due date yet"), str(words.public) if words else "", "paused"))
    else:
        if application.decided_on is not None:
            stages.append(Stage(application.decided_on, _("Decision made")))
        if application.delivered_on is not None:
            stages.append(Stage(application.delivered_on, _("Reply delivered to you")))
        if application.status == Status.WITHDRAWN:
            withdrawn = application.events.filter(kind=Event.Kind.WITHDRAWN).order_by("on").last()
            stages.append(Stage(withdrawn.on if withdrawn else None, _("Application withdrawn")))
    return stages
