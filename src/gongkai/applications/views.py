from __future__ import annotations

import functools
from collections.abc import Callable
from typing import Any
from urllib.parse import urlencode

from django import forms as django_forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import get_object_or_404, redirect, render
from django.template.defaultfilters import linebreaksbr
from django.urls import reverse
from django.utils import timezone
from django.utils.cache import add_never_cache_headers
from django.utils.html import format_html
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy
from django.views.decorators.debug import sensitive_post_parameters
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from gongkai.agencies import access as agency_access
from gongkai.agencies.access import Action
from gongkai.agencies.models import Agency
from gongkai.errors import attach, refused
from gongkai.inquiries import reminders as inquiry_reminders
from gongkai.lib import idcard, uploads
from gongkai.lib.abuse import client_address
from gongkai.workdays.clock import DUE_SOON_WORKDAYS

from . import actions, apply_steps, clock, forms, progress, receipt, timeline, tracking
from .access import REVEAL_WINDOW, access_application, log_record_access, sees_personal_data
from .flow import case_panels, sent_notifications
from .models import Application, LetterKind, Reminder
from .personal_data import personal_data_for
from .queries import (
    QUEUE_FILTERS,
    QUEUE_PAGE_SIZE,
    narrowed,
    queue_of,
    queue_rows,
    similar_applications,
    sorted_queue,
    tab_counts,
)
from .queue_form import QueueFilterForm
from .reminders import due_for
from .verbs import (
    BULK_VERBS,
    LETTER_VERBS,
    VERB_TITLES,
    VERBS,
    action_form,
    may_file_review,
    verbs_allowed,
    verbs_for,
)


def applicant_page(
    policy: str,
) -> Callable[[Callable[..., HttpResponseBase]], Callable[..., HttpResponseBase]]:
    """The applicant's pages: never cached (a shared computer's back button must not show them after the
    look-up ended), and sent with ``policy`` as Referrer-Policy — ``no-referrer`` where the URL once held
    a secret or leads to a file, ``same-origin`` on the pages with forms (under ``no-referrer`` a browser
    posts ``Origin: null``, which the CSRF check rightly refuses; their URLs hold only the tracking code)."""

    def decorate(view: Callable[..., HttpResponseBase]) -> Callable[..., HttpResponseBase]:
        @functools.wraps(view)
        def wrapped(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
            response = view(request, *args, **kwargs)
            response.headers["Referrer-Policy"] = policy
            add_never_cache_headers(response)
            return response

        return wrapped

    return decorate


def _to_lookup(code: str = "") -> HttpResponse:
    url = reverse("track_lookup")
    return redirect(f"{url}?{urlencode({'code': code})}" if code else url)


@sensitive_post_parameters()
@applicant_page("same-origin")
def apply(request: HttpRequest, agency_pk: int, step: str = apply_steps.STEPS[0].slug) -> HttpResponse:
    """One step of the online application (``apply_steps``): its answers go to the session, and the
    applicant on to the next step, or back to the check page when they came to change an answer."""
    agency = get_object_or_404(Agency, pk=agency_pk)
    if step == apply_steps.CHECK:
        return _apply_check(request, agency)
    if step not in apply_steps.BY_SLUG:
        raise Http404
    now = timezone.now()
    try:
        given = apply_steps.answers(request.session, agency.pk, now)
    except apply_steps.Expired:
        return _apply_expired(request, agency)
    current = apply_steps.BY_SLUG[step]
    missing = apply_steps.first_missing(given)
    if missing is not None and apply_steps.STEPS.index(missing) < apply_steps.STEPS.index(current):
        if request.method == "POST" and given == {}:
            return _apply_expired(request, agency)  # the session ended between two steps
        return redirect("apply_step", agency_pk=agency.pk, step=missing.slug)
    changing = request.GET.get("change") == "1"
    if request.method == "POST":
        form = forms.ApplicationStepForm(request.POST, fields=current.fields)
        if form.is_valid():
            answers = {name: request.POST.get(name, "") for name in current.fields}
            apply_steps.keep(request.session, agency.pk, step, answers, now)
            following = apply_steps.CHECK if changing else apply_steps.following(step)
            return redirect("apply_step", agency_pk=agency.pk, step=following)
    else:
        form = forms.ApplicationStepForm(initial=given.get(step, {}), fields=current.fields)
    return _apply_step_page(request, agency, current, form, changing)


def _apply_step_page(
    request: HttpRequest, agency: Agency, step: apply_steps.Step, form: django_forms.BaseForm, changing: bool
) -> HttpResponse:
    before = apply_steps.previous(step.slug)
    if changing:
        back = reverse("apply_step", kwargs={"agency_pk": agency.pk, "step": apply_steps.CHECK})
    elif before is not None:
        back = reverse("apply_step", kwargs={"agency_pk": agency.pk, "step": before.slug})
    else:
        back = reverse("agency_detail", kwargs={"pk": agency.pk})
    action = reverse("apply_step", kwargs={"agency_pk": agency.pk, "step": step.slug})
    context = {
        "agency": agency,
        "form": form,
        "step": step,
        "number": apply_steps.STEPS.index(step) + 1,
        "count": len(apply_steps.STEPS),
        "back": back,
        "action": f"{action}?change=1" if changing else action,
    }
    return render(request, "applications/apply_step.html", context)


def _apply_expired(request: HttpRequest, agency: Agency) -> HttpResponse:
    messages.warning(
        request,
        _(
            "Your answers were not kept: more than {minutes} minutes passed, or the browser's session ended. "
            "Nothing was sent. Please start again."
        ).format(minutes=apply_steps.minutes()),
    )
    return redirect("apply", agency_pk=agency.pk)


def _apply_check(request: HttpRequest, agency: Agency) -> HttpResponse:
    """Check your answers, add files, submit: only here does the application come into being."""
    now = timezone.now()
    try:
        given = apply_steps.answers(request.session, agency.pk, now)
    except apply_steps.Expired:
        return _apply_expired(request, agency)
    missing = apply_steps.first_missing(given)
    if missing is not None:
        if request.method == "POST":
            return _apply_expired(request, agency)
        return redirect("apply_step", agency_pk=agency.pk, step=missing.slug)
    full = forms.ApplicationForm(apply_steps.merged(given))
    if not full.is_valid():
        # Every rule joins the fields of one step, so this is a step's answer gone stale: show that step.
        step = apply_steps.step_of(next(name for name in full.errors if name in full.fields))
        form = forms.ApplicationStepForm(given[step.slug], fields=step.fields)
        form.is_valid()
        return _apply_step_page(request, agency, step, form, changing=True)
    posted = request.method == "POST"
    files_form = forms.AttachmentsForm(request.POST, request.FILES) if posted else forms.AttachmentsForm()
    if posted and files_form.is_valid():
        fields = dict(full.cleaned_data)
        fields.pop("attachments", None)
        try:
            application = actions.do_submit_application(
                agency,
                fields,
                remote_address=client_address(request),
                files=files_form.cleaned_data["attachments"],
            )
        except actions.RateLimited:
            return render(request, "applications/rate_limited.html", {"agency": agency}, status=429)
        except ValidationError as error:
            attach(files_form, error)
        else:
            apply_steps.forget(request.session, agency.pk)
            tracking.authorise(request.session, application, now)
            request.session[apply_steps.SUBMITTED_KEY] = application.tracking_code
            return redirect("track", code=application.tracking_code)
    sections = [
        (
            step,
            reverse("apply_step", kwargs={"agency_pk": agency.pk, "step": step.slug}) + "?change=1",
            [(full[name].label, _shown(full, name)) for name in step.fields],
        )
        for step in apply_steps.STEPS
    ]
    context: dict[str, Any] = {
        "agency": agency,
        "form": files_form,
        "sections": sections,
        "back": reverse("apply_step", kwargs={"agency_pk": agency.pk, "step": apply_steps.STEPS[-1].slug}),
        "next_steps": apply_steps.next_steps(timezone.localdate()),
    }
    return render(request, "applications/apply_check.html", context)


def _shown(form: django_forms.BaseForm, name: str) -> str:
    """An answer as the applicant reads it on the check page: a choice by its words."""
    value = form.cleaned_data.get(name, "")
    field = form.fields[name]
    choices = dict(getattr(field, "choices", None) or ())
    return str(choices.get(value, value)) if value else ""


@sensitive_post_parameters("check")
@applicant_page("same-origin")
def track_lookup(request: HttpRequest) -> HttpResponse:
    """The look-up form: tracking code and check, posted; a wrong pair shows the form again, one message
    for either being wrong."""
    form = forms.TrackingLookupForm(request.POST or None, initial={"code": request.GET.get("code", "")[:30]})
    status = 200
    if request.method == "POST" and form.is_valid():
        code, check = form.cleaned_data["code"], form.cleaned_data["check"]
        try:
            application = tracking.look_up(
                code, check, remote_address=client_address(request), now=timezone.now()
            )
        except tracking.TooManyAttempts as refused:
            form.add_error(None, TOO_MANY_LOOKUPS.format(minutes=refused.minutes))
            status = 429
        else:
            if application is not None:
                tracking.authorise(request.session, application, timezone.now())
                return redirect("track", code=application.tracking_code)
            form.add_error(None, NO_MATCH)
    return render(request, "applications/track_lookup.html", {"form": form}, status=status)


NO_MATCH = _lazy("No application matches this tracking code and these four digits. Check both and try again.")
TOO_MANY_LOOKUPS = _lazy("Too many failed look-ups from your network. Try again in {minutes} minutes.")


@sensitive_post_parameters()
@applicant_page("same-origin")
def track(request: HttpRequest, code: str) -> HttpResponse:
    application = tracking.authorised(request.session, code, timezone.now())
    if application is None:
        return _to_lookup(code)
    supplement = getattr(application, "supplement", None)
    awaiting = supplement is not None and supplement.is_awaited
    form = forms.ApplicantSupplementForm(request.POST or None) if awaiting else None
    if request.method == "POST" and form is not None and form.is_valid():
        try:
            actions.do_submit_supplement(application, text=form.cleaned_data["text"], on=timezone.localdate())
        except ValidationError as error:
            attach(form, error)
        else:
            return redirect("track", code=application.tracking_code)
    today = timezone.localdate()
    just_applied = request.session.pop(apply_steps.SUBMITTED_KEY, None) == application.tracking_code
    context = {
        "just_applied": just_applied,
        "next_steps": apply_steps.next_steps(today) if just_applied else None,
        "stages": progress.timeline(application, today),
        "supplement": supplement,
        "supplement_form": form,
        "application": application,
        "clock_words": clock.stopped_clock_words(application),
        "events": application.events.filter(public=True),
        # Letters to consulted parties are between the agency and them.
        "letters": application.letters.exclude(kind=LetterKind.CONSULTATION),
        "notified": sent_notifications(application),
    }
    return render(request, "applications/track.html", context)


@require_safe
@applicant_page("no-referrer")
def track_letter(request: HttpRequest, code: str, letter_pk: int, fmt: str) -> HttpResponseBase:
    application = tracking.authorised(request.session, code, timezone.now())
    if application is None:
        return _to_lookup(code)
    return _letter_file(application, letter_pk, fmt, applicant=True)


@require_safe
@applicant_page("no-referrer")
def track_legacy_link(
    request: HttpRequest, code: str, secret: str, letter_pk: int | None = None, fmt: str = ""
) -> HttpResponse:
    """An old secret link (``/track/<code>/<secret>/…``) works once: it lets this browser in and sends it
    on to the same page without the secret in the URL; used or wrong, it leads to the look-up form."""
    application = tracking.legacy_link(code, secret)
    if application is None:
        messages.info(request, LINK_USED)
        return _to_lookup(code)
    tracking.authorise(request.session, application, timezone.now())
    if letter_pk is not None:
        return redirect("track_letter", code=application.tracking_code, letter_pk=letter_pk, fmt=fmt)
    return redirect("track", code=application.tracking_code)


LINK_USED = _lazy(
    "Tracking links no longer open applications. Look yours up with its tracking code and the last four "
    "digits of the telephone number you gave."
)


@require_POST
@applicant_page("same-origin")
def track_end(request: HttpRequest) -> HttpResponse:
    """End the look-up on this browser (a shared computer): no application is shown any more."""
    tracking.forget(request.session)
    messages.info(request, _("The look-up has ended; this browser no longer shows your application."))
    return redirect("track_lookup")


@login_required
def application_queue(request: HttpRequest, agency_pk: int) -> HttpResponse:
    agency = agency_access.access_agency(request.user, agency_pk)
    applications = Application.objects.for_agency(agency)
    return _queue_page(request, applications, agency=agency)


@login_required
def my_queue(request: HttpRequest) -> HttpResponse:
    """Every application of every agency the user may see (an oversight office, a clerk of several
    agencies), with an agency filter."""
    agencies = agency_access.agencies_for(request.user).order_by("path")
    applications = Application.objects.filter(agency__in=agencies)
    return _queue_page(request, applications, agencies=agencies)


def _queue_page(
    request: HttpRequest,
    applications: Any,
    agency: Agency | None = None,
    agencies: Any = None,
) -> HttpResponse:
    name = request.GET.get("filter", "open")
    if name not in QUEUE_FILTERS:
        name = "open"
    today = timezone.localdate()
    form = QueueFilterForm(request.GET, agencies=agencies)
    filters = form.filters()
    narrowed_applications = narrowed(applications, filters, today)
    listed = sorted_queue(queue_of(narrowed_applications, name, today), filters.get("sort", "due"))
    page = Paginator(listed, QUEUE_PAGE_SIZE).get_page(request.GET.get("page"))
    counts = tab_counts(narrowed_applications, today)
    may_work = agency is not None and agency_access.can(request.user, Action.WORK, agency)
    context = {
        "agency": agency,
        "page": page,
        "page_numbers": page.paginator.get_elided_page_range(page.number, on_each_side=2, on_ends=1),
        "rows": queue_rows(page.object_list, today),
        "filter": name,
        "tabs": [(key, label, counts[key]) for key, label in QUEUE_FILTERS.items()],
        "form": form,
        "filtered": any(key != "sort" for key in filters if key != "filter"),
        "today": today,
        "may_work": may_work,
        "bulk_verbs": [(verb, VERB_TITLES[verb]) for verb in BULK_VERBS],
        "bulk_form": forms.DateForm(prefix="bulk"),
    }
    return render(request, "applications/queue.html", context)


@login_required
@require_POST
def bulk_act(request: HttpRequest) -> HttpResponse:
    """One step (``BULK_VERBS``) on the cases selected in a queue: each through its action, in its own
    transaction, so that one refused case does not undo the others; each case's outcome is reported."""
    back = request.POST.get("next", "")
    if not url_has_allowed_host_and_scheme(back, allowed_hosts={request.get_host()}):
        back = reverse("my_queue")
    verb = request.POST.get("verb", "")
    date_form = forms.DateForm(request.POST, prefix="bulk")
    pks = [int(pk) for pk in request.POST.getlist("selected") if pk.isdigit()]
    if verb not in BULK_VERBS or not date_form.is_valid() or not pks:
        messages.error(request, _("Select the applications, the step and its date."))
        return redirect(back)
    needed, call = VERBS[verb]
    title = VERB_TITLES[verb]
    data = {"on": date_form.cleaned_data["on"], "confirmation": ""}
    for pk in pks[:QUEUE_PAGE_SIZE]:
        try:
            application = access_application(request.user, pk)
        except Http404:
            messages.error(request, _("Application no. {pk}: not found.").format(pk=pk))
            continue
        code = application.tracking_code
        if not agency_access.can(request.user, needed, application.agency):
            messages.error(request, f"{code}：{agency_access.refusal(needed)}")
            continue
        if verb not in verbs_allowed(application):
            messages.error(
                request,
                _("{code}: “{step}” is not a step this application allows now.").format(
                    code=code, step=title
                ),
            )
            continue
        try:
            call(request.user, application, data)
        except ValidationError as error:
            messages.error(request, f"{code}：{'；'.join(error.messages)}")
        else:
            messages.success(request, _("{code}: {step} — done.").format(code=code, step=title))
    return redirect(back)


@sensitive_post_parameters()
@login_required
def register_application(request: HttpRequest, agency_pk: int) -> HttpResponse:
    agency = agency_access.access_agency(request.user, agency_pk)
    may_work = agency_access.may_use_form(request.user, Action.WORK, agency, request.method)
    form = forms.StaffApplicationForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and not may_work:  # the typed input comes back with the reason
        context = {"agency": agency, "form": form}
        return refused(request, "applications/register.html", context, agency_access.refusal(Action.WORK))
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        channel, received_on, files = data.pop("channel"), data.pop("received_on"), data.pop("attachments")
        confirmation = data.pop("confirmation")
        try:
            application = actions.do_register_application(
                request.user,
                agency,
                data,
                channel=channel,
                received_on=received_on,
                confirmation=confirmation,
                files=files,
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
    return _render_detail(request, application)


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def application_act(request: HttpRequest, pk: int, verb: str) -> HttpResponse:
    """One step on the case, on a page of its own: GET shows its form, POST records it and goes back to
    the case page, saying what changed."""
    if verb not in VERBS:
        raise Http404("No such action.")
    needed, call = VERBS[verb]
    application = access_application(request.user, pk)
    posted = request.method == "POST"
    form = action_form(verb, request.POST if posted else None, prefix=verb)
    allowed = agency_access.can(request.user, needed, application.agency)
    if not posted:
        if not allowed:
            raise PermissionDenied(agency_access.refusal(needed))
        if verb not in verbs_allowed(application):
            messages.info(
                request,
                _("“{step}” is not a step this application allows now.").format(step=VERB_TITLES[verb]),
            )
            return redirect("application_detail", pk=application.pk)
        return _render_action(request, application, verb, form)
    if not allowed:
        # The page offered no such form to this role (or no longer does): the input comes back on its own.
        messages.error(request, agency_access.refusal(needed))
        return _render_action(request, application, verb, form, status=403)
    if form.is_valid():
        letters_before = set(application.letters.values_list("pk", flat=True))
        try:
            call(request.user, application, form.cleaned_data)
        except ValidationError as error:
            attach(form, error)
        else:
            messages.success(request, _what_changed(application.pk, verb, letters_before))
            return redirect("application_detail", pk=application.pk)
    return _render_action(request, application, verb, form, status=400)


def _what_changed(pk: int, verb: str, letters_before: set[int]) -> str:
    """The message after a step: what was recorded, the letters it issued, where the case stands now."""
    application = Application.objects.get(pk=pk)
    words = [_("Recorded: {step}.").format(step=VERB_TITLES[verb])]
    new_letters = application.letters.exclude(pk__in=letters_before)
    if new_letters:
        titles = "、".join(letter.title for letter in new_letters)
        words.append(_("Letter generated: {titles}.").format(titles=titles))
    words.append(_("Status: {status}.").format(status=application.get_status_display()))
    if application.is_open and application.due_on:
        words.append(_("Reply due on {due}.").format(due=application.due_on.isoformat()))
    return "".join(str(word) for word in words)


def _step(application: Application, verb: str) -> tuple[str, Any, str]:
    """A step's button on the case page: its verb, its words and the page of its form (a draft's page shows
    the comment of a returned draft beside the letter's preview)."""
    if verb == "draft":
        url = reverse("draft_form", args=[application.pk])
    else:
        url = reverse("application_act", args=[application.pk, verb])
    return verb, VERB_TITLES[verb], url


def _render_action(
    request: HttpRequest, application: Application, verb: str, form: django_forms.Form, status: int = 200
) -> HttpResponse:
    entries: list[tuple[str, django_forms.Form]] = [("", form)]
    if verb in ("consultation_reply", "consultation_delivered"):
        # One form per consultation still open; the one posted keeps its input and errors.
        posted = str(form.data.get(f"{verb}-consultation", "")) if form.is_bound else ""
        entries = []
        for consultation in application.consultations.filter(answered_on__isnull=True):
            if posted == str(consultation.pk):
                entries.append((consultation.party, form))
            else:
                entries.append(
                    (
                        consultation.party,
                        action_form(verb, prefix=verb, initial={"consultation": consultation.pk}),
                    )
                )
    context = {
        "application": application,
        "verb": verb,
        "title": VERB_TITLES[verb],
        "entries": entries,
        "form": form,
        "today": timezone.localdate(),
        "state": queue_rows([application])[0].state,
        "letter_verbs": LETTER_VERBS,
    }
    return render(request, "applications/action.html", context, status=status)


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
            attach(form, error)
        else:
            return redirect("application_detail", pk=application.pk)
    return _render_detail(request, application, status=400, reveal_form=form)


def _render_detail(
    request: HttpRequest,
    application: Application,
    status: int = 200,
    reveal_form: django_forms.Form | None = None,
) -> HttpResponse:
    from .clock import deadline_of, stopped_clock_words

    today = timezone.localdate()
    events = list(application.events.select_related("actor"))
    letters = list(application.letters.all())
    items, _loose = timeline.history(events, letters)
    row = queue_rows([application], today)[0]
    verbs = verbs_for(request.user, application)
    main = row.next_verb if row.next_verb in verbs else ""
    personal = personal_data_for(request.user, application, timezone.now())
    deadline = deadline_of(application, today)
    clock_words = stopped_clock_words(application)
    supplement = getattr(application, "supplement", None)
    fee = getattr(application, "fee", None)
    context = {
        "application": application,
        "summary": _summary(application, personal, deadline, clock_words, supplement, fee),
        "history": items,
        "clock_steps": timeline.clock_steps(application, events, today),
        "consultations": application.consultations.all(),
        "letters": letters,
        "attachments": application.attachments.all(),
        "supplement": supplement,
        "fee": fee,
        "similar": similar_applications(application),
        "personal": personal,
        "reveal_form": reveal_form or forms.RevealPersonalDataForm(),
        "reveal_minutes": int(REVEAL_WINDOW.total_seconds()) // 60,
        "deadline": deadline,
        "workflow_notes": row.notes,
        "state": row.state,
        "today": today,
        "main_verb": _step(application, main) if main else None,
        "other_verbs": [_step(application, verb) for verb in verbs if verb != main],
        "verbs": verbs,
        "may_file_review": may_file_review(request.user, application),
        "letter_verbs": LETTER_VERBS,
        **case_panels(request.user, application),
    }
    return render(request, "applications/detail.html", context, status=status)


def _summary(
    application: Application, personal: Any, deadline: Any, clock_words: Any, supplement: Any, fee: Any
) -> list[tuple[str, str]]:
    """The case's facts for the summary list; the values the browser tests and clerks look for carry ids."""
    date = "%Y-%m-%d"
    contact = " · ".join(
        str(value)
        for value in (
            application.contact_person,
            personal.phone,
            personal.email,
            personal.address,
            personal.postcode,
        )
        if value
    )
    if not personal.in_clear:
        contact_note = _("masked: you do not handle this application")
    elif personal.revealed_until:
        contact_note = _("shown to you until %(until)s; your reason is on the timeline") % {
            "until": timezone.localtime(personal.revealed_until).strftime("%H:%M")
        }
    else:
        contact_note = ""
    rule = receipt.rule(application.channel)
    if application.received_on:
        received = application.received_on.strftime(date)
        if application.receipt_confirmation:
            received += f"（{_('receipt confirmed how')}：{application.receipt_confirmation}）"
    else:
        received = str(_("Receipt not confirmed yet"))
    rule_words = _("%(provision)s: received on %(day)s.") % {"provision": rule.provision, "day": rule.day}
    rows: list[tuple[str, str]] = [
        (_("Status"), format_html('<span id="status">{}</span>', application.get_status_display())),
        (_("Applicant"), f"{application.applicant_name}（{application.get_applicant_kind_display()}）"),
        (
            _("Identity document"),
            f"{application.get_id_document_display()} {idcard.mask(application.id_number)}",
        ),
        (
            _("Contact"),
            format_html(
                '<span id="contact">{}</span>{}',
                contact,
                format_html(' <span class="text-body-secondary">（{}）</span>', contact_note)
                if contact_note
                else "",
            ),
        ),
        (_("Channel"), application.get_channel_display()),
        (
            _("Received on"),
            format_html(
                '<span id="received">{}</span><br><small class="text-body-secondary">{}</small>',
                received,
                rule_words,
            ),
        ),
        (_("Information requested"), linebreaksbr(application.description)),
    ]
    if application.purpose:
        rows.append((_("purpose (optional)"), linebreaksbr(application.purpose)))
    if application.is_open:
        if application.due_on:
            due = application.due_on.strftime(date)
            if application.extended:
                due += "（{}）".format(
                    _("extended by %(days)s workdays") % {"days": application.extension_workdays}
                )
        else:
            due = str(clock_words.staff)
            if deadline and deadline.latest_due:
                due += " — " + _("between %(earliest)s and %(latest)s") % {
                    "earliest": deadline.earliest_due.strftime(date),
                    "latest": deadline.latest_due.strftime(date),
                }
        rows.append((_("Reply due on"), format_html('<span id="due">{}</span>', due)))
        if application.supplement_request_by and not supplement:
            rows.append(
                (_("A supplement may be requested until"), application.supplement_request_by.strftime(date))
            )
        if supplement:
            words = _("on %(on)s, to be supplied by %(by)s") % {
                "on": supplement.requested_on.strftime(date),
                "by": supplement.reply_by.strftime(date),
            }
            rows.append((_("Supplement requested"), format_html('<span id="supplement">{}</span>', words)))
        if fee is not None and fee.is_awaited:
            rows.append(
                (_("Fee payable by"), format_html('<span id="fee-due">{}</span>', fee.pay_by.strftime(date)))
            )
    if application.outcome:
        outcome = f"{application.get_outcome_display()} {application.outcome_article}"
        rows.append((_("Decision"), format_html('<span id="outcome">{}</span>', outcome)))
    return rows


def _letter_file(
    application: Application, letter_pk: int, fmt: str, applicant: bool = False
) -> HttpResponseBase:
    if fmt not in ("pdf", "docx"):
        raise Http404
    letter = get_object_or_404(application.letters, pk=letter_pk)
    if applicant and letter.kind == LetterKind.CONSULTATION:
        raise Http404
    if not (letter.pdf and letter.docx):
        raise Http404  # its files are written once the letter's transaction commits
    return uploads.download_response(letter.pdf if fmt == "pdf" else letter.docx, f"{letter.number}.{fmt}")


@login_required
def staff_letter(request: HttpRequest, pk: int, letter_pk: int, fmt: str) -> HttpResponseBase:
    return _letter_file(access_application(request.user, pk), letter_pk, fmt)


@login_required
def reminders(request: HttpRequest) -> HttpResponse:
    """What is due now (asked of the domain, sweep or no sweep), then the user's reminders that still
    hold, newest first, by pages; opening the page marks them read."""
    assert request.user.pk is not None  # login_required
    today = timezone.localdate()
    mine = Reminder.objects.filter(user_id=request.user.pk)
    current = mine.current(today).select_related("application", "application__agency")
    page = Paginator(current, QUEUE_PAGE_SIZE).get_page(request.GET.get("page"))
    context = {
        "due": due_for(request.user, today),
        "due_inquiries": inquiry_reminders.due_for(request.user, today),
        "due_soon_workdays": DUE_SOON_WORKDAYS,
        "page": page,
        "page_numbers": page.paginator.get_elided_page_range(page.number, on_each_side=2, on_ends=1),
        "reminders": list(page.object_list),
    }
    actions.do_mark_reminders_read(request.user, timezone.now())
    return render(request, "applications/reminders.html", context)


@login_required
def staff_attachment(request: HttpRequest, pk: int, attachment_pk: int) -> HttpResponseBase:
    """An applicant's file, for staff who may see the application and its personal data in clear (an ID
    card's copy cannot be masked): always a download, never inline."""
    application = access_application(request.user, pk)
    if not sees_personal_data(request.user, application, timezone.now()):
        raise PermissionDenied
    attachment = get_object_or_404(application.attachments, pk=attachment_pk)
    return uploads.download_response(attachment.file, attachment.original_name)
