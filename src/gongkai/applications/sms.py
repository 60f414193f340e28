"""Text messages to applicants, through a pluggable backend (``settings.GONGKAI_SMS_BACKEND``, a dotted
path to a class with ``send(to, text)`` that raises ``SmsError`` when the message did not go).

China's SMS gateways differ per province and vendor; the HTTP backend posts the one JSON shape
``{"to": …, "text": …}`` that a small adapter in front of any of them can take.
"""

from __future__ import annotations

import json
import sys
import urllib.error
import urllib.request
from pathlib import Path
from typing import Protocol

from django.conf import settings
from django.utils.module_loading import import_string


class SmsError(Exception):
    """The gateway did not take the message; the text says why (recorded on the notification)."""


class SmsBackend(Protocol):
    def send(self, to: str, text: str) -> None: ...


class ConsoleBackend:
    """For development: the message on standard output."""

    def send(self, to: str, text: str) -> None:
        sys.stdout.write(f"SMS to {to}: {text}\n")


class FileBackend:
    """For development and tests: each message appended as a JSON line to ``GONGKAI_SMS_FILE``."""

    def send(self, to: str, text: str) -> None:
        path = Path(settings.GONGKAI_SMS_FILE)
        path.parent.mkdir(parents=True, exist_ok=True)
        with path.open("a", encoding="utf-8") as out:
            out.write(json.dumps({"to": to, "text": text}, ensure_ascii=False) + "\n")


class HttpBackend:
    """Posts ``{"to", "text"}`` as JSON to ``GONGKAI_SMS_URL``; any answer but 2xx is a failure."""

    def send(self, to: str, text: str) -> None:
        url = settings.GONGKAI_SMS_URL
        if not url:
            raise SmsError("GONGKAI_SMS_URL is not set")
        headers = {"Content-Type": "application/json; charset=utf-8"}
        if settings.GONGKAI_SMS_TOKEN:
            headers["Authorization"] = f"Bearer {settings.GONGKAI_SMS_TOKEN}"
        body = json.dumps({"to": to, "text": text}, ensure_ascii=False).encode()
        request = urllib.request.Request(url, data=body, headers=headers, method="POST")
        try:
            with urllib.request.urlopen(request, timeout=settings.GONGKAI_SMS_TIMEOUT) as response:
                response.read()
        except urllib.error.HTTPError as error:
            raise SmsError(f"HTTP {error.code}: {error.read()[:200].decode(errors='replace')}") from error
        except (urllib.error.URLError, OSError) as error:
            raise SmsError(str(getattr(error, "reason", error))) from error


def backend() -> SmsBackend | None:
    """The configured backend, or None when the site sends no text messages."""
    path = settings.GONGKAI_SMS_BACKEND
    return import_string(path)() if path else None
