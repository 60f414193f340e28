"""The oversight dashboard, batch audits, and the open data (public, published reports only)."""

from __future__ import annotations

import datetime
import io
import json
import zipfile
from typing import Any
from urllib.parse import urlencode

from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from gongkai.agencies.models import Agency
from gongkai.annual_report.model import AnnualReport
from gongkai.lib import pagecache
from gongkai.ops.worker import worker_seen_recently
from gongkai.reports.actions import current_report
from gongkai.reports.models import Report
from gongkai.reports.tables import APPLICANT_HEADERS, REVIEW_HEADERS, application_rows, review_rows

from . import dashboard as board
from . import opendata
from .access import access_job, job_scope, jobs_for, overseen
from .actions import do_start_audit_job
from .forms import AuditUploadForm
from .xlsx import dashboard_workbook


def _year(request: HttpRequest, today: datetime.date) -> int:
    try:
        year = int(request.GET.get("year", ""))
    except ValueError:
        return today.year - 1
    return year if 2008 <= year <= today.year + 1 else today.year - 1


FILTERS = ("year", "level", "parent", "status", "timeliness", "q", "sort")
SAVED_FILTERS = "oversight_filters"  # session key: the dashboard's last filters, restored on coming back
PAGE_SIZE = 50


def _rows(request: HttpRequest) -> tuple[int, list[board.Row], list[board.Row], dict[str, str]]:
    """The year, all rows and the rows selected by the query parameters (level, parent, status,
    timeliness, q, sort)."""
    agencies = overseen(request.user)
    today = timezone.localdate()
    year = _year(request, today)
    rows = board.dashboard_rows(agencies, year, today)
    params = {key: request.GET.get(key, "").strip() for key in FILTERS if key != "year"}
    chosen = board.order(
        board.select(
            rows,
            status=params["status"],
            timeliness=params["timeliness"],
            q=params["q"],
            level=params["level"],
            parent=params["parent"],
        ),
        params["sort"],
    )
    return year, rows, chosen, params


@login_required
def dashboard(request: HttpRequest) -> HttpResponse:
    chosen_filters = {key: value for key in FILTERS if (value := request.GET.get(key, "").strip())}
    if "clear" in request.GET:
        request.session.pop(SAVED_FILTERS, None)
        return redirect("oversight_dashboard")
    saved = request.session.get(SAVED_FILTERS)
    if not chosen_filters and "page" not in request.GET and saved:
        return redirect(reverse("oversight_dashboard") + "?" + urlencode(saved))
    request.session[SAVED_FILTERS] = chosen_filters
    year, rows, chosen, params = _rows(request)
    page = Paginator(chosen, PAGE_SIZE).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("sort", None)
    query.pop("page", None)
    context = {
        "year": year,
        "rows": page.object_list,
        "page": page,
        "page_numbers": page.paginator.get_elided_page_range(page.number, on_each_side=2, on_ends=1),
        "shown": len(chosen),
        "tree": board.tree(list(page.object_list)),
        "worst": board.worst_by_findings(chosen),
        "summary": board.summarise(rows),
        "chosen_summary": board.summarise(chosen),
        "params": params,
        "filtered": bool(set(chosen_filters) - {"year"}),
        "levels": Agency.Level.choices,
        "parents": [row.agency for row in rows if row.agency.level != Agency.Level.DEPARTMENT],
        "statuses": board.STATUS_LABELS.items(),
        "timeliness": board.TIMELINESS_LABELS.items(),
        "sort_keys": board.SORT_KEYS,
        "base_query": query.urlencode(),
        "sorted_by": params["sort"].lstrip("-"),
        "direction": "descending" if params["sort"].startswith("-") else "ascending",
        "query": query.urlencode(),
    }
    return render(request, "oversight/dashboard.html", context)


@login_required
def dashboard_xlsx(request: HttpRequest) -> HttpResponse:
    year, _rows_all, chosen, _params = _rows(request)
    response = HttpResponse(
        dashboard_workbook(chosen, year),
        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )
    response["Content-Disposition"] = f'attachment; filename="oversight-{year}.xlsx"'
    return response


@login_required
def summary(request: HttpRequest) -> HttpResponse:
    year, rows, _chosen, _params = _rows(request)
    totals = board.summarise(rows)
    context = {
        "year": year,
        "summary": totals,
        "status_counts": [(board.STATUS_LABELS[key], count) for key, count in totals.by_status.items()],
        "attention": [row for row in rows if row.status != board.PUBLISHED or row.errors or row.overdue],
        "today": timezone.localdate(),
    }
    return render(request, "oversight/summary.html", context)


@login_required
def audits(request: HttpRequest) -> HttpResponse:
    scope = job_scope(request.user)
    form = AuditUploadForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        uploads = [(upload.name or "upload", upload) for upload in form.cleaned_data["reports"]]
        try:
            job = do_start_audit_job(request.user, scope, uploads)
        except ValidationError as exc:
            form.add_error("reports", exc)
        else:
            return redirect("oversight_audit_job", pk=job.pk)
    return render(request, "oversight/audits.html", {"form": form, "jobs": jobs_for(request.user)})


@login_required
def audit_job(request: HttpRequest, pk: int) -> HttpResponse:
    job = access_job(request.user, pk)
    files = list(job.files.select_related("agency").order_by("position"))
    context = {"job": job, "files": files, "failing": [file for file in files if file.done and not file.ok]}
    return render(request, "oversight/audit_job.html", context)


@login_required
def audit_progress(request: HttpRequest, pk: int) -> HttpResponse:
    """The job's progress: for htmx the page's progress fragment (a finished job reloads the page to
    show its results), else JSON."""
    job = access_job(request.user, pk)
    if getattr(request, "htmx", False):
        response = render(request, "oversight/_audit_progress.html", {"job": job})
        if job.finished:
            response["HX-Refresh"] = "true"
        return response
    return JsonResponse(
        {
            "status": job.status,
            "status_label": job.get_status_display(),
            "total": job.total,
            "read": job.read,
            "checked": job.checked,
            "percent": job.percent,
            "finished": job.finished,
            "worker_missing": not worker_seen_recently(),
            "counts": _("{read} of {total} files read, {checked} checked").format(
                read=job.read, total=job.total, checked=job.checked
            ),
        }
    )


@login_required
def audit_file(request: HttpRequest, pk: int, position: int) -> HttpResponse:
    """One audited file: its findings, each linked to the cells it names in the tables as read."""
    job = access_job(request.user, pk)
    file = job.files.select_related("agency").filter(position=position).first()
    if file is None:
        raise Http404("No such file.")
    context: dict[str, Any] = {"job": job, "file": file}
    if file.readable and file.report:
        report = AnnualReport.from_json(file.report)
        flagged = {cell for finding in file.findings for cell in finding.get("cells", [])}
        context.update(
            application_rows=_flag(application_rows(report, {}), flagged),
            review_rows=_flag(review_rows(report, {}), flagged),
            applicant_headers=APPLICANT_HEADERS,
            review_headers=REVIEW_HEADERS,
            notes=file.report.get("notes", []),
            report_format=report.report_format,
        )
        record = _recorded(request.user, file)
        if record is not None:
            context["recorded"] = record
            context["differences"] = opendata.differences(report, record.annual_report())
    return render(request, "oversight/audit_file.html", context)


def _flag(rows: list[Any], flagged: set[str]) -> list[tuple[str, list[tuple[str, str, bool]]]]:
    return [(row.label, [(cell.path, cell.text, cell.path in flagged) for cell in row.cells]) for row in rows]


def _recorded(user: Any, file: Any) -> Report | None:
    """gongkai's own report of the file's agency and year, where the agency keeps its records here."""
    if file.agency is None or file.year is None or not overseen(user).filter(pk=file.agency_id).exists():
        return None
    record = current_report(file.agency, file.year)
    if record is None or record.source == Report.Source.IMPORTED:
        return None
    return record


# ---- open data: public, published reports only


@pagecache.portal_page(pagecache.REPORTS)
def open_data(request: HttpRequest) -> HttpResponse:
    records = opendata.published_records()
    rows = [(record, opendata.agency_code(record.agency)) for record in records]
    return render(request, "oversight/open_data.html", {"rows": rows})


def _published(code: str, year: int) -> Report:
    agency = opendata.agency_by_code(code)
    record = opendata.published_record(agency, year) if agency is not None else None
    if record is None:
        raise Http404("No published report.")
    return record


@pagecache.portal_page(pagecache.REPORTS)
def open_data_json(request: HttpRequest, code: str, year: int) -> HttpResponse:
    record = _published(code, year)
    response = JsonResponse(opendata.document(record), json_dumps_params={"ensure_ascii": False, "indent": 2})
    response["Access-Control-Allow-Origin"] = "*"
    return response


def _csv_response(text: str, filename: str) -> HttpResponse:
    response = HttpResponse(text, content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    response["Access-Control-Allow-Origin"] = "*"
    return response


@pagecache.portal_page(pagecache.REPORTS)
def open_data_csv(request: HttpRequest, code: str, year: int) -> HttpResponse:
    record = _published(code, year)
    return _csv_response(opendata.write_csv([record]), f"{opendata.agency_code(record.agency)}-{year}.csv")


@pagecache.portal_page(pagecache.REPORTS)
def open_data_all_csv(request: HttpRequest) -> HttpResponse:
    return _csv_response(opendata.write_csv(opendata.published_records()), "annual-reports.csv")


@pagecache.portal_page(pagecache.REPORTS)
def open_data_all_zip(request: HttpRequest) -> HttpResponse:
    """Every published report as JSON (``<agency code>/<year>.json``) and all cells in one CSV."""
    records = opendata.published_records()
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for record in records:
            name = f"{opendata.agency_code(record.agency)}/{record.year}.json"
            archive.writestr(name, json.dumps(opendata.document(record), ensure_ascii=False, indent=2))
        archive.writestr("annual-reports.csv", opendata.write_csv(records))
    response = HttpResponse(buffer.getvalue(), content_type="application/zip")
    response["Content-Disposition"] = 'attachment; filename="annual-reports.zip"'
    return response


@pagecache.portal_page(pagecache.REPORTS)
def trends(request: HttpRequest, code: str) -> HttpResponse:
    """An agency's published reports year by year; rows one year's format lacks are marked, not compared."""
    from gongkai.annual_report.charts import report_charts

    agency = opendata.agency_by_code(code)
    if agency is None:
        raise Http404("No such agency.")
    records = opendata.published_records(agency)
    if not records:
        raise Http404("No published report.")
    reports = [record.annual_report() for record in records]
    context = {
        "agency": agency,
        "code": code,
        "records": records,
        "rows": opendata.trend_rows(reports),
        "charts": report_charts(reports, subject=agency.name) if len(reports) > 1 else "",
    }
    return render(request, "oversight/trends.html", context)
