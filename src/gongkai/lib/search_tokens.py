"""CJK bigram tokenising for full-text search, the same on every database.

Chinese is written without spaces, so neither SQLite's ``unicode61`` tokenizer nor PostgreSQL's ``simple``
configuration finds words in it. Indexing every pair of adjacent Han characters (a *bigram*) finds any
word of two or more characters — 预算, 补贴, 政府信息公开 — without a dictionary: a query of n characters
becomes the phrase of its n−1 bigrams, which both databases match as consecutive tokens. Runs of Latin
letters and digits stay whole words (lower-cased), so ``2019``, ``PDF`` and 文号 numbers are findable too.
"""

from __future__ import annotations

import re
import unicodedata

# Han ideographs (with extension A and compatibility ideographs), kana and hangul count as CJK characters.
_CJK = "\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\u3040-\u30ff\uac00-\ud7af"
_RUN = re.compile(rf"([{_CJK}]+)|([0-9a-z]+)")


def _changed_by_nfkc() -> dict[str, str]:
    changed = {}
    for code in range(0x10000):
        character = chr(code)
        normal = unicodedata.normalize("NFKC", character)
        if normal != character:
            changed[character] = normal
    return changed


# NFKC of the whole text is most of the cost of indexing a document's text, though only a few of its
# characters (full-width punctuation, letters and digits) change. Replacing each basic-plane character by
# its own NFKC first leaves the NFKC of the whole unchanged (both decompose to the same characters), and
# usually already normal, which ``is_normalized`` checks quickly; what is not (combining marks, characters
# beyond the basic plane) still goes through ``normalize``.
_NFKC = _changed_by_nfkc()
_NFKC_CHANGES = re.compile("[" + "".join(re.escape(character) for character in _NFKC) + "]")


def normalise(text: str) -> str:
    """NFKC (full-width letters and digits become ASCII) and lower case."""
    text = _NFKC_CHANGES.sub(lambda match: _NFKC[match.group(0)], text)
    if not unicodedata.is_normalized("NFKC", text):
        text = unicodedata.normalize("NFKC", text)
    return text.lower()


def runs(text: str) -> list[str]:
    """The CJK and alphanumeric runs of ``text``, in order; punctuation and spaces separate runs."""
    return [m.group(0) for m in _RUN.finditer(normalise(text))]


def run_tokens(run: str) -> list[str]:
    """Bigrams of a CJK run; an alphanumeric run or a lone character is its own token."""
    if run.isascii() or len(run) == 1:
        return [run]
    return [run[i : i + 2] for i in range(len(run) - 1)]


def tokens(text: str) -> list[str]:
    """Index tokens: bigrams of each CJK run (a lone character stands alone), alphanumeric words whole.

    >>> tokens("财政预算 2019年")
    ['财政', '政预', '预算', '2019', '年']
    """
    result: list[str] = []
    for run in runs(text):
        result.extend(run_tokens(run))
    return result


def index_text(text: str) -> str:
    """The tokens joined by spaces: what the database's whitespace tokenizer indexes."""
    return " ".join(tokens(text))


def query_phrases(query: str) -> list[list[str]]:
    """A search query as phrases to AND together: one phrase (a token sequence) per run.

    Returns ``[]`` for a query with no searchable characters.
    """
    return [run_tokens(run) for run in runs(query)]


def query_terms(query: str) -> list[str]:
    """The runs of the query (for highlighting), longest first so that longer matches win."""
    return sorted(set(runs(query)), key=len, reverse=True)
