"""Catalog test fixtures. The browser fixtures (``browser``, ``new_page``: Debian's chromium driven by
Playwright) are the shared ones of ``src/gongkai/conftest.py``; axe-core comes from the
``axe-playwright-python`` package, installed by the project (never fetched at test time)."""

from __future__ import annotations

from pathlib import Path

import pytest


@pytest.fixture(scope="session")
def axe_script() -> str:
    import axe_playwright_python

    return (Path(axe_playwright_python.__file__).parent / "axe.min.js").read_text(encoding="utf-8")
