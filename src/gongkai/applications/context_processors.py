from typing import Any

from django.http import HttpRequest


def reminders(request: HttpRequest) -> dict[str, Any]:
    """The signed-in staff member's unread reminders, counted for the header (one COUNT query)."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    return {"unread_reminders": user.reminders.filter(read_at__isnull=True).count()}
