"""``gongkai deadline``: an application's reply due date, explained day by day.

    gongkai deadline --received 2019-09-26 [--supplement-received DATE] [--consultation SENT:ANSWERED]...
                     [--extended] [--today DATE] [--json]

The calendar comes from the database when it is migrated and seeded, else straight from the
``chinesecalendar`` package, so the command works on a fresh machine before ``gongkai migrate``.
"""

from __future__ import annotations

import datetime
import json
from argparse import ArgumentParser
from typing import Any

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from gongkai.workdays.clock import Consultation, Deadline, Events, InconsistentEvents, compute_deadline
from gongkai.workdays.queries import count_start_day, current_calendar

USAGE_ERROR = 2


def problem_message(problem: str) -> str:
    messages = {
        InconsistentEvents.SUPPLEMENT_BEFORE_RECEIPT: _(
            "The supplement cannot come before the application was received (--supplement-received)."
        ),
        InconsistentEvents.SUPPLEMENT_BEFORE_REQUEST: _(
            "The supplement cannot come before it was requested."
        ),
        InconsistentEvents.CONSULTATION_BEFORE_RECEIPT: _(
            "A consultation cannot be sent before the application was received (--consultation)."
        ),
        InconsistentEvents.ANSWER_BEFORE_CONSULTATION: _(
            "A consultation cannot be answered before it was sent (--consultation SENT:ANSWERED)."
        ),
    }
    return messages[problem]


def parse_date(option: str, value: str) -> datetime.date:
    try:
        return datetime.date.fromisoformat(value.strip())
    except ValueError:
        raise CommandError(
            _("{option}: “{value}” is not a date; write it as YYYY-MM-DD, for example 2019-09-26.").format(
                option=option, value=value
            ),
            returncode=USAGE_ERROR,
        ) from None


def parse_consultation(value: str) -> Consultation:
    sent, _colon, answered = value.partition(":")
    if not sent.strip():
        raise CommandError(
            _(
                "--consultation: “{value}” should be SENT:ANSWERED, two dates; leave ANSWERED out while open."
            ).format(value=value),
            returncode=USAGE_ERROR,
        )
    return Consultation(
        parse_date("--consultation", sent),
        parse_date("--consultation", answered) if answered.strip() else None,
    )


class Command(BaseCommand):
    help = _("Compute an application's reply due date and explain it day by day.")

    def add_arguments(self, parser: ArgumentParser) -> None:
        parser.add_argument(
            "--received", required=True, metavar="DATE", help=_("the day the application was received")
        )
        parser.add_argument(
            "--supplement-received",
            metavar="DATE",
            help=_("the day the supplement (补正) was received; the clock restarts from it"),
        )
        parser.add_argument(
            "--consultation",
            action="append",
            default=[],
            metavar="SENT:ANSWERED",
            help=_("a third-party consultation, sent and answered (or lapsed); repeatable; SENT: while open"),
        )
        parser.add_argument(
            "--extended", action="store_true", help=_("an extension of 20 workdays was approved")
        )
        parser.add_argument(
            "--today", metavar="DATE", help=_("today, to bound the due date while a consultation is open")
        )
        parser.add_argument("--json", action="store_true", help=_("print the result as JSON"))

    def handle(self, *args: Any, **options: Any) -> None:
        received = parse_date("--received", options["received"])
        supplement = options["supplement_received"]
        today = options["today"]
        try:
            events = Events(
                received=received,
                supplement_received=parse_date("--supplement-received", supplement) if supplement else None,
                consultations=tuple(parse_consultation(value) for value in options["consultation"]),
                extended=options["extended"],
            )
        except InconsistentEvents as exc:
            raise CommandError(problem_message(exc.problem), returncode=USAGE_ERROR) from None
        deadline = compute_deadline(
            events,
            current_calendar(),
            count_start_day=count_start_day(),
            today=parse_date("--today", today) if today else None,
        )
        if options["json"]:
            self.stdout.write(json.dumps(deadline.as_json(), ensure_ascii=False, indent=2))
        else:
            self.stdout.write("\n".join(describe(deadline)))


def describe(deadline: Deadline) -> list[str]:
    """The human explanation: the due date, the other dates, then every day counted or skipped."""
    lines = []
    if deadline.due is not None:
        lines.append(
            _("Reply due on {due}: workday {n}, counted from {start}.").format(
                due=deadline.due, n=deadline.workdays, start=deadline.started
            )
        )
    elif deadline.latest_due is not None:
        lines.append(
            _(
                "The reply due date is open while a consultation is unanswered: "
                "{earliest} if it were answered now, {latest} if it lapses."
            ).format(earliest=deadline.earliest_due, latest=deadline.latest_due)
        )
    else:
        lines.append(_("The clock stands still until the supplement is received."))
    if deadline.provisional:
        lines.append(
            _(
                "Provisional: the holidays of {years} are not in the calendar yet, so only weekends were "
                "taken off. Enter that year's State Council notice in the admin."
            ).format(years=", ".join(str(year) for year in deadline.unknown_years))
        )
    lines.append(_("A request to supplement (补正) is due by {date}.").format(date=deadline.supplement_by))
    for pause in deadline.paused:
        if pause.until is None:
            line = _("Consultation sent on {sent}: the reply is due by {reply_by}; not answered yet.")
        else:
            line = _(
                "Consultation sent on {sent}: the reply was due by {reply_by}; answered or lapsed on {until}."
            )
        lines.append(line.format(sent=pause.sent, reply_by=pause.reply_by, until=pause.until))
    if deadline.counted or deadline.skipped:
        lines.append(_("Day by day:"))
        for day in deadline.explanation():
            mark = _("workday {n}").format(n=day.number) if day.number is not None else _("not counted")
            lines.append(f"  {day}  {mark}")
    return lines
