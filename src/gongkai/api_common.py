"""What every API router shares: the one error shape (declared on every operation, so the OpenAPI document
tells clients) and the bounds of ids and pages."""

from __future__ import annotations

from typing import Annotated

from ninja import Schema
from pydantic import Field


class ErrorOut(Schema):
    detail: str
    errors: dict[str, list[str]] | None = None


ERRORS: dict[int, type[Schema]] = {code: ErrorOut for code in (400, 401, 403, 404, 422, 429)}

# A database id: bounded so that a huge number is a 422, not an overflow in the database driver.
Id = Annotated[int, Field(ge=1, le=2**63 - 1)]
