"""The site's error pages, and how a refused write answers (``refused``, ``attach``).

Every error a browser can meet — 400, 403, 404, 405, 500 and a failed CSRF check — is a page in the site's
layout with a Chinese title, what happened, and a way back: the page the user came from when the browser
says so (same site only), else the page one level up (an action's record), and the home page.
``ErrorPages`` turns the bare error responses Django and the views give (``require_POST``'s empty 405)
into those pages; the API keeps its own JSON errors.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import Any
from urllib.parse import urlsplit

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.template import loader
from django.urls import Resolver404, resolve
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.csrf import requires_csrf_token

logger = logging.getLogger(__name__)

PAGES = {400: "400.html", 403: "403.html", 404: "404.html", 405: "405.html", 500: "500.html"}


def refused(
    request: HttpRequest,
    template: str,
    context: dict[str, Any],
    reason: str,
    status: int = 403,
    *,
    kept: bool = True,
) -> HttpResponse:
    """A write the user may not make, or may no longer make (the role or the record's state changed since
    the page was shown): the same page again with the user's input kept in its bound form (``kept``), the
    reason on top. 403 by default; 400 where the record's state, not the role, refused it."""
    if kept:
        reason = _("{reason} Nothing was saved; what you entered is kept below.").format(reason=reason)
    messages.error(request, reason)
    return render(request, template, context, status=status)


def attach(form: forms.BaseForm, error: ValidationError) -> None:
    """An action's refusal (``ValidationError``) on the form that was sent, so the page shows it with the
    input kept: on the field it names where the form has that field, else on the whole form."""
    if hasattr(error, "error_dict"):
        for field, errors in error.error_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, error)


def way_back(request: HttpRequest) -> str:
    """Where the user can go back to: the referring page of this site, else the page one level up from
    this address if there is one (``/workspace/documents/5/submit/`` → ``/workspace/documents/5/``); ""
    when neither is known."""
    try:
        host = request.get_host()
    except Exception:  # DisallowedHost: this very error may be the 400 that says so
        return ""
    referer = request.headers.get("referer", "")
    if referer and url_has_allowed_host_and_scheme(referer, {host}, require_https=request.is_secure()):
        parts = urlsplit(referer)
        if parts.path != request.path:
            return parts.path + (f"?{parts.query}" if parts.query else "")
    parent = request.path.rstrip("/").rsplit("/", 1)[0] + "/"
    if parent not in ("/", request.path):
        try:
            resolve(parent)
        except Resolver404:
            return ""
        return parent
    return ""


def error_page(request: HttpRequest, status: int, **context: Any) -> HttpResponse:
    """The error page for ``status``, in the site's layout. Rendered with the request's context (the
    signed-in user, the language switch); if that itself fails — the database may be what failed — with
    none, so that an error page never fails."""
    template = PAGES[status]
    context = {"back": way_back(request), **context}
    try:
        body = loader.render_to_string(template, context, request)
    except Exception:
        logger.exception("The %s page could not be rendered with the request's context", status)
        body = loader.render_to_string(template, context)
    return HttpResponse(body, status=status)


@requires_csrf_token
def bad_request(request: HttpRequest, exception: Exception) -> HttpResponse:
    return error_page(request, 400)


@requires_csrf_token
def permission_denied(request: HttpRequest, exception: Exception) -> HttpResponse:
    reason = str(exception) if isinstance(exception, PermissionDenied) else ""
    return error_page(request, 403, reason=reason)


@requires_csrf_token
def page_not_found(request: HttpRequest, exception: Exception) -> HttpResponse:
    return error_page(request, 404)


@requires_csrf_token
def server_error(request: HttpRequest) -> HttpResponse:
    return error_page(request, 500)


@requires_csrf_token
def csrf_failure(request: HttpRequest, reason: str = "") -> HttpResponse:
    """A form sent without its valid CSRF token — mostly a page left open past a sign-out or sign-in, or
    cookies turned off: a 403 that says so and leads back to the form (the referring page)."""
    back = way_back(request)
    try:
        body = loader.render_to_string("403_csrf.html", {"back": back}, request)
    except Exception:
        logger.exception("The CSRF failure page could not be rendered with the request's context")
        body = loader.render_to_string("403_csrf.html", {"back": back})
    return HttpResponse(body, status=403)


class ErrorPages:
    """Bare error responses (no body: ``require_POST``'s 405, a view's ``HttpResponse(status=404)``)
    become the site's error pages, keeping their headers (a 405's ``Allow``). The API answers in JSON and
    is left alone."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        if (
            response.status_code in PAGES
            and not response.streaming
            and not response.content
            and not request.path.startswith("/api/")
        ):
            page = error_page(request, response.status_code)
            for header in ("Allow",):
                if header in response:
                    page[header] = response[header]
            return page
        return response
