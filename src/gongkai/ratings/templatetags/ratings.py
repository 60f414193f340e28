"""``{% rating_link kind code as url %}``: the one-time rating link of a finished service, for the pages of
the services themselves (the applications' tracking page asks through the template, so that applications
need not import ratings, which reads them)."""

from __future__ import annotations

from django import template

from gongkai.ratings import services

register = template.Library()


@register.simple_tag
def rating_link(kind: str, code: str) -> str:
    """The link while the service may be rated (done: an application replied to …), else ""."""
    return services.rating_url(kind, code) if services.rateable_agency(kind, code) else ""
