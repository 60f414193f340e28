"""The reviews ledger: 行政复议 and 行政诉讼 cases against an application's decision (section 四).

A case is filed on a day with a body (the reconsideration organ or the court) and ends with an outcome:
维持 (upheld), 纠正 (corrected), 其他 (other) — or stays 尚未审结 (pending) until it is decided. The annual
report counts the cases *filed* in the year with their outcome *as of 31 December* (``outcome_on``), so a
case decided in January counts as pending in the year it was filed.

A corrected outcome reopens the application for a new decision; ``ReportedDecision`` keeps the decision
the annual report had already counted (see ``gongkai.applications.actions.do_reopen_application``).
"""

from __future__ import annotations

import datetime

from django.conf import settings
from django.db import models
from django.db.models import Case, Q, Value, When
from django.utils.translation import gettext_lazy as _

from gongkai.agencies.models import Agency
from gongkai.annual_report.formats import decision_choices
from gongkai.applications.models import Application


class ReviewKind(models.TextChoices):
    """The three groups of section 四 (keys as in the report JSON)."""

    RECONSIDERATION = "reconsideration", _("Administrative reconsideration")
    LITIGATION_DIRECT = "litigation_direct", _("Litigation without reconsideration")
    LITIGATION_AFTER_RECONSIDERATION = (
        "litigation_after_reconsideration",
        _("Litigation after reconsideration"),
    )


class ReviewOutcome(models.TextChoices):
    """The columns of section 四 (keys as in the report JSON)."""

    UPHELD = "upheld", _("Upheld")
    CORRECTED = "corrected", _("Corrected")
    OTHER = "other", _("Other result")
    PENDING = "pending", _("Pending")


class ReviewQuerySet(models.QuerySet["Review"]):
    """Named filters shared by the ledger pages and section 四 of the annual report."""

    def for_agency(self, agency: Agency) -> ReviewQuerySet:
        return self.filter(agency=agency)

    def filed_in(self, year: int) -> ReviewQuerySet:
        return self.filter(filed_on__year=year)

    def pending(self) -> ReviewQuerySet:
        return self.filter(outcome=ReviewOutcome.PENDING)

    def with_outcome_on(self, day: datetime.date) -> ReviewQuerySet:
        """Annotate ``outcome_on``: the outcome as it stood at the end of ``day`` (pending if decided later)."""
        return self.annotate(
            outcome_on=Case(
                When(
                    Q(decided_on__isnull=True) | Q(decided_on__gt=day),
                    then=Value(ReviewOutcome.PENDING.value),
                ),
                default="outcome",
                output_field=models.CharField(),
            )
        )


class Review(models.Model):
    kind = models.CharField(_("kind"), max_length=40, choices=ReviewKind.choices)
    application = models.ForeignKey(
        Application, verbose_name=_("application"), on_delete=models.PROTECT, related_name="reviews"
    )
    # The respondent agency, whose report counts the case; normally the application's agency.
    agency = models.ForeignKey(
        Agency, verbose_name=_("agency"), on_delete=models.PROTECT, related_name="reviews"
    )
    # The decision challenged, as it stood when the case was filed (the application may be re-decided later).
    challenged_outcome = models.CharField(
        _("decision challenged"), max_length=40, blank=True, choices=decision_choices
    )
    challenged_decided_on = models.DateField(_("decision challenged, dated"), null=True, blank=True)
    filed_on = models.DateField(_("filed on"))
    body = models.CharField(_("reconsideration body or court"), max_length=200)
    case_number = models.CharField(_("case number"), max_length=100, blank=True)
    # A litigation after reconsideration points to the reconsideration it follows.
    follows = models.ForeignKey(
        "self",
        verbose_name=_("after reconsideration"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="litigations",
    )
    outcome = models.CharField(
        _("outcome"), max_length=20, choices=ReviewOutcome.choices, default=ReviewOutcome.PENDING
    )
    decided_on = models.DateField(_("decided on"), null=True, blank=True)
    note = models.TextField(_("note"), blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("created by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    objects = ReviewQuerySet.as_manager()

    class Meta:
        verbose_name = _("review case")
        verbose_name_plural = _("review cases")
        ordering = ["-filed_on", "-pk"]
        indexes = [
            # Section 四 of the annual report groups the cases filed in a year by agency.
            models.Index(fields=["agency", "filed_on"], name="review_agency_filed"),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.case_number or self.pk}"

    @property
    def awaits_outcome(self) -> bool:
        """An outcome is recorded once: until then the case is pending."""
        return self.outcome == ReviewOutcome.PENDING

    def outcome_as_of(self, day: datetime.date) -> str:
        """The outcome as it stood at the end of ``day``: pending until decided."""
        if self.decided_on is None or self.decided_on > day:
            return ReviewOutcome.PENDING
        return self.outcome


class ReportedDecision(models.Model):
    """The decision the annual report counted for an application that was later reopened.

    Section 三 counts every application once, in the year and row of its *first* closing; the new
    decision after a corrected review changes the application but not what earlier reports counted, so
    that R1 (一+二 = (七)+四) and R6 (二 = last year's 四) hold by construction. Written once, at the first
    reopening; later reopenings leave it alone.
    """

    application = models.OneToOneField(
        Application, verbose_name=_("application"), on_delete=models.CASCADE, related_name="reported_decision"
    )
    outcome = models.CharField(_("decision counted"), max_length=40, choices=decision_choices)
    decided_on = models.DateField(_("decided on"), null=True, blank=True)
    closed_on = models.DateField(_("closed on"))
    reopened_on = models.DateField(_("first reopened on"))
    review = models.ForeignKey(
        Review,
        verbose_name=_("review case"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta:
        verbose_name = _("decision counted before reopening")
        verbose_name_plural = _("decisions counted before reopening")

    def __str__(self) -> str:
        return f"{self.application} · {self.get_outcome_display()} · {self.closed_on}"
