"""Masking an applicant's contact details for staff who may see a case but do not handle it.

Enough is left to tell records apart and to judge them (a mobile's network prefix, an e-mail's domain,
the district of an address, a postcode's county), never enough to reach the person. ID numbers are masked
by ``lib.idcard.mask``. Pure functions; who sees what is decided in ``applications.access``.
"""

from __future__ import annotations

import re

STARS = "****"

# One administrative division: a name of CJK characters and its suffix. Longest suffixes first, so that
# 自治区 is not read as a name ending in 区.
_SUFFIX = "特别行政区|自治区|自治州|自治县|自治旗|地区|省|市|州|盟|县|旗|区"
_DIVISION = re.compile(rf"([\u4e00-\u9fff]{{1,9}}?)({_SUFFIX})")
_COUNTY_LEVEL = ("县", "旗", "区", "自治县", "自治旗")
# Names that end like a district but are places inside one (a housing estate, a park, a campus), or hold
# the words of a town, a street or a house: what follows the district is what masking hides. A few real
# divisions (镇江市, 路桥区) are masked with them: too much hidden rather than too little.
_NOT_A_DIVISION = re.compile(r"小区|社区|园区|景区|校区|厂区|开发区|工业区|大道|街|路|镇|乡|村|号|弄|巷")


def mask_phone(phone: str) -> str:
    """The first three and the last four characters (138****5678); shorter numbers their last two."""
    phone = phone.strip()
    if len(phone) >= 8:
        return phone[:3] + "*" * (len(phone) - 7) + phone[-4:]
    if len(phone) > 4:
        return "*" * (len(phone) - 2) + phone[-2:]
    return "*" * len(phone)


def mask_email(email: str) -> str:
    """The first character of the name and the whole domain (w***@example.org)."""
    email = email.strip()
    if not email:
        return ""
    name, at, domain = email.rpartition("@")
    if not at or not name:
        return STARS
    return f"{name[0]}***@{domain}"


def mask_address(address: str) -> str:
    """The administrative divisions down to the district or county (浙江省嘉兴市秀洲区****); nothing
    readable where the address does not start with them."""
    address = "".join(address.split())
    if not address:
        return ""
    kept, position = "", 0
    for _level in range(4):  # province, city, district, and a county-level city's own district
        match = _DIVISION.match(address, position)
        if match is None or _NOT_A_DIVISION.search(match.group(0)):
            break
        kept, position = address[: match.end()], match.end()
        if match.group(2) in _COUNTY_LEVEL:
            break
    return kept + STARS


def mask_postcode(postcode: str) -> str:
    """The first four digits, which name the county (3140**)."""
    postcode = postcode.strip()
    if len(postcode) <= 4:
        return "*" * len(postcode)
    return postcode[:4] + "*" * (len(postcode) - 4)
