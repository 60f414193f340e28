"""Model fields that encrypt their value at rest (see ``lib.crypto``). They keep the form field and the
validators of the field they extend, but store text (ciphertext is longer) and cannot be filtered on:
equality lookups go through a digest column instead."""

from __future__ import annotations

from typing import Any

from django.db import models

from . import crypto


class EncryptedMixin:
    def get_internal_type(self) -> str:
        return "TextField"

    def from_db_value(self, value: Any, expression: Any, connection: Any) -> Any:
        return value if value is None else crypto.decrypt(value)

    def get_prep_value(self, value: Any) -> Any:
        value = super().get_prep_value(value)  # type: ignore[misc]
        return value if value in (None, "") else crypto.encrypt(str(value))


class EncryptedCharField(EncryptedMixin, models.CharField):
    pass


class EncryptedEmailField(EncryptedMixin, models.EmailField):
    pass
