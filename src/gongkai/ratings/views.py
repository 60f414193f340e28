from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django import forms as django_forms
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_POST, require_safe

from gongkai import errors
from gongkai.agencies import access as agency_access
from gongkai.agencies.access import Action
from gongkai.applications.models import due_soon_last_day
from gongkai.lib import abuse

from . import actions, forms, queries, services
from .models import Rating


def rate(request: HttpRequest, kind: str, code: str, secret: str) -> HttpResponse:
    """The one-time rating form behind the link given with the reply (tracking code + secret)."""
    if not services.check_secret(kind, code, secret):
        raise Http404("No such rating link.")
    agency = services.rateable_agency(kind, code)
    if agency is None:
        raise Http404("Not rateable.")
    done = Rating.objects.filter(service_kind=kind, service_code=code).first()
    form = forms.RatingForm(request.POST or None)
    if done is None and request.method == "POST" and form.is_valid():
        try:
            abuse.guard(request, "rating")
            done = actions.do_rate_service(
                kind, code, form.cleaned_data["level"], form.cleaned_data["comment"]
            )
        except abuse.RateLimited:
            return abuse.refusal(request, request.path)
        except ValidationError as error:
            errors.attach(form, error)
        else:
            return redirect(request.path)
    elif done is not None and request.method == "POST":
        form.is_valid()  # bound: the refusal is shown with what was sent
        form.add_error(None, actions.already_rated())
    context = {"agency": agency, "code": code, "form": form, "done": done}
    response = render(request, "ratings/rate.html", context, status=400 if form.errors else 200)
    # same-origin, not no-referrer: the page has a form, and with no-referrer the browser sends
    # "Origin: null", which the CSRF check refuses; the code still never leaves for another site.
    response.headers["Referrer-Policy"] = "same-origin"
    return response


@require_safe
def public_figures(request: HttpRequest) -> HttpResponse:
    return render(request, "ratings/figures.html", {"rows": queries.figures()})


@login_required
@require_safe
def workspace(request: HttpRequest, agency_pk: int) -> HttpResponse:
    agency = agency_access.access_agency(request.user, agency_pk)
    return _workspace(request, agency)


@dataclass(frozen=True)
class PoorCard:
    """A 差评 on the staff page: its deadline state and its two forms (ids unique on the page)."""

    rating: Rating
    state: str
    follow_up_form: django_forms.Form
    rectify_form: django_forms.Form


def _form_ids(rating: Rating) -> str:
    """The ``auto_id`` of a 差评's forms: the staff page holds one pair per rating, each id unique."""
    return f"id_rating{rating.pk}_%s"


def _workspace(request: HttpRequest, agency: Any, status: int = 200, **bound: Any) -> HttpResponse:
    """The agency's ratings; its 差评 with their deadline state, those still owing a follow-up or a
    rectification first (overdue ones at the top, by due date). After a refused write (``failed``: the
    rating's pk) the form holding the input is shown on that rating's card only."""
    today = timezone.localdate()
    due_soon_by = due_soon_last_day(today)
    ratings = Rating.objects.filter(agency=agency).select_related("rectification")
    failed = bound.get("failed")
    cards = []
    for rating in ratings.poor():
        ids = _form_ids(rating)
        follow_up = bound.get("follow_up_form") if failed == rating.pk else None
        rectify = bound.get("rectify_form") if failed == rating.pk else None
        cards.append(
            PoorCard(
                rating,
                rating.deadline_state(today, due_soon_by),
                follow_up or forms.FollowUpForm(auto_id=ids),
                rectify or forms.RectifyForm(auto_id=ids),
            )
        )
    rank = {"overdue": 0, "due_soon": 1, "on_time": 2, "closed": 3}
    cards.sort(key=lambda card: (rank[card.state], card.rating.due_on or today, card.rating.pk))
    context = {
        "agency": agency,
        "poor": cards,
        "overdue": sum(1 for card in cards if card.state == "overdue"),
        "recent": ratings[:50],
        "may_work": agency_access.can(request.user, Action.WORK, agency),
        "failed": failed,
    }
    return render(request, "ratings/workspace.html", context, status=status)


def _rating(request: HttpRequest, pk: int) -> Rating:
    return agency_access.access_record(request.user, Rating.objects.select_related("agency"), pk, Action.WORK)


@login_required
@require_POST
def follow_up(request: HttpRequest, pk: int) -> HttpResponse:
    rating = _rating(request, pk)
    form = forms.FollowUpForm(request.POST, auto_id=_form_ids(rating))
    if form.is_valid():
        try:
            actions.do_follow_up_rating(request.user, rating, form.cleaned_data["note"])
        except ValidationError as error:
            errors.attach(form, error)
        else:
            return redirect(reverse("rating_workspace", args=[rating.agency_id]))
    return _workspace(request, rating.agency, 400, follow_up_form=form, failed=rating.pk)


@login_required
@require_POST
def rectify(request: HttpRequest, pk: int) -> HttpResponse:
    rating = _rating(request, pk)
    form = forms.RectifyForm(request.POST, auto_id=_form_ids(rating))
    if form.is_valid():
        try:
            actions.do_rectify_rating(request.user, rating, **form.cleaned_data)
        except ValidationError as error:
            errors.attach(form, error)
        else:
            return redirect(reverse("rating_workspace", args=[rating.agency_id]))
    return _workspace(request, rating.agency, 400, rectify_form=form, failed=rating.pk)
