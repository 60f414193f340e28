"""Who may see and change which catalog records: built on ``gongkai.agencies.access``, which decides
everything."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.http import Http404

from gongkai.agencies.access import Action, access_record, can

from .models import Document

if TYPE_CHECKING:
    from gongkai.agencies.access import AnyUser

# The right each workflow step needs (which steps a document's state allows: ``Document.next_steps``).
STEP_RIGHTS: dict[str, Action] = {
    "submit": Action.WORK,
    "return": Action.APPROVE,
    "secrecy_review": Action.REVIEW_SECRECY,  # 第十七条: the person the agency assigned
    "publish": Action.APPROVE,
    "repeal": Action.APPROVE,
    "expire": Action.APPROVE,
}


def access_document(user: AnyUser, pk: int, action: Action = Action.VIEW) -> Document:
    """A document of an agency the user may see (404 otherwise), and may ``action`` on (403 otherwise)."""
    return access_record(user, Document.objects.select_related("agency", "topic", "genre"), pk, action)


def right_to_change(document: Document) -> Action:
    """What changing a document (its details, its attachments) needs: a published document is what the
    public reads, so its changes need an approver; a draft or a document in review, a clerk."""
    return Action.APPROVE if document.status == Document.Status.PUBLISHED else Action.WORK


def may_change(user: AnyUser, document: Document) -> bool:
    return can(user, right_to_change(document), document.agency)


def steps_for(user: AnyUser, document: Document) -> list[str]:
    """The workflow steps ``user`` may take on ``document`` now: what its page offers, and nothing else."""
    return [step for step in document.next_steps() if can(user, STEP_RIGHTS[step], document.agency)]


def public_document(pk: int) -> Document:
    """A document the portal shows to anyone, or 404."""
    document = Document.objects.public().select_related("agency", "topic", "genre").filter(pk=pk).first()
    if document is None:
        raise Http404("No such document.")
    return document
