"""The install is reproducible: requirements.lock pins every dependency of pyproject.toml with hashes, and the
dependency audit of make test fails exactly on a known vulnerability that a release fixes."""

from __future__ import annotations

import importlib.util
import re
import tomllib
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest

ROOT = Path(__file__).resolve().parents[1]
LOCK = (ROOT / "requirements.lock").read_text(encoding="utf-8")


def audit_lock() -> ModuleType:
    spec = importlib.util.spec_from_file_location("audit_lock", ROOT / "scripts" / "audit_lock.py")
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def name(requirement: str) -> str:
    return re.sub(r"[-_.]+", "-", re.match(r"[A-Za-z0-9._-]+", requirement).group(0)).lower()  # type: ignore[union-attr]


def locked() -> dict[str, list[str]]:
    """Each locked package's entries (``name==version ; marker \\`` with its hash lines)."""
    entries: dict[str, list[str]] = {}
    for entry in re.split(r"\n(?=[A-Za-z])", LOCK):
        if "==" in entry.splitlines()[0]:
            entries.setdefault(name(entry), []).append(entry)
    return entries


def test_every_dependency_of_the_project_is_pinned_with_hashes() -> None:
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    wanted = [
        *project["project"]["dependencies"],
        *project["project"]["optional-dependencies"]["dev"],
        *project["dependency-groups"]["build"],
    ]
    entries = locked()
    for requirement in wanted:
        assert name(requirement) in entries, f"{requirement} is not in requirements.lock: run make lock"
    for package, found in entries.items():
        for entry in found:
            assert re.match(r"[^\n]+==[^\s;]+", entry), f"{package} is not pinned"
            assert "--hash=sha256:" in entry, f"{package} has no hash"


def report(*dependencies: dict[str, Any]) -> dict[str, Any]:
    return {"dependencies": list(dependencies), "fixes": []}


def vulnerable(package: str, *fixes: str) -> dict[str, Any]:
    return {
        "name": package,
        "version": "1.0",
        "vulns": [{"id": "PYSEC-2099-1", "fix_versions": list(fixes), "aliases": [], "description": ""}],
    }


def clean(package: str) -> dict[str, Any]:
    return {"name": package, "version": "1.0", "vulns": []}


def skipped(package: str) -> dict[str, Any]:
    return {
        "name": package,
        "skip_reason": f"Dependency not found on PyPI and could not be audited: {package}",
    }


@pytest.mark.parametrize(
    ("audit", "stderr", "status", "says"),
    [
        (report(clean("django"), vulnerable("lxml", "6.2")), "", 1, "lxml 1.0: PYSEC-2099-1 (fixed in 6.2)"),
        (report(clean("django"), vulnerable("lxml")), "", 0, "lxml 1.0: PYSEC-2099-1 (no fixed release yet)"),
        (report(clean("django"), clean("lxml")), "", 0, "2 locked dependencies audited"),
        (report(clean("django"), skipped("lxml")), "", 0, "(1 could not be audited)"),
        (report(skipped("django"), skipped("lxml")), "", 0, "WARNING: pip-audit could not reach"),
        (
            None,
            "requests.exceptions.ConnectionError: Max retries exceeded",
            0,
            "WARNING: pip-audit could not",
        ),
        (None, "ValueError: requirements.lock line 3: invalid requirement", 1, "invalid requirement"),
    ],
)
def test_the_audit_fails_only_on_a_vulnerability_with_a_fix_or_a_broken_run(
    audit: dict[str, Any] | None, stderr: str, status: int, says: str
) -> None:
    code, lines = audit_lock().verdict(audit, stderr)
    assert code == status
    assert any(says in line for line in lines), lines
