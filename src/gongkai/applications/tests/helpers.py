from __future__ import annotations

import datetime
from typing import Any

from gongkai.lib import idcard

from .. import actions
from ..models import Application

# Values every form field must answer without a server error (the fuzz test and benchmarks/fuzz.py).
NASTY_VALUES = (
    "",
    " ",
    "<script>alert(1)</script>",
    "😀😀",
    "张\x00明",
    "330411198507152310",  # a wrong check digit
    "９１３３０４１１ＭＡ２Ｂ０００１０Ｘ",  # full width
    "'; DROP TABLE applications_application; --",
    "\u202eevil",
    "a" * 300,
)


def valid_id_number(body: str = "33041119850715231") -> str:
    return body + idcard.check_character(body)


def applicant(**changes: Any) -> dict[str, Any]:
    fields = {
        "applicant_kind": "natural_person",
        "applicant_name": "张明",
        "id_document": "resident_id",
        "id_number": valid_id_number(),
        "contact_person": "",
        "phone": "13905730000",
        "email": "zhang@example.org",
        "address": "嘉兴市秀洲区洪兴路1号",
        "postcode": "314000",
        "description": "2019年度工业企业技术改造补助资金拨付明细",
        "purpose": "",
        "form_wanted": "electronic",
        "delivery_wanted": "email",
    }
    fields.update(changes)
    return fields


def register(actor: Any, agency: Any, received_on: datetime.date, **changes: Any) -> Application:
    return actions.do_register_application(
        actor, agency, applicant(**changes), channel="in_person", received_on=received_on
    )


def look_up(client: Any, application: Application, check: str = "", address: str = "198.51.100.99") -> Any:
    """Look the application up as its applicant does: tracking code and the telephone's last four digits,
    posted; the client's session then holds it."""
    data = {"code": application.tracking_code, "check": check or application.phone[-4:]}
    return client.post("/track/", data, REMOTE_ADDR=address)
