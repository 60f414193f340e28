"""axe-core for the accessibility checks, from the ``axe-playwright-python`` package (never fetched)."""

from __future__ import annotations

from pathlib import Path

import pytest


@pytest.fixture(scope="session")
def axe_script() -> str:
    import axe_playwright_python

    return (Path(axe_playwright_python.__file__).parent / "axe.min.js").read_text(encoding="utf-8")
