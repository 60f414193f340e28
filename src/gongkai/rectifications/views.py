from __future__ import annotations

from typing import Any

from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST, require_safe

from gongkai import errors
from gongkai.agencies import access as agency_access
from gongkai.agencies.access import Action
from gongkai.agencies.models import Agency

from . import actions, forms
from .models import Rectification


def _rows(agency: Agency, *, forms_for_staff: bool = False) -> list[tuple[Rectification, str, Any]]:
    """The agency's items with their deadline state and, on the staff page, each open item's form to record
    its result (ids of its own, so that the page's labels each name one field)."""
    today = timezone.localdate()
    return [
        (
            item,
            item.deadline_state(today),
            forms.CompleteForm(auto_id=f"id_item{item.pk}_%s") if forms_for_staff else None,
        )
        for item in Rectification.objects.for_agency(agency)
    ]


@require_safe
def public_list(request: HttpRequest, agency_pk: int) -> HttpResponse:
    """整改公开: every item of the agency with its source, owner, deadline, status and result."""
    agency = get_object_or_404(Agency, pk=agency_pk)
    return render(request, "rectifications/public_list.html", {"agency": agency, "rows": _rows(agency)})


def _workspace(
    request: HttpRequest, agency: Agency, form: forms.OpenForm | None = None, status: int = 200
) -> HttpResponse:
    context = {
        "agency": agency,
        "rows": _rows(agency, forms_for_staff=True),
        "may_work": agency_access.can(request.user, Action.WORK, agency),
        "form": form or forms.OpenForm(),
    }
    return render(request, "rectifications/workspace.html", context, status=status)


@login_required
def workspace(request: HttpRequest, agency_pk: int) -> HttpResponse:
    agency = agency_access.access_agency(request.user, agency_pk)
    if request.method != "POST":
        return _workspace(request, agency)
    agency_access.access_agency(request.user, agency_pk, Action.WORK)
    form = forms.OpenForm(request.POST)
    if form.is_valid():
        try:
            actions.do_open_rectification(request.user, agency, **form.cleaned_data)
        except ValidationError as error:
            errors.attach(form, error)
        else:
            return redirect("rectification_workspace", agency_pk=agency.pk)
    return _workspace(request, agency, form, 400)


@login_required
@require_POST
def complete(request: HttpRequest, pk: int) -> HttpResponse:
    item = agency_access.access_record(
        request.user, Rectification.objects.select_related("agency"), pk, Action.WORK
    )
    form = forms.CompleteForm(request.POST, auto_id=f"id_item{item.pk}_%s")
    if form.is_valid():
        try:
            actions.do_complete_rectification(request.user, item, form.cleaned_data["result"])
        except ValidationError as error:
            errors.attach(form, error)
        else:
            return redirect("rectification_workspace", agency_pk=item.agency_id)
    return render(request, "rectifications/complete.html", {"item": item, "complete_form": form}, status=400)
