"""Writes to rectification items (整改公开); each writes one ``RectificationEvent`` in its transaction."""

from __future__ import annotations

import datetime
from typing import TYPE_CHECKING

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from gongkai.agencies.access import Action, can, recorded_as, refusal
from gongkai.agencies.models import Agency

from .models import Rectification, RectificationEvent

if TYPE_CHECKING:
    from gongkai.agencies.access import Actor


def _require(actor: Actor, agency: Agency) -> None:
    if actor is None or not can(actor, Action.WORK, agency):
        raise PermissionDenied(refusal(Action.WORK))


@transaction.atomic
def do_open_rectification(
    actor: Actor, agency: Agency, *, source: str, problem: str, measures: str, owner: str,
    deadline: datetime.date, now: datetime.datetime | None = None,
) -> Rectification:  # fmt: skip
    """An item to put right, from an audit, an inspection or a 差评, with its owner and deadline."""
    _require(actor, agency)
    errors = {}
    if source not in Rectification.Source.values:
        errors["source"] = _("Choose where the problem was found.")
    for field, value, message in (
        ("problem", problem, _("Describe the problem found.")),
        ("measures", measures, _("Describe the rectification measures.")),
        ("owner", owner, _("Name the unit responsible for the rectification.")),
    ):
        if not value.strip():
            errors[field] = message
    now = now or timezone.now()
    if deadline < timezone.localdate(now):
        errors["deadline"] = _("The deadline cannot be in the past.")
    if errors:
        raise ValidationError(errors)
    item = Rectification.objects.create(
        agency=agency, source=source, problem=problem.strip(), measures=measures.strip(),
        owner=owner.strip(), deadline=deadline, opened_at=now,
    )  # fmt: skip
    RectificationEvent.objects.create(
        rectification=item, actor=recorded_as(actor), at=now, kind=RectificationEvent.Kind.OPENED
    )
    return item


@transaction.atomic
def do_complete_rectification(
    actor: Actor, item: Rectification, result: str, *, now: datetime.datetime | None = None
) -> Rectification:
    """The item is put right: what was done is recorded and published."""
    _require(actor, item.agency)
    if item.status == Rectification.Status.DONE:
        raise ValidationError(_("This item has been rectified already."))
    if not result.strip():
        raise ValidationError({"result": _("Describe what was done.")})
    item.status = Rectification.Status.DONE
    item.result = result.strip()
    item.done_at = now or timezone.now()
    item.save()
    RectificationEvent.objects.create(
        rectification=item, actor=recorded_as(actor), at=item.done_at, kind=RectificationEvent.Kind.DONE
    )
    return item
