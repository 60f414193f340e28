"""CJK text normalisation for matching printed labels.

Published reports print the same label with full-width or half-width brackets, stray spaces inside
words (``社会公益 组织``), ``、`` or ``，`` between clauses and curly or straight quotes. Matching compares
*keys*: NFKC-folded text with whitespace and punctuation removed, so those differences vanish while
every Chinese character and digit stays.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

# Punctuation that carries no meaning for label identity (after NFKC folding, so full-width forms are
# already half-width). Chinese characters, letters and digits are kept.
_NOISE = re.compile(r"[\s\u3000、，,。.;；:：“”\"'‘’()（）\[\]【】《》<>/／\\|·•\-—–_~～!！?？]+")


def fold(text: str) -> str:
    """NFKC-fold ``text`` (full-width digits and brackets → ASCII, ideographic space → space)."""
    return unicodedata.normalize("NFKC", text)


@lru_cache(maxsize=8192)
def label_key(text: str) -> str:
    """The comparison key of a label: folded, without whitespace or punctuation."""
    return _NOISE.sub("", fold(text))


def squash_spaces(text: str) -> str:
    """``text`` with all whitespace (including U+3000 and no-break spaces) removed."""
    return re.sub(r"\s+", "", text.replace("\u3000", " ").replace("\xa0", " "))


@lru_cache(maxsize=8192)
def bigrams(key: str) -> frozenset[str]:
    return frozenset(key[i : i + 2] for i in range(len(key) - 1))


def containment(fragment: str, whole: str) -> float:
    """Share of the character bigrams of ``fragment`` that occur in ``whole`` (keys, 0.0–1.0).

    A label broken across PDF lines or cells keeps a fragment of the full label; the fragment's
    bigrams are (nearly) all inside the full label, while unrelated text shares few.
    """
    grams = bigrams(fragment)
    if not grams:
        return 0.0
    return len(grams & bigrams(whole)) / len(grams)


def similarity(a: str, b: str) -> float:
    """Jaccard similarity (0.0–1.0) of the character bigrams of two texts' keys: robust for Chinese, no
    dictionary; full-width and half-width forms, spaces and punctuation make no difference."""
    left, right = bigrams(label_key(a)), bigrams(label_key(b))
    if not left or not right:
        return 0.0
    return len(left & right) / len(left | right)


def label_pattern(label: str) -> str:
    """A regular expression matching ``label`` with optional whitespace between characters.

    Web crawls and PDF extractors insert spaces inside words (``本年度办 理结果``); brackets and
    the clause separators ``、``/``，`` are matched in either width.
    """
    parts = []
    for char in label:
        if char.isspace():
            continue
        if char in "（(":
            parts.append(r"[（(]")
        elif char in "）)":
            parts.append(r"[）)]")
        elif char in "、，,":
            parts.append(r"[、，,]?")
        elif char in '“”"':
            parts.append(r"[“”\"]?")
        elif char in ".．":
            parts.append(r"[.．、]")
        else:
            parts.append(re.escape(char))
    return r"\s*".join(parts)
