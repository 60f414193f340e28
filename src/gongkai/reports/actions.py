"""Every change to stored annual reports: build, edit the narrative, acknowledge a warning, publish,
correct, import, roll up.

Each is atomic, asks ``agencies.access`` and writes its ``ReportEvent``; ``actor=None`` is the operator at
the command line. Published reports never change: ``do_start_correction`` makes a new draft version
linked to them. Publishing asks ``reports.checks`` what stands in the way, whoever calls it.
"""

from __future__ import annotations

import datetime
from dataclasses import asdict
from typing import TYPE_CHECKING, Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _

from gongkai.agencies.access import Action, can, recorded_as
from gongkai.agencies.models import Agency
from gongkai.annual_report.model import AnnualReport

from . import checks
from .build import build_report
from .editor import snapshot
from .models import Acknowledgement, Report, ReportEvent
from .narrative import draft_for, services_summary
from .queries import current_report, findings_of, previous_report

if TYPE_CHECKING:
    from gongkai.agencies.access import Actor

__all__ = [  # the reads, for the callers that import them from here
    "current_report",
    "findings_of",
    "previous_report",
]


def _require(actor: Actor, action: Action, agency: Agency) -> None:
    if actor is not None and not can(actor, action, agency):
        raise PermissionDenied


# The changes after which the report's content is a version the editor can compare.
CONTENT_CHANGES = frozenset(
    {
        ReportEvent.Kind.BUILT,
        ReportEvent.Kind.NARRATIVE,
        ReportEvent.Kind.PUBLISHED,
        ReportEvent.Kind.CORRECTION,
        ReportEvent.Kind.IMPORTED,
    }
)


def _log(
    record: Report, actor: Actor, kind: str, note: str = "", at: datetime.datetime | None = None
) -> None:
    content = (
        snapshot(record.data, record.overview, record.problems, record.other)
        if kind in CONTENT_CHANGES
        else {}
    )
    ReportEvent.objects.create(
        report=record, actor=recorded_as(actor), kind=kind, note=note, at=at or checks.now(), snapshot=content
    )


def _next_version(agency: Agency, year: int) -> int:
    top = Report.objects.for_agency(agency).of_year(year).aggregate(top=Max("version"))["top"]
    return (top or 0) + 1


def _new_draft(actor: Actor, agency: Agency, year: int, source: str) -> Report:
    corrects = current_report(agency, year)
    return Report(
        agency=agency,
        year=year,
        version=_next_version(agency, year),
        corrects=corrects if corrects is not None and corrects.is_published else None,
        source=source,
        created_by=recorded_as(actor),
    )


def _refuse_future_year(year: int) -> None:
    if year > checks.today().year:
        raise ValidationError({"year": _("A report cannot be built for a future year.")})


def _draft_of(agency: Agency, year: int) -> Report | None:
    return Report.objects.for_agency(agency).of_year(year).filter(status=Report.Status.DRAFT).first()


@transaction.atomic
def do_build_report(actor: Actor, agency: Agency, year: int, *, redraft_narrative: bool = False) -> Report:
    """Build (or rebuild) the agency-year's draft from the records. A published year gets a new draft
    version that corrects it. The narrative draft is generated on the first build (or when asked);
    edited prose is kept."""
    _require(actor, Action.WORK, agency)
    _refuse_future_year(year)
    record = _draft_of(agency, year) or _new_draft(actor, agency, year, Report.Source.RECORDS)
    built = build_report(agency, year)
    built.report.notes.extend(_carry_over_notes(agency, year, built.report))
    record.source = Report.Source.RECORDS
    return _store_build(
        actor, record, built.report, built.report.to_json(), built.provenance, redraft_narrative
    )


def _store_build(
    actor: Actor,
    record: Report,
    report: AnnualReport,
    data: dict[str, Any],
    provenance: dict[str, Any],
    redraft_narrative: bool,
) -> Report:
    """Store a build (of the records, or a roll-up) on its draft: the data, and the narrative drafted
    from it the first time (or when asked; edited prose is kept otherwise); its findings; one event."""
    # The narrative's public-services numbers trace to their records like the cells (``services.*``).
    record.provenance = {**provenance, **services_summary(record.agency, report.year or 0)[1]}
    record.built_at = timezone.now()
    # The generated draft is kept with the data (``narrative_draft``), so that the editor can mark the
    # sentences staff have left as generated, whether or not the prose is redrafted.
    narrative = draft_for(record.agency, report)
    record.data = {**data, "narrative_draft": asdict(narrative)}
    if redraft_narrative or not (record.overview or record.problems or record.other):
        record.overview, record.problems, record.other = (
            narrative.overview,
            narrative.problems,
            narrative.other,
        )
    record.save()
    _store_findings(record)
    _log(record, actor, ReportEvent.Kind.BUILT)
    return record


def _carry_over_notes(agency: Agency, year: int, report: AnnualReport) -> list[str]:
    """An agency adopting gongkai mid-stream: last year's imported report states the 上年结转 this year must
    show. gongkai counts only applications on record, so the ones carried over from the old system are
    entered with their original receipt dates; until they all are, say how many are missing (R6 also
    fails against the imported report, which keeps the report from being published)."""
    previous = current_report(agency, year - 1)
    if previous is None or previous.source != Report.Source.IMPORTED:
        return []
    stated = (previous.data.get("applications") or {}).get("carried_forward") or {}
    counted = report.applications.get("carried_over", {})
    notes = []
    for column, label in (("total", "总计"),):
        expected, actual = stated.get(column), counted.get(column)
        if isinstance(expected, int) and isinstance(actual, int) and expected != actual:
            notes.append(
                f"{year - 1}年度报告（导入）结转下年度{expected}件，系统中登记的上年结转申请为{actual}件"
                f"（{label}）：请按原收到日期补录上年结转的申请"
            )
    return notes


def _store_findings(record: Report) -> None:
    record.data = {**record.data, "findings": [finding.to_json() for finding in findings_of(record)]}
    record.save(update_fields=["data", "updated_at"])


@transaction.atomic
def do_edit_narrative(actor: Actor, record: Report, *, overview: str, problems: str, other: str) -> Report:
    _require(actor, Action.WORK, record.agency)
    if record.is_published:
        raise ValidationError(_("A published report cannot be changed; start a correction instead."))
    text = (overview.strip(), problems.strip(), other.strip())
    if text == (record.overview, record.problems, record.other):
        return record  # saved unchanged: nothing to write, nothing to log
    record.overview, record.problems, record.other = text
    record.save()
    _store_findings(record)
    _log(record, actor, ReportEvent.Kind.NARRATIVE)
    return record


@transaction.atomic
def do_acknowledge_warning(
    actor: Actor,
    record: Report,
    *,
    rule: str,
    cells: str,
    reason: str,
    now: datetime.datetime | None = None,
) -> Acknowledgement:
    """The approver's reason for publishing despite the warning of ``rule`` on ``cells`` (as
    ``checks.cells_key`` names them), for the finding as it stands today. Acknowledging again replaces
    the reason; once the finding changes, the acknowledgement no longer counts."""
    _require(actor, Action.APPROVE, record.agency)
    if record.is_published:
        raise ValidationError(_("A published report cannot be changed; start a correction instead."))
    reason = reason.strip()
    if not reason:
        raise ValidationError({"reason": _("Give the reason for publishing despite the warning.")})
    now = now or checks.now()
    findings = findings_of(record, published_on=timezone.localdate(now))
    warning = next(
        (w for w in checks.warnings_of(findings, ()) if (w.finding.rule, w.cells) == (rule, cells)), None
    )
    if warning is None:
        raise ValidationError(_("The report has no such warning now; reload the page."))
    acknowledgement, _created = Acknowledgement.objects.update_or_create(
        report=record,
        rule=rule,
        cells=cells,
        defaults={
            "finding": warning.finding.to_json(),
            "reason": reason,
            "acknowledged_by": recorded_as(actor),
            "acknowledged_at": now,
        },
    )
    _log(record, actor, ReportEvent.Kind.ACKNOWLEDGED, f"{rule} {warning.finding.message}：{reason}", now)
    return acknowledgement


@transaction.atomic
def do_publish_report(actor: Actor, record: Report, *, now: datetime.datetime | None = None) -> Report:
    """Publish to the portal, as the approver confirms it; refused while anything stands in the way
    (``checks.checklist``: the year not over, a placeholder left, an error, a warning not acknowledged)."""
    _require(actor, Action.APPROVE, record.agency)
    if record.is_published:
        raise ValidationError(_("This report is already published."))
    now = now or checks.now()
    today = timezone.localdate(now)
    checklist = checks.checklist(record, today)
    if not checklist.ok:
        raise ValidationError(checklist.refusal())
    record.status = Report.Status.PUBLISHED
    record.approved_by = recorded_as(actor)
    record.approved_at = now
    record.published_at = now
    record.data = {
        **record.data,
        "published_on": today.isoformat(),
        "findings": [finding.to_json() for finding in checklist.findings],
    }
    record.save()
    _log(record, actor, ReportEvent.Kind.PUBLISHED, at=now)
    return record


@transaction.atomic
def do_start_correction(actor: Actor, record: Report, *, note: str) -> Report:
    """A new draft version correcting a published report, starting from its content."""
    _require(actor, Action.WORK, record.agency)
    if not record.is_published:
        raise ValidationError(_("Only a published report is corrected; edit the draft instead."))
    if _draft_of(record.agency, record.year) is not None:
        raise ValidationError(_("A draft of this year's report already exists."))
    if not note.strip():
        raise ValidationError({"note": _("Say what the correction changes.")})
    data = {key: value for key, value in record.data.items() if key != "published_on"}
    correction = Report.objects.create(
        agency=record.agency,
        year=record.year,
        version=_next_version(record.agency, record.year),
        corrects=record,
        source=record.source,
        data=data,
        provenance=record.provenance,
        overview=record.overview,
        problems=record.problems,
        other=record.other,
        file_name=record.file_name,
        correction_note=note.strip(),
        created_by=recorded_as(actor),
    )
    _log(correction, actor, ReportEvent.Kind.CORRECTION, correction.correction_note)
    return correction


@transaction.atomic
def do_import_report(actor: Actor, agency: Agency, report: AnnualReport, *, file_name: str = "") -> Report:
    """Store a report published before gongkai (read by ``gongkai audit``) as the agency-year's record,
    published as it was. A year already on record gets a new version correcting it."""
    _require(actor, Action.APPROVE, agency)
    if report.year is None:
        raise ValidationError(_("The report does not state its year; give it with --year."))
    year_over = checks.year_over(report.year, checks.today())
    if not year_over.passed:
        raise ValidationError(list(year_over.blockers))
    if _draft_of(agency, report.year) is not None:
        raise ValidationError(_("A draft of this year's report exists; delete or publish it first."))
    record = _new_draft(actor, agency, report.year, Report.Source.IMPORTED)
    data = report.to_json()
    data.pop("file", None)
    record.data = data
    record.file_name = file_name
    sections = report.sections
    record.overview = (sections.overview or "").strip()
    record.problems = (sections.problems or sections.after_reviews or "").strip()
    record.other = (sections.other or "").strip()
    record.save()
    _store_findings(record)
    now = checks.now()
    record.status = Report.Status.PUBLISHED
    record.approved_by = recorded_as(actor)
    record.approved_at = now
    record.published_at = now
    record.save()
    _log(record, actor, ReportEvent.Kind.IMPORTED, file_name, now)
    return record


@transaction.atomic
def do_delete_draft(actor: Actor, record: Report) -> None:
    _require(actor, Action.WORK, record.agency)
    if record.is_published:
        raise ValidationError(_("A published report cannot be deleted."))
    record.delete()


@transaction.atomic
def do_build_rollup(actor: Actor, government: Agency, year: int) -> Report:
    """The government's own report, combining its departments' reports, as its agency-year draft."""
    from .rollup import rollup

    _require(actor, Action.WORK, government)
    _refuse_future_year(year)
    combined = rollup(government, year)
    record = _draft_of(government, year) or _new_draft(actor, government, year, Report.Source.ROLLUP)
    record.source = Report.Source.ROLLUP
    return _store_build(actor, record, combined.report, combined.to_json(), {}, redraft_narrative=False)
