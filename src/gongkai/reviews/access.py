"""Access to review cases, decided through ``agencies.access`` (the one permission table)."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied
from django.http import Http404

from gongkai.agencies.access import Action, agencies_for, can, refusal

from .models import Review, ReviewQuerySet


def reviews_for(user: Any) -> ReviewQuerySet:
    return Review.objects.filter(agency__in=agencies_for(user, Action.VIEW))


def access_review(user: Any, pk: int, action: Action = Action.VIEW) -> Review:
    """404 for a case of an agency the user cannot see; 403 if seen but ``action`` is not allowed."""
    review = reviews_for(user).select_related("agency", "application").filter(pk=pk).first()
    if review is None:
        raise Http404("No such case.")
    if action != Action.VIEW and not can(user, action, review.agency):
        raise PermissionDenied(refusal(action))
    return review
