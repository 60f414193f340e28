"""服务评价 (好差评, Rating): the person served rates a service — an application's reply, an inquiry's answer, a
closed difficulty case — on the national five-level scale, once (one rating per service: a unique
constraint), through a link only they hold. A 差评 (the last two levels) must get a follow-up (回访) and a
rectification (``rectifications.Rectification``) within a number of workdays. No one changes a rating."""

from __future__ import annotations

import datetime

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from gongkai.agencies.models import Agency, AuditEntry
from gongkai.applications.models import due_state
from gongkai.rectifications.models import Rectification


class ServiceKind(models.TextChoices):
    APPLICATION = "application", _("Application reply")
    INQUIRY = "inquiry", _("Inquiry answer")
    DIFFICULTY = "difficulty", _("Difficulty case")


class Level(models.IntegerChoices):
    VERY_SATISFIED = 5, _("Very satisfied")
    SATISFIED = 4, _("Satisfied")
    FAIRLY_SATISFIED = 3, _("Fairly satisfied")
    DISSATISFIED = 2, _("Dissatisfied")
    VERY_DISSATISFIED = 1, _("Very dissatisfied")


POOR_LEVELS = (Level.DISSATISFIED, Level.VERY_DISSATISFIED)  # 差评


class RatingQuerySet(models.QuerySet["Rating"]):
    def poor(self) -> RatingQuerySet:
        return self.filter(level__in=POOR_LEVELS)

    def awaiting(self) -> RatingQuerySet:
        """差评 still owing their follow-up or their recorded rectification."""
        return self.poor().filter(
            models.Q(followed_up_at__isnull=True) | models.Q(rectification__isnull=True)
        )

    def overdue(self, today: datetime.date) -> RatingQuerySet:
        """差评 whose follow-up and rectification were due before ``today`` and are not both recorded."""
        return self.awaiting().filter(due_on__lt=today)


class Rating(models.Model):
    agency = models.ForeignKey(Agency, verbose_name=_("agency"), on_delete=models.PROTECT, related_name="+")
    service_kind = models.CharField(_("service"), max_length=20, choices=ServiceKind.choices)
    service_code = models.CharField(_("tracking code"), max_length=20)
    level = models.PositiveSmallIntegerField(_("rating"), choices=Level.choices)
    comment = models.TextField(_("comment"), blank=True)
    rated_at = models.DateTimeField(_("rated at"))
    # A 差评's follow-up and rectification, due by ``due_on``.
    due_on = models.DateField(_("to be followed up and rectified by"), null=True, blank=True)
    follow_up = models.TextField(_("follow-up"), blank=True)
    followed_up_at = models.DateTimeField(_("followed up at"), null=True, blank=True)
    followed_up_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("followed up by"), null=True, blank=True,
        on_delete=models.SET_NULL, related_name="+",
    )  # fmt: skip
    rectification = models.OneToOneField(
        Rectification, verbose_name=_("rectification"), null=True, blank=True, on_delete=models.PROTECT,
        related_name="rating",
    )  # fmt: skip

    objects = RatingQuerySet.as_manager()

    class Meta:
        verbose_name = _("service rating")
        verbose_name_plural = _("service ratings")
        ordering = ["-rated_at"]
        constraints = [
            models.UniqueConstraint(fields=["service_kind", "service_code"], name="one_rating_per_service")
        ]

    def __str__(self) -> str:
        return f"{self.get_service_kind_display()} {self.service_code} {self.get_level_display()}"

    @property
    def is_poor(self) -> bool:
        return self.level in POOR_LEVELS

    @property
    def is_settled(self) -> bool:
        """A 差评 followed up and its rectification recorded (what is owed by ``due_on``); any other
        rating owes nothing."""
        return not self.is_poor or bool(self.followed_up_at and self.rectification_id)

    def deadline_state(self, today: datetime.date, due_soon_by: datetime.date | None = None) -> str:
        """For ``components/due_badge.html``, in the applications' and inquiries' meaning: closed once the
        差评 is followed up and its rectification recorded (or for a rating that is no 差评), else overdue
        after ``due_on`` (a workday of the one calendar), due soon within ``DUE_SOON_WORKDAYS`` workdays
        (a list passes ``due_soon_by``, read once) or on time."""
        if self.is_settled or self.due_on is None:
            return "closed"
        return due_state(self.due_on, today, due_soon_by)


class RatingEvent(AuditEntry):
    class Kind(models.TextChoices):
        RATED = "rated", _("Rated")
        FOLLOWED_UP = "followed_up", _("Followed up")
        RECTIFICATION = "rectification", _("Rectification recorded")

    rating = models.ForeignKey(
        Rating, verbose_name=_("rating"), on_delete=models.CASCADE, related_name="events"
    )
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)

    class Meta(AuditEntry.Meta):
        verbose_name = _("rating event")
        verbose_name_plural = _("rating events")

    def __str__(self) -> str:
        return f"{self.rating} {self.get_kind_display()}"
