from typing import Any

from django import template

from gongkai.oversight.access import is_overseer as _is_overseer

register = template.Library()


@register.filter
def is_overseer(user: Any) -> bool:
    """For the workspace's link to the dashboard: does ``user`` hold an oversight role (or is a superuser)?"""
    return _is_overseer(user)
