"""API tokens: create (shown once), check (by hash, constant-time at the database's unique index)."""

from __future__ import annotations

import hashlib
import secrets
from typing import Any

from django.db import transaction
from django.utils import timezone

from .models import ApiToken

PREFIX = "gk_"


def digest(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


@transaction.atomic
def do_create_api_token(user: Any, name: str) -> tuple[ApiToken, str]:
    """A new token for ``user``; returns the row and the token itself, which is not stored."""
    token = PREFIX + secrets.token_urlsafe(32)
    row = ApiToken.objects.create(user=user, name=name, prefix=token[:10], key_hash=digest(token))
    return row, token


def user_for_token(token: str) -> Any | None:
    """The active user a token belongs to, or None; notes when it was last used."""
    if not token.startswith(PREFIX):
        return None
    row = ApiToken.objects.active().select_related("user").filter(key_hash=digest(token)).first()
    if row is None:
        return None
    ApiToken.objects.filter(pk=row.pk).update(last_used_at=timezone.now())
    return row.user
