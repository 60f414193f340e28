"""What stands in the way of publishing an annual report today: the checks before publishing.

``checklist(record, today)`` is the one answer. The staff report page shows it, the confirmation page
shows it beside the public version, and ``do_publish_report`` asks it again before it publishes — so the
API, the command line and the admin cannot publish what the pages would refuse. A report is published
only when

1. its year is over: the report of year Y covers 1 January to 31 December of Y, so it is published from
   1 January of Y+1;
2. its narrative is written: no placeholder the generated draft left (``annual_report.narrative.placeholders_in``), and
   a drafted report (built from the records or combined) states its section 五;
3. the rules find no error;
4. the approver has acknowledged every warning with a reason (``Acknowledgement``), for the finding as it
   stands — an acknowledgement of an earlier form of the finding does not count.

The findings are those of the report as it would be published today: its publication date is today, so
rule R13 warns when the report is late.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from django.conf import settings
from django.utils import timezone
from django.utils.translation import gettext as _

from gongkai.annual_report.model import Finding, Severity
from gongkai.annual_report.narrative import placeholders_in

from .models import Acknowledgement, Report
from .queries import findings_of

# The narrative sections as the public version heads them, with the field of the record holding each.
SECTIONS = (
    ("overview", "一、总体情况"),
    ("problems", "五、存在的主要问题及改进情况"),
    ("other", "六、其他需要报告的事项"),
)
# Reports whose narrative gongkai drafted (with placeholders): built from the records, or combined.
DRAFTED = (Report.Source.RECORDS, Report.Source.ROLLUP)
# A refusal names this many obstacles and counts the rest.
NAMED_IN_REFUSAL = 5


class Check:
    YEAR_OVER = "year_over"
    NARRATIVE_WRITTEN = "narrative_written"
    NO_ERRORS = "no_errors"
    WARNINGS_ACKNOWLEDGED = "warnings_acknowledged"


@dataclass(frozen=True)
class Item:
    """One check: what it asks (``label``) and, if it fails, what blocks it (a sentence each)."""

    check: str
    label: str
    blockers: tuple[str, ...] = ()

    @property
    def passed(self) -> bool:
        return not self.blockers


@dataclass(frozen=True)
class WarningState:
    """A warning finding with the acknowledgement that covers it as it stands, or the one given for an
    earlier form of it (``stale``: void, shown so the approver sees what was said before)."""

    finding: Finding
    acknowledgement: Acknowledgement | None = None
    stale: Acknowledgement | None = None

    @property
    def cells(self) -> str:
        return cells_key(self.finding)


@dataclass(frozen=True)
class Checklist:
    today: datetime.date
    items: tuple[Item, ...]
    findings: tuple[Finding, ...]  # as the report would be published today
    warnings: tuple[WarningState, ...]

    @property
    def blockers(self) -> list[str]:
        return [blocker for item in self.items for blocker in item.blockers]

    @property
    def ok(self) -> bool:
        return not self.blockers

    @property
    def infos(self) -> list[Finding]:
        return [finding for finding in self.findings if finding.severity == Severity.INFO]

    def refusal(self) -> str:
        """Why the report cannot be published, naming what blocks (for a ``ValidationError``)."""
        blockers = self.blockers
        named = "；".join(blockers[:NAMED_IN_REFUSAL])
        if len(blockers) > NAMED_IN_REFUSAL:
            named += _("; and {count} more").format(count=len(blockers) - NAMED_IN_REFUSAL)
        return _("The report cannot be published yet: {blockers}").format(blockers=named)


def now() -> datetime.datetime:
    """The moment the report actions take as now: the clock's, on the day ``settings.GONGKAI_REPORTS_TODAY``
    names where a test fixes one."""
    current = timezone.now()
    fixed: datetime.date | None = settings.GONGKAI_REPORTS_TODAY
    if fixed is None:
        return current
    return timezone.make_aware(datetime.datetime.combine(fixed, timezone.localtime(current).time()))


def today() -> datetime.date:
    return timezone.localdate(now())


def first_publication_day(year: int) -> datetime.date:
    """The first day the report of ``year`` may be published: the day after its statistics period ends."""
    return datetime.date(year + 1, 1, 1)


def cells_key(finding: Finding) -> str:
    """How an acknowledgement names the finding's cells."""
    return " ".join(finding.cells)


def year_over(year: int, today: datetime.date) -> Item:
    blockers: tuple[str, ...] = ()
    if today < first_publication_day(year):
        blockers = (
            _("The year {year} is not over: its report can be published from {day}.").format(
                year=year, day=first_publication_day(year).isoformat()
            ),
        )
    return Item(Check.YEAR_OVER, _("The year is over"), blockers)


def narrative_written(sections: dict[str, str], *, drafted: bool) -> Item:
    """No placeholder left in 一、五、六 (``sections``: the record's fields ``overview``, ``problems``,
    ``other``), and section 五 written where gongkai drafted the narrative."""
    blockers = []
    if drafted and not sections.get("problems", "").strip():
        blockers.append(_("Section 五 (problems and improvements) is empty: write it."))
    for field, heading in SECTIONS:
        for placeholder in placeholders_in(sections.get(field, "")):
            blockers.append(
                _("{section} still has the placeholder “{placeholder}”: write the text in its place.").format(
                    section=heading, placeholder=placeholder
                )
            )
    return Item(
        Check.NARRATIVE_WRITTEN, _("The narrative is written, with no placeholder left"), tuple(blockers)
    )


def no_errors(findings: Sequence[Finding]) -> Item:
    blockers = tuple(
        _("Error {rule}: {message}").format(rule=finding.rule, message=finding.message)
        for finding in findings
        if finding.severity == Severity.ERROR
    )
    return Item(Check.NO_ERRORS, _("The rules find no error"), blockers)


def warnings_of(
    findings: Sequence[Finding], acknowledgements: Iterable[Acknowledgement]
) -> tuple[WarningState, ...]:
    """Each warning finding with its acknowledgement: valid only for the finding exactly as acknowledged."""
    by_key = {(ack.rule, ack.cells): ack for ack in acknowledgements}
    warnings = []
    for finding in findings:
        if finding.severity != Severity.WARNING:
            continue
        ack = by_key.get((finding.rule, cells_key(finding)))
        if ack is not None and ack.finding == finding.to_json():
            warnings.append(WarningState(finding, acknowledgement=ack))
        else:
            warnings.append(WarningState(finding, stale=ack))
    return tuple(warnings)


def warnings_acknowledged(warnings: Sequence[WarningState]) -> Item:
    blockers = []
    for warning in warnings:
        if warning.acknowledgement is not None:
            continue
        template = (
            _("Warning {rule} has changed since it was acknowledged: {message}")
            if warning.stale is not None
            else _("Warning {rule} is not acknowledged: {message}")
        )
        blockers.append(template.format(rule=warning.finding.rule, message=warning.finding.message))
    return Item(
        Check.WARNINGS_ACKNOWLEDGED, _("Every warning is acknowledged with a reason"), tuple(blockers)
    )


def checklist(record: Report, today: datetime.date) -> Checklist:
    """What stands in the way of publishing ``record`` on ``today`` (``.ok``: nothing)."""
    findings = findings_of(record, published_on=today)
    warnings = warnings_of(findings, record.acknowledgements.all())
    sections = {"overview": record.overview, "problems": record.problems, "other": record.other}
    items = (
        year_over(record.year, today),
        narrative_written(sections, drafted=record.source in DRAFTED),
        no_errors(findings),
        warnings_acknowledged(warnings),
    )
    return Checklist(today, items, tuple(findings), warnings)
