"""Field-level encryption of applicants' personal data (ID numbers and contacts) and keyed digests for the
lookups that still need equality (the same applicant's other applications).

Keys come from the environment (``GONGKAI_DATA_KEYS``, comma-separated Fernet keys, the first encrypts and
all decrypt, so keys can be rotated); in development a key is generated and kept under ``./var``.
Ciphertext is stored as ``enc1:<Fernet token>``; a value without the prefix is read as it is, so rows
written before encryption stay readable until they are saved again.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
from functools import lru_cache

from cryptography.fernet import Fernet, MultiFernet
from django.conf import settings

PREFIX = "enc1:"


@lru_cache(maxsize=4)
def _fernet(keys: tuple[str, ...]) -> MultiFernet:
    return MultiFernet([Fernet(key.encode()) for key in keys])


def _keys() -> tuple[str, ...]:
    return tuple(settings.GONGKAI_DATA_KEYS)


def encrypt(text: str) -> str:
    return PREFIX + _fernet(_keys()).encrypt(text.encode()).decode()


def decrypt(value: str) -> str:
    if not value.startswith(PREFIX):
        return value
    return _fernet(_keys()).decrypt(value[len(PREFIX) :].encode()).decode()


def digest(text: str) -> str:
    """A keyed hash for equality lookups: equal inputs give equal digests, and without the key the digest
    tells nothing (an ID number's few million candidates cannot be tried)."""
    key = hashlib.sha256(b"gongkai-digest|" + base64.urlsafe_b64decode(_keys()[0].encode())).digest()
    return hmac.new(key, text.strip().upper().encode(), hashlib.sha256).hexdigest()


def new_key() -> str:
    return Fernet.generate_key().decode()
