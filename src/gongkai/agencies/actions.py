"""Writes to agencies and roles. Views, admin, commands and tests all call these."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.core.exceptions import PermissionDenied
from django.db import transaction

from .access import Action, can
from .models import Agency, Membership

if TYPE_CHECKING:
    from django.contrib.auth.models import AbstractBaseUser


class NotAllowed(PermissionDenied):
    """The actor's role does not allow the action: a 403 where a view lets it through."""


@transaction.atomic
def do_update_agency_details(actor: AbstractBaseUser, agency: Agency, **changes: Any) -> Agency:
    if not can(actor, Action.ADMINISTER, agency):
        raise NotAllowed
    for field in ("short_name", "website"):
        if field in changes:
            setattr(agency, field, changes[field])
    agency.full_clean()
    agency.save()
    return agency


@transaction.atomic
def do_grant_role(actor: AbstractBaseUser, user: AbstractBaseUser, agency: Agency, role: str) -> Membership:
    """Give ``user`` ``role`` in ``agency``; only the agency's administrators (or a superuser) may."""
    if not can(actor, Action.ADMINISTER, agency):
        raise NotAllowed
    membership, _created = Membership.objects.get_or_create(user=user, agency=agency, role=role)
    return membership
