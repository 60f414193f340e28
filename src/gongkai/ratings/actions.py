"""Writes to service ratings (服务评价); each writes one ``RatingEvent``. There is no action that changes a
rating's level or comment: a rating, once given, is the rater's."""

from __future__ import annotations

import datetime
from typing import TYPE_CHECKING

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from gongkai.agencies.access import Action, can, recorded_as, refusal
from gongkai.inquiries.actions import PERSONAL_DATA
from gongkai.rectifications import actions as rectification_actions
from gongkai.rectifications.models import Rectification
from gongkai.workdays.clock import nth_workday
from gongkai.workdays.queries import current_calendar

from . import services
from .models import Level, Rating, RatingEvent

if TYPE_CHECKING:
    from gongkai.agencies.access import Actor

# A 差评 is followed up and its rectification recorded within this many workdays.
POOR_RATING_WORKDAYS = 10


def already_rated() -> str:
    return _("This service has been rated already: each service can be rated once.")


def do_rate_service(
    kind: str, code: str, level: int, comment: str = "", *, now: datetime.datetime | None = None
) -> Rating:
    """The person served rates the service (the link's secret was checked by the caller)."""
    agency = services.rateable_agency(kind, code)
    if agency is None:
        raise ValidationError(_("This service cannot be rated yet: it has not been completed."))
    if level not in Level.values:
        raise ValidationError({"level": _("Choose one of the five levels.")})
    now = now or timezone.now()
    poor = level in (Level.DISSATISFIED, Level.VERY_DISSATISFIED)
    rating = Rating(
        agency=agency, service_kind=kind, service_code=code, level=level, comment=comment.strip()[:2000],
        rated_at=now,
        due_on=nth_workday(current_calendar(), timezone.localdate(now), POOR_RATING_WORKDAYS) if poor else None,
    )  # fmt: skip
    try:
        with transaction.atomic():
            rating.save()
            RatingEvent.objects.create(rating=rating, actor=None, at=now, kind=RatingEvent.Kind.RATED)
    except IntegrityError:
        # The unique constraint: a second attempt (or two at once) for the same service.
        raise ValidationError(already_rated()) from None
    return rating


def _require_poor(actor: Actor, rating: Rating) -> None:
    if actor is None or not can(actor, Action.WORK, rating.agency):
        raise PermissionDenied(refusal(Action.WORK))
    if not rating.is_poor:
        raise ValidationError(_("Only a poor rating is followed up."))


@transaction.atomic
def do_follow_up_rating(actor: Actor, rating: Rating, note: str) -> Rating:
    """回访: the agency contacted the rater about the 差评; what was learned is recorded."""
    _require_poor(actor, rating)
    if rating.followed_up_at:
        raise ValidationError(_("This rating has been followed up already."))
    if not note.strip():
        raise ValidationError({"note": _("Record what the follow-up found.")})
    Rating.objects.filter(pk=rating.pk).update(
        follow_up=note.strip(), followed_up_at=timezone.now(), followed_up_by=recorded_as(actor)
    )
    rating.refresh_from_db()
    RatingEvent.objects.create(
        rating=rating, actor=recorded_as(actor), at=timezone.now(), kind=RatingEvent.Kind.FOLLOWED_UP
    )
    return rating


@transaction.atomic
def do_rectify_rating(
    actor: Actor, rating: Rating, *, measures: str, owner: str, problem: str = ""
) -> Rectification:
    """The 差评's rectification: a rectification item (source 差评), due by the rating's deadline. Its
    problem is public (整改公开): as staff word it (``problem``, no personal data and not the service's
    tracking code, the key to its tracking page), else only which service was rated how."""
    _require_poor(actor, rating)
    if not rating.followed_up_at:
        raise ValidationError(_("Follow the rating up before recording its rectification."))
    if rating.rectification_id:
        raise ValidationError(_("This rating's rectification has been recorded already."))
    deadline = max(rating.due_on or timezone.localdate(), timezone.localdate())
    problem = problem.strip() or f"{rating.get_service_kind_display()}：{rating.get_level_display()}。"
    if PERSONAL_DATA.search(problem):
        raise ValidationError({"problem": _(
            "Remove the personal data (a name, telephone number, e-mail address or ID number) before publishing."
        )})  # fmt: skip
    if rating.service_code in problem:
        raise ValidationError({"problem": _("Leave out the tracking code: it opens the person's own page.")})
    item = rectification_actions.do_open_rectification(
        actor, rating.agency, source=Rectification.Source.RATING, problem=problem, measures=measures,
        owner=owner, deadline=deadline,
    )  # fmt: skip
    Rating.objects.filter(pk=rating.pk).update(rectification=item)
    rating.refresh_from_db()
    RatingEvent.objects.create(
        rating=rating, actor=recorded_as(actor), at=timezone.now(), kind=RatingEvent.Kind.RECTIFICATION
    )
    return item
