"""An applicant's personal data as one staff member may see it: in clear or masked, as
``access.sees_personal_data`` decides. Pages, the API and the admin show it through here only."""

from __future__ import annotations

import datetime
from dataclasses import dataclass, replace
from typing import Any

from gongkai.lib import idcard
from gongkai.lib.masking import mask_address, mask_email, mask_phone, mask_postcode

from .access import revealed_until, sees_personal_data
from .models import Application

PERSONAL_FIELDS = ("id_number", "phone", "email", "address", "postcode")


@dataclass(frozen=True)
class PersonalData:
    in_clear: bool
    id_number: str
    phone: str
    email: str
    address: str
    postcode: str
    # Shown in clear by a reveal, until then (None: masked, or in clear because the reader handles the case).
    revealed_until: datetime.datetime | None = None


def personal_data(application: Application, *, in_clear: bool) -> PersonalData:
    if in_clear:
        return PersonalData(
            True,
            application.id_number,
            application.phone,
            application.email,
            application.address,
            application.postcode,
        )
    return PersonalData(
        False,
        idcard.mask(application.id_number),
        mask_phone(application.phone),
        mask_email(application.email),
        mask_address(application.address),
        mask_postcode(application.postcode),
    )


def personal_data_for(user: Any, application: Application, now: datetime.datetime) -> PersonalData:
    """The applicant's personal data as ``user`` (who may view the application) may see it at ``now``."""
    until = revealed_until(user, application, now)
    if until is None and not sees_personal_data(user, application, now):
        return personal_data(application, in_clear=False)
    return replace(personal_data(application, in_clear=True), revealed_until=until)


class AsSeen:
    """The application with its personal data replaced by what one reader may see (for the API's schemas,
    which read attributes)."""

    def __init__(self, application: Application, personal: PersonalData) -> None:
        self._application = application
        self._personal = personal

    def __getattr__(self, name: str) -> Any:
        if name in PERSONAL_FIELDS:
            return getattr(self._personal, name)
        return getattr(self._application, name)
