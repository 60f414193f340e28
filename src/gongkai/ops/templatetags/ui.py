"""Template helpers of the design system (templates/components/)."""

from django import template

register = template.Library()

# The colour of a record's status in a status tag: done is green, waiting on someone is amber, a failure red,
# work in progress blue, anything else grey. Keys are the status values of the apps' TextChoices.
TONES = {
    "published": "success",
    "done": "success",
    "decided": "success",
    "closed": "secondary",
    "draft": "secondary",
    "queued": "secondary",
    "in_review": "warning",
    "running": "primary",
    "failed": "danger",
}


@register.filter
def tone(status: str) -> str:
    """The status tag's tone for a status value (``{% include "components/status_tag.html" with
    tone=document.status|tone %}``)."""
    return TONES.get(str(status), "secondary")
