"""What changes which portal pages: the page cache's generations (``gongkai.lib.pagecache``) replaced when a
transaction that saved or deleted a row they show commits — whichever action, admin page or command saved
it. Connected once the apps are ready (``ops.apps``)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.db.models.signals import post_delete, post_save

from gongkai.catalog.models import Document
from gongkai.lib.pagecache import CATALOG, REPORTS, SITE, invalidate_on_commit


def _changed_site(sender: Any, instance: Any, **kwargs: Any) -> None:
    """An agency (its name shows in breadcrumbs, lists, the home page) or a topic or genre (in every
    catalog's filters) changed."""
    invalidate_on_commit(SITE)


def _changed_document(sender: Any, instance: Any, **kwargs: Any) -> None:
    invalidate_on_commit(CATALOG, f"agency:{instance.agency_id}")


def _changed_attachment(sender: Any, instance: Any, **kwargs: Any) -> None:
    agency_ids = Document.objects.filter(pk=instance.document_id).values_list("agency_id", flat=True)
    invalidate_on_commit(CATALOG, *(f"agency:{pk}" for pk in agency_ids))


def _changed_guide(sender: Any, instance: Any, **kwargs: Any) -> None:
    invalidate_on_commit(f"agency:{instance.agency_id}")


def _changed_report(sender: Any, instance: Any, **kwargs: Any) -> None:
    invalidate_on_commit(REPORTS, f"agency:{instance.agency_id}")


RECEIVERS: list[tuple[str, Callable[..., None]]] = [
    ("agencies.Agency", _changed_site),
    ("catalog.Topic", _changed_site),
    ("catalog.Genre", _changed_site),
    ("catalog.Document", _changed_document),
    ("catalog.Attachment", _changed_attachment),
    ("catalog.Guide", _changed_guide),
    ("reports.Report", _changed_report),
]


def connect_signals() -> None:
    """Called once when the apps are ready (``ops.apps``)."""
    for model, receiver in RECEIVERS:
        for signal in (post_save, post_delete):
            signal.connect(receiver, sender=model, dispatch_uid=f"pagecache:{model}:{signal is post_save}")
