"""Shared helpers for the catalog tests: documents published through the real actions."""

from __future__ import annotations

import datetime
from typing import Any

from gongkai.agencies.models import Agency
from gongkai.catalog import actions
from gongkai.catalog.models import Document
from gongkai.testing import Cast

TODAY = datetime.date(2024, 6, 3)


def publish(cast: Cast, title: str, body: str = "", agency: Agency | None = None, **fields: Any) -> Document:
    """Draft as the clerk, submit, have it reviewed for secrets (第十七条), publish as the approver (in
    ``cast.agency`` unless told otherwise)."""
    agency = agency or cast.agency
    clerk, approver, reviewer = cast.clerk, cast.approver, cast.secrecy_reviewer
    if agency != cast.agency:
        clerk = approver = reviewer = cast.superuser
    today = fields.pop("today", TODAY)
    document = actions.do_create_document(clerk, agency, title=title, body=body, **fields)
    actions.do_submit_document(clerk, document)
    actions.do_record_secrecy_review(reviewer, document, cleared=True, on=today)
    return actions.do_publish_document(approver, document, today)
