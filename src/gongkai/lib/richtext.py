"""Rich text for published documents: sanitised HTML in, plain text out.

Bodies come from staff editors, imports and copy-paste from word processors; whatever arrives, only a
small set of structural tags survives (no script, style, event handlers, forms or ``javascript:`` links).
"""

from __future__ import annotations

import html
import re

import nh3

ALLOWED_TAGS = {
    "p", "br", "h2", "h3", "h4", "strong", "b", "em", "i", "u", "sub", "sup", "ul", "ol", "li",
    "table", "thead", "tbody", "tr", "th", "td", "caption", "blockquote", "a", "span", "div", "hr",
}  # fmt: skip
ALLOWED_ATTRIBUTES = {
    "a": {"href", "title"},
    "td": {"colspan", "rowspan"},
    "th": {"colspan", "rowspan", "scope"},
}
_TAG = re.compile(r"<[^>]*>")
_BLOCK_END = re.compile(r"</(p|div|h[1-6]|li|tr|table|blockquote)>|<br\s*/?>", re.IGNORECASE)
_SPACE = re.compile(r"[ \t\r\f\v]+")
_DANGEROUS = re.compile(r"<\s*(script|iframe|object|embed|style)\b|\son\w+\s*=|javascript:", re.IGNORECASE)


def sanitise(value: str) -> str:
    """The HTML with only the allowed tags and attributes; links get ``rel="noopener noreferrer"``."""
    return nh3.clean(
        value,
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        url_schemes={"http", "https", "mailto"},
        link_rel="noopener noreferrer",
    )


def has_active_content(value: str) -> bool:
    """Whether the HTML carries script, frames or event handlers (that sanitising would remove)."""
    return bool(_DANGEROUS.search(value))


def to_text(value: str) -> str:
    """Plain text of sanitised HTML: block ends become line breaks, entities are decoded."""
    text = _TAG.sub("", _BLOCK_END.sub("\n", value))
    lines = (_SPACE.sub(" ", line).strip() for line in html.unescape(text).splitlines())
    return "\n".join(line for line in lines if line)
