"""What each cell of sections 三 and 四 counts, written once as query expressions.

The build (one grouped query per section for any number of agencies) and the provenance list pages
(the applications behind one cell) both use these, so a table cell and its list cannot disagree.

Section 三 of year *y* (docs/design.md §3): an application received by 31 Dec and not closed before 1 Jan is
in the year's table. Its *intake* is 一 (received in *y*) or 二 (received earlier: 上年结转); its *result* is
the row of its decision if closed in *y* (the row of the year's format that counts the stored decision:
``ReportFormat.row_for``), else 四 (结转下年度). Every application in the table has exactly
one intake and one result, so R1 (一+二 = (七)+四) holds by construction. A reopened application counts by
its first closing (``reviews.ReportedDecision``; see ``do_reopen_application``).
"""

from __future__ import annotations

import datetime

from django.db.models import Aggregate, Case, CharField, F, Q, TextField, Value, When
from django.db.models.functions import Coalesce

from gongkai.applications.models import Application, ApplicationQuerySet
from gongkai.reviews.models import Review, ReviewQuerySet

CARRIED_FORWARD = "carried_forward"


class GroupConcat(Aggregate):
    """The ids of a group as one comma-separated string (GROUP_CONCAT / STRING_AGG)."""

    function = "GROUP_CONCAT"
    template = "%(function)s(%(expressions)s)"
    output_field = TextField()

    def as_postgresql(self, compiler, connection, **extra_context):  # type: ignore[no-untyped-def,unused-ignore]
        return self.as_sql(
            compiler,
            connection,
            function="STRING_AGG",
            template="%(function)s((%(expressions)s)::text, ',')",
            **extra_context,
        )


def year_bounds(year: int) -> tuple[datetime.date, datetime.date]:
    return datetime.date(year, 1, 1), datetime.date(year, 12, 31)


def applications_in_table(year: int, queryset: ApplicationQuerySet | None = None) -> ApplicationQuerySet:
    """The applications section 三 of ``year`` counts, annotated with ``intake`` and ``result``."""
    start, end = year_bounds(year)
    queryset = Application.objects.all() if queryset is None else queryset
    return (
        queryset.filter(received_on__lte=end)
        .annotate(
            counted_closed_on=Coalesce(F("reported_decision__closed_on"), F("closed_on")),
            counted_outcome=Coalesce(F("reported_decision__outcome"), F("outcome")),
        )
        .filter(Q(counted_closed_on__isnull=True) | Q(counted_closed_on__gte=start))
        .annotate(
            intake=Case(
                When(received_on__gte=start, then=Value("new_received")),
                default=Value("carried_over"),
                output_field=CharField(),
            ),
            result=Case(
                When(counted_closed_on__lte=end, then=F("counted_outcome")),
                default=Value(CARRIED_FORWARD),
                output_field=CharField(),
            ),
        )
    )


def reviews_in_table(year: int, queryset: ReviewQuerySet | None = None) -> ReviewQuerySet:
    """The cases section 四 of ``year`` counts (filed in the year), annotated with ``outcome_on`` 31 Dec."""
    _start, end = year_bounds(year)
    queryset = Review.objects.all() if queryset is None else queryset
    return queryset.filed_in(year).with_outcome_on(end)
