"""The reader's display modes (适老化: large text, high contrast), remembered in a cookie so that they work
without signing in, applied as classes on ``<html>`` (``static/gongkai/site.css``)."""

from __future__ import annotations

from collections.abc import Mapping

COOKIE = "gongkai_display"
MODES = ("large-text", "high-contrast")
COOKIE_SECONDS = 365 * 24 * 3600


def modes(cookies: Mapping[str, str]) -> list[str]:
    """The known modes the cookie turns on, in a fixed order (whatever else it holds is ignored)."""
    chosen = set(cookies.get(COOKIE, "").split("."))
    return [mode for mode in MODES if mode in chosen]


def toggled(current: list[str], mode: str) -> list[str]:
    """``current`` with ``mode`` switched on or off; an unknown mode changes nothing."""
    if mode not in MODES:
        return current
    chosen = set(current) ^ {mode}
    return [name for name in MODES if name in chosen]
