"""Writes to agencies and roles. Views, admin, commands and tests all call these; each writes its
``AgencyEvent`` (the audit log) in the same transaction."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone

from .access import Action, can, is_superuser, recorded_as
from .models import Agency, AgencyEvent, Membership

if TYPE_CHECKING:
    from django.contrib.auth.models import User

    from .access import Actor

# What an agency's administrators change themselves; the tree (names, codes, places) is the platform's.
DETAIL_FIELDS = ("short_name", "website")
TREE_FIELDS = ("name", "credit_code", "level", "parent", "may_make_rules", "position")


class NotAllowed(PermissionDenied):
    """The actor's role does not allow the action: a 403 where a view lets it through."""


def _log(agency: Agency, actor: Actor, kind: str, note: str = "") -> None:
    """One entry of the agency's audit log."""
    AgencyEvent.objects.create(
        at=timezone.now(), agency=agency, actor=recorded_as(actor), kind=kind, note=note
    )


@transaction.atomic
def do_create_agency(actor: Actor, **fields: Any) -> Agency:
    """A new agency in the tree: the tree is the platform's, so only a superuser adds one."""
    if actor is None or not is_superuser(actor):
        raise NotAllowed
    agency = Agency(**{name: value for name, value in fields.items() if name in DETAIL_FIELDS + TREE_FIELDS})
    agency.full_clean()
    agency.save()
    _log(agency, actor, AgencyEvent.Kind.CREATED)
    return agency


@transaction.atomic
def do_update_agency_details(actor: Actor, agency: Agency, **changes: Any) -> Agency:
    """Change ``agency``'s details: its administrators the ``DETAIL_FIELDS``, a superuser the tree's fields
    too. Nothing is written (and nothing logged) when no value differs."""
    if actor is None or not can(actor, Action.ADMINISTER, agency):
        raise NotAllowed
    allowed = DETAIL_FIELDS + (TREE_FIELDS if is_superuser(actor) else ())
    changed = [name for name, value in changes.items() if getattr(agency, name) != value]
    if any(name not in allowed for name in changed):
        raise NotAllowed
    if not changed:
        return agency
    for name in changed:
        setattr(agency, name, changes[name])
    agency.full_clean()
    agency.save()
    labels = ", ".join(str(field.verbose_name) for field in Agency._meta.fields if field.name in changed)
    _log(agency, actor, AgencyEvent.Kind.DETAILS_CHANGED, labels)
    return agency


@transaction.atomic
def do_grant_role(actor: Actor, user: User, agency: Agency, role: str) -> Membership:
    """Give ``user`` ``role`` in ``agency``; only the agency's administrators (or a superuser) may."""
    if actor is None or not can(actor, Action.ADMINISTER, agency):
        raise NotAllowed
    membership, created = Membership.objects.get_or_create(user=user, agency=agency, role=role)
    if created:
        _log(agency, actor, AgencyEvent.Kind.ROLE_GRANTED, _role_note(membership))
    return membership


@transaction.atomic
def do_revoke_role(actor: Actor, membership: Membership) -> None:
    """Take a role away; only the agency's administrators (or a superuser) may."""
    if actor is None or not can(actor, Action.ADMINISTER, membership.agency):
        raise NotAllowed
    note = _role_note(membership)
    membership.delete()
    _log(membership.agency, actor, AgencyEvent.Kind.ROLE_REVOKED, note)


def _role_note(membership: Membership) -> str:
    return f"{membership.user.get_username()}: {membership.get_role_display()}"
