"""The agency tree (province → city → district/county → department/township) and per-agency roles."""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.db.models import Value
from django.db.models.functions import Concat, Substr
from django.utils.translation import gettext_lazy as _

from gongkai.lib import uscc


def validate_credit_code(value: str) -> None:
    if not uscc.is_valid(value):
        raise ValidationError(
            _("“%(value)s” is not a valid unified social credit code (18 characters, check character last)."),
            params={"value": value},
        )


class AgencyQuerySet(models.QuerySet["Agency"]):
    def subtree(self, root: Agency) -> AgencyQuerySet:
        """The agency and every agency below it (the oversight office's reach)."""
        return self.filter(path__startswith=root.path)

    def by_name_or_code(self, value: str) -> AgencyQuerySet:
        return self.filter(models.Q(name=value) | models.Q(short_name=value) | models.Q(credit_code=value))


class Agency(models.Model):
    class Level(models.TextChoices):
        STATE_COUNCIL = "state_council", _("State Council department")
        PROVINCE = "province", _("Province")
        CITY = "city", _("City")
        DISTRICT = "district", _("District or county")
        DEPARTMENT = "department", _("Department")
        TOWNSHIP = "township", _("Township or subdistrict")

    name = models.CharField(_("full name"), max_length=100, unique=True)
    short_name = models.CharField(_("short name"), max_length=50, blank=True)
    credit_code = models.CharField(
        _("unified social credit code"),
        max_length=18,
        unique=True,
        null=True,
        blank=True,
        validators=[validate_credit_code],
    )
    level = models.CharField(_("level"), max_length=20, choices=Level.choices)
    parent = models.ForeignKey(
        "self",
        verbose_name=_("parent agency"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="children",
    )
    website = models.URLField(_("website"), blank=True)
    may_make_rules = models.BooleanField(
        _("may make rules (规章)"),
        default=False,
        help_text=_(
            "State Council departments, provincial governments and governments of cities with districts."
        ),
    )
    position = models.PositiveIntegerField(_("position among its siblings"), default=0)
    # Materialised path of primary keys ("/1/4/17/"): subtree queries are one indexed prefix match,
    # which the oversight office's every page needs.
    path = models.CharField(max_length=255, editable=False, db_index=True, default="")

    objects = AgencyQuerySet.as_manager()

    class Meta:
        verbose_name = _("agency")
        verbose_name_plural = _("agencies")
        ordering = ["path"]

    def __str__(self) -> str:
        return self.name

    @transaction.atomic
    def save(self, *args, **kwargs) -> None:
        if self.credit_code == "":
            self.credit_code = None
        old_path = self.path
        if self.pk is None:
            super().save(*args, **kwargs)
            kwargs = {}
        self.path = (self.parent.path if self.parent else "/") + f"{self.pk}/"
        super().save(*args, **kwargs)
        if old_path and old_path != self.path:
            # Moved: re-root the whole subtree in one statement.
            Agency.objects.filter(path__startswith=old_path).exclude(pk=self.pk).update(
                path=Concat(Value(self.path), Substr("path", len(old_path) + 1))
            )

    def clean(self) -> None:
        if self.parent_id and self.pk and self.parent is not None and self.parent.path.startswith(self.path):
            raise ValidationError({"parent": _("An agency cannot be placed below itself.")})
        if self.credit_code:
            self.credit_code = self.credit_code.strip().upper()

    @property
    def display_name(self) -> str:
        return self.short_name or self.name

    @property
    def depth(self) -> int:
        return self.path.count("/") - 1

    def ancestors(self) -> list[Agency]:
        """From the root down to the parent."""
        ids = [int(part) for part in self.path.strip("/").split("/")[:-1] if part]
        by_id = Agency.objects.in_bulk(ids)
        return [by_id[i] for i in ids if i in by_id]


class Membership(models.Model):
    """A user's role in one agency. Oversight reaches every agency below; the others only this one."""

    class Role(models.TextChoices):
        CLERK = "clerk", _("Clerk (经办人)")
        APPROVER = "approver", _("Approver (审核人)")
        AGENCY_ADMIN = "agency_admin", _("Agency administrator")
        OVERSIGHT = "oversight", _("Oversight office (政务公开办)")
        # 条例第十七条: the agency's 保密审查 before information is published, by the person it assigns.
        SECRECY_REVIEWER = "secrecy_reviewer", _("Secrecy reviewer (保密审查)")
        # 第三十三条第二款: an extension needs the consent of the head of the disclosure office, a person the
        # agency names; the role is granted on its own, next to the person's other role.
        DISCLOSURE_HEAD = "disclosure_head", _("Head of the disclosure office (政府信息公开工作机构负责人)")

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("user"), on_delete=models.CASCADE, related_name="memberships"
    )
    agency = models.ForeignKey(
        Agency, verbose_name=_("agency"), on_delete=models.CASCADE, related_name="memberships"
    )
    role = models.CharField(_("role"), max_length=20, choices=Role.choices)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        verbose_name = _("membership")
        verbose_name_plural = _("memberships")
        constraints = [models.UniqueConstraint(fields=["user", "agency", "role"], name="unique_membership")]

    def __str__(self) -> str:
        return f"{self.user} · {self.agency} · {self.get_role_display()}"


class ApiTokenQuerySet(models.QuerySet["ApiToken"]):
    def active(self) -> ApiTokenQuerySet:
        return self.filter(revoked_at__isnull=True, user__is_active=True)


class ApiToken(models.Model):
    """A staff member's key for the REST API (another system acting for that user, e.g. a 12345 hotline).

    Only a hash is stored; the token is shown once, when created. The token acts with exactly its user's
    roles, through ``access`` like every other request.
    """

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("user"), on_delete=models.CASCADE, related_name="api_tokens"
    )
    name = models.CharField(_("name"), max_length=100, help_text=_("Which system uses it."))
    prefix = models.CharField(_("prefix"), max_length=12, editable=False)
    key_hash = models.CharField(max_length=64, unique=True, editable=False)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    last_used_at = models.DateTimeField(_("last used at"), null=True, blank=True, editable=False)
    revoked_at = models.DateTimeField(_("revoked at"), null=True, blank=True)

    objects = ApiTokenQuerySet.as_manager()

    class Meta:
        verbose_name = _("API token")
        verbose_name_plural = _("API tokens")

    def __str__(self) -> str:
        return f"{self.prefix}… ({self.name})"


class AuditEntry(models.Model):
    """One entry of an audit log, written by an action in its transaction: who acted (``None``: the
    system), when, and a note. Each log (``AgencyEvent``, ``reports.ReportEvent``) adds the record it is
    about and its kinds."""

    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    at = models.DateTimeField(_("at"))
    note = models.TextField(_("note"), blank=True)

    class Meta:
        abstract = True
        ordering = ["at", "id"]


class AgencyEvent(AuditEntry):
    """The audit log of an agency's details and its users' roles (``agencies.actions``)."""

    class Kind(models.TextChoices):
        CREATED = "created", _("Created")
        DETAILS_CHANGED = "details_changed", _("Details changed")
        ROLE_GRANTED = "role_granted", _("Role granted")
        ROLE_REVOKED = "role_revoked", _("Role revoked")

    agency = models.ForeignKey(
        Agency, verbose_name=_("agency"), on_delete=models.CASCADE, related_name="events"
    )
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)

    objects: models.Manager[AgencyEvent] = models.Manager()

    class Meta(AuditEntry.Meta):
        verbose_name = _("agency event")
        verbose_name_plural = _("agency events")

    def __str__(self) -> str:
        return f"{self.agency} {self.kind} {self.at:%Y-%m-%d %H:%M}"
