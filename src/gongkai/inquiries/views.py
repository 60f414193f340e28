from __future__ import annotations

from typing import Any

from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Page, Paginator
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.debug import sensitive_post_parameters
from django.views.decorators.http import require_POST, require_safe

from gongkai import errors
from gongkai.agencies import access as agency_access
from gongkai.agencies.access import Action
from gongkai.agencies.models import Agency
from gongkai.applications.models import due_soon_last_day
from gongkai.catalog.models import Document
from gongkai.lib import abuse
from gongkai.ratings import services as rating_services

from . import actions, forms, queries
from .models import Inquiry

PAGE_SIZE = 20


def _pages(request: HttpRequest, records: QuerySet[Inquiry]) -> dict[str, Any]:
    page: Page[Inquiry] = Paginator(records, PAGE_SIZE).get_page(request.GET.get("page"))
    return {
        "page": page,
        "page_numbers": page.paginator.get_elided_page_range(page.number, on_each_side=2, on_ends=1),
    }


@sensitive_post_parameters("name", "contact")
def ask(request: HttpRequest) -> HttpResponse:
    """The question form; a valid form is shown once more as a confirmation step with the similar answers
    already published (the no-JavaScript way to the suggestions), and sent from there."""
    initial = {"agency": request.GET.get("agency"), "document": request.GET.get("document")}
    form = forms.InquiryForm(request.POST or None, initial=initial)
    if request.method != "POST" or not form.is_valid() or "edit" in request.POST:
        return render(request, "inquiries/ask.html", _ask_context(form))
    data = form.cleaned_data
    if "confirm" not in request.POST:
        similar = queries.suggestions(data["question"], data["agency"])
        return render(request, "inquiries/confirm.html", {"form": form, "suggestions": similar})
    try:
        abuse.guard(request, "inquiry")
        inquiry = actions.do_submit_inquiry(
            data["agency"], form.fields_for_action(), remote_address=abuse.client_address(request)
        )
    except abuse.RateLimited:
        return abuse.refusal(request, reverse("inquiry_ask"))
    except ValidationError as error:
        errors.attach(form, error)
        return render(request, "inquiries/ask.html", _ask_context(form))
    return redirect("inquiry_track", code=inquiry.tracking_code)


def _ask_context(form: forms.InquiryForm) -> dict[str, object]:
    document_pk = form["document"].value()
    document = (
        Document.objects.public().filter(pk=document_pk).first() if str(document_pk or "").isdigit() else None
    )
    return {"form": form, "document": document}


@require_safe
def suggestions(request: HttpRequest) -> HttpResponse:
    """Similar published answers for the question being typed (htmx fragment; the form's confirmation step
    shows the same without JavaScript)."""
    agency = (
        Agency.objects.filter(pk=request.GET.get("agency") or 0).first()
        if (request.GET.get("agency") or "").isdigit()
        else None
    )
    similar = queries.suggestions(request.GET.get("question", "")[:2000], agency)
    return render(request, "inquiries/_suggestions.html", {"suggestions": similar})


@require_safe
def track_lookup(request: HttpRequest) -> HttpResponse:
    form = forms.TrackForm(request.GET or None)
    if form.is_valid():
        code = form.cleaned_data["code"].strip().upper()
        if Inquiry.objects.filter(tracking_code=code).exists():
            return redirect("inquiry_track", code=code)
        form.add_error("code", forms.forms.ValidationError(_no_such_code()))
    return render(request, "inquiries/track_lookup.html", {"form": form})


def _no_such_code() -> str:
    from django.utils.translation import gettext as _

    return _("No question has this tracking code. Check it and try again.")


@require_safe
def track(request: HttpRequest, code: str) -> HttpResponse:
    """The asker's page: the question's state and the answer — never the name or contact given."""
    inquiry = get_object_or_404(Inquiry.objects.select_related("agency"), tracking_code=code)
    rating_url = (
        rating_services.rating_url("inquiry", inquiry.tracking_code)
        if inquiry.status == Inquiry.Status.ANSWERED
        else ""
    )
    context = {"inquiry": inquiry, "today": timezone.localdate(), "rating_url": rating_url}
    response = render(request, "inquiries/track.html", context)
    response.headers["Referrer-Policy"] = "no-referrer"
    return response


@require_safe
def qa_list(request: HttpRequest) -> HttpResponse:
    """The published questions and answers, searchable, of every agency or one."""
    text = request.GET.get("q", "")[:100]
    agency = (
        get_object_or_404(Agency, pk=request.GET["agency"])
        if request.GET.get("agency", "").isdigit()
        else None
    )
    if text.strip():
        records = queries.search_published(text, agency)
    else:
        published = Inquiry.objects.published()
        records = (
            queries.public_fields(published.for_agency(agency) if agency else published)
            .select_related("agency")
            .order_by("-published_at")
        )
    return render(
        request, "inquiries/qa_list.html", {"q": text, "agency": agency, **_pages(request, records)}
    )


@require_safe
def qa_detail(request: HttpRequest, pk: int) -> HttpResponse:
    inquiry = get_object_or_404(
        queries.public_fields(Inquiry.objects.published()).select_related("agency"), pk=pk
    )
    return render(request, "inquiries/qa_detail.html", {"inquiry": inquiry})


# staff


@login_required
@require_safe
def inquiry_queue(request: HttpRequest, agency_pk: int) -> HttpResponse:
    agency = agency_access.access_agency(request.user, agency_pk)
    tab = request.GET.get("tab", "open")
    tab = tab if tab in queries.QUEUE_FILTERS else "open"
    today = timezone.localdate()
    pages = _pages(request, queries.queue(agency, tab, today))
    soon = due_soon_last_day(today)
    rows = [(inquiry, inquiry.deadline_state(today, soon)) for inquiry in pages["page"]]
    context = {"agency": agency, "tab": tab, "tabs": queries.QUEUE_FILTERS, "rows": rows}
    return render(request, "inquiries/queue.html", {**context, **pages})


def _detail(request: HttpRequest, inquiry: Inquiry, status: int = 200, **forms_: object) -> HttpResponse:
    context = {
        "inquiry": inquiry,
        "state": inquiry.deadline_state(timezone.localdate()),
        "events": inquiry.events.select_related("actor"),
        "may_work": agency_access.can(request.user, Action.WORK, inquiry.agency),
        "may_approve": agency_access.can(request.user, Action.APPROVE, inquiry.agency),
        "answer_form": forms_.get("answer_form") or forms.AnswerForm(),
        "moderation_form": forms_.get("moderation_form")
        or forms.ModerationForm(
            initial={"public_question": inquiry.public_question, "public_answer": inquiry.public_answer}
        ),
    }
    return render(request, "inquiries/detail.html", context, status=status)


@login_required
@require_safe
def inquiry_detail(request: HttpRequest, pk: int) -> HttpResponse:
    inquiry = agency_access.access_record(request.user, Inquiry.objects.select_related("agency"), pk)
    return _detail(request, inquiry)


@login_required
@require_POST
def inquiry_answer(request: HttpRequest, pk: int) -> HttpResponse:
    inquiry = agency_access.access_record(
        request.user, Inquiry.objects.select_related("agency"), pk, Action.WORK
    )
    form = forms.AnswerForm(request.POST)
    if form.is_valid():
        try:
            actions.do_answer_inquiry(request.user, inquiry, form.cleaned_data["answer"])
        except ValidationError as error:
            errors.attach(form, error)
        else:
            return redirect("inquiry_detail", pk=inquiry.pk)
    return _detail(request, inquiry, 400, answer_form=form)


@login_required
@require_POST
def inquiry_moderate(request: HttpRequest, pk: int) -> HttpResponse:
    inquiry = agency_access.access_record(
        request.user, Inquiry.objects.select_related("agency"), pk, Action.APPROVE
    )
    form = forms.ModerationForm(request.POST)
    if form.is_valid():
        try:
            actions.do_moderate_inquiry(
                request.user, inquiry, publish="publish" in request.POST, **form.cleaned_data
            )
        except ValidationError as error:
            errors.attach(form, error)
        else:
            return redirect("inquiry_detail", pk=inquiry.pk)
    return _detail(request, inquiry, 400, moderation_form=form)
