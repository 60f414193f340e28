"""The case page's two timelines: the statutory clock (received, the intervals it stood still and why, the
extension, the due date) and the history, each event with the letters it issued."""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from dataclasses import dataclass, field

from django.utils.translation import gettext_lazy as _

from .models import Application, Event, Letter, LetterKind

# A pause of the clock: the event that stops it → the events that start it again (第三十条, 第三十二条,
# 第四十二条 — the 补正, the consultation and the fee are not counted in the reply period).
PAUSES = {
    Event.Kind.SUPPLEMENT_REQUESTED: (
        (Event.Kind.SUPPLEMENT_RECEIVED, Event.Kind.SUPPLEMENT_LAPSED, Event.Kind.WITHDRAWN),
        _("waiting for the applicant's supplement"),
    ),
    Event.Kind.CONSULTATION_SENT: (
        (Event.Kind.CONSULTATION_ANSWERED, Event.Kind.CONSULTATION_LAPSED, Event.Kind.WITHDRAWN),
        _("consultation"),
    ),
    Event.Kind.FEE_NOTICE: (
        (Event.Kind.FEE_PAID, Event.Kind.FEE_LAPSED, Event.Kind.WITHDRAWN),
        _("waiting for the processing fee"),
    ),
}
# The other events that move the clock, shown on it as they are.
MARKS = (
    Event.Kind.RECEIVED,
    Event.Kind.EXTENDED,
    Event.Kind.POSTPONED,
    Event.Kind.REDATED,
    Event.Kind.DECIDED,
    Event.Kind.WITHDRAWN,
    Event.Kind.REOPENED,
)
# The event that issued each kind of letter, to link the letter from the history.
LETTER_EVENTS = {
    LetterKind.SUPPLEMENT_NOTICE: Event.Kind.SUPPLEMENT_REQUESTED,
    LetterKind.EXTENSION_NOTICE: Event.Kind.EXTENDED,
    LetterKind.CONSULTATION: Event.Kind.CONSULTATION_SENT,
    LetterKind.FEE_NOTICE: Event.Kind.FEE_NOTICE,
    LetterKind.REASONS_REQUEST: Event.Kind.REASONS_ASKED,
    LetterKind.POSTPONEMENT_NOTICE: Event.Kind.POSTPONED,
    LetterKind.REPLY: Event.Kind.DECIDED,
}


@dataclass
class Step:
    """One mark on the clock: ``kind`` is start, pause, mark or due (the template's colour and icon)."""

    on: datetime.date | None
    label: str
    kind: str
    until: datetime.date | None = None  # a pause's end (None: still paused)
    detail: str = ""


@dataclass
class HistoryItem:
    event: Event
    letters: list[Letter] = field(default_factory=list)


def clock_steps(application: Application, events: Iterable[Event], today: datetime.date) -> list[Step]:
    events = list(events)
    steps: list[Step] = []
    open_pauses: list[tuple[Step, tuple[str, ...]]] = []
    for event in events:
        for pause, ends in list(open_pauses):
            if event.kind in ends:
                pause.until = event.on
                open_pauses.remove((pause, ends))
                break
        if event.kind in PAUSES:
            ends, reason = PAUSES[Event.Kind(event.kind)]
            step = Step(event.on, str(_("Clock paused: {reason}")).format(reason=reason), "pause")
            step.detail = event.message
            steps.append(step)
            open_pauses.append((step, ends))
        elif event.kind in MARKS:
            kind = "start" if event.kind == Event.Kind.RECEIVED else "mark"
            steps.append(Step(event.on, event.get_kind_display(), kind, detail=event.message))
    if application.is_open:
        if application.received_on is None:
            steps.append(Step(None, str(_("Receipt not confirmed yet: the clock has not started")), "due"))
        elif application.due_on is not None:
            steps.append(Step(application.due_on, str(_("Reply due")), "due"))
        else:
            steps.append(Step(None, str(_("No due date while the clock is paused")), "due"))
    elif application.delivered_on:
        steps.append(Step(application.delivered_on, str(_("Reply delivered")), "mark"))
    return steps


def history(events: Iterable[Event], letters: Iterable[Letter]) -> tuple[list[HistoryItem], list[Letter]]:
    """The events, each with the letters it issued (same kind, same day); the letters no event claims."""
    items = [HistoryItem(event) for event in events]
    loose = []
    for letter in letters:
        kind = LETTER_EVENTS.get(LetterKind(letter.kind))
        owner = next(
            (item for item in items if item.event.kind == kind and item.event.on == letter.issued_on), None
        )
        if owner is None:
            loose.append(letter)
        else:
            owner.letters.append(letter)
    return items, loose
