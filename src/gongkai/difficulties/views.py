from __future__ import annotations

from typing import Any

from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.debug import sensitive_post_parameters
from django.views.decorators.http import require_POST, require_safe

from gongkai import errors
from gongkai.agencies import access as agency_access
from gongkai.agencies.access import Action
from gongkai.lib import abuse
from gongkai.ratings import services as rating_services

from . import actions, forms
from .models import Difficulty

AGENCY_FIELDS = ("receiving_agency", "assigned_agency")


@sensitive_post_parameters("name", "contact")
def report(request: HttpRequest) -> HttpResponse:
    form = forms.ReportForm(request.POST or None, initial={"agency": request.GET.get("agency")})
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            abuse.guard(request, "difficulty")
            case = actions.do_report_difficulty(
                data["agency"], data, remote_address=abuse.client_address(request)
            )
        except abuse.RateLimited:
            return abuse.refusal(request, reverse("difficulty_report"))
        except ValidationError as error:
            errors.attach(form, error)
        else:
            return redirect("difficulty_track", code=case.tracking_code)
    return render(request, "difficulties/report.html", {"form": form})


@require_safe
def track_lookup(request: HttpRequest) -> HttpResponse:
    form = forms.TrackForm(request.GET or None)
    if form.is_valid():
        code = form.cleaned_data["code"].strip().upper()
        if Difficulty.objects.filter(tracking_code=code).exists():
            return redirect("difficulty_track", code=code)
        form.add_error("code", _("No case has this tracking code. Check it and try again."))
    return render(request, "difficulties/track_lookup.html", {"form": form})


def track(request: HttpRequest, code: str) -> HttpResponse:
    """The reporter's page: the case's state and history with the acting agencies — never a staff member's
    name, nor the reporter's own name or contact. A POST confirms the answer (the tracking code is the key)."""
    case = get_object_or_404(
        Difficulty.objects.select_related("receiving_agency", "assigned_agency"), tracking_code=code
    )
    error = ""
    if request.method == "POST":
        try:
            actions.do_confirm_difficulty(case)
        except ValidationError as refused:
            error = " ".join(refused.messages)
        else:
            return redirect("difficulty_track", code=code)
    events = case.events.select_related("agency").only("at", "kind", "agency__name", "difficulty_id")
    rating_url = (
        rating_services.rating_url("difficulty", case.tracking_code)
        if case.status == Difficulty.Status.CLOSED
        else ""
    )
    response = render(
        request, "difficulties/track.html",
        {"case": case, "events": events, "error": error, "rating_url": rating_url},
        status=400 if error else 200,
    )  # fmt: skip
    # same-origin, not no-referrer: the page has a form, and with no-referrer the browser sends
    # "Origin: null", which the CSRF check refuses; the code still never leaves for another site.
    response.headers["Referrer-Policy"] = "same-origin"
    return response


# staff


@login_required
@require_safe
def queue(request: HttpRequest, agency_pk: int) -> HttpResponse:
    agency = agency_access.access_agency(request.user, agency_pk)
    today = timezone.localdate()
    cases = Difficulty.objects.for_agency(agency).select_related("receiving_agency", "assigned_agency")
    rows = [(case, case.deadline_state(today)) for case in cases[:200]]
    return render(request, "difficulties/queue.html", {"agency": agency, "rows": rows})


def _detail(request: HttpRequest, case: Difficulty, status: int = 200, **bound: Any) -> HttpResponse:
    user = request.user
    context = {
        "case": case,
        "state": case.deadline_state(timezone.localdate()),
        "events": case.events.select_related("actor", "agency"),
        "may_assign": case.status == Difficulty.Status.REPORTED
        and agency_access.can(user, Action.WORK, case.receiving_agency),
        "may_handle": case.status == Difficulty.Status.ASSIGNED
        and case.assigned_agency is not None
        and agency_access.can(user, Action.WORK, case.assigned_agency),
        "assign_form": bound.get("assign_form") or forms.AssignForm(),
        "reassign_form": bound.get("reassign_form") or forms.ReassignForm(),
        "answer_form": bound.get("answer_form") or forms.AnswerForm(),
    }
    return render(request, "difficulties/detail.html", context, status=status)


def _case(request: HttpRequest, pk: int) -> Difficulty:
    return agency_access.access_shared_record(
        request.user,
        Difficulty.objects.select_related("receiving_agency", "assigned_agency"),
        pk,
        AGENCY_FIELDS,
    )


@login_required
@require_safe
def detail(request: HttpRequest, pk: int) -> HttpResponse:
    return _detail(request, _case(request, pk))


@login_required
@require_POST
def assign(request: HttpRequest, pk: int) -> HttpResponse:
    case = _case(request, pk)
    form = forms.AssignForm(request.POST)
    if form.is_valid():
        data = form.cleaned_data
        try:
            actions.do_assign_difficulty(request.user, case, data["assignee"], data["workdays"], data["note"])
        except ValidationError as error:
            errors.attach(form, error)
        else:
            return redirect("difficulty_detail", pk=case.pk)
    return _detail(request, case, 400, assign_form=form)


@login_required
@require_POST
def reassign(request: HttpRequest, pk: int) -> HttpResponse:
    case = _case(request, pk)
    form = forms.ReassignForm(request.POST)
    if form.is_valid():
        try:
            actions.do_reassign_difficulty(
                request.user, case, form.cleaned_data["assignee"], form.cleaned_data["reason"]
            )
        except ValidationError as error:
            errors.attach(form, error)
        else:
            return redirect("difficulty_detail", pk=case.pk)
    return _detail(request, case, 400, reassign_form=form)


@login_required
@require_POST
def answer(request: HttpRequest, pk: int) -> HttpResponse:
    case = _case(request, pk)
    form = forms.AnswerForm(request.POST)
    if form.is_valid():
        try:
            actions.do_answer_difficulty(request.user, case, form.cleaned_data["answer"])
        except ValidationError as error:
            errors.attach(form, error)
        else:
            return redirect("difficulty_detail", pk=case.pk)
    return _detail(request, case, 400, answer_form=form)
