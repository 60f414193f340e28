"""The portal's page cache: anonymous readers' pages kept in the shared cache (Redis), invalidated the moment
what they show changes.

A page marked :func:`portal_page` and asked for by a reader who is not signed in (no session, no pending
message, GET or HEAD) is answered from the cache when it holds it, and stored there otherwise. It is stored
with the *generation* of each scope the page shows — the site (agency tree, vocabularies), the catalog as a
whole, the reports, one agency — and each generation is replaced, when a transaction that changed a row of
that scope commits, by the signal receivers of ``gongkai.ops.invalidation``: a publish, a withdrawal, an
attachment, an agency's rename. The page and the current generations are read in one round trip; when they
differ the page is rendered afresh and stored over the stale copy (entries also expire on their own,
``GONGKAI_PAGE_CACHE_SECONDS``). The date is part of the key, so what a page derives from the
date (a document that takes effect today) changes at midnight.

Signed-in users never get a cached page and never store one: their pages show their name and their
actions. A CSRF token in a cached page's forms is cut out before storing and each reader gets their own in
its place (the portal's own switches — language, display mode — carry none: ``gongkai.lib.edge``). A page
with neither token nor session is also marked for the HTTP cache at the edge with its scopes
(``gongkai.lib.edge.mark_shared``), and each invalidation bans those scopes there (``edge.ban``). These pages also read from the replica when there is one
(``gongkai.lib.dbrouter``).
"""

from __future__ import annotations

import contextlib
import functools
import hashlib
import logging
import re
import uuid
from collections.abc import Callable, Iterable
from typing import Any

from django.conf import settings
from django.contrib.messages.storage.cookie import CookieStorage
from django.core.cache import cache
from django.db import transaction
from django.http import HttpRequest, HttpResponse
from django.http.response import HttpResponseBase
from django.middleware.csrf import get_token
from django.utils import timezone, translation

from gongkai.lib import display, edge
from gongkai.lib.dbrouter import replica_reads

logger = logging.getLogger(__name__)

SITE = "site"  # the agency tree, the vocabularies: every page shows them
CATALOG = "catalog"  # every agency's documents at once: search, the sitemap
REPORTS = "reports"  # every agency's published reports at once: open data

Scope = Callable[[dict[str, Any]], Iterable[str]]
View = Callable[..., HttpResponseBase]

_CSRF_INPUT = re.compile(rb'(name="csrfmiddlewaretoken" value=")[A-Za-z0-9]+(")')
CSRF_SLOT = b"\x00csrf\x00"  # where each reader's own CSRF token goes
_KEPT_HEADERS = (
    "Content-Type",
    "Content-Disposition",
    "Content-Language",
    "Cache-Control",
    "Access-Control-Allow-Origin",
    edge.SCOPES_HEADER,
)


def agency(kwarg: str) -> Scope:
    """The page shows the agency named by the URL's ``kwarg``."""
    return lambda kwargs: [f"agency:{kwargs[kwarg]}"]


def portal_page(*scopes: str | Scope) -> Callable[[View], View]:
    """Mark a view as a public portal page that shows ``scopes`` (besides the site): cached for anonymous
    readers, read from the replica for them."""

    def decorate(view: View) -> View:
        @functools.wraps(view)
        def wrapped(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
            if not _anonymous_read(request):
                return view(request, *args, **kwargs)
            with replica_reads():
                if settings.GONGKAI_PAGE_CACHE_SECONDS <= 0 or not _cookieless(request):
                    return view(request, *args, **kwargs)
                names = scope_names(scopes, kwargs)
                try:
                    key, generations, stored = _lookup(request, names)
                except Exception:  # the cache is down: the page is rendered as without one
                    logger.warning("page cache unavailable", exc_info=True)
                    return view(request, *args, **kwargs)
                if stored is not None:
                    return _rebuild(request, stored)
                response = view(request, *args, **kwargs)
                if _cacheable(response):
                    if _shareable(request, response):
                        edge.mark_shared(response, names)
                    entry = _freeze(response, generations)
                    with contextlib.suppress(Exception):
                        cache.set(key, entry, settings.GONGKAI_PAGE_CACHE_SECONDS)
                    # The front layer (gongkai.lib.pagefront) adds the headers the middleware put on the
                    # response, so that it can answer the next reader without Django.
                    request.META[STORED] = (key, entry)
                return response

        wrapped.page_scopes = scopes  # type: ignore[attr-defined]
        return wrapped

    return decorate


STORED = "gongkai.pagecache.stored"  # the environ key of the entry this request stored


def scope_names(scopes: Iterable[str | Scope], kwargs: dict[str, Any]) -> list[str]:
    """The generations' scopes of a page of a view marked with ``scopes``, called with the URL's ``kwargs``."""
    names = [SITE]
    for scope in scopes:
        names.extend([scope] if isinstance(scope, str) else scope(kwargs))
    return names


def _anonymous_read(request: HttpRequest) -> bool:
    return request.method in ("GET", "HEAD") and not request.user.is_authenticated


def _cookieless(request: HttpRequest) -> bool:
    """No session and no pending message: nothing on the page could be this reader's own."""
    return request.session.is_empty() and CookieStorage.cookie_name not in request.COOKIES


def plainly_cookieless(cookies: dict[str, str]) -> bool:
    """Without looking the session up: no session cookie and no pending message (a reader with a session
    cookie, even an empty or expired one, goes through Django, which decides with :func:`_cookieless`)."""
    return settings.SESSION_COOKIE_NAME not in cookies and CookieStorage.cookie_name not in cookies


def _lookup(request: HttpRequest, scopes: list[str]) -> tuple[str, dict[str, str], dict[str, Any] | None]:
    return lookup(_page_key(request, scopes), scopes)


def lookup(key: str, scopes: list[str]) -> tuple[str, dict[str, str], dict[str, Any] | None]:
    """The page's key, the scopes' current generations, and the stored page if it was rendered at those
    generations — read in one round trip to the cache (a hit costs one MGET; at a province's bursts of
    readers the round trips, not the work, bound how many pages an app server answers)."""
    generation_keys = {scope: _generation_key(scope) for scope in scopes}
    found = cache.get_many([key, *generation_keys.values()])
    if all(name in found for name in generation_keys.values()):
        generations = {scope: found[name] for scope, name in generation_keys.items()}
    else:
        generations = current_generations(scopes)
    stored = found.get(key)
    if stored is not None and stored.get("generations") != generations:
        stored = None  # rendered before a change it shows: rendered again, and stored over it
    return key, generations, stored


def _page_key(request: HttpRequest, scopes: list[str]) -> str:
    return page_key(request, translation.get_language() or "", scopes)


def page_key(request: HttpRequest, language: str, scopes: list[str]) -> str:
    """One key per page whatever the generations (they are stored with the page): a change replaces the
    page's entry rather than leaving the stale one in Redis until it expires. The only place that says
    what a cached page depends on, for the view's decorator and the front layer alike."""
    parts = [
        request.get_host(),
        "https" if request.is_secure() else "http",
        language,
        ".".join(display.modes(request.COOKIES)),  # the <html> classes of large text, high contrast
        timezone.localdate().isoformat(),
        edge.marks(),  # pages stored before the HTTP cache was turned on (or its lifetime changed) lack its marks
        *scopes,
        request.get_full_path(),
    ]
    return "page:" + hashlib.sha256("\n".join(parts).encode()).hexdigest()


def _cacheable(response: HttpResponseBase) -> bool:
    return (
        isinstance(response, HttpResponse)
        and response.status_code == 200
        and not response.cookies
        and "private" not in response.get("Cache-Control", "")
        and "no-store" not in response.get("Cache-Control", "")
    )


def _shareable(request: HttpRequest, response: HttpResponseBase) -> bool:
    """The very same bytes may go to every reader from the HTTP cache at the edge: no CSRF token in the page
    (each reader must get their own) or on its way as a cookie, no session written by the view."""
    assert isinstance(response, HttpResponse)
    return (
        _CSRF_INPUT.search(response.content) is None
        and not request.META.get("CSRF_COOKIE_NEEDS_UPDATE")
        and not request.session.modified
    )


def _freeze(response: HttpResponseBase, generations: dict[str, str]) -> dict[str, Any]:
    assert isinstance(response, HttpResponse)
    return {
        "generations": generations,
        "content": _CSRF_INPUT.sub(rb"\1" + CSRF_SLOT + rb"\2", response.content),
        "headers": {name: response[name] for name in _KEPT_HEADERS if response.has_header(name)},
    }


def _rebuild(request: HttpRequest, stored: dict[str, Any]) -> HttpResponse:
    content: bytes = stored["content"]
    if CSRF_SLOT in content:
        content = content.replace(CSRF_SLOT, get_token(request).encode())
    response = HttpResponse(content)
    for name, value in stored["headers"].items():
        response[name] = value
    return response


# --- generations ------------------------------------------------------------------------------------------


def _generation_key(scope: str) -> str:
    return f"pagegen:{scope}"


def current_generations(scopes: Iterable[str]) -> dict[str, str]:
    """Each scope's generation; a scope without one (new, or evicted) gets a fresh one."""
    keys = {scope: _generation_key(scope) for scope in scopes}
    found = cache.get_many(keys.values())
    generations = {}
    for scope, key in keys.items():
        if key not in found:
            cache.add(key, uuid.uuid4().hex, timeout=None)
            found[key] = cache.get(key)
        generations[scope] = found[key]
    return generations


def invalidate(*scopes: str) -> None:
    """The pages showing these scopes are stale: from the next request on, they are rendered again."""
    cache.set_many({_generation_key(scope): uuid.uuid4().hex for scope in scopes}, timeout=None)


def invalidate_on_commit(*scopes: str) -> None:
    """Invalidate once the current transaction commits (so that the next request sees the change)."""
    if settings.GONGKAI_PAGE_CACHE_SECONDS > 0:
        # robust: a cache that is down must not fail the request whose change is committed already (its
        # stale pages then expire with GONGKAI_PAGE_CACHE_SECONDS).
        transaction.on_commit(lambda: invalidate(*scopes), robust=True)
        # The same pages in the HTTP cache at the edge (they were marked shared with these scopes).
        transaction.on_commit(lambda: edge.ban(scopes), robust=True)
