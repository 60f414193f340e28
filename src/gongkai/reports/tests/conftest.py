"""Shared test helpers: where the fixture reports live, and loading them with their expected numbers."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

REPO_ROOT = Path(__file__).resolve().parents[4]
# In CI the shared folder is a sibling of the clone.
FIXTURES = REPO_ROOT.parent / "shared" / "fixtures" / "reports"


def expected_files() -> list[Path]:
    return sorted(FIXTURES.glob("*.expected.json")) if FIXTURES.is_dir() else []


def fixture_ids() -> list[Any]:
    files = expected_files()
    if not files:
        return [pytest.param(None, marks=pytest.mark.skip(reason=f"fixtures not found at {FIXTURES}"))]
    return [pytest.param(path, id=path.name.removesuffix(".expected.json")) for path in files]


def load_expected(path: Path) -> dict[str, Any]:
    return json.loads(path.read_text(encoding="utf-8"))


def source_of(expected_path: Path) -> Path:
    return FIXTURES / load_expected(expected_path)["file"]


def numbers(report: Any) -> dict[str, Any]:
    """The parts of a report that parsing must get exactly right."""
    return {
        "agency": report.agency,
        "year": report.year,
        "format": report.format,
        "proactive": report.proactive,
        "applications": report.applications,
        "reviews": report.reviews,
    }


@pytest.fixture
def fixtures_dir() -> Path:
    if not FIXTURES.is_dir():
        pytest.skip(f"fixtures not found at {FIXTURES}")
    return FIXTURES
