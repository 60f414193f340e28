"""Every change to stored annual reports: build, edit the narrative, publish, correct, import, roll up.

Each is atomic and asks ``agencies.access``; ``actor=None`` is the operator at the command line.
Published reports never change: ``do_start_correction`` makes a new draft version linked to them.
"""

from __future__ import annotations

import datetime
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _

from gongkai.agencies.access import Action, can
from gongkai.agencies.models import Agency
from gongkai.annual_report.model import AnnualReport, Finding, Severity
from gongkai.annual_report.rules import validate

from .build import build_report
from .models import Report
from .narrative import draft_for


def _require(actor: Any, action: Action, agency: Agency) -> None:
    if actor is not None and not can(actor, action, agency):
        raise PermissionDenied


def _user(actor: Any) -> Any:
    return actor if actor is not None and actor.is_authenticated else None


def current_report(agency: Agency, year: int) -> Report | None:
    """The agency-year's newest version (draft or published), if any."""
    return Report.objects.for_agency(agency).of_year(year).order_by("-version").first()


def previous_report(agency: Agency, year: int) -> AnnualReport | None:
    """Last year's report as far as gongkai knows it (for R6): its newest version."""
    record = current_report(agency, year - 1)
    return record.annual_report() if record is not None else None


def findings_of(record: Report) -> list[Finding]:
    """The rule findings of the record as it stands, last year's record included (R6)."""
    return validate(record.annual_report(), previous_report(record.agency, record.year))


def _next_version(agency: Agency, year: int) -> int:
    top = Report.objects.for_agency(agency).of_year(year).aggregate(top=Max("version"))["top"]
    return (top or 0) + 1


def _new_draft(actor: Any, agency: Agency, year: int, source: str) -> Report:
    corrects = current_report(agency, year)
    return Report(
        agency=agency,
        year=year,
        version=_next_version(agency, year),
        corrects=corrects if corrects is not None and corrects.is_published else None,
        source=source,
        created_by=_user(actor),
    )


def _draft_of(agency: Agency, year: int) -> Report | None:
    return Report.objects.for_agency(agency).of_year(year).filter(status=Report.Status.DRAFT).first()


@transaction.atomic
def do_build_report(actor: Any, agency: Agency, year: int, *, redraft_narrative: bool = False) -> Report:
    """Build (or rebuild) the agency-year's draft from the records. A published year gets a new draft
    version that corrects it. The narrative draft is generated on the first build (or when asked);
    edited prose is kept."""
    _require(actor, Action.WORK, agency)
    if year > timezone.localdate().year:
        raise ValidationError({"year": _("A report cannot be built for a future year.")})
    record = _draft_of(agency, year) or _new_draft(actor, agency, year, Report.Source.RECORDS)
    built = build_report(agency, year)
    built.report.notes.extend(_carry_over_notes(agency, year, built.report))
    record.source = Report.Source.RECORDS
    record.data = built.report.to_json()
    record.provenance = built.provenance
    record.built_at = timezone.now()
    if redraft_narrative or not (record.overview or record.problems or record.other):
        narrative = draft_for(agency, built.report)
        record.overview, record.problems, record.other = (
            narrative.overview,
            narrative.problems,
            narrative.other,
        )
    record.save()
    _store_findings(record)
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
def do_edit_narrative(actor: Any, record: Report, *, overview: str, problems: str, other: str) -> Report:
    _require(actor, Action.WORK, record.agency)
    if record.is_published:
        raise ValidationError(_("A published report cannot be changed; start a correction instead."))
    record.overview, record.problems, record.other = overview.strip(), problems.strip(), other.strip()
    record.save()
    _store_findings(record)
    return record


@transaction.atomic
def do_publish_report(actor: Any, record: Report, *, now: datetime.datetime | None = None) -> Report:
    """Publish to the portal after the approver's approval; refused while the rules find errors."""
    _require(actor, Action.APPROVE, record.agency)
    if record.is_published:
        raise ValidationError(_("This report is already published."))
    errors = [finding for finding in findings_of(record) if finding.severity == Severity.ERROR]
    if errors:
        raise ValidationError(
            _("The report breaks {count} rule(s) and cannot be published: {rules}").format(
                count=len(errors), rules="；".join(f"{f.rule} {f.message}" for f in errors[:5])
            )
        )
    if record.source == Report.Source.RECORDS and not record.problems.strip():
        raise ValidationError(_("Write section 五 (problems and improvements) before publishing."))
    now = now or timezone.now()
    _store_findings(record)
    record.status = Report.Status.PUBLISHED
    record.approved_by = _user(actor)
    record.approved_at = now
    record.published_at = now
    record.data = {**record.data, "published_on": timezone.localdate(now).isoformat()}
    record.save()
    return record


@transaction.atomic
def do_start_correction(actor: Any, record: Report, *, note: str) -> Report:
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
        created_by=_user(actor),
    )
    return correction


@transaction.atomic
def do_import_report(actor: Any, agency: Agency, report: AnnualReport, *, file_name: str = "") -> Report:
    """Store a report published before gongkai (read by ``gongkai audit``) as the agency-year's record,
    published as it was. A year already on record gets a new version correcting it."""
    _require(actor, Action.APPROVE, agency)
    if report.year is None:
        raise ValidationError(_("The report does not state its year; give it with --year."))
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
    now = timezone.now()
    record.status = Report.Status.PUBLISHED
    record.approved_by = _user(actor)
    record.approved_at = now
    record.published_at = now
    record.save()
    return record


@transaction.atomic
def do_delete_draft(actor: Any, record: Report) -> None:
    _require(actor, Action.WORK, record.agency)
    if record.is_published:
        raise ValidationError(_("A published report cannot be deleted."))
    record.delete()


@transaction.atomic
def do_build_rollup(actor: Any, government: Agency, year: int) -> Report:
    """The government's own report, combining its departments' reports, as its agency-year draft."""
    from .narrative import draft_for
    from .rollup import rollup

    _require(actor, Action.WORK, government)
    combined = rollup(government, year)
    record = _draft_of(government, year) or _new_draft(actor, government, year, Report.Source.ROLLUP)
    record.source = Report.Source.ROLLUP
    record.data = combined.to_json()
    record.provenance = {}
    record.built_at = timezone.now()
    if not (record.overview or record.problems or record.other):
        narrative = draft_for(government, combined.report)
        record.overview, record.problems, record.other = (
            narrative.overview,
            narrative.problems,
            narrative.other,
        )
    record.save()
    _store_findings(record)
    return record
