from typing import Any

from django.http import HttpRequest

from gongkai.agencies import access
from gongkai.agencies.models import Agency


def workspace(request: HttpRequest) -> dict[str, Any]:
    """The agencies a signed-in staff member works for, for the workspace layout's agency switcher —
    queried only when a page shows it (templates call a callable)."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}

    def agencies() -> list[Agency]:
        return list(Agency.objects.filter(pk__in=access.roles_by_agency(user)).order_by("name"))

    return {"my_agencies": agencies}
