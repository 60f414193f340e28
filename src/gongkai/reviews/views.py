"""The reviews ledger in the workspace: the agency's cases, filing a case, recording its outcome.

A form is offered only to who may use it; a write refused all the same (the role or the case changed
since the page was shown) answers with the same page, the input kept and the reason on top."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render

from gongkai.agencies import access as agency_access
from gongkai.agencies.access import Action
from gongkai.applications.access import access_application
from gongkai.errors import refused

from . import actions
from .access import access_review
from .forms import FileReviewForm, OutcomeForm
from .models import Review


@login_required
def review_ledger(request: HttpRequest, agency_pk: int) -> HttpResponse:
    agency = agency_access.access_agency(request.user, agency_pk)
    cases = Review.objects.for_agency(agency).select_related("application")
    year = request.GET.get("year", "")
    if year.isdigit():
        cases = cases.filed_in(int(year))
    return render(request, "reviews/ledger.html", {"agency": agency, "cases": cases, "year": year})


@login_required
def file_review(request: HttpRequest, application_pk: int) -> HttpResponse:
    application = access_application(request.user, application_pk)
    may_work = agency_access.may_use_form(request.user, Action.WORK, application.agency, request.method)
    form = FileReviewForm(request.POST or None, application=application)
    context = {"application": application, "form": form}
    if request.method == "POST":
        if not may_work:
            return refused(request, "reviews/file.html", context, agency_access.refusal(Action.WORK))
        if form.is_valid():
            try:
                review = actions.do_file_review(request.user, application, **form.cleaned_data)
            except ValidationError as exc:
                form.add_error(None, exc)
            else:
                return redirect("review_detail", pk=review.pk)
    return render(request, "reviews/file.html", context)


@login_required
def review_detail(request: HttpRequest, pk: int) -> HttpResponse:
    review = access_review(request.user, pk)
    may_work = agency_access.can(request.user, Action.WORK, review.agency)
    form = OutcomeForm(request.POST or None)
    # The outcome form: offered while the case awaits its outcome to who may record it; after a refused
    # POST, shown with the input whatever the case now is.
    context = {
        "review": review,
        "form": form,
        "may_record": form.is_bound or (may_work and review.awaits_outcome),
    }
    if request.method == "POST":
        if not may_work:
            return refused(request, "reviews/detail.html", context, agency_access.refusal(Action.WORK))
        if form.is_valid():
            try:
                actions.do_record_review_outcome(request.user, review, **form.cleaned_data)
            except ValidationError as exc:
                form.add_error(None, exc)
            else:
                return redirect("review_detail", pk=review.pk)
    return render(request, "reviews/detail.html", context)
