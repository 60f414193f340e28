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
secrecy         its agency                                  view, review_secrecy (the 保密审查 a document
_reviewer                                                   needs before it is published, 第十七条)
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
from typing import TYPE_CHECKING, Any, TypeVar, cast

from django.core.exceptions import PermissionDenied
from django.db.models import Model, Q, QuerySet
from django.http import Http404
from django.utils.translation import gettext as _

from .models import Agency, AgencyQuerySet, Membership

if TYPE_CHECKING:
    from django.contrib.auth.models import AbstractBaseUser, AnonymousUser, User

    AnyUser = AbstractBaseUser | AnonymousUser
    # Who an action (``<app>.actions.do_*``) is done by: the request's user (an anonymous one is refused by
    # ``can`` like any other without the right), or ``None`` where the system acts (the daily sweep, a
    # command run by the operator) — only the actions that say so accept ``None``.
    Actor = AnyUser | None


Record = TypeVar("Record", bound=Model)
Records = TypeVar("Records", bound=QuerySet[Any])


class Action(StrEnum):
    VIEW = "view"
    WORK = "work"
    APPROVE = "approve"
    ADMINISTER = "administer"
    REVIEW_SECRECY = "review_secrecy"
    CONSENT_EXTENSION = "consent_extension"  # the head of the disclosure office's own (第三十三条第二款)


ROLE_ACTIONS: dict[str, frozenset[Action]] = {
    Membership.Role.CLERK: frozenset({Action.VIEW, Action.WORK}),
    Membership.Role.APPROVER: frozenset({Action.VIEW, Action.WORK, Action.APPROVE}),
    Membership.Role.AGENCY_ADMIN: frozenset({Action.VIEW, Action.WORK, Action.APPROVE, Action.ADMINISTER}),
    Membership.Role.OVERSIGHT: frozenset({Action.VIEW}),
    # A role of its own, granted by the agency's administrators (``actions.do_grant_role``): the person
    # the agency assigns to review documents for secrets before publication (条例第十七条).
    Membership.Role.SECRECY_REVIEWER: frozenset({Action.VIEW, Action.REVIEW_SECRECY}),
    Membership.Role.DISCLOSURE_HEAD: frozenset({Action.VIEW, Action.CONSENT_EXTENSION}),
}


def refusal(action: Action) -> str:
    """Why a user without ``action`` on an agency was refused: a sentence for the page, naming the roles
    that may (``ROLE_ACTIONS``)."""
    if action == Action.WORK:
        return _("Only the agency's clerks, approvers and administrators may do this; your role does not.")
    if action == Action.APPROVE:
        return _("Only the agency's approvers and administrators may do this; your role does not.")
    if action == Action.REVIEW_SECRECY:
        return _(
            "Only the person the agency has assigned to the secrecy review (保密审查) may do this; your "
            "role does not."
        )
    if action == Action.CONSENT_EXTENSION:
        return _(
            "Only the head of the agency's disclosure office may consent to an extension (Article 33(2)); "
            "your role does not."
        )
    return _("Only the agency's administrators may do this; your role does not.")


def recorded_as(actor: Actor) -> User | None:
    """Who an audit entry or a record names as having acted: the signed-in user, or ``None`` for the
    system (and for no one signed in, whom the actions refuse anyway)."""
    return cast("User", actor) if actor is not None and actor.is_authenticated else None


def is_superuser(user: AnyUser) -> bool:
    return bool(user.is_authenticated and getattr(user, "is_superuser", False) and user.is_active)


def agencies_for(user: AnyUser, action: Action = Action.VIEW) -> AgencyQuerySet:
    """The agencies on which ``user`` may perform ``action``, as a queryset."""
    if not user.is_authenticated or not user.is_active:
        return Agency.objects.none()
    if is_superuser(user):
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
    if is_superuser(user):
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


def others_who_may(user: AnyUser, action: Action, agency: Agency) -> bool:
    """Does anyone but ``user`` hold a role of ``agency`` itself that may ``action`` there (superusers and
    oversight offices not counted)? The four-eyes rule of a draft's approval asks it."""
    roles = [
        role
        for role, allowed in ROLE_ACTIONS.items()
        if action in allowed and role != Membership.Role.OVERSIGHT
    ]
    others = Membership.objects.filter(agency=agency, role__in=roles, user__is_active=True)
    if user.pk is not None:
        others = others.exclude(user_id=user.pk)
    return others.exists()


def may_use_form(user: AnyUser, action: Action, agency: Agency, method: str | None) -> bool:
    """For a page whose form needs ``action`` on ``agency``: may ``user`` use it? Asking for the form
    without the right is a 403 (it is not offered); a POST without it answers ``False``, so that the view
    shows the page again with the bound form and ``refusal(action)`` (``errors.refused``)."""
    allowed = can(user, action, agency)
    if not allowed and method != "POST":
        raise PermissionDenied(refusal(action))
    return allowed


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
    return is_superuser(user) or Membership.objects.filter(user_id=user.pk).exists()


def visible_to(user: AnyUser, records: Records) -> Records:
    """Those of ``records`` (of a model with an ``agency``) that ``user`` may see: of the agencies they
    may view."""
    return records.filter(agency__in=agencies_for(user, Action.VIEW))


def access_record(user: AnyUser, records: QuerySet[Record], pk: int, action: Action = Action.VIEW) -> Record:
    """The record ``pk`` of ``records`` — an agency, or a record of one (a model with an ``agency``) — if
    ``user`` may perform ``action`` on its agency.

    404 where the user may not even see it (so that its existence is not revealed), 403 where the user
    sees it but may not perform ``action``. Every app's ``access_<record>`` is this.
    """
    own = records.model is Agency
    visible = records.filter(pk__in=agencies_for(user, Action.VIEW)) if own else visible_to(user, records)
    found = visible.filter(pk=pk).first()
    if found is None:
        raise Http404(f"No such {records.model._meta.model_name}.")
    agency: Agency = found if isinstance(found, Agency) else found.agency  # type: ignore[attr-defined]
    if action != Action.VIEW and not can(user, action, agency):
        raise PermissionDenied(refusal(action))
    return found


def access_shared_record(
    user: AnyUser, records: QuerySet[Record], pk: int, agency_fields: tuple[str, ...]
) -> Record:
    """The record ``pk`` of ``records`` that several agencies share (a 交办 case: the receiving office and
    the agency it is assigned to), if ``user`` may view any of them; else 404. What the user may *do* on it
    is checked by the actions, on the agency each action belongs to."""
    viewable = agencies_for(user, Action.VIEW)
    condition = Q(pk__in=[])
    for name in agency_fields:
        condition |= Q(**{f"{name}__in": viewable})
    found = records.filter(condition).filter(pk=pk).first()
    if found is None:
        raise Http404(f"No such {records.model._meta.model_name}.")
    return found


def access_agency(user: AnyUser, pk: int, action: Action = Action.VIEW) -> Agency:
    """The agency ``pk`` if ``user`` may perform ``action`` on it (``access_record``)."""
    return access_record(user, Agency.objects.all(), pk, action)


def roles_by_agency(user: AnyUser) -> dict[int, list[str]]:
    """For display: the role labels the user holds, per agency id."""
    result: dict[int, list[str]] = {}
    if not user.is_authenticated:
        return result
    for membership in Membership.objects.filter(user_id=user.pk):
        result.setdefault(membership.agency_id, []).append(membership.get_role_display())
    return result
