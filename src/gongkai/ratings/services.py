"""The services a person may rate, found by kind and tracking code, and the one-time link's secret."""

from __future__ import annotations

from django.urls import reverse
from django.utils.crypto import constant_time_compare, salted_hmac

from gongkai.agencies.models import Agency
from gongkai.applications.models import Application, Status
from gongkai.difficulties.models import Difficulty
from gongkai.inquiries.models import Inquiry

from .models import ServiceKind

_SALT = "gongkai.ratings.link"


def secret(kind: str, code: str) -> str:
    """The link's secret: a keyed hash of the service, so only the holder of the link given with the
    reply can rate it (the tracking code alone is not enough)."""
    return salted_hmac(_SALT, f"{kind}:{code}").hexdigest()[:20]


def check_secret(kind: str, code: str, given: str) -> bool:
    return constant_time_compare(secret(kind, code), given)


def rating_url(kind: str, code: str) -> str:
    return reverse("rating_form", args=[kind, code, secret(kind, code)])


def rateable_agency(kind: str, code: str) -> Agency | None:
    """The agency of the service, if it is done and so may be rated: an application replied to, an
    inquiry answered, a difficulty case closed. None otherwise."""
    if kind == ServiceKind.APPLICATION:
        found = Application.objects.filter(tracking_code=code, status=Status.DECIDED).first()
        return found.agency if found else None
    if kind == ServiceKind.INQUIRY:
        inquiry = Inquiry.objects.filter(tracking_code=code, status=Inquiry.Status.ANSWERED).first()
        return inquiry.agency if inquiry else None
    if kind == ServiceKind.DIFFICULTY:
        case = Difficulty.objects.filter(tracking_code=code, status=Difficulty.Status.CLOSED).first()
        return (case.assigned_agency or case.receiving_agency) if case else None
    return None
