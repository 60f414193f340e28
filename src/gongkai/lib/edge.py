"""The HTTP cache at the edge (Varnish in front of the app servers, ``deploy/varnish/gongkai.vcl``): which
responses it may share between readers, and telling it when they are stale.

A response the page cache (``gongkai.lib.pagecache``) stores for every anonymous reader is marked with
:func:`mark_shared`: ``Cache-Control: public, max-age=0, s-maxage=GONGKAI_HTTP_CACHE_SECONDS`` (the shared
cache keeps it, a browser asks again each time) and ``X-Gongkai-Scopes``, the invalidation scopes the page
shows (``site,catalog,agency:12``). When a change to those scopes commits, :func:`ban` sends an HTTP ``BAN``
carrying the changed scopes to each cache of ``GONGKAI_HTTP_CACHE_URLS``, which drops every page listing one
of them. Nothing is marked shared and nothing is banned while ``GONGKAI_HTTP_CACHE_URLS`` is empty: a shared
cache that is never told of a change would serve stale pages for the whole ``s-maxage``.

A ban that fails (a cache down, a timeout) is logged and never fails the request whose change is committed
already; the pages it should have dropped then expire with ``GONGKAI_HTTP_CACHE_SECONDS``.

The language and display-mode switches on these pages are forms without a CSRF token (a token would make
the page personal), so their views take a POST only from the site itself: :func:`same_site_only`.
"""

from __future__ import annotations

import functools
import logging
import re
import urllib.request
from collections.abc import Callable, Iterable
from typing import Any
from urllib.parse import urlsplit

from django.conf import settings
from django.http import HttpRequest
from django.http.response import HttpResponseBase
from django.utils.module_loading import import_string
from django.views.decorators.csrf import csrf_exempt

logger = logging.getLogger(__name__)

SCOPES_HEADER = "X-Gongkai-Scopes"
BAN_TIMEOUT_SECONDS = 2.0
# A scope is a word the VCL puts into a regular expression as it is: letters, digits, ':' '_' '-' only.
_SCOPE = re.compile(r"[A-Za-z0-9:_-]+")


def enabled() -> bool:
    return bool(settings.GONGKAI_HTTP_CACHE_URLS)


def marks() -> str:
    """What the marks of a shared page depend on: part of the page cache's key, so that turning the HTTP cache
    on, or changing how long it keeps pages, does not leave pages stored with other marks in use."""
    return f"s-maxage={settings.GONGKAI_HTTP_CACHE_SECONDS}" if enabled() else ""


def scopes_value(scopes: Iterable[str]) -> str:
    """The header's value: the scopes, comma-separated, each checked to be a plain word."""
    names = list(dict.fromkeys(scopes))
    for name in names:
        if not _SCOPE.fullmatch(name):
            raise ValueError(f"not a cache scope: {name!r}")
    return ",".join(names)


def mark_shared(response: HttpResponseBase, scopes: Iterable[str]) -> None:
    """Let the edge cache share ``response`` between readers until one of ``scopes`` changes."""
    if not enabled():
        return
    response["Cache-Control"] = f"public, max-age=0, s-maxage={settings.GONGKAI_HTTP_CACHE_SECONDS}"
    response[SCOPES_HEADER] = scopes_value(scopes)


def ban(scopes: Iterable[str]) -> None:
    """Drop, in every edge cache, the pages showing any of ``scopes``. Never raises."""
    if not enabled():
        return
    value = scopes_value(scopes)
    if not value:
        return
    for url in settings.GONGKAI_HTTP_CACHE_URLS:
        request = urllib.request.Request(url, method="BAN", headers={SCOPES_HEADER: value})
        try:
            with urllib.request.urlopen(request, timeout=BAN_TIMEOUT_SECONDS) as answer:
                answer.read()
        except Exception:  # an HTTPError (refused), a timeout, a cache down: logged, the request goes on
            logger.warning("HTTP cache ban of %s at %s failed", value, url, exc_info=True)


# --- the switches on shared pages -------------------------------------------------------------------------

View = Callable[..., HttpResponseBase]


def same_site(request: HttpRequest) -> bool:
    """The POST comes from a page of this site: its ``Origin`` (every current browser sends one with a
    form's POST), or else its ``Referer``, is this site or one of ``CSRF_TRUSTED_ORIGINS``."""
    source = request.headers.get("Origin") or request.headers.get("Referer") or ""
    parts = urlsplit(source)
    if not parts.scheme or not parts.netloc:
        return False  # none, "null" (a sandboxed frame, a privacy setting) or garbage: refused
    origin = f"{parts.scheme}://{parts.netloc}".lower()
    try:
        own = f"{request.scheme}://{request.get_host()}".lower()
    except Exception:  # DisallowedHost: Django refuses the request elsewhere too
        return False
    return origin == own or origin in {trusted.lower() for trusted in settings.CSRF_TRUSTED_ORIGINS}


def same_site_only(view: View) -> View:
    """For a switch whose form sits on pages shared by every reader, so that it cannot carry a CSRF token:
    exempt from Django's token check, and refused unless the POST comes from the site itself — with the page
    Django answers a form without its token (``CSRF_FAILURE_VIEW``, 403). It only sets a preference cookie
    (language, display mode) in the reader's own browser."""

    @functools.wraps(view)
    def wrapped(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
        if request.method == "POST" and not same_site(request):
            refuse = import_string(settings.CSRF_FAILURE_VIEW)
            return refuse(request, reason="the switch was sent from another site")
        return view(request, *args, **kwargs)

    return csrf_exempt(wrapped)
