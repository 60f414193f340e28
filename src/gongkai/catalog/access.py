"""Who may see which catalog records: built on ``gongkai.agencies.access``, which decides everything."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.core.exceptions import PermissionDenied
from django.http import Http404

from gongkai.agencies.access import Action, agencies_for, can

from .models import Document

if TYPE_CHECKING:
    from gongkai.agencies.access import AnyUser


def access_document(user: AnyUser, pk: int, action: Action = Action.VIEW) -> Document:
    """A document of an agency the user may see (404 otherwise), and may ``action`` on (403 otherwise)."""
    document = (
        Document.objects.select_related("agency", "topic", "genre")
        .filter(pk=pk, agency__in=agencies_for(user, Action.VIEW))
        .first()
    )
    if document is None:
        raise Http404("No such document.")
    if action != Action.VIEW and not can(user, action, document.agency):
        raise PermissionDenied
    return document


def public_document(pk: int) -> Document:
    """A document the portal shows to anyone, or 404."""
    document = Document.objects.public().select_related("agency", "topic", "genre").filter(pk=pk).first()
    if document is None:
        raise Http404("No such document.")
    return document
