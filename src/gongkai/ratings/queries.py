"""The public figures of 服务评价: per agency, how many ratings, the satisfaction rate (the first three
levels of all) and the rectification rate (差评 whose rectification is done, of all 差评)."""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Count, Q, QuerySet

from gongkai.rectifications.models import Rectification

from .models import POOR_LEVELS, Rating


def percent(part: int, whole: int) -> float | None:
    """A rate of 服务评价 as published: per cent to one decimal, none of nothing."""
    return round(100 * part / whole, 1) if whole else None


@dataclass(frozen=True)
class AgencyFigures:
    agency_id: int
    agency_name: str
    ratings: int
    satisfied: int
    poor: int
    rectified: int

    @property
    def satisfaction_rate(self) -> float | None:
        return percent(self.satisfied, self.ratings)

    @property
    def rectification_rate(self) -> float | None:
        return percent(self.rectified, self.poor)


def figures(ratings: QuerySet[Rating] | None = None) -> list[AgencyFigures]:
    ratings = ratings if ratings is not None else Rating.objects.all()
    rows = (
        ratings.values("agency_id", "agency__name")
        .annotate(
            total=Count("pk"),
            satisfied=Count("pk", filter=~Q(level__in=POOR_LEVELS)),
            poor=Count("pk", filter=Q(level__in=POOR_LEVELS)),
            rectified=Count("pk", filter=Q(rectification__status=Rectification.Status.DONE)),
        )
        .order_by("agency__name")
    )
    return [
        AgencyFigures(
            row["agency_id"],
            row["agency__name"],
            row["total"],
            row["satisfied"],
            row["poor"],
            row["rectified"],
        )
        for row in rows
    ]
