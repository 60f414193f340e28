"""Access to review cases, decided through ``agencies.access`` (the one permission table)."""

from __future__ import annotations

from typing import Any

from gongkai.agencies.access import Action, access_record, visible_to

from .models import Review, ReviewQuerySet


def reviews_for(user: Any) -> ReviewQuerySet:
    return visible_to(user, Review.objects.all())


def access_review(user: Any, pk: int, action: Action = Action.VIEW) -> Review:
    """404 for a case of an agency the user cannot see; 403 if seen but ``action`` is not allowed."""
    return access_record(user, Review.objects.select_related("agency", "application"), pk, action)
