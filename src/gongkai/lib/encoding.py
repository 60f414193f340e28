"""Decoding text files of unknown encoding (UTF-8, UTF-16, GB18030/GBK …)."""

from __future__ import annotations

import codecs


class UndecodableText(ValueError):
    """The bytes are not text in any encoding we recognise."""


def decode_text(data: bytes) -> tuple[str, str]:
    """``(text, encoding)`` for ``data``; raises :class:`UndecodableText` for binary data.

    BOMs decide first; then strict UTF-8 (most files), then GB18030 (a superset of GBK and GB2312,
    the usual encoding of Chinese government web pages and Windows exports), and only then
    charset-normalizer's guess. A NUL byte pattern without a BOM means UTF-16.
    """
    if data.startswith(codecs.BOM_UTF8):
        return data[len(codecs.BOM_UTF8) :].decode("utf-8", errors="replace"), "utf-8-sig"
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return data.decode("utf-16", errors="replace"), "utf-16"
    sample = data[:4000]
    if sample and sample.count(b"\x00") > len(sample) // 4:
        # UTF-16 without a BOM: ASCII and CJK text put a NUL in every other byte position often.
        odd_nuls = sample[1::2].count(b"\x00")
        even_nuls = sample[0::2].count(b"\x00")
        encoding = "utf-16-le" if odd_nuls >= even_nuls else "utf-16-be"
        return data.decode(encoding, errors="replace"), encoding
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        pass
    else:
        # Control bytes are ASCII, so valid UTF-8: binary data made of them is still not text.
        if not _looks_like_text(text):
            raise UndecodableText("binary data")
        return text, "utf-8"
    try:
        text = data.decode("gb18030")
    except UnicodeDecodeError:
        text = ""
    if text and _looks_like_text(text):
        return text, "gb18030"
    from charset_normalizer import from_bytes

    best = from_bytes(data).best()
    if best is not None and best.encoding:
        decoded = str(best)
        if _looks_like_text(decoded):
            return decoded, best.encoding
    raise UndecodableText("binary data")


def _looks_like_text(text: str) -> bool:
    if not text:
        return True
    controls = sum(1 for ch in text[:5000] if ord(ch) < 32 and ch not in "\t\r\n\f\v")
    return controls <= len(text[:5000]) // 50
