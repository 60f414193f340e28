"""居民身份证号码 (GB 11643-1999): 17 digits, the last character a check over them (ISO 7064 MOD 11-2)."""

from __future__ import annotations

import datetime
import re

WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
CHECK = "10X98765432"
# ASCII digits only: \d would admit any script's digits (fold full-width input with cjk.fold first).
PATTERN = re.compile(r"^[0-9]{17}[0-9X]$")


def check_character(first17: str) -> str:
    return CHECK[sum(int(digit) * weight for digit, weight in zip(first17, WEIGHTS, strict=True)) % 11]


def problem(number: str) -> str | None:
    """None for a well-formed number; else which part is wrong: 'format', 'birth_date' or 'check'."""
    number = number.strip().upper()
    if not PATTERN.match(number):
        return "format"
    try:
        born = datetime.date(int(number[6:10]), int(number[10:12]), int(number[12:14]))
    except ValueError:
        return "birth_date"
    if born.year < 1900 or born > datetime.date.today():
        return "birth_date"
    if check_character(number[:17]) != number[17]:
        return "check"
    return None


def mask(number: str) -> str:
    """For lists and letters: the region and the last two characters only (330411********12)."""
    number = number.strip()
    if len(number) <= 8:
        return "*" * len(number)
    return number[:6] + "*" * (len(number) - 8) + number[-2:]
