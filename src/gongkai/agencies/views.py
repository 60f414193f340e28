from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render

from gongkai.errors import refused
from gongkai.lib import pagecache

from . import access
from .access import Action
from .actions import do_update_agency_details
from .forms import AgencyDetailsForm
from .models import Agency


@pagecache.portal_page()
def home(request: HttpRequest) -> HttpResponse:
    """The public agency directory."""
    agencies = Agency.objects.all()
    return render(request, "agencies/home.html", {"agencies": agencies})


@pagecache.portal_page(pagecache.agency("pk"))
def agency_detail(request: HttpRequest, pk: int) -> HttpResponse:
    agency = get_object_or_404(Agency, pk=pk)
    children = agency.children.order_by("position", "name")
    return render(
        request,
        "agencies/agency_detail.html",
        {"agency": agency, "ancestors": agency.ancestors(), "children": children},
    )


@login_required
def workspace(request: HttpRequest) -> HttpResponse:
    if not access.is_staff_member(request.user):
        raise PermissionDenied
    agencies = access.agencies_for(request.user)
    roles = access.roles_by_agency(request.user)
    rows = [(agency, roles.get(agency.pk, [])) for agency in agencies]
    return render(request, "agencies/workspace.html", {"rows": rows})


@login_required
def workspace_agency(request: HttpRequest, pk: int) -> HttpResponse:
    """The agency's workspace page: its staff and, for its administrators, the form of its details. A
    refused save shows the form again with the input and the reason."""
    agency = access.access_agency(request.user, pk)
    may_administer = access.can(request.user, Action.ADMINISTER, agency)
    # A POSTed form validates into a copy: ``agency`` keeps the stored values until the action saves.
    data = (
        request.POST if request.method == "POST" else None
    )  # an empty POST is a form still: both fields blank
    form = AgencyDetailsForm(data, instance=Agency.objects.get(pk=pk))
    memberships = agency.memberships.select_related("user").order_by("role", "user__username")
    context = {
        "agency": agency,
        "form": form if may_administer or form.is_bound else None,
        "memberships": memberships,
    }
    if request.method == "POST":
        if not may_administer:
            reason = access.refusal(Action.ADMINISTER)
            return refused(request, "agencies/workspace_agency.html", context, reason)
        if form.is_valid():
            do_update_agency_details(request.user, agency, **form.cleaned_data)
            return redirect("workspace_agency", pk=agency.pk)
    return render(request, "agencies/workspace_agency.html", context)
