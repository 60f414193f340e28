"""The clerk drafts, the approver approves or returns; letters previewed before they go; messages to the
applicant sent again. Thin views over ``actions``, ``letters`` and ``flow``."""

from __future__ import annotations

from typing import Any

from django import forms as django_forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST, require_safe

from gongkai import errors
from gongkai.agencies import access as agency_access
from gongkai.agencies.access import Action

from . import actions, forms, letters
from .access import access_application
from .flow import LETTER_TITLES, drafts_waiting_for
from .models import Application, DecisionDraft
from .queries import QUEUE_PAGE_SIZE
from .verbs import LETTER_VERBS, VERBS, action_form


def _preview(title: str, text: str) -> dict[str, Any]:
    return {"title": title, "blocks": letters.preview_blocks(text)}


def _form_page(
    request: HttpRequest,
    application: Application,
    verb: str,
    form: django_forms.Form,
    preview: dict[str, Any] | None = None,
    status: int = 200,
) -> HttpResponse:
    context = {
        "application": application,
        "verb": verb,
        "title": LETTER_TITLES[verb],
        "form": form,
        "preview": preview,
        "returned": application.drafts.filter(state=DecisionDraft.State.RETURNED).order_by("-version").first()
        if verb == "draft"
        else None,
    }
    return render(request, "applications/draft_letter_form.html", context, status=status)


@login_required
@require_safe
def draft_form(request: HttpRequest, pk: int) -> HttpResponse:
    """The clerk's page for drafting the decision (the form posts to the ``draft`` verb)."""
    application = access_application(request.user, pk)
    agency_access.may_use_form(request.user, Action.WORK, application.agency, request.method)
    return _form_page(request, application, "draft", action_form("draft", prefix="draft"))


@login_required
@require_POST
def letter_preview(request: HttpRequest, pk: int, verb: str) -> HttpResponse:
    """The form of a letter-issuing step again, with the letter its input would issue beside it; nothing
    is recorded (``letters.rehearse``)."""
    if verb not in LETTER_VERBS:
        raise Http404("No letter to preview.")
    needed, call = VERBS[verb]
    application = access_application(request.user, pk)
    form = action_form(verb, request.POST, prefix=verb)
    if not agency_access.can(request.user, needed, application.agency):
        messages.error(request, agency_access.refusal(needed))
        return _form_page(request, application, verb, form, status=403)
    if not form.is_valid():
        return _form_page(request, application, verb, form, status=400)
    data = form.cleaned_data
    found: tuple[str, str] | None
    try:
        if verb == "draft":
            found = letters.decision_letter(
                application,
                outcome=data["outcome"],
                on=data["on"],
                article=data["article"],
                text=data["text"],
            )
        else:
            found = letters.rehearse(application, lambda: call(request.user, application, data))
    except ValidationError as error:
        errors.attach(form, error)
        return _form_page(request, application, verb, form, status=400)
    application = access_application(request.user, pk)  # the rehearsal changed the one in memory
    return _form_page(request, application, verb, form, _preview(*found) if found else None)


def _draft(request: HttpRequest, pk: int, draft_pk: int) -> tuple[Application, DecisionDraft]:
    application = access_application(request.user, pk)
    return application, get_object_or_404(application.drafts.select_related("drafted_by"), pk=draft_pk)


def _review_page(
    request: HttpRequest,
    application: Application,
    draft: DecisionDraft,
    approve_form: django_forms.Form | None = None,
    return_form: django_forms.Form | None = None,
    status: int = 200,
) -> HttpResponse:
    on = timezone.localdate()
    if approve_form is not None and approve_form.is_bound and approve_form.is_valid():
        on = approve_form.cleaned_data["on"]
    letter = letters.decision_letter(
        application, outcome=draft.outcome, on=on, article=draft.outcome_article, text=draft.decision_text
    )
    context = {
        "application": application,
        "draft": draft,
        "versions": application.drafts.select_related("drafted_by", "reviewed_by").order_by("-version"),
        "preview": _preview(*letter),
        "may_approve": agency_access.can(request.user, Action.APPROVE, application.agency),
        "approve_form": approve_form or forms.ApproveDraftForm(prefix="approve"),
        "return_form": return_form or forms.ReturnDraftForm(prefix="return"),
    }
    return render(request, "applications/draft_review.html", context, status=status)


@login_required
@require_safe
def draft_review(request: HttpRequest, pk: int, draft_pk: int) -> HttpResponse:
    application, draft = _draft(request, pk, draft_pk)
    return _review_page(request, application, draft)


def _review_action(request: HttpRequest, pk: int, draft_pk: int, approving: bool) -> HttpResponse:
    application, draft = _draft(request, pk, draft_pk)
    form_class = forms.ApproveDraftForm if approving else forms.ReturnDraftForm
    form = form_class(request.POST, prefix="approve" if approving else "return")
    kept = {"approve_form": form} if approving else {"return_form": form}
    if not agency_access.can(request.user, Action.APPROVE, application.agency):
        messages.error(request, agency_access.refusal(Action.APPROVE))
        return _review_page(request, application, draft, status=403, **kept)
    if form.is_valid():
        try:
            if approving:
                actions.do_approve_draft(request.user, draft, on=form.cleaned_data["on"])
                messages.success(request, _("Approved: the decision is made and its reply letter issued."))
            else:
                actions.do_return_draft(request.user, draft, comment=form.cleaned_data["comment"])
                messages.success(request, _("Returned to the clerk with your comment."))
        except ValidationError as error:
            errors.attach(form, error)
        else:
            return redirect("application_detail", pk=application.pk)
    return _review_page(request, application, draft, status=400, **kept)


@login_required
@require_POST
def approve_draft(request: HttpRequest, pk: int, draft_pk: int) -> HttpResponse:
    return _review_action(request, pk, draft_pk, approving=True)


@login_required
@require_POST
def return_draft(request: HttpRequest, pk: int, draft_pk: int) -> HttpResponse:
    return _review_action(request, pk, draft_pk, approving=False)


@login_required
@require_safe
def drafts_waiting(request: HttpRequest) -> HttpResponse:
    """The approver's list: drafts waiting for approval in their agencies, oldest first."""
    page = Paginator(drafts_waiting_for(request.user), QUEUE_PAGE_SIZE).get_page(request.GET.get("page"))
    context = {
        "page": page,
        "page_numbers": page.paginator.get_elided_page_range(page.number, on_each_side=2, on_ends=1),
        "drafts": list(page.object_list),
    }
    return render(request, "applications/draft_list.html", context)


@login_required
@require_POST
def retry_notification(request: HttpRequest, pk: int, notification_pk: int) -> HttpResponse:
    application = access_application(request.user, pk)
    notification = get_object_or_404(application.notifications, pk=notification_pk)
    try:
        actions.do_retry_notification(request.user, notification)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("The message is being sent again; its outcome is shown below."))
    return redirect("application_detail", pk=application.pk)
