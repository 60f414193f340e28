from typing import Any

from django.http import HttpRequest
from django.utils import timezone


def reminders(request: HttpRequest) -> dict[str, Any]:
    """The signed-in staff member's unread reminders that still hold, counted for the header (one query)."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    unread = user.reminders.current(timezone.localdate()).filter(read_at__isnull=True)
    return {"unread_reminders": unread.count()}
