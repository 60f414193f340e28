"""How an applicant gets back to their application: the tracking code (申请编号, the 查询码 on the
confirmation page and on every letter) and a check only they know — the last four digits of the telephone
number they gave — posted in a form, never carried in a URL.

Why the telephone's last four digits: every applicant gives a telephone number (people and organisations
alike, online or on paper), knows it without keeping anything, and is used to being asked for its last four
digits (parcel tracking asks the same). A secret shown once at submission would be lost by many, and the
applicants whose paper application staff enter never see one. Four digits are few, so failed look-ups are
limited per client address (``GONGKAI_TRACKING_FAILURE_LIMIT`` in ``GONGKAI_TRACKING_FAILURE_WINDOW``
seconds), and a wrong code and a wrong check get the same answer, so nobody learns which codes exist.

A successful look-up puts the application in the browser's session (``authorise``); the tracking pages
then find it there (``authorised``) — for ``GONGKAI_TRACKING_SESSION_MINUTES`` since the last page
opened, or until the applicant ends the look-up on a shared computer (``forget``).

Applications from before the look-up form had a secret link ``/track/<code>/<secret>/``; that link still
works once (``legacy_link``): it authorises the session and is retired, so it stops being a key in
whatever log or history it reached.
"""

from __future__ import annotations

import datetime
import re
import secrets
import unicodedata
from typing import Any

from django.conf import settings

from gongkai.lib import abuse

from . import actions
from .models import Application, TrackingLookupFailure

SESSION_KEY = "gongkai.tracked"
MAX_TRACKED = 20  # applications one session may hold at a time (the oldest give way)
CODE = re.compile(r"^([A-Z]{2}\d{4})-?([A-Z0-9]{6})$")


class TooManyAttempts(Exception):
    """Too many failed look-ups from this address in the window; ``minutes`` until one may try again."""

    def __init__(self, minutes: int) -> None:
        super().__init__(minutes)
        self.minutes = minutes


def normalise_code(text: str) -> str:
    """The tracking code as typed — any width, case or spacing, with or without its dash — as stored."""
    code = re.sub(r"[\s\-‐‑–—－]+", "", unicodedata.normalize("NFKC", text)).upper()
    match = CODE.match(code)
    return f"{match[1]}-{match[2]}" if match else code


def check_digits(phone: str) -> str:
    """The last four digits of the telephone number an application gives, an extension left out."""
    number = re.sub(r"(?<=\d{7})-\d{1,6}$", "", phone.strip())
    return re.sub(r"\D", "", unicodedata.normalize("NFKC", number))[-4:]


def fingerprint(remote_address: str) -> str:
    return abuse.fingerprint(remote_address, purpose="tracking")


def look_up(code: str, check: str, *, remote_address: str, now: datetime.datetime) -> Application | None:
    """The application whose tracking code and check both match, or None (the same for a wrong code and a
    wrong check). A failure is counted against the client's address; past the limit, ``TooManyAttempts``
    — even for the right pair, or the limit would be no limit."""
    print_ = fingerprint(remote_address)
    limit, window = settings.GONGKAI_TRACKING_FAILURE_LIMIT
    since = now - datetime.timedelta(seconds=window)
    failures = TrackingLookupFailure.objects.filter(fingerprint=print_, at__gte=since)
    if failures.count() >= limit:
        oldest = failures.order_by("at").values_list("at", flat=True).first() or now
        wait = oldest + datetime.timedelta(seconds=window) - now
        raise TooManyAttempts(max(1, -(-int(wait.total_seconds()) // 60)))
    application = (
        Application.objects.select_related("agency").filter(tracking_code=normalise_code(code)).first()
    )
    # Compared in constant time, and a missing application costs a comparison too.
    expected = check_digits(application.phone) if application is not None else "----"
    if application is not None and len(expected) == 4 and secrets.compare_digest(expected, check):
        return application
    TrackingLookupFailure.objects.create(fingerprint=print_, at=now)
    return None


def forget_old_failures(now: datetime.datetime) -> int:
    """Delete the failures older than the window (the daily sweep calls this); returns how many."""
    _limit, window = settings.GONGKAI_TRACKING_FAILURE_LIMIT
    since = now - datetime.timedelta(seconds=window)
    deleted, _ = TrackingLookupFailure.objects.filter(at__lt=since).delete()
    return deleted


def legacy_link(code: str, secret: str) -> Application | None:
    """The application an old secret link points to, once: a match retires the secret (and records that);
    a used or wrong link answers None."""
    if not secret:
        return None
    application = (
        Application.objects.filter(tracking_code=normalise_code(code)).exclude(access_secret="").first()
    )
    if application is None or not secrets.compare_digest(application.access_secret, secret):
        return None
    return actions.do_retire_tracking_link(application)


def authorise(session: Any, application: Application, now: datetime.datetime) -> None:
    """Let this browser's session see ``application`` (after a look-up, a submission or an old link).
    The session key changes first, so that a key planted before cannot inherit the right."""
    tracked = _live(session, now)
    session.cycle_key()
    tracked[str(application.pk)] = int(now.timestamp())
    for stale in sorted(tracked, key=tracked.__getitem__)[:-MAX_TRACKED]:
        del tracked[stale]
    session[SESSION_KEY] = tracked


def authorised(session: Any, code: str, now: datetime.datetime) -> Application | None:
    """The application with this tracking code if this session may see it at ``now``; each page opened
    keeps it for another ``GONGKAI_TRACKING_SESSION_MINUTES``."""
    tracked = _live(session, now)
    application = (
        Application.objects.select_related("agency")
        .filter(pk__in=[int(pk) for pk in tracked], tracking_code=normalise_code(code))
        .first()
    )
    if application is not None:
        tracked[str(application.pk)] = int(now.timestamp())
    if tracked or SESSION_KEY in session:
        session[SESSION_KEY] = tracked
    return application


def forget(session: Any) -> None:
    """End the look-up: the session no longer sees any application."""
    session.pop(SESSION_KEY, None)
    session.cycle_key()


def _live(session: Any, now: datetime.datetime) -> dict[str, int]:
    """The session's applications last opened recently enough."""
    oldest = now.timestamp() - settings.GONGKAI_TRACKING_SESSION_MINUTES * 60
    tracked = session.get(SESSION_KEY) or {}
    return {pk: seen for pk, seen in tracked.items() if isinstance(seen, int) and seen >= oldest}
