"""The front of the page cache: a WSGI layer that answers an anonymous reader's cached portal page before
Django's middleware and view run.

At a province's bursts of readers a cache hit inside Django still costs the whole middleware stack; here
it costs parsing the request, resolving its URL and one MGET (``gongkai.lib.pagecache.lookup``). What is
cacheable and under which key is decided by ``gongkai.lib.pagecache`` alone (``page_key``,
``scope_names``, the view's ``portal_page`` mark); this layer only answers from what the view stored, with
the headers the middleware put on that response (security headers, CSP, Vary, Content-Language), and each
reader gets a CSRF token of their own from Django's own CSRF middleware. Anything it is not sure about —
not a GET, a session or message cookie, an htmx request, a NUL in the query, a host not allowed, an
unknown or uncached URL, a cache that is down — goes through Django unchanged.
"""

from __future__ import annotations

import contextlib
import logging
from collections.abc import Callable, Iterable
from typing import Any

from django.conf import settings
from django.core.cache import cache
from django.core.exceptions import DisallowedHost
from django.core.handlers.wsgi import WSGIRequest
from django.core.signals import request_finished, request_started
from django.http import HttpResponse
from django.middleware.csrf import CsrfViewMiddleware, get_token
from django.urls import Resolver404, resolve
from django.utils import translation

from gongkai.lib import pagecache
from gongkai.lib.dbrouter import replica_reads

logger = logging.getLogger(__name__)

StartResponse = Callable[..., Any]
WSGIApp = Callable[[dict[str, Any], StartResponse], Iterable[bytes]]

WIRE = "wire"  # the entry's final response headers, added by this layer when the view stored the page
# Headers not kept: each reader's own cookie; the server writes Date and the length itself.
_NOT_KEPT = ("set-cookie", "date", "content-length")


class PageFront:
    def __init__(self, application: WSGIApp) -> None:
        self.application = application

    def __call__(self, environ: dict[str, Any], start_response: StartResponse) -> Iterable[bytes]:
        if environ.get("REQUEST_METHOD") != "GET" or settings.GONGKAI_PAGE_CACHE_SECONDS <= 0:
            return self.application(environ, start_response)
        # The signals Django sends around a request (old database connections closed, the query log
        # reset): a document page's scope reads its agency from the database.
        request_started.send(sender=self.__class__, environ=environ)
        try:
            answer = self.cached(environ)
        except Exception:  # the cache is down: Django answers, as without one
            logger.warning("page cache front unavailable", exc_info=True)
            answer = None
        finally:
            request_finished.send(sender=self.__class__)
        if answer is None:
            return self.through(environ, start_response)
        status, headers, body = answer
        start_response(status, headers)
        return [body]

    def cached(self, environ: dict[str, Any]) -> tuple[str, list[tuple[str, str]], bytes] | None:
        query = environ.get("QUERY_STRING", "")
        if "\x00" in query or "%00" in query or "HTTP_HX_REQUEST" in environ:
            return None  # RejectNulBytes' error page; an htmx fragment
        request = WSGIRequest(environ)
        if not pagecache.plainly_cookieless(request.COOKIES):
            return None
        try:
            request.get_host()
            if settings.SECURE_SSL_REDIRECT and not request.is_secure():
                return None  # SecurityMiddleware redirects
            match = resolve(request.path_info)
        except (DisallowedHost, Resolver404):
            return None  # Django's 400 or 404
        scopes = getattr(match.func, "page_scopes", None)
        if scopes is None:
            return None
        with replica_reads():
            names = pagecache.scope_names(scopes, match.kwargs)
        # LocaleMiddleware's choice (no language prefixes in the URLs): cookie, Accept-Language, default.
        language = translation.get_language_from_request(request)
        _, _, stored = pagecache.lookup(pagecache.page_key(request, language, names), names)
        if stored is None or WIRE not in stored:
            return None
        content: bytes = stored["content"]
        response = HttpResponse(content)
        for name, value in stored[WIRE]:
            response.headers[name] = value
        if pagecache.CSRF_SLOT in content:
            # Django's CSRF middleware itself: the reader's cookie secret (or a new one), a masked token of
            # its own in the forms, and the cookie sent again as Django sends it.
            csrf = CsrfViewMiddleware(lambda request: response)
            csrf.process_request(request)
            response.content = content.replace(pagecache.CSRF_SLOT, get_token(request).encode())
            csrf.process_response(request, response)
        response.headers["Content-Length"] = str(len(response.content))
        headers = [
            *response.items(),
            *(("Set-Cookie", cookie.output(header="")) for cookie in response.cookies.values()),
        ]
        return f"{response.status_code} {response.reason_phrase}", headers, response.content

    def through(self, environ: dict[str, Any], start_response: StartResponse) -> Iterable[bytes]:
        """Django answers; when its view stored the page, the headers its response left with are added to
        the entry so that the next reader is answered here."""
        seen: dict[str, Any] = {}

        def capture(status: str, headers: list[tuple[str, str]], exc_info: Any = None) -> Any:
            seen.update(status=status, headers=headers)
            return start_response(status, headers, exc_info) if exc_info else start_response(status, headers)

        result = self.application(environ, capture)
        stored = environ.get(pagecache.STORED)
        if stored is not None and seen.get("status", "").startswith("200 "):
            cookies = [value for name, value in seen["headers"] if name.lower() == "set-cookie"]
            # Only the CSRF cookie, which every reader gets afresh; any other cookie makes the page personal.
            if all(value.lstrip().startswith(f"{settings.CSRF_COOKIE_NAME}=") for value in cookies):
                key, entry = stored
                wire = [(name, value) for name, value in seen["headers"] if name.lower() not in _NOT_KEPT]
                with contextlib.suppress(Exception):
                    cache.set(key, {**entry, WIRE: wire}, settings.GONGKAI_PAGE_CACHE_SECONDS)
        return result
