"""The online application form as short steps (GOV.UK "one thing per page"): who you are → what you want →
how to receive it → check your answers → done.

The answers wait in the browser's server-side session, as typed, until the applicant submits on the check
page; only then is anything stored as an application (``actions.do_submit_application``), after the whole
``forms.ApplicationForm`` has checked them again — the steps split its fields, they do not have rules of
their own. Answers left longer than ``GONGKAI_APPLY_SESSION_MINUTES`` since the last step are dropped: a
shared computer must not offer the next person someone's half-filled application.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from gongkai.workdays.clock import EXTENSION_WORKDAYS, REPLY_WORKDAYS


@dataclass(frozen=True)
class Step:
    slug: str
    title: Promise
    fields: tuple[str, ...]


STEPS: tuple[Step, ...] = (
    Step(
        "who",
        _("Who is applying"),
        ("applicant_kind", "applicant_name", "id_document", "id_number", "contact_person"),
    ),
    Step("what", _("What information you want"), ("description", "purpose")),
    Step(
        "receive",
        _("How to receive the reply"),
        ("form_wanted", "delivery_wanted", "phone", "email", "address", "postcode"),
    ),
)
BY_SLUG = {step.slug: step for step in STEPS}
CHECK = "check"
SESSION_KEY = "gongkai.apply"
SUBMITTED_KEY = "gongkai.applied"  # the tracking code just submitted: its page says what happens next


def minutes() -> int:
    return int(getattr(settings, "GONGKAI_APPLY_SESSION_MINUTES", 60))


class Expired(Exception):
    """The answers this browser gave are gone (too old, or the session ended)."""


def answers(session: Any, agency_pk: int, now: datetime.datetime) -> dict[str, dict[str, str]]:
    """The steps answered so far for ``agency_pk``, by step slug; raises ``Expired`` when they were given
    but have lapsed (and forgets them); an empty dict when nothing was begun."""
    kept = session.get(SESSION_KEY) or {}
    entry = kept.get(str(agency_pk))
    if entry is None:
        return {}
    touched = datetime.datetime.fromisoformat(entry["touched"])
    if now - touched > datetime.timedelta(minutes=minutes()):
        forget(session, agency_pk)
        raise Expired
    return dict(entry["steps"])


def keep(session: Any, agency_pk: int, slug: str, data: dict[str, str], now: datetime.datetime) -> None:
    kept = dict(session.get(SESSION_KEY) or {})
    entry = kept.get(str(agency_pk)) or {"steps": {}}
    kept[str(agency_pk)] = {"steps": {**entry["steps"], slug: data}, "touched": now.isoformat()}
    session[SESSION_KEY] = kept


def forget(session: Any, agency_pk: int) -> None:
    kept = dict(session.get(SESSION_KEY) or {})
    if kept.pop(str(agency_pk), None) is not None:
        session[SESSION_KEY] = kept


def first_missing(given: dict[str, dict[str, str]]) -> Step | None:
    """The first step not answered yet (the applicant is sent there, not further)."""
    return next((step for step in STEPS if step.slug not in given), None)


def previous(slug: str) -> Step | None:
    order = [step.slug for step in STEPS] + [CHECK]
    index = order.index(slug)
    return STEPS[index - 1] if index > 0 else None


def following(slug: str) -> str:
    order = [step.slug for step in STEPS] + [CHECK]
    return order[order.index(slug) + 1]


def merged(given: dict[str, dict[str, str]]) -> dict[str, str]:
    """All answers as one form's data, for the full form's check before submitting."""
    data: dict[str, str] = {}
    for step in STEPS:
        data.update(given.get(step.slug, {}))
    return data


def step_of(field: str) -> Step:
    return next(step for step in STEPS if field in step.fields)


@dataclass(frozen=True)
class NextSteps:
    """What happens after submitting, in plain words from the receipt and clock rules (第三十一条,
    第三十三条): the reply period, what day it counts from, and the due date if the agency confirmed the
    receipt today."""

    receipt_day: str
    workdays: int
    extension_workdays: int
    due_if_confirmed_today: datetime.date | None


def next_steps(today: datetime.date) -> NextSteps:
    # Imported here: the steps themselves load without Django's apps (benchmarks/intake.py walks them).
    from . import clock, receipt
    from .models import Channel

    return NextSteps(
        receipt_day=str(receipt.rule(Channel.ONLINE).day),
        workdays=REPLY_WORKDAYS,
        extension_workdays=EXTENSION_WORKDAYS,
        due_if_confirmed_today=clock.due_from(today),
    )
