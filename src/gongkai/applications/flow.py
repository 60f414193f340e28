"""What the case page and the workspace show of the draft → approve step and of the messages to the
applicant: read-only questions, asked by the views."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from gongkai.agencies.access import Action, agencies_for, can

from .models import Application, DecisionDraft, Notification
from .verbs import LETTER_VERBS, VERB_TITLES

if TYPE_CHECKING:
    from gongkai.agencies.access import AnyUser

# The title of each letter-issuing step's form, on the preview page: the words of its button.
LETTER_TITLES = {verb: VERB_TITLES[verb] for verb in LETTER_VERBS}


def case_panels(user: AnyUser, application: Application) -> dict[str, Any]:
    """The case page's draft panel and its messages to the applicant."""
    drafts = list(application.drafts.select_related("drafted_by", "reviewed_by").order_by("-version"))
    return {
        "drafts": drafts,
        "latest_draft": drafts[0] if drafts else None,
        "may_draft": application.is_open and can(user, Action.WORK, application.agency),
        "may_approve": can(user, Action.APPROVE, application.agency),
        "notifications": application.notifications.select_related("letter").order_by("-created_at", "-pk"),
        "may_resend": can(user, Action.WORK, application.agency),
    }


def drafts_waiting_for(user: AnyUser) -> Any:
    """The drafts waiting for approval in the agencies where ``user`` approves, oldest first."""
    return (
        DecisionDraft.objects.filter(
            state=DecisionDraft.State.PENDING, application__agency__in=agencies_for(user, Action.APPROVE)
        )
        .select_related("application", "application__agency", "drafted_by")
        .order_by("drafted_at", "pk")
    )


def sent_notifications(application: Application) -> Any:
    """What the tracking page says the applicant was told, and when."""
    return application.notifications.filter(state=Notification.State.SENT).order_by("sent_at", "pk")
