"""Request and response hardening that Django does not do by itself.

``ClientAddressMiddleware`` — behind N trusted reverse proxies (``GONGKAI_TRUSTED_PROXIES``), the client's
address is the N-th entry from the right of X-Forwarded-For; it replaces REMOTE_ADDR, so that the intake
rate limit and the sign-in lockout count the applicant, not nginx. With 0 proxies (the default) the header
is ignored: anyone can write it.

``SecurityHeadersMiddleware`` — Content-Security-Policy, Permissions-Policy and
Cross-Origin-Resource-Policy on every response that has not set its own; the API documentation page gets
a looser policy of its own (it runs Swagger UI from a CDN). (Django's SecurityMiddleware
already sends nosniff, Referrer-Policy, Cross-Origin-Opener-Policy and HSTS; XFrameOptionsMiddleware the
frame ban).
"""

from __future__ import annotations

from collections.abc import Callable

from django.conf import settings
from django.http import HttpRequest, HttpResponse

API_DOCS_VIEW = "api:openapi-view"  # django-ninja's Swagger UI page, /api/docs


class ClientAddressMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        proxies = settings.GONGKAI_TRUSTED_PROXIES
        if proxies:
            hops = [
                hop.strip() for hop in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",") if hop.strip()
            ]
            # Each trusted proxy appends the address it saw; entries further left were written by the client.
            if len(hops) >= proxies:
                request.META["REMOTE_ADDR"] = hops[-proxies]
        return self.get_response(request)


class SecurityHeadersMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        match = request.resolver_match
        if match is not None and match.view_name == API_DOCS_VIEW:
            policy = settings.GONGKAI_API_DOCS_CONTENT_SECURITY_POLICY
        else:
            policy = settings.GONGKAI_CONTENT_SECURITY_POLICY
        response.headers.setdefault("Content-Security-Policy", policy)
        response.headers.setdefault("Permissions-Policy", settings.GONGKAI_PERMISSIONS_POLICY)
        response.headers.setdefault("Cross-Origin-Resource-Policy", "same-origin")
        return response
