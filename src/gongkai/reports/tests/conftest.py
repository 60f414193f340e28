"""Shared test helpers: the sample reports (``gongkai.sample_reports``) with their expected numbers."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from gongkai.sample_reports import expected_files, sample


def fixture_ids() -> list[Any]:
    return [pytest.param(path, id=path.name.removesuffix(".expected.json")) for path in expected_files()]


def load_expected(path: Path) -> dict[str, Any]:
    return json.loads(path.read_text(encoding="utf-8"))


def source_of(expected_path: Path) -> Path:
    return sample(load_expected(expected_path)["file"])


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
