"""Who may do what, written once.

Every view, API endpoint, admin page and command asks these functions; none decides access on its own.
Roles are held per agency (``Membership``):

==============  ==========================================  ===========================================
role            reach                                       may
==============  ==========================================  ===========================================
clerk           its agency                                  view, work (draft, enter, process)
approver        its agency                                  view, work, approve (decisions, extensions,
                                                            publishing)
agency_admin    its agency                                  view, work, approve, administer (the
                                                            agency's details and its users' roles)
oversight       its agency and every agency below it        view — read-only
disclosure_head its agency                                  view, consent to extensions (第三十三条第二款)
superuser       everything                                  everything
==============  ==========================================  ===========================================

What a user may not see answers 404 (``access_agency``), so that staff cannot probe for other agencies'
records; what a user may see but not change answers 403.

Seeing a case is not handling it: an applicant's personal data is shown in clear only to those who
``handle`` the case's agency (a role there that works cases); oversight and superusers see it masked
unless they reveal it, with a reason (``applications.access.sees_personal_data``).
"""

from __future__ import annotations

from enum import StrEnum
from typing import TYPE_CHECKING

from django.core.exceptions import PermissionDenied
from django.db.models import Q
from django.http import Http404
from django.utils.translation import gettext as _

from .models import Agency, AgencyQuerySet, Membership

if TYPE_CHECKING:
    from django.contrib.auth.models import AbstractBaseUser, AnonymousUser

    AnyUser = AbstractBaseUser | AnonymousUser


class Action(StrEnum):
    VIEW = "view"
    WORK = "work"
    APPROVE = "approve"
    ADMINISTER = "administer"
    CONSENT_EXTENSION = "consent_extension"  # the head of the disclosure office's own (第三十三条第二款)


ROLE_ACTIONS: dict[str, frozenset[Action]] = {
    Membership.Role.CLERK: frozenset({Action.VIEW, Action.WORK}),
    Membership.Role.APPROVER: frozenset({Action.VIEW, Action.WORK, Action.APPROVE}),
    Membership.Role.AGENCY_ADMIN: frozenset({Action.VIEW, Action.WORK, Action.APPROVE, Action.ADMINISTER}),
    Membership.Role.OVERSIGHT: frozenset({Action.VIEW}),
    Membership.Role.DISCLOSURE_HEAD: frozenset({Action.VIEW, Action.CONSENT_EXTENSION}),
}


def refusal(action: Action) -> str:
    """Why a user without ``action`` on an agency was refused: a sentence for the page, naming the roles
    that may (``ROLE_ACTIONS``)."""
    if action == Action.WORK:
        return _("Only the agency's clerks, approvers and administrators may do this; your role does not.")
    if action == Action.APPROVE:
        return _("Only the agency's approvers and administrators may do this; your role does not.")
    if action == Action.CONSENT_EXTENSION:
        return _(
            "Only the head of the agency's disclosure office may consent to an extension (Article 33(2)); "
            "your role does not."
        )
    return _("Only the agency's administrators may do this; your role does not.")


def _is_superuser(user: AnyUser) -> bool:
    return bool(user.is_authenticated and getattr(user, "is_superuser", False) and user.is_active)


def agencies_for(user: AnyUser, action: Action = Action.VIEW) -> AgencyQuerySet:
    """The agencies on which ``user`` may perform ``action``, as a queryset."""
    if not user.is_authenticated or not user.is_active:
        return Agency.objects.none()
    if _is_superuser(user):
        return Agency.objects.all()
    memberships = Membership.objects.filter(user_id=user.pk).select_related("agency")
    condition = Q(pk__in=[])
    for membership in memberships:
        if action not in ROLE_ACTIONS[membership.role]:
            continue
        if membership.role == Membership.Role.OVERSIGHT:
            condition |= Q(path__startswith=membership.agency.path)
        else:
            condition |= Q(pk=membership.agency_id)
    return Agency.objects.filter(condition)


def can(user: AnyUser, action: Action, agency: Agency) -> bool:
    """May ``user`` perform ``action`` on (the records of) ``agency``?"""
    if not user.is_authenticated or not user.is_active:
        return False
    if _is_superuser(user):
        return True
    for membership in Membership.objects.filter(user_id=user.pk).select_related("agency"):
        if action not in ROLE_ACTIONS[membership.role]:
            continue
        if membership.role == Membership.Role.OVERSIGHT:
            if agency.path.startswith(membership.agency.path):
                return True
        elif membership.agency_id == agency.pk:
            return True
    return False


def handles(user: AnyUser, agency: Agency) -> bool:
    """Does ``user`` handle ``agency``'s cases: hold a role *in that agency* that works them (clerk,
    approver, administrator)? Oversight's reach and a superuser's do not count."""
    if not user.is_authenticated or not user.is_active:
        return False
    working = [role for role, actions in ROLE_ACTIONS.items() if Action.WORK in actions]
    return Membership.objects.filter(user_id=user.pk, agency_id=agency.pk, role__in=working).exists()


def is_staff_member(user: AnyUser) -> bool:
    """Staff of any agency (or a superuser): may use the workspace at all."""
    if not user.is_authenticated or not user.is_active:
        return False
    return _is_superuser(user) or Membership.objects.filter(user_id=user.pk).exists()


def access_agency(user: AnyUser, pk: int, action: Action = Action.VIEW) -> Agency:
    """The agency ``pk`` if ``user`` may perform ``action`` on it.

    404 where the user may not even see it (so that its existence is not revealed), 403 where the user
    sees it but may not perform ``action``.
    """
    agency = agencies_for(user, Action.VIEW).filter(pk=pk).first()
    if agency is None:
        raise Http404("No such agency.")
    if action != Action.VIEW and not can(user, action, agency):
        raise PermissionDenied(refusal(action))
    return agency


def roles_by_agency(user: AnyUser) -> dict[int, list[str]]:
    """For display: the role labels the user holds, per agency id."""
    result: dict[int, list[str]] = {}
    if not user.is_authenticated:
        return result
    for membership in Membership.objects.filter(user_id=user.pk):
        result.setdefault(membership.agency_id, []).append(membership.get_role_display())
    return result
