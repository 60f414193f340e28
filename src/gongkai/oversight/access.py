"""Who may use the oversight pages, asked of ``agencies.access`` (the one permission table).

The dashboard and batch audits belong to oversight offices (and superusers); what they show is limited to
``agencies_for(user, VIEW)`` — an oversight role's subtree. A job is seen by whoever may view its scope.
"""

from __future__ import annotations

from typing import Any

from django.http import Http404

from gongkai.agencies.access import Action, agencies_for, can
from gongkai.agencies.models import Agency, AgencyQuerySet, Membership

from .models import AuditJob


def oversight_agencies(user: Any) -> AgencyQuerySet:
    """The agencies where ``user`` holds the oversight role (the roots of the subtrees overseen)."""
    if not user.is_authenticated or not user.is_active:
        return Agency.objects.none()
    return Agency.objects.filter(
        memberships__user_id=user.pk, memberships__role=Membership.Role.OVERSIGHT
    ).distinct()


def is_overseer(user: Any) -> bool:
    """An oversight office's member or a superuser: may use the dashboard and batch audits."""
    if not user.is_authenticated or not user.is_active:
        return False
    return bool(user.is_superuser) or oversight_agencies(user).exists()


def overseen(user: Any) -> AgencyQuerySet:
    """The agencies the dashboard lists for ``user``; 404 for anyone who is not an overseer."""
    if not is_overseer(user):
        raise Http404("No oversight role.")
    return agencies_for(user, Action.VIEW)


def job_scope(user: Any) -> Agency | None:
    """The scope of a job ``user`` starts: their (first) oversight office, or everything for a superuser."""
    if not is_overseer(user):
        raise Http404("No oversight role.")
    root = oversight_agencies(user).order_by("path").first()
    if root is None and not user.is_superuser:
        raise Http404("No oversight role.")
    return root


def access_job(user: Any, pk: int) -> AuditJob:
    """The job ``pk`` if ``user`` may see it: an overseer who may view the job's scope (404 otherwise)."""
    job = AuditJob.objects.select_related("scope", "created_by").filter(pk=pk).first()
    if job is None or not is_overseer(user):
        raise Http404("No such audit.")
    if job.scope is None:
        if not user.is_superuser:
            raise Http404("No such audit.")
    elif not can(user, Action.VIEW, job.scope):
        raise Http404("No such audit.")
    return job


def jobs_for(user: Any) -> list[AuditJob]:
    if not is_overseer(user):
        return []
    visible = agencies_for(user, Action.VIEW)
    jobs = AuditJob.objects.select_related("scope", "created_by")
    if not user.is_superuser:
        jobs = jobs.filter(scope__in=visible)
    return list(jobs[:50])
