"""The public portal (catalog, guide, document pages, search, feeds, sitemap, exports) and the staff pages
that draft, review and publish documents. Views parse, ask ``access``, call ``actions``, respond."""

from __future__ import annotations

import datetime
import io
from typing import Any

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Q
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.http.response import HttpResponseBase
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from gongkai.agencies import access
from gongkai.agencies.access import Action
from gongkai.agencies.models import Agency
from gongkai.errors import attach, refused
from gongkai.inquiries.queries import search_published
from gongkai.lib import pagecache, uploads

from . import access as access_rules
from . import actions, bulk, queries
from .access import STEP_RIGHTS, access_document, public_document, right_to_change
from .forms import (
    AttachmentForm,
    BrowseForm,
    DocumentForm,
    GuideForm,
    ImportForm,
    RepealForm,
    ReturnForm,
    SearchForm,
    SecrecyReviewForm,
)
from .models import Article20Item, Attachment, Document, Genre, Guide
from .search import SearchFilters

INQUIRY_RESULTS = 5  # the published answers shown above a search's documents


def _today() -> datetime.date:
    return timezone.localdate()


# ---------------------------------------------------------------- public portal


@pagecache.portal_page(pagecache.agency("pk"))
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


@pagecache.portal_page(pagecache.agency("pk"))
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


@pagecache.portal_page(pagecache.agency("pk"))
def agency_guide(request: HttpRequest, pk: int) -> HttpResponse:
    agency = get_object_or_404(Agency, pk=pk)
    guide = Guide.objects.filter(agency=agency).first()
    may_edit = access.can(request.user, Action.ADMINISTER, agency)
    return render(
        request, "catalog/agency_guide.html", {"agency": agency, "guide": guide, "may_edit": may_edit}
    )


def _document_agency(kwargs: dict[str, Any]) -> list[str]:
    """A document page shows what its agency's scope covers (page cache)."""
    agency_ids = list(Document.objects.filter(pk=kwargs["pk"]).values_list("agency_id", flat=True))
    return [f"agency:{agency_ids[0]}"] if agency_ids else []


@pagecache.portal_page(_document_agency)
def document_detail(request: HttpRequest, pk: int) -> HttpResponse:
    document = public_document(pk)
    context = {
        "document": document,
        "attachments": document.attachments.all(),
        "interpretations": document.interpretations.filter(pk__in=Document.objects.public()),
        "interprets": document.interprets if document.interprets and document.interprets.is_public else None,
    }
    return render(request, "catalog/document_detail.html", context)


def attachment_download(request: HttpRequest, pk: int, attachment_pk: int) -> HttpResponseBase:
    """Public attachments of public documents, as downloads."""
    document = public_document(pk)
    attachment = get_object_or_404(Attachment, pk=attachment_pk, document=document)
    return uploads.download_response(attachment.file, attachment.original_name, attachment.content_type)


@pagecache.portal_page(pagecache.CATALOG)
def search(request: HttpRequest) -> HttpResponse:
    """Full-text search of the public catalog: ranked, filtered, highlighted, paged."""
    form = SearchForm(request.GET or None)
    results = None
    inquiries: dict[str, Any] | None = None
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
        # The published policy answers (政策咨询) are a kind of their own: shown above the documents when
        # no document-only filter is set.
        if not any(data[key] for key in ("topic", "genre", "year", "validity")) and (data["page"] or 1) == 1:
            answers = search_published(data["q"], data["agency"])
            inquiries = {"found": list(answers[:INQUIRY_RESULTS]), "total": answers.count()}
    query = request.GET.copy()
    query.pop("page", None)
    context = {"form": form, "results": results, "inquiries": inquiries, "query": query.urlencode()}
    return render(request, "catalog/search.html", context)


@pagecache.portal_page(pagecache.agency("pk"))
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


@pagecache.portal_page(pagecache.CATALOG)
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
#
# A page offers only what its user may do (``catalog.access``: ``may_change``, ``steps_for``). A write that
# is refused all the same — the role or the document's state changed since the page was shown — answers
# with the same page, the user's input kept in its form and the reason on top (``errors.refused``).


@login_required
def workspace_documents(request: HttpRequest, pk: int) -> HttpResponse:
    agency = access.access_agency(request.user, pk)
    documents = Document.objects.for_agency(agency).order_by("-updated_at")[:200]
    late = Document.objects.for_agency(agency).late(_today()).order_by("publish_due_on")[:200]
    unreviewed = Document.objects.for_agency(agency).awaiting_secrecy_review().order_by("updated_at")[:200]
    uninterpreted = Document.objects.for_agency(agency).lacking_interpretation().newest_first()[:200]
    context = {
        "agency": agency,
        "uninterpreted": uninterpreted,
        "documents": documents,
        "late": late,
        "unreviewed": unreviewed,
        "may_work": access.can(request.user, Action.WORK, agency),
        "may_approve": access.can(request.user, Action.APPROVE, agency),  # the import publishes
        "today": _today(),
    }
    return render(request, "catalog/workspace_documents.html", context)


@login_required
def document_create(request: HttpRequest, pk: int) -> HttpResponse:
    agency = access.access_agency(request.user, pk)
    may_work = access.may_use_form(request.user, Action.WORK, agency, request.method)
    form = DocumentForm(request.POST or None, agency=agency)
    context = {"agency": agency, "form": form}
    if request.method == "POST":
        if not may_work:
            return refused(request, "catalog/document_form.html", context, access.refusal(Action.WORK))
        if form.is_valid():
            try:
                document = actions.do_create_document(request.user, agency, **form.cleaned_data)
            except ValidationError as exc:
                attach(form, exc)
            else:
                messages.success(request, _("The draft is saved."))
                return redirect("document_edit", pk=document.pk)
    return render(request, "catalog/document_form.html", context)


@login_required
def document_edit(request: HttpRequest, pk: int) -> HttpResponse:
    """The document's workspace page: its details (a form for who may change them, else read-only), the
    workflow steps its user may take, its attachments and its history. A POST saves the details."""
    document = access_document(request.user, pk)
    if request.method != "POST":
        return _document_page(request, document)
    # The form validates into a copy: ``document`` keeps the stored values the change log compares with.
    form = DocumentForm(request.POST, instance=Document.objects.get(pk=pk), agency=document.agency)
    needed = right_to_change(document)
    if not access.can(request.user, needed, document.agency):
        return _document_page(request, document, bound={"form": form}, refusal=access.refusal(needed))
    if form.is_valid():
        try:
            actions.do_update_document(request.user, document, **form.cleaned_data)
        except ValidationError as exc:
            attach(form, exc)
        else:
            messages.success(request, _("The changes are saved."))
            return redirect("document_edit", pk=document.pk)
    return _document_page(request, document, bound={"form": form})


def _document_page(
    request: HttpRequest,
    document: Document,
    *,
    bound: dict[str, Any] | None = None,
    step: str = "",
    refusal: str = "",
    status: int | None = None,
) -> HttpResponse:
    """The document's workspace page. ``bound``: forms holding the user's input after a refused or invalid
    write, by their name on the page; ``step``: the workflow step they were for, whose form is shown with
    them whatever the user may now do."""
    may_change = access_rules.may_change(request.user, document)
    steps = access_rules.steps_for(request.user, document)
    context = {
        "document": document,
        "agency": document.agency,
        "steps": [*steps, step] if step and bound and step not in steps else steps,
        "form": DocumentForm(instance=document, agency=document.agency) if may_change else None,
        "change_refusal": "" if may_change else access.refusal(right_to_change(document)),
        "attachment_form": AttachmentForm() if may_change else None,
        "return_form": ReturnForm(),
        "secrecy_form": SecrecyReviewForm(initial={"on": _today()}),
        "repeal_form": RepealForm(),
        "events": document.events.select_related("actor"),
        **(bound or {}),
    }
    if refusal:
        return refused(
            request, "catalog/document_edit.html", context, refusal, status or 403, kept=bool(bound)
        )
    return render(request, "catalog/document_edit.html", context, status=status or 200)


# The steps that take input: their form, by its name on the page.
STEP_FORMS: dict[str, tuple[str, type[forms.Form]]] = {
    "return": ("return_form", ReturnForm),
    "secrecy_review": ("secrecy_form", SecrecyReviewForm),
    "repeal": ("repeal_form", RepealForm),
    "expire": ("repeal_form", RepealForm),
}
TRANSITIONS = STEP_RIGHTS  # the steps' routes: /workspace/documents/<pk>/<step>/


@login_required
@require_POST
def document_transition(request: HttpRequest, pk: int, transition: str) -> HttpResponse:
    if transition not in STEP_RIGHTS:
        raise Http404("No such step.")
    document = access_document(request.user, pk)
    name, form_class = STEP_FORMS.get(transition, ("", None))
    form = form_class(request.POST) if form_class is not None else None
    bound = {name: form} if form is not None else {}
    needed = STEP_RIGHTS[transition]
    if not access.can(request.user, needed, document.agency):
        return _document_page(request, document, bound=bound, step=transition, refusal=access.refusal(needed))
    if form is not None and not form.is_valid():
        return _document_page(request, document, bound=bound, step=transition, status=400)
    try:
        _take_step(request.user, document, transition, form.cleaned_data if form is not None else {})
    except ValidationError as exc:
        if form is None:  # nothing typed to keep: back to the page, the reason on top
            for message in exc.messages:
                messages.error(request, message)
            return redirect("document_edit", pk=document.pk)
        attach(form, exc)
        return _document_page(request, document, bound=bound, step=transition, status=400)
    messages.success(request, _("Done: {status}.").format(status=document.get_status_display()))
    return redirect("document_edit", pk=document.pk)


def _take_step(user: Any, document: Document, step: str, data: dict[str, Any]) -> None:
    if step == "submit":
        actions.do_submit_document(user, document)
    elif step == "return":
        actions.do_return_document(user, document, data["note"])
    elif step == "secrecy_review":
        actions.do_record_secrecy_review(
            user, document, cleared=data["cleared"], on=data["on"], note=data["note"]
        )
    elif step == "publish":
        actions.do_publish_document(user, document, _today())
    elif step == "repeal":
        actions.do_repeal_document(user, document, data["on"], data["repealed_by"])
    else:
        actions.do_expire_document(user, document, data["on"])


@login_required
@require_POST
def attachment_upload(request: HttpRequest, pk: int) -> HttpResponse:
    document = access_document(request.user, pk)
    needed = right_to_change(document)
    if not access.can(request.user, needed, document.agency):
        return _document_page(request, document, refusal=access.refusal(needed))
    form = AttachmentForm(request.POST, request.FILES)
    if form.is_valid():
        upload = form.cleaned_data["file"]
        try:
            actions.do_add_attachment(request.user, document, upload, upload.name)
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
    agency = access.access_agency(request.user, pk)
    may_administer = access.can(request.user, Action.ADMINISTER, agency)
    if not may_administer and request.method != "POST":
        raise PermissionDenied(access.refusal(Action.ADMINISTER))
    guide = Guide.objects.filter(agency=agency).first()
    form = GuideForm(request.POST or None, initial={"body": guide.body if guide else ""})
    context = {"agency": agency, "form": form}
    if request.method == "POST":
        if not may_administer:
            return refused(request, "catalog/guide_form.html", context, access.refusal(Action.ADMINISTER))
        if form.is_valid():
            actions.do_update_guide(request.user, agency, form.cleaned_data["body"])
            messages.success(request, _("The guide is saved."))
            return redirect("agency_guide", pk=agency.pk)
    return render(request, "catalog/guide_form.html", context)


@login_required
def document_import(request: HttpRequest, pk: int) -> HttpResponse:
    # A file cannot be kept in a form shown again, so a refusal here is the 403 page, before any upload.
    agency = access.access_agency(request.user, pk, Action.APPROVE)
    form = ImportForm(request.POST or None, request.FILES or None)
    errors: list[bulk.RowError] = []
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        try:
            created = actions.do_import_documents(request.user, agency, bulk.read_rows(upload, upload.name))
        except bulk.ImportFailed as failure:
            errors = failure.errors
        else:
            messages.success(
                request, _("{count} documents imported and published.").format(count=len(created))
            )
            return redirect("workspace_documents", pk=agency.pk)
    return render(request, "catalog/import_form.html", {"agency": agency, "form": form, "errors": errors})
