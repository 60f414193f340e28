"""Every change to the reviews ledger: ``do_<verb>_<noun>(actor, obj, …)``, atomic, access-checked."""

from __future__ import annotations

import datetime
from typing import TYPE_CHECKING, Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from gongkai.agencies.access import Action, can, recorded_as, refusal
from gongkai.applications.actions import do_reopen_application
from gongkai.applications.models import Application, Status

from .models import Review, ReviewKind, ReviewOutcome

if TYPE_CHECKING:
    from gongkai.agencies.access import Actor


def _require(actor: Actor, action: Action, agency: Any) -> None:
    if actor is None or not can(actor, action, agency):
        raise PermissionDenied(refusal(action))


@transaction.atomic
def do_file_review(
    actor: Actor,
    application: Application,
    *,
    kind: str,
    filed_on: datetime.date,
    body: str,
    case_number: str = "",
    follows: Review | None = None,
    note: str = "",
) -> Review:
    """Enter a 行政复议 or 行政诉讼 case against the application's decision."""
    _require(actor, Action.WORK, application.agency)
    if kind not in ReviewKind.values:
        raise ValidationError({"kind": _("Unknown kind of case.")})
    if application.status not in (Status.DECIDED, Status.WITHDRAWN) or application.decided_on is None:
        raise ValidationError(_("A case can be filed only against a decided application."))
    if filed_on < application.decided_on:
        raise ValidationError({"filed_on": _("A case cannot be filed before the decision it challenges.")})
    if not body.strip():
        raise ValidationError({"body": _("Name the reconsideration body or the court.")})
    if kind == ReviewKind.LITIGATION_AFTER_RECONSIDERATION:
        if follows is None or follows.kind != ReviewKind.RECONSIDERATION:
            raise ValidationError(
                {"follows": _("A litigation after reconsideration names the reconsideration it follows.")}
            )
        if follows.application_id != application.pk:
            raise ValidationError({"follows": _("The reconsideration concerns another application.")})
        if follows.decided_on is None or filed_on < follows.decided_on:
            raise ValidationError(
                {"follows": _("The litigation can be filed only after the reconsideration was decided.")}
            )
    elif follows is not None:
        raise ValidationError({"follows": _("Only a litigation after reconsideration follows another case.")})
    return Review.objects.create(
        kind=kind,
        application=application,
        agency=application.agency,
        challenged_outcome=application.outcome,
        challenged_decided_on=application.decided_on,
        filed_on=filed_on,
        body=body.strip(),
        case_number=case_number.strip(),
        follows=follows,
        note=note,
        created_by=recorded_as(actor),
    )


@transaction.atomic
def do_record_review_outcome(
    actor: Actor, review: Review, *, outcome: str, decided_on: datetime.date, note: str = ""
) -> Review:
    """Record the outcome (维持/纠正/其他). 纠正 reopens the application for a new decision when the
    corrected decision is still the application's current one."""
    _require(actor, Action.WORK, review.agency)
    if outcome not in (ReviewOutcome.UPHELD, ReviewOutcome.CORRECTED, ReviewOutcome.OTHER):
        raise ValidationError({"outcome": _("Choose upheld, corrected or other.")})
    if not review.awaits_outcome:
        raise ValidationError(_("This case's outcome is already recorded."))
    if decided_on < review.filed_on:
        raise ValidationError({"decided_on": _("The outcome cannot predate the filing.")})
    review.outcome = outcome
    review.decided_on = decided_on
    if note:
        review.note = (review.note + "\n" + note).strip()
    review.save()
    application = Application.objects.select_for_update().get(pk=review.application_id)
    if (
        outcome == ReviewOutcome.CORRECTED
        and application.status == Status.DECIDED
        and application.decided_on == review.challenged_decided_on
    ):
        reason = _("{kind} {number} corrected the decision.").format(
            kind=review.get_kind_display(), number=review.case_number or review.body
        )
        do_reopen_application(actor, application, on=decided_on, reason=reason, review=review)
    return review
