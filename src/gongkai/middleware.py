"""Request checks that hold for every page and API operation."""

from __future__ import annotations

from collections.abc import Callable

from django.http import HttpRequest, HttpResponse, JsonResponse
from django.utils.translation import gettext as _

from gongkai.errors import error_page


class RejectNulBytes:
    """A NUL character in the query string is never meaningful text, and PostgreSQL refuses it in text
    columns: answer 400 at the door instead of a server error deep inside a filter. (Form and JSON fields
    are checked where they are validated: Django's CharField refuses NUL with a message on the field.)"""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        query = request.META.get("QUERY_STRING", "")
        if "\x00" in query or "%00" in query:
            message = _("The request contains a NUL character.")
            if request.path.startswith("/api/"):
                return JsonResponse({"detail": message}, status=400)  # the API's one error shape
            return error_page(request, 400, reason=message)
        return self.get_response(request)
