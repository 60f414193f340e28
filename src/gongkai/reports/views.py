"""Staff pages (build, narrative, validate, acknowledge, confirm and publish, correct, provenance) and the
portal's report pages."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.http.response import HttpResponseBase
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST
from django_htmx.middleware import HtmxDetails

from gongkai.agencies import access as agency_access
from gongkai.agencies.access import Action
from gongkai.agencies.models import Agency
from gongkai.annual_report.narrative import SERVICE_WORDS
from gongkai.annual_report.schema import annual_report_schema
from gongkai.applications.models import Application
from gongkai.errors import refused
from gongkai.lib import pagecache
from gongkai.reviews.models import Review

from . import actions, checks, published
from .access import access_published_report, access_report
from .build import cell_kind
from .editor import ORIGIN_LABELS, EditorCell, Origin, diff_versions, editor_sections
from .forms import AcknowledgeForm, BuildForm, ConfirmPublicationForm, CorrectionForm, NarrativeForm
from .models import Report, ReportEvent
from .narrative import service_provenance
from .output import CONTENT_TYPES, FORMAT_LABELS, FORMATS, PUBLIC_FORMATS, FormatUnavailable
from .output import render as render_report
from .rollup import department_lines
from .tables import cell_label


def _error(request: HttpRequest, exc: ValidationError) -> None:
    messages.error(request, "；".join(exc.messages))


@login_required
def agency_reports(request: HttpRequest, agency_pk: int) -> HttpResponse:
    agency = agency_access.access_agency(request.user, agency_pk)
    form = BuildForm(request.POST or None, initial={"year": timezone.localdate().year - 1})
    if request.method == "POST" and form.is_valid():
        agency_access.access_agency(request.user, agency_pk, Action.WORK)
        build = actions.do_build_rollup if "rollup" in request.POST else actions.do_build_report
        try:
            record = build(request.user, agency, form.cleaned_data["year"])
        except ValidationError as exc:
            _error(request, exc)
        else:
            return redirect("staff_report", pk=record.pk)
    reports = list(Report.objects.for_agency(agency).select_related("approved_by"))
    context = {
        "agency": agency,
        "reports": reports,
        "charts": _charts(agency, reports),
        "form": form,
        "may_work": agency_access.can(request.user, Action.WORK, agency),
    }
    return render(request, "reports/agency_reports.html", context)


@login_required
def staff_report(request: HttpRequest, pk: int) -> HttpResponse:
    return _staff_report_page(request, access_report(request.user, pk))


def _staff_report_page(
    request: HttpRequest,
    record: Report,
    *,
    narrative: NarrativeForm | None = None,
    correction: CorrectionForm | None = None,
    refusal: str = "",
    status: int = 200,
) -> HttpResponse:
    """The report's staff page; ``narrative`` / ``correction``: a form holding the user's input after a
    refused or invalid write, shown with it whatever the user may now do (``refusal``: why, on top)."""
    report = record.annual_report()
    checklist = None if record.is_published else checks.checklist(record, checks.today())
    may_work = agency_access.can(request.user, Action.WORK, record.agency)
    if narrative is None and may_work and not record.is_published:
        narrative = NarrativeForm(
            initial={"overview": record.overview, "problems": record.problems, "other": record.other}
        )
    findings = checklist.findings if checklist else actions.findings_of(record)
    sections = editor_sections(
        report,
        source=record.source,
        provenance=record.provenance,
        findings=findings,
        prose={"overview": record.overview, "problems": record.problems, "other": record.other},
        generated=record.data.get("narrative_draft") or {},
    )
    fields = {name: narrative[name] for name in ("overview", "problems", "other")} if narrative else {}
    context = {
        "record": record,
        "report": report,
        "checklist": checklist,
        "findings": findings,
        "sections": [(section, fields.get(section.prose_field)) for section in sections],
        "narrative": narrative,
        "correction": correction or (CorrectionForm() if may_work else None),
        "may_work": may_work,
        "may_approve": agency_access.can(request.user, Action.APPROVE, record.agency),
        "formats": [(fmt, FORMAT_LABELS[fmt]) for fmt in FORMATS],
        "rollup": record.data.get("rollup"),
        "departments": department_lines(record.data.get("rollup") or {}),
        "versions": Report.objects.for_agency(record.agency).of_year(record.year).order_by("version"),
        "events": record.events.select_related("actor"),
        "origins": ORIGIN_LABELS,
        "service_numbers": [
            (key, words.label) for key, words in SERVICE_WORDS.items() if words.counts in record.provenance
        ],
    }
    if refusal:
        return refused(request, "reports/staff_report.html", context, refusal, status)
    return render(request, "reports/staff_report.html", context, status=status)


# The verbs that take typed input, and their forms (shown again, with the input, when refused).
TYPED: dict[str, type[NarrativeForm] | type[CorrectionForm]] = {
    "narrative": NarrativeForm,
    "correct": CorrectionForm,
}


@login_required
def publish_report(request: HttpRequest, pk: int) -> HttpResponse:
    """The approver's confirmation: the draft exactly as the public will see it, with the checklist of
    what stands in the way; a POST with the box ticked publishes it."""
    record = access_report(request.user, pk, Action.APPROVE)
    if record.is_published:
        return redirect("staff_report", pk=record.pk)
    form = ConfirmPublicationForm(record, request.POST if request.method == "POST" else None)
    if form.is_valid():
        try:
            actions.do_publish_report(request.user, record)
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, _("The report is published on the portal."))
            return redirect("staff_report", pk=record.pk)
    today = checks.today()
    context = {
        "record": record,
        "checklist": checks.checklist(record, today),
        "published_on": today,
        "article": _public_article(record),
        "form": form,
        "may_approve": True,  # the page is the approver's: acknowledge the warnings here too
    }
    return render(request, "reports/publish.html", context, status=400 if form.errors else 200)


# Staff actions on a report that only the approver may take; the others are the clerk's work.
APPROVER_VERBS = frozenset({"acknowledge"})


@login_required
@require_POST
def staff_report_act(request: HttpRequest, pk: int, verb: str) -> HttpResponse:
    if verb in TYPED:
        return _act_with_input(request, access_report(request.user, pk), verb)
    record = access_report(request.user, pk, Action.APPROVE if verb in APPROVER_VERBS else Action.WORK)
    try:
        if verb == "rebuild":
            record = actions.do_build_report(request.user, record.agency, record.year)
        elif verb == "redraft":
            record = actions.do_build_report(request.user, record.agency, record.year, redraft_narrative=True)
        elif verb == "acknowledge":
            acknowledgement = AcknowledgeForm(request.POST)
            if not acknowledgement.is_valid():
                raise ValidationError(
                    [error for errors in acknowledgement.errors.values() for error in errors]
                )
            actions.do_acknowledge_warning(request.user, record, **acknowledgement.cleaned_data)
            messages.success(request, _("The warning is acknowledged."))
        else:
            raise Http404("No such action.")
    except ValidationError as exc:
        _error(request, exc)
    if verb == "acknowledge" and request.POST.get("back") == "publish":
        return redirect("publish_report", pk=record.pk)
    return redirect("staff_report", pk=record.pk)


def _act_with_input(request: HttpRequest, record: Report, verb: str) -> HttpResponse:
    """The narrative and the correction note: refused or invalid, the page again with the text typed."""
    form = TYPED[verb](request.POST)
    kept: dict[str, Any] = {"narrative" if verb == "narrative" else "correction": form}
    if not agency_access.can(request.user, Action.WORK, record.agency):
        reason = agency_access.refusal(Action.WORK)
        return _staff_report_page(request, record, **kept, refusal=reason, status=403)
    if not form.is_valid():
        return _staff_report_page(request, record, **kept, status=400)
    try:
        if verb == "narrative":
            actions.do_edit_narrative(request.user, record, **form.cleaned_data)
        else:
            record = actions.do_start_correction(request.user, record, note=form.cleaned_data["note"])
    except ValidationError as exc:
        return _staff_report_page(request, record, **kept, refusal="；".join(exc.messages), status=400)
    return redirect("staff_report", pk=record.pk)


class HtmxHttpRequest(HttpRequest):
    htmx: HtmxDetails  # set by django_htmx's middleware


@login_required
def staff_report_cell(request: HtmxHttpRequest, pk: int, path: str) -> HttpResponse:
    """Provenance of one cell: the applications or review cases a cell of 三 or 四 counts, the catalog's
    documents a cell of 二 counts, or what else it comes from. An htmx request gets the side panel's
    fragment; otherwise the whole page."""
    record = access_report(request.user, pk)
    report = record.annual_report()
    table = path.partition(".")[0]
    if table not in ("applications", "reviews", "proactive") or path.count(".") != 2:
        raise Http404("No such cell.")
    cells = [
        cell
        for section in editor_sections(
            report, source=record.source, provenance=record.provenance, findings=[], prose={}, generated={}
        )
        for table_view in section.tables
        for row in table_view.rows
        for cell in row.cells
        if cell.path == path
    ]
    # A path the format does not lay out (a report of another layout, an old link) is still shown: its
    # records, if any, under the path's own name.
    cell = (
        cells[0]
        if cells
        else EditorCell(path, "", Origin.RECORDS if record.provenance else Origin.MANUAL, False)
    )
    rows: Any = []
    kind = cell_kind(path) if table != "proactive" else "documents"
    ids = record.provenance.get(path, [])
    if kind == "applications":
        rows = Application.objects.filter(pk__in=ids, agency=record.agency).order_by("received_on", "pk")
    elif kind == "reviews":
        rows = Review.objects.filter(pk__in=ids, agency=record.agency).select_related("application")
    elif cell.origin == Origin.CATALOG:
        rows = counted_documents_of(record, path)
    context = {
        "record": record,
        "label": cell_label(path, report.report_format),
        "kind": kind,
        "cell": cell,
        "rows": rows,
        "value": report.cell(path),
    }
    if request.htmx:
        return render(request, "reports/_cell_panel.html", context)
    return render(request, "reports/staff_report_cell.html", context)


@login_required
def staff_report_service(request: HttpRequest, pk: int, key: str) -> HttpResponse:
    """Provenance of one of the public services' numbers that 一、总体情况 states (``SERVICE_WORDS``): the
    records the build counted for it, like a table cell's page."""
    record = access_report(request.user, pk)
    if key not in SERVICE_WORDS:
        raise Http404("No such number.")
    context = {"record": record, "number": service_provenance(record.agency, record.provenance, key)}
    return render(request, "reports/staff_report_service.html", context)


def counted_documents_of(record: Report, path: str) -> Any:
    """The catalog's documents a cell of section 二 counts, as the build counted them."""
    from gongkai.annual_report.formats import Documents
    from gongkai.catalog.models import Document
    from gongkai.catalog.proactive import counted_documents

    _table, row_key, column = path.split(".")
    row = next(row for row in record.annual_report().report_format.proactive_rows if row.key == row_key)
    measure = row.measures.get(column)
    if not isinstance(measure, Documents):
        return []
    documents = Document.objects.for_agency(record.agency)
    return counted_documents(documents, row_key, measure.count, record.year).order_by("pk")[:200]


@login_required
def staff_report_diff(request: HttpRequest, pk: int) -> HttpResponse:
    """Two stored versions of the agency-year's report side by side: the cells that changed and the
    narrative sentence by sentence. ``a`` and ``b`` name the versions (history entries that stored the
    content); by default the two newest."""
    record = access_report(request.user, pk)
    versions = list(
        ReportEvent.objects.filter(report__agency=record.agency, report__year=record.year)
        .exclude(snapshot={})
        .select_related("actor", "report")
        .order_by("at", "pk")
    )
    chosen = {str(version.pk): version for version in versions}
    before = chosen.get(request.GET.get("a", ""))
    after = chosen.get(request.GET.get("b", ""))
    if after is None:
        after = versions[-1] if versions else None
    if before is None:
        earlier = [version for version in versions if after is not None and version.pk != after.pk]
        before = earlier[-1] if earlier else None
    diff = (
        diff_versions(before.snapshot, after.snapshot, record.annual_report())
        if before is not None and after is not None
        else None
    )
    context = {"record": record, "versions": versions, "before": before, "after": after, "diff": diff}
    return render(request, "reports/staff_report_diff.html", context)


def _download(record: Report, fmt: str, *, staff: bool) -> HttpResponse:
    if fmt not in FORMATS:
        raise Http404("No such format.")
    extra = {"version": record.version, "status": record.status, "source": record.source}
    try:
        content = render_report(record.annual_report(), fmt, record.provenance if staff else None, extra)
    except FormatUnavailable:
        raise Http404("Format not available.") from None
    response = HttpResponse(content, content_type=CONTENT_TYPES[fmt])
    filename = f"report-{record.agency_id}-{record.year}-v{record.version}.{fmt}"
    response["Content-Disposition"] = (
        f'{"inline" if fmt in ("html", "pdf") else "attachment"}; filename="{filename}"'
    )
    return response


@login_required
def staff_report_download(request: HttpRequest, pk: int, fmt: str) -> HttpResponse:
    return _download(access_report(request.user, pk), fmt, staff=True)


@pagecache.portal_page(pagecache.agency("agency_pk"))
def portal_reports(request: HttpRequest, agency_pk: int) -> HttpResponse:
    """The portal's one list of an agency's annual reports: every published year and version, the
    reports filed in its catalog under 年度报告 (published before gongkai, or as documents), and the years
    charted side by side. Every link to an agency's annual reports leads here."""
    from gongkai.catalog.models import Document, Genre

    agency = get_object_or_404(Agency, pk=agency_pk)
    records = list(Report.objects.for_agency(agency).published().order_by("-year", "-version"))
    documents = (
        Document.objects.public().for_agency(agency).filter(genre__code=Genre.ANNUAL_REPORT).newest_first()
    )
    context = {
        "agency": agency,
        "records": records,
        "documents": documents,
        "charts": _charts(agency, records),
    }
    return render(request, "reports/portal_list.html", context)


def _charts(agency: Agency, records: list[Report]) -> str:
    """Year-over-year charts of the newest version of each year (nothing for fewer than two years)."""
    from gongkai.annual_report.charts import report_charts

    newest: dict[int, Report] = {}
    for record in records:
        if record.year not in newest or record.version > newest[record.year].version:
            newest[record.year] = record
    if len(newest) < 2:
        return ""
    return report_charts([newest[year].annual_report() for year in sorted(newest)], subject=agency.name)


def report_css(request: HttpRequest) -> HttpResponse:
    """The report tables' and charts' styles as a stylesheet of the site (no inline styles: the CSP)."""
    from gongkai.annual_report.charts import STYLESHEET as CHARTS

    from .render import STYLESHEET as TABLES

    response = HttpResponse(TABLES + "\n" + CHARTS, content_type="text/css; charset=utf-8")
    response["Cache-Control"] = "public, max-age=3600"
    return response


def _public_article(record: Report) -> str:
    """The report as the portal shows it (the confirmation page shows a draft the same way)."""
    from .render import render_html_fragment

    return render_html_fragment(record.annual_report(), heading_level=1)


@pagecache.portal_page(pagecache.REPORTS)
def portal_report(request: HttpRequest, pk: int) -> HttpResponse:
    record = access_published_report(pk)
    context = {
        "record": record,
        "article": _public_article(record),
        "published_on": record.published_at,
        "corrections": record.corrections.filter(status=Report.Status.PUBLISHED),
        "formats": [(fmt, FORMAT_LABELS[fmt]) for fmt in PUBLIC_FORMATS],
    }
    return render(request, "reports/portal_report.html", context)


@pagecache.portal_page(pagecache.REPORTS)
def portal_report_download(request: HttpRequest, pk: int, fmt: str) -> HttpResponseBase:
    # The public JSON carries the numbers, not the ids behind them (those are for staff).
    record = access_published_report(pk)
    if fmt in published.STORED_FORMATS:
        try:
            return published.download(record, fmt)
        except FormatUnavailable:
            raise Http404("Format not available.") from None
    return _download(record, fmt, staff=False)


def schema_view(request: HttpRequest) -> JsonResponse:
    """The JSON Schema of ``gongkai.annual-report/1``, for anyone (CORS open): the open data's contract."""
    response = JsonResponse(annual_report_schema(), json_dumps_params={"ensure_ascii": False, "indent": 2})
    response["Content-Type"] = "application/schema+json"
    response["Access-Control-Allow-Origin"] = "*"
    return response
