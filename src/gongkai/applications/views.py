from __future__ import annotations

from django import forms as django_forms
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.debug import sensitive_post_parameters
from django.views.decorators.http import require_POST

from gongkai.agencies import access as agency_access
from gongkai.agencies.access import Action
from gongkai.agencies.models import Agency
from gongkai.lib import idcard, uploads

from . import actions, forms
from .access import (
    REVEAL_WINDOW,
    access_application,
    access_application_as_applicant,
    log_record_access,
    sees_personal_data,
)
from .models import Application, LetterKind, Reminder, Status
from .personal_data import personal_data_for
from .queries import QUEUE_FILTERS, queue, similar_applications
from .reminders import due_for
from .verbs import ACTION_FORMS, VERBS, action_form


def client_address(request: HttpRequest) -> str:
    return str(request.META.get("REMOTE_ADDR", ""))


@sensitive_post_parameters()
def apply(request: HttpRequest, agency_pk: int) -> HttpResponse:
    agency = get_object_or_404(Agency, pk=agency_pk)
    form = forms.ApplicationForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        fields = dict(form.cleaned_data)
        files = fields.pop("attachments")
        try:
            application = actions.do_submit_application(
                agency, fields, remote_address=client_address(request), files=files
            )
        except actions.RateLimited:
            context = {"agency": agency}
            return render(request, "applications/rate_limited.html", context, status=429)
        except ValidationError as error:
            _attach(form, error)
        else:
            return redirect("track", code=application.tracking_code, secret=application.access_secret)
    return render(request, "applications/apply.html", {"agency": agency, "form": form})


@sensitive_post_parameters()
def track(request: HttpRequest, code: str, secret: str) -> HttpResponse:
    application = access_application_as_applicant(code, secret)
    supplement = getattr(application, "supplement", None)
    awaiting = supplement is not None and supplement.received_on is None and supplement.lapsed_on is None
    form = forms.ApplicantSupplementForm(request.POST or None) if awaiting else None
    if request.method == "POST" and form is not None and form.is_valid():
        try:
            actions.do_submit_supplement(application, text=form.cleaned_data["text"], on=timezone.localdate())
        except ValidationError as error:
            _attach(form, error)
        else:
            return redirect("track", code=application.tracking_code, secret=application.access_secret)
    context = {
        "supplement": supplement,
        "supplement_form": form,
        "application": application,
        "events": application.events.filter(public=True),
        # Letters to consulted parties are between the agency and them.
        "letters": application.letters.exclude(kind=LetterKind.CONSULTATION),
    }
    return render(request, "applications/track.html", context)


def track_lookup(request: HttpRequest) -> HttpResponse:
    form = TrackForm(request.GET or None)
    if form.is_valid():
        return redirect("track", code=form.cleaned_data["code"].upper(), secret=form.cleaned_data["secret"])
    return render(request, "applications/track_lookup.html", {"form": form})


class TrackForm(django_forms.Form):
    code = django_forms.CharField(label=_("tracking code"), max_length=20)
    secret = django_forms.CharField(label=_("query key"), max_length=64)


@login_required
def application_queue(request: HttpRequest, agency_pk: int) -> HttpResponse:
    agency = agency_access.access_agency(request.user, agency_pk)
    name = request.GET.get("filter", "open")
    if name not in QUEUE_FILTERS:
        name = "open"
    today = timezone.localdate()
    context = {
        "agency": agency,
        "applications": queue(agency, name, today)[:200],
        "filter": name,
        "filters": QUEUE_FILTERS,
        "today": today,
        "may_work": agency_access.can(request.user, Action.WORK, agency),
    }
    return render(request, "applications/queue.html", context)


@sensitive_post_parameters()
@login_required
def register_application(request: HttpRequest, agency_pk: int) -> HttpResponse:
    agency = agency_access.access_agency(request.user, agency_pk, Action.WORK)
    form = forms.StaffApplicationForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        channel, received_on, files = data.pop("channel"), data.pop("received_on"), data.pop("attachments")
        try:
            application = actions.do_register_application(
                request.user, agency, data, channel=channel, received_on=received_on, files=files
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            return redirect("application_detail", pk=application.pk)
    return render(request, "applications/register.html", {"agency": agency, "form": form})


@login_required
def application_detail(request: HttpRequest, pk: int) -> HttpResponse:
    application = access_application(request.user, pk)
    log_record_access(request.user, application, "page")
    return _render_detail(
        request, application, {verb: action_form(verb, prefix=verb) for verb in ACTION_FORMS}
    )


@login_required
@require_POST
def application_act(request: HttpRequest, pk: int, verb: str) -> HttpResponse:
    if verb not in VERBS:
        return HttpResponse(status=404)
    needed, call = VERBS[verb]
    application = access_application(request.user, pk, needed)
    action_forms = {name: action_form(name, prefix=name) for name in ACTION_FORMS}
    form = action_forms[verb] = action_form(verb, request.POST, prefix=verb)
    if form.is_valid():
        try:
            call(request.user, application, form.cleaned_data)
        except ValidationError as error:
            _attach(form, error)
        else:
            return redirect("application_detail", pk=application.pk)
    return _render_detail(request, application, action_forms, status=400, failed=verb)


@login_required
@require_POST
def reveal_personal_data(request: HttpRequest, pk: int) -> HttpResponse:
    """For who may view but does not handle the case: the applicant's personal data, with a reason."""
    application = access_application(request.user, pk)
    form = forms.RevealPersonalDataForm(request.POST)
    if form.is_valid():
        try:
            actions.do_reveal_personal_data(request.user, application, form.cleaned_data["reason"])
        except ValidationError as error:
            _attach(form, error)
        else:
            return redirect("application_detail", pk=application.pk)
    action_forms = {verb: action_form(verb, prefix=verb) for verb in ACTION_FORMS}
    return _render_detail(request, application, action_forms, status=400, reveal_form=form)


def _attach(form: django_forms.BaseForm, error: ValidationError) -> None:
    if hasattr(error, "error_dict"):
        for field, messages in error.message_dict.items():
            form.add_error(field if field in form.fields else None, messages)
    else:
        form.add_error(None, error)


def _render_detail(
    request: HttpRequest,
    application: Application,
    action_forms: dict[str, django_forms.Form],
    status: int = 200,
    failed: str = "",
    reveal_form: django_forms.Form | None = None,
) -> HttpResponse:
    from .clock import deadline_of

    today = timezone.localdate()
    agency = application.agency
    context = {
        "application": application,
        "events": application.events.select_related("actor"),
        "consultations": application.consultations.all(),
        "letters": application.letters.all(),
        "attachments": application.attachments.all(),
        "supplement": getattr(application, "supplement", None),
        "fee": getattr(application, "fee", None),
        "similar": similar_applications(application),
        "masked_id_number": idcard.mask(application.id_number),
        "personal": personal_data_for(request.user, application, timezone.now()),
        "reveal_form": reveal_form or forms.RevealPersonalDataForm(),
        "reveal_minutes": int(REVEAL_WINDOW.total_seconds()) // 60,
        "deadline": deadline_of(application, today),
        "today": today,
        "forms": action_forms,
        "failed": failed,
        "may_work": agency_access.can(request.user, Action.WORK, agency),
        "may_approve": agency_access.can(request.user, Action.APPROVE, agency),
        "Status": Status,
    }
    return render(request, "applications/detail.html", context, status=status)


def _letter_file(application: Application, letter_pk: int, fmt: str, applicant: bool = False) -> FileResponse:
    if fmt not in ("pdf", "docx"):
        raise Http404
    letter = get_object_or_404(application.letters, pk=letter_pk)
    if applicant and letter.kind == LetterKind.CONSULTATION:
        raise Http404
    return uploads.download_response(letter.pdf if fmt == "pdf" else letter.docx, f"{letter.number}.{fmt}")


def track_letter(request: HttpRequest, code: str, secret: str, letter_pk: int, fmt: str) -> FileResponse:
    return _letter_file(access_application_as_applicant(code, secret), letter_pk, fmt, applicant=True)


@login_required
def staff_letter(request: HttpRequest, pk: int, letter_pk: int, fmt: str) -> FileResponse:
    return _letter_file(access_application(request.user, pk), letter_pk, fmt)


@login_required
def reminders(request: HttpRequest) -> HttpResponse:
    """What is due now (asked of the domain, sweep or no sweep), then the user's reminders, newest
    first; opening the page marks them read."""
    assert request.user.pk is not None  # login_required
    mine = Reminder.objects.filter(user_id=request.user.pk)
    items = list(mine.select_related("application", "application__agency")[:100])
    mine.filter(read_at__isnull=True).update(read_at=timezone.now())
    due = due_for(request.user, timezone.localdate())
    return render(request, "applications/reminders.html", {"reminders": items, "due": due})


@login_required
def staff_attachment(request: HttpRequest, pk: int, attachment_pk: int) -> FileResponse:
    """An applicant's file, for staff who may see the application and its personal data in clear (an ID
    card's copy cannot be masked): always a download, never inline."""
    application = access_application(request.user, pk)
    if not sees_personal_data(request.user, application, timezone.now()):
        raise PermissionDenied
    attachment = get_object_or_404(application.attachments, pk=attachment_pk)
    return uploads.download_response(attachment.file, attachment.original_name)
