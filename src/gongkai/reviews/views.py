"""The reviews ledger in the workspace: the agency's cases, filing a case, recording its outcome."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render

from gongkai.agencies import access as agency_access
from gongkai.agencies.access import Action
from gongkai.applications.access import access_application

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
    application = access_application(request.user, application_pk, Action.WORK)
    form = FileReviewForm(request.POST or None, application=application)
    if request.method == "POST" and form.is_valid():
        try:
            review = actions.do_file_review(request.user, application, **form.cleaned_data)
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            return redirect("review_detail", pk=review.pk)
    return render(request, "reviews/file.html", {"application": application, "form": form})


@login_required
def review_detail(request: HttpRequest, pk: int) -> HttpResponse:
    review = access_review(request.user, pk)
    form = OutcomeForm(request.POST or None)
    if request.method == "POST":
        review = access_review(request.user, pk, Action.WORK)
        if form.is_valid():
            try:
                actions.do_record_review_outcome(request.user, review, **form.cleaned_data)
            except ValidationError as exc:
                form.add_error(None, exc)
            else:
                return redirect("review_detail", pk=review.pk)
    may_work = agency_access.can(request.user, Action.WORK, review.agency)
    return render(request, "reviews/detail.html", {"review": review, "form": form, "may_work": may_work})
