"""统一社会信用代码 (unified social credit code, GB 32100-2015): validation and check character.

18 characters: registering authority (1), organisation kind (1), administrative division (6), the
organisation code body (9) and one check character computed over the first 17 with weights 3^i mod 31.
"""

from __future__ import annotations

ALPHABET = "0123456789ABCDEFGHJKLMNPQRTUWXY"  # no I, O, S, V, Z
WEIGHTS = (1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28)


def check_character(first17: str) -> str:
    """The 18th character for the first 17; ValueError if a character is outside the code alphabet."""
    if len(first17) != 17:
        raise ValueError("need exactly 17 characters")
    total = 0
    for char, weight in zip(first17.upper(), WEIGHTS, strict=True):
        index = ALPHABET.find(char)
        if index < 0:
            raise ValueError(f"character {char!r} is not allowed")
        total += index * weight
    return ALPHABET[(31 - total % 31) % 31]


def is_valid(code: str) -> bool:
    code = code.strip().upper()
    if len(code) != 18:
        return False
    try:
        return check_character(code[:17]) == code[17]
    except ValueError:
        return False
