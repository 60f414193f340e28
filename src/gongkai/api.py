"""The REST API (django-ninja, OpenAPI at /api/docs). Each app adds its router here.

Errors have one shape everywhere: ``{"detail": "<one sentence>", "errors": {"<field>": ["…"]}}`` (errors
only where fields are at fault), with 400 bad input, 401 no or bad token, 403 not allowed, 404 not found or
not visible to you, 422 malformed request, 429 too many requests.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from ninja import NinjaAPI
from ninja.errors import AuthenticationError, HttpError, Throttled
from ninja.errors import ValidationError as SchemaError
from ninja.security import HttpBearer
from ninja.throttling import AnonRateThrottle, AuthRateThrottle

from gongkai.agencies.tokens import user_for_token


class TokenAuth(HttpBearer):
    """``Authorization: Bearer gk_…``: the request acts as the token's user."""

    def authenticate(self, request: HttpRequest, token: str) -> Any | None:
        user = user_for_token(token)
        if user is not None:
            request.user = user
        return user


api = NinjaAPI(
    title="gongkai API",
    version="1",
    urls_namespace="api",
    throttle=[
        AnonRateThrottle(settings.GONGKAI_API_ANON_RATE),
        AuthRateThrottle(settings.GONGKAI_API_AUTH_RATE),
    ],
)


def _error(request: HttpRequest, status: int, detail: str, errors: Any = None) -> HttpResponse:
    body: dict[str, Any] = {"detail": detail}
    if errors:
        body["errors"] = errors
    return api.create_response(request, body, status=status)


@api.exception_handler(ValidationError)
def on_validation_error(request: HttpRequest, exc: ValidationError) -> HttpResponse:
    errors = exc.message_dict if hasattr(exc, "error_dict") else {"__all__": exc.messages}
    return _error(request, 400, _("The request was refused; see the errors."), errors)


# pydantic's error types, in the user's language (its own messages are English only).
SCHEMA_MESSAGES: dict[str, Any] = {  # lazy: translated when the error is answered
    "missing": gettext_lazy("This field is required."),
    "string_type": gettext_lazy("Enter text."),
    "string_too_long": gettext_lazy("At most {max_length} characters."),
    "int_type": gettext_lazy("Enter a whole number."),
    "int_parsing": gettext_lazy("Enter a whole number."),
    "bool_type": gettext_lazy("Enter true or false."),
    "bool_parsing": gettext_lazy("Enter true or false."),
    "date_type": gettext_lazy("Enter a date as YYYY-MM-DD."),
    "date_parsing": gettext_lazy("Enter a date as YYYY-MM-DD."),
    "date_from_datetime_parsing": gettext_lazy("Enter a date as YYYY-MM-DD."),
    "date_from_datetime_inexact": gettext_lazy("Enter a date as YYYY-MM-DD."),
    "enum": gettext_lazy("Choose one of {expected}."),
    "greater_than_equal": gettext_lazy("At least {ge}."),
    "greater_than": gettext_lazy("More than {gt}."),
    "less_than_equal": gettext_lazy("At most {le}."),
    "dict_type": gettext_lazy("Give a JSON object."),
    "model_type": gettext_lazy("Give a JSON object."),
    "model_attributes_type": gettext_lazy("Give a JSON object."),
    "json_invalid": gettext_lazy("The body is not valid JSON."),
}


def schema_message(error: dict[str, Any]) -> str:
    template = SCHEMA_MESSAGES.get(str(error.get("type", "")))
    if template is None:
        return _("This value is not valid ({detail}).").format(detail=error.get("msg", ""))
    try:
        return str(template).format(**error.get("ctx", {}))
    except (KeyError, IndexError):
        return str(template)


@api.exception_handler(SchemaError)
def on_schema_error(request: HttpRequest, exc: SchemaError) -> HttpResponse:
    errors: dict[str, list[str]] = {}
    for error in exc.errors:
        # loc is (source, [parameter,] field…): ("body", "payload", "verb"), ("query", "year").
        parts = [str(part) for part in error.get("loc", ())[1:]]
        if parts and parts[0] in ("payload", "filters"):
            parts = parts[1:]
        field = ".".join(parts) or "__all__"
        errors.setdefault(field, []).append(schema_message(error))
    return _error(request, 422, _("The request is malformed."), errors)


@api.exception_handler(PermissionDenied)
def on_permission_denied(request: HttpRequest, exc: PermissionDenied) -> HttpResponse:
    return _error(request, 403, _("Your role does not allow this."))


@api.exception_handler(Http404)
def on_not_found(request: HttpRequest, exc: Http404) -> HttpResponse:
    return _error(request, 404, _("Not found."))


@api.exception_handler(AuthenticationError)
def on_unauthenticated(request: HttpRequest, exc: AuthenticationError) -> HttpResponse:
    return _error(request, 401, _("A valid API token is needed (Authorization: Bearer …)."))


@api.exception_handler(Throttled)
def on_throttled(request: HttpRequest, exc: Throttled) -> HttpResponse:
    return _error(request, 429, _("Too many requests; try again later."))


@api.exception_handler(HttpError)
def on_http_error(request: HttpRequest, exc: HttpError) -> HttpResponse:
    return _error(request, exc.status_code, str(exc))


api.add_router("/agencies/", "gongkai.agencies.api.router")
api.add_router("/catalog/", "gongkai.catalog.api.router")
api.add_router("/", "gongkai.reports.api.router")
api.add_router("/applications/", "gongkai.applications.api.router", auth=TokenAuth())
api.add_router("/inquiries/", "gongkai.inquiries.api.router")
api.add_router("/inquiries/staff/", "gongkai.inquiries.api.staff_router", auth=TokenAuth())
api.add_router("/difficulties/", "gongkai.difficulties.api.router")
api.add_router("/ratings/", "gongkai.ratings.api.router")
