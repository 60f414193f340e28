"""The public portal (catalog, guide, document pages, search, feeds, sitemap, exports) and the staff pages
that draft, review and publish documents. Views parse, ask ``access``, call ``actions``, respond."""

from __future__ import annotations

import datetime
import io

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.db.models import Q
from django.http import FileResponse, Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from gongkai.agencies import access
from gongkai.agencies.access import Action
from gongkai.agencies.models import Agency
from gongkai.lib import uploads

from . import actions, bulk, queries
from .access import access_document, public_document
from .forms import (
    AttachmentForm,
    BrowseForm,
    DocumentForm,
    GuideForm,
    ImportForm,
    RepealForm,
    ReturnForm,
    SearchForm,
)
from .models import Article20Item, Attachment, Document, Genre, Guide
from .search import SearchFilters


def _today() -> datetime.date:
    return timezone.localdate()


# ---------------------------------------------------------------- public portal


def agency_catalog(request: HttpRequest, pk: int) -> HttpResponse:
    """The agency's catalog, filtered by topic, genre, item and year, newest first (keyset pages)."""
    agency = get_object_or_404(Agency, pk=pk)
    form = BrowseForm(request.GET or None)
    documents = Document.objects.public().for_agency(agency)
    if form.is_valid():
        data = form.cleaned_data
        if data["topic"]:
            documents = documents.filter(topic=data["topic"])
        if data["genre"]:
            documents = documents.filter(genre=data["genre"])
        if data["item"]:
            documents = documents.of_item(data["item"])
        if data["year"]:
            documents = documents.published_in(data["year"])
    page = queries.keyset_page(documents, request.GET.get("after"))
    query = request.GET.copy()
    query.pop("after", None)
    context = {
        "agency": agency,
        "form": form,
        "page": page,
        "query": query.urlencode(),
        "title": _("Catalog"),
    }
    return render(request, "catalog/agency_catalog.html", context)


def agency_list(request: HttpRequest, pk: int, kind: str) -> HttpResponse:
    """The agency's policy documents, with their interpretations. (Its annual reports have one list,
    ``reports.views.portal_reports``, which shows those filed in the catalog too.)"""
    agency = get_object_or_404(Agency, pk=pk)
    documents = Document.objects.public().for_agency(agency)
    documents = documents.filter(
        Q(genre__code=Genre.POLICY)
        | Q(article20_item__in=[Article20Item.RULES, Article20Item.NORMATIVE_DOCUMENTS])
    )
    title = _("Policy documents")
    page = queries.keyset_page(documents.prefetch_related("interpretations"), request.GET.get("after"))
    context = {"agency": agency, "page": page, "title": title, "kind": kind, "query": ""}
    return render(request, "catalog/agency_list.html", context)


def agency_guide(request: HttpRequest, pk: int) -> HttpResponse:
    agency = get_object_or_404(Agency, pk=pk)
    guide = Guide.objects.filter(agency=agency).first()
    may_edit = access.can(request.user, Action.ADMINISTER, agency)
    return render(
        request, "catalog/agency_guide.html", {"agency": agency, "guide": guide, "may_edit": may_edit}
    )


def document_detail(request: HttpRequest, pk: int) -> HttpResponse:
    document = public_document(pk)
    context = {
        "document": document,
        "attachments": document.attachments.all(),
        "interpretations": document.interpretations.filter(pk__in=Document.objects.public()),
        "interprets": document.interprets if document.interprets and document.interprets.is_public else None,
    }
    return render(request, "catalog/document_detail.html", context)


def attachment_download(request: HttpRequest, pk: int, attachment_pk: int) -> FileResponse:
    """Public attachments of public documents, as downloads."""
    document = public_document(pk)
    attachment = get_object_or_404(Attachment, pk=attachment_pk, document=document)
    return uploads.download_response(attachment.file, attachment.original_name, attachment.content_type)


def search(request: HttpRequest) -> HttpResponse:
    """Full-text search of the public catalog: ranked, filtered, highlighted, paged."""
    form = SearchForm(request.GET or None)
    results = None
    if form.is_valid() and form.cleaned_data["q"]:
        data = form.cleaned_data
        filters = SearchFilters(
            agency_id=data["agency"].pk if data["agency"] else None,
            topic_id=data["topic"].pk if data["topic"] else None,
            genre_id=data["genre"].pk if data["genre"] else None,
            year=data["year"],
            validity=data["validity"] or None,
        )
        results = queries.search_documents(data["q"], filters, data["page"] or 1, _today())
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request, "catalog/search.html", {"form": form, "results": results, "query": query.urlencode()}
    )


def catalog_export(request: HttpRequest, pk: int, fmt: str) -> HttpResponse:
    """The agency's public catalog as CSV or JSON (the same columns as the import)."""
    agency = get_object_or_404(Agency, pk=pk)
    documents = (
        Document.objects.public().for_agency(agency).newest_first().select_related("agency", "topic", "genre")
    )
    if fmt == "json":
        rows = list(bulk.export_rows(documents.iterator()))
        return JsonResponse(
            {"agency": agency.name, "documents": rows}, json_dumps_params={"ensure_ascii": False}
        )
    out = io.StringIO()
    out.write("\ufeff")  # so that spreadsheet programs read the file as UTF-8
    bulk.write_csv(documents.iterator(), out)
    response = HttpResponse(out.getvalue(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="catalog-{agency.pk}.csv"'
    return response


def sitemap(request: HttpRequest) -> HttpResponse:
    """Agencies' catalog and guide pages and every public document."""
    agencies = Agency.objects.only("pk")
    documents = Document.objects.public().only("pk", "updated_at").order_by("pk")[:50000]
    return render(
        request,
        "catalog/sitemap.xml",
        {"agencies": agencies, "documents": documents},
        content_type="application/xml; charset=utf-8",
    )


# ---------------------------------------------------------------- staff pages


@login_required
def workspace_documents(request: HttpRequest, pk: int) -> HttpResponse:
    agency = access.access_agency(request.user, pk)
    documents = Document.objects.for_agency(agency).order_by("-updated_at")[:200]
    late = Document.objects.for_agency(agency).late(_today()).order_by("publish_due_on")[:200]
    may_work = access.can(request.user, Action.WORK, agency)
    context = {
        "agency": agency,
        "documents": documents,
        "late": late,
        "may_work": may_work,
        "today": _today(),
    }
    return render(request, "catalog/workspace_documents.html", context)


@login_required
def document_create(request: HttpRequest, pk: int) -> HttpResponse:
    agency = access.access_agency(request.user, pk, Action.WORK)
    form = DocumentForm(request.POST or None, agency=agency)
    if request.method == "POST" and form.is_valid():
        try:
            document = actions.do_create_document(request.user, agency, **form.cleaned_data)  # type: ignore[arg-type]
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, _("The draft is saved."))
            return redirect("document_edit", pk=document.pk)
    return render(request, "catalog/document_form.html", {"agency": agency, "form": form})


@login_required
def document_edit(request: HttpRequest, pk: int) -> HttpResponse:
    document = access_document(request.user, pk)
    form = DocumentForm(request.POST or None, instance=document, agency=document.agency)
    if request.method == "POST":
        needed = Action.APPROVE if document.status == Document.Status.PUBLISHED else Action.WORK
        document = access_document(request.user, pk, needed)
        form = DocumentForm(request.POST, agency=document.agency)
        if form.is_valid():
            try:
                actions.do_update_document(request.user, document, **form.cleaned_data)  # type: ignore[arg-type]
            except ValidationError as exc:
                form.add_error(None, exc)
            else:
                messages.success(request, _("The changes are saved."))
                return redirect("document_edit", pk=document.pk)
    context = {
        "document": document,
        "agency": document.agency,
        "form": form,
        "may_work": access.can(request.user, Action.WORK, document.agency),
        "may_approve": access.can(request.user, Action.APPROVE, document.agency),
        "attachment_form": AttachmentForm(),
        "repeal_form": RepealForm(),
        "return_form": ReturnForm(),
        "events": document.events.select_related("actor"),
    }
    return render(request, "catalog/document_edit.html", context)


TRANSITIONS = {
    "submit": Action.WORK,
    "return": Action.APPROVE,
    "publish": Action.APPROVE,
    "repeal": Action.APPROVE,
    "expire": Action.APPROVE,
}


@login_required
@require_POST
def document_transition(request: HttpRequest, pk: int, transition: str) -> HttpResponse:
    if transition not in TRANSITIONS:
        raise Http404
    document = access_document(request.user, pk, TRANSITIONS[transition])
    try:
        if transition == "submit":
            actions.do_submit_document(request.user, document)  # type: ignore[arg-type]
        elif transition == "publish":
            actions.do_publish_document(request.user, document, _today())  # type: ignore[arg-type]
        elif transition == "return":
            form = ReturnForm(request.POST)
            note = form.cleaned_data["note"] if form.is_valid() else ""
            actions.do_return_document(request.user, document, note)  # type: ignore[arg-type]
        else:
            repeal = RepealForm(request.POST)
            if not repeal.is_valid():
                raise ValidationError([str(e) for errors in repeal.errors.values() for e in errors])
            if transition == "repeal":
                data = repeal.cleaned_data
                actions.do_repeal_document(request.user, document, data["on"], data["repealed_by"])  # type: ignore[arg-type]
            else:
                actions.do_expire_document(request.user, document, repeal.cleaned_data["on"])  # type: ignore[arg-type]
    except ValidationError as exc:
        for message in exc.messages:
            messages.error(request, message)
    else:
        messages.success(request, _("Done: {status}.").format(status=document.get_status_display()))
    return redirect("document_edit", pk=document.pk)


@login_required
@require_POST
def attachment_upload(request: HttpRequest, pk: int) -> HttpResponse:
    document = access_document(request.user, pk, Action.WORK)
    form = AttachmentForm(request.POST, request.FILES)
    if form.is_valid():
        upload = form.cleaned_data["file"]
        try:
            actions.do_add_attachment(request.user, document, upload, upload.name)  # type: ignore[arg-type]
        except ValidationError as exc:
            for message in exc.messages:
                messages.error(request, message)
        else:
            messages.success(request, _("The attachment is added."))
    else:
        messages.error(request, _("Choose a file to attach."))
    return redirect("document_edit", pk=document.pk)


@login_required
def guide_edit(request: HttpRequest, pk: int) -> HttpResponse:
    agency = access.access_agency(request.user, pk, Action.ADMINISTER)
    guide = Guide.objects.filter(agency=agency).first()
    form = GuideForm(request.POST or None, initial={"body": guide.body if guide else ""})
    if request.method == "POST" and form.is_valid():
        actions.do_update_guide(request.user, agency, form.cleaned_data["body"])  # type: ignore[arg-type]
        messages.success(request, _("The guide is saved."))
        return redirect("agency_guide", pk=agency.pk)
    return render(request, "catalog/guide_form.html", {"agency": agency, "form": form})


@login_required
def document_import(request: HttpRequest, pk: int) -> HttpResponse:
    agency = access.access_agency(request.user, pk, Action.APPROVE)
    form = ImportForm(request.POST or None, request.FILES or None)
    errors: list[bulk.RowError] = []
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        try:
            created = actions.do_import_documents(request.user, agency, bulk.read_rows(upload, upload.name))  # type: ignore[arg-type]
        except bulk.ImportFailed as failure:
            errors = failure.errors
        else:
            messages.success(
                request, _("{count} documents imported and published.").format(count=len(created))
            )
            return redirect("workspace_documents", pk=agency.pk)
    return render(request, "catalog/import_form.html", {"agency": agency, "form": form, "errors": errors})
