"""``{% worker_notice "audits" %}`` / ``{% worker_notice "reminders" %}``: on a page whose work waits for the
background worker, a notice when no worker has been seen recently (``gongkai.ops.worker``)."""

from __future__ import annotations

from typing import Any

from django import template

from gongkai.ops.worker import missing_minutes, worker_seen_recently

register = template.Library()


@register.inclusion_tag("ops/worker_notice.html")
def worker_notice(waiting: str) -> dict[str, Any]:
    """``waiting``: what waits for the worker on this page — "audits" or "reminders"."""
    return {"missing": not worker_seen_recently(), "waiting": waiting, "minutes": missing_minutes()}
