"""``gongkai deadline``: an application's reply due date, explained day by day.

    gongkai deadline --received 2019-09-26 [--supplement-requested DATE] [--supplement-received DATE]
                     [--consultation SENT:ANSWERED[:DELIVERED]]... [--agency-consultation SENT:ANSWERED[:DELIVERED]]...
                     [--fee-notice SENT:DELIVERED[:PAID]] [--extended | --extension DECIDED[:WORKDAYS]]
                     [--today DATE] [--json]

A consultation given with its delivery day and no answer (``2025-03-03::2025-03-05``) had no answer: it
lapsed on the consulted party's last day. Without ``--today``, an unpaid fee has lapsed too. A late or too
long extension (第三十三条第二款) exits with 2 and says why; with ``--json`` the document is printed first,
computed without the extension, its ``errors`` naming the problem.

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

from gongkai.workdays.clock import (
    EXTENSION_WORKDAYS,
    ClockError,
    Consultation,
    Deadline,
    Events,
    FeeNotice,
    InconsistentEvents,
    PauseKind,
    compute_deadline,
)
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
        InconsistentEvents.DELIVERY_BEFORE_CONSULTATION: _(
            "A consultation cannot be delivered before it was sent (--consultation SENT:ANSWERED:DELIVERED)."
        ),
        InconsistentEvents.ANSWER_BEFORE_DELIVERY: _(
            "A consultation cannot be answered before it was delivered (--consultation SENT:ANSWERED:DELIVERED)."
        ),
        InconsistentEvents.FEE_NOTICE_BEFORE_RECEIPT: _(
            "A fee notice cannot be sent before the application was received (--fee-notice)."
        ),
        InconsistentEvents.FEE_DELIVERY_BEFORE_NOTICE: _(
            "A fee notice cannot be delivered before it was sent (--fee-notice SENT:DELIVERED)."
        ),
        InconsistentEvents.PAYMENT_BEFORE_NOTICE: _(
            "The fee cannot be paid before the notice was sent (--fee-notice SENT:DELIVERED:PAID)."
        ),
        InconsistentEvents.EXTENSION_TOO_LONG: _(
            "An extension is at most {days} workdays (Article 33(2)) (--extension DECIDED:WORKDAYS)."
        ).format(days=EXTENSION_WORKDAYS),
        InconsistentEvents.EXTENSION_BEFORE_RECEIPT: _(
            "An extension cannot be decided before the application was received (--extension)."
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


def _parts(option: str, value: str, shape: str, least: int, most: int) -> list[str]:
    parts = value.split(":")
    if not least <= len(parts) <= most or not parts[0].strip():
        raise CommandError(
            _("{option}: “{value}” should be {shape}.").format(option=option, value=value, shape=shape),
            returncode=USAGE_ERROR,
        )
    return parts + [""] * (most - len(parts))


def parse_consultation(value: str, option: str = "--consultation") -> Consultation:
    """SENT:ANSWERED (ANSWERED empty while open), or SENT:ANSWERED:DELIVERED (ANSWERED empty: no answer came)."""
    sent, answered, delivered = _parts(option, value, "SENT:ANSWERED[:DELIVERED]", 2, 3)
    with_delivery = value.count(":") == 2
    return Consultation(
        parse_date(option, sent),
        parse_date(option, answered) if answered.strip() else None,
        delivered=parse_date(option, delivered) if delivered.strip() else None,
        agency=option == "--agency-consultation",
        unanswered=with_delivery and not answered.strip(),
    )


def parse_fee_notice(value: str) -> FeeNotice:
    sent, delivered, paid = _parts("--fee-notice", value, "SENT:DELIVERED[:PAID]", 2, 3)
    return FeeNotice(
        parse_date("--fee-notice", sent),
        parse_date("--fee-notice", delivered) if delivered.strip() else None,
        parse_date("--fee-notice", paid) if paid.strip() else None,
    )


def parse_extension(value: str) -> tuple[datetime.date, int]:
    decided, workdays = _parts("--extension", value, "DECIDED[:WORKDAYS]", 1, 2)
    if not workdays.strip():
        return parse_date("--extension", decided), EXTENSION_WORKDAYS
    try:
        days = int(workdays)
    except ValueError:
        raise CommandError(
            _("--extension: “{value}” is not a number of workdays.").format(value=workdays),
            returncode=USAGE_ERROR,
        ) from None
    return parse_date("--extension", decided), days


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
            metavar="SENT:ANSWERED[:DELIVERED]",
            help=_(
                "a third-party consultation (Article 32), sent, answered and delivered; repeatable; SENT: while "
                "open; SENT::DELIVERED when no answer came"
            ),
        )
        parser.add_argument(
            "--agency-consultation",
            action="append",
            default=[],
            metavar="SENT:ANSWERED[:DELIVERED]",
            help=_("another agency consulted (Article 34), in the same form; silence counts as consent"),
        )
        parser.add_argument(
            "--supplement-requested",
            metavar="DATE",
            help=_("the day the supplement (补正) was requested; due within 7 workdays of receipt"),
        )
        parser.add_argument(
            "--fee-notice",
            metavar="SENT:DELIVERED[:PAID]",
            help=_("the processing-fee notice, sent, received by the applicant, and paid"),
        )
        parser.add_argument(
            "--extension",
            metavar="DECIDED[:WORKDAYS]",
            help=_("an extension decided on DECIDED, of WORKDAYS (at most 20, the default)"),
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
        requested = options["supplement_requested"]
        today = options["today"]
        consultations = [parse_consultation(value) for value in options["consultation"]]
        consultations += [
            parse_consultation(v, "--agency-consultation") for v in options["agency_consultation"]
        ]
        extended, decided, workdays = options["extended"], None, EXTENSION_WORKDAYS
        if options["extension"]:
            extended = True
            decided, workdays = parse_extension(options["extension"])
        errors: list[tuple[str, str]] = []
        if extended and not 1 <= workdays <= EXTENSION_WORKDAYS:
            errors.append((InconsistentEvents.EXTENSION_TOO_LONG, problem_message("extension_too_long")))
            extended = False
        try:
            events = Events(
                received=received,
                supplement_requested=parse_date("--supplement-requested", requested) if requested else None,
                supplement_received=parse_date("--supplement-received", supplement) if supplement else None,
                consultations=tuple(consultations),
                extended=extended,
                fee=parse_fee_notice(options["fee_notice"]) if options["fee_notice"] else None,
                extension_workdays=workdays if extended else EXTENSION_WORKDAYS,
                extension_decided=decided,
            )
        except InconsistentEvents as exc:
            raise CommandError(problem_message(exc.problem), returncode=USAGE_ERROR) from None
        deadline = compute_deadline(
            events,
            current_calendar(),
            count_start_day=count_start_day(),
            today=parse_date("--today", today) if today else None,
        )
        if ClockError.EXTENSION_LATE in deadline.errors:
            errors.append(
                (ClockError.EXTENSION_LATE, extension_late_message(decided, deadline.unextended_due))
            )
        if options["json"]:
            document = deadline.as_json()
            document["errors"] = [{"code": code, "message": message} for code, message in errors]
            self.stdout.write(json.dumps(document, ensure_ascii=False, indent=2))
        else:
            self.stdout.write("\n".join(describe(deadline)))
        if errors:
            raise CommandError(" ".join(message for _code, message in errors), returncode=USAGE_ERROR)


def extension_late_message(decided: datetime.date | None, due: datetime.date | None) -> str:
    return _(
        "An extension must be decided and told to the applicant before the reply period ends (Article 33(2)): "
        "the period ended on {due}, the extension was decided on {decided}."
    ).format(due=due, decided=decided)


def describe(deadline: Deadline) -> list[str]:
    """The human explanation: the due date, the other dates, then every day counted or skipped."""
    lines = []
    if deadline.due is not None:
        lines.append(
            _("Reply due on {due}: workday {n}, counted from {start}.").format(
                due=deadline.due, n=deadline.workdays, start=deadline.started
            )
        )
    elif any(pause.kind == PauseKind.FEE and pause.until is None for pause in deadline.paused):
        lines.append(
            _(
                "The clock stands still until the processing fee is paid (by {fee_due}); unpaid by then, the "
                "application is treated as withdrawn once the agency confirms it."
            ).format(fee_due=deadline.fee_due)
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
    if deadline.supplement_late:
        lines.append(
            _("The supplement was requested late: Article 30 asks for it within 7 workdays of receipt.")
        )
    for pause in deadline.paused:
        lines.append(pause_words(pause))
    for lapse in deadline.lapsed:
        lines.append(_("{on}: {words}.").format(on=lapse.on, words=lapse.words))
    if deadline.extension_workdays and deadline.unextended_due is not None:
        lines.append(
            _("Extended by {days} workdays (Article 33(2)); without it the reply was due on {due}.").format(
                days=deadline.extension_workdays, due=deadline.unextended_due
            )
        )
    if deadline.counted or deadline.skipped:
        lines.append(_("Day by day:"))
        for day in deadline.explanation():
            mark = _("workday {n}").format(n=day.number) if day.number is not None else _("not counted")
            lines.append(f"  {day}  {mark}")
    return lines


def pause_words(pause: Any) -> str:
    """One paused interval in a clerk's words: what stopped the clock, the other side's last day, the end."""
    if pause.kind == PauseKind.FEE:
        if pause.until is None:
            line = _("Fee notice sent on {sent}: the applicant may pay until {reply_by}; not paid yet.")
        else:
            line = _("Fee notice sent on {sent}: payable until {reply_by}; paid on {until}.")
    elif pause.kind == PauseKind.AGENCY:
        if pause.until is None:
            line = _("Another agency consulted on {sent}: its opinion is due by {reply_by}; none yet.")
        elif pause.lapsed:
            line = _("Another agency consulted on {sent}: no opinion by {reply_by}, which counts as consent.")
        else:
            line = _(
                "Another agency consulted on {sent}: its opinion was due by {reply_by}; given on {until}."
            )
    elif pause.until is None:
        line = _("Consultation sent on {sent}: the reply is due by {reply_by}; not answered yet.")
    elif pause.lapsed:
        line = _(
            "Consultation sent on {sent}: no reply by {reply_by}; the agency decides, and the clock runs again "
            "from the next day."
        )
    else:
        line = _(
            "Consultation sent on {sent}: the reply was due by {reply_by}; answered or lapsed on {until}."
        )
    return str(line.format(sent=pause.sent, reply_by=pause.reply_by, until=pause.until))
