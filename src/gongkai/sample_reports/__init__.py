"""Real published 政府信息公开工作年度报告, each with its hand-checked numbers (``<name>.expected.json``).

They ship with the package: ``gongkai demo`` audits them in the demo batch audit (a pip-installed gongkai has
no ``tests/`` folder), and the parser tests check every number against them. Where each file comes from is
in ``README.md`` beside them; the files are public documents, kept byte for byte as obtained.

A missing sample is an error (``FileNotFoundError``), never a reason to skip: tests that silently skip
without their data would let a broken parser pass.
"""

from __future__ import annotations

from pathlib import Path

SAMPLE_REPORTS = Path(__file__).resolve().parent


def sample(name: str) -> Path:
    """The sample file called ``name``; ``FileNotFoundError`` when it is not there."""
    path = SAMPLE_REPORTS / name
    if not path.is_file():
        raise FileNotFoundError(f"sample report {name!r} is missing from {SAMPLE_REPORTS}")
    return path


def expected_files() -> list[Path]:
    """The hand-checked results, one per sample report, in name order (never empty)."""
    found = sorted(SAMPLE_REPORTS.glob("*.expected.json"))
    if not found:
        raise FileNotFoundError(f"no sample report (*.expected.json) in {SAMPLE_REPORTS}")
    return found


def data_files() -> list[Path]:
    """Every file of the samples — reports, expected results and README — without this module."""
    return sorted(path for path in SAMPLE_REPORTS.iterdir() if path.is_file() and path.suffix != ".py")
