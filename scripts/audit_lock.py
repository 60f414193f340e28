"""Known vulnerabilities in the locked dependencies (requirements.lock), as ``make test`` checks them.

    .venv/bin/python scripts/audit_lock.py [requirements.lock]

Runs pip-audit on the lock itself (every requirement pinned with hashes: no environment is built and nothing is
resolved again, so it audits exactly what scripts/setup.sh installs). Exits 1 when a locked package has a known
vulnerability that a release fixes — update the lock (``make lock-upgrade``) — or when pip-audit fails for
another reason. A vulnerability without a fixed release is printed but does not fail. When the vulnerability
database cannot be reached (no network, or PyPI's JSON API not answering), it says so loudly and exits 0:
no audit happened, and the line says that too.
"""

from __future__ import annotations

import json
import re
import subprocess
import sys
import tempfile
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
# What requests/urllib3 say when the database is out of reach.
UNREACHABLE = re.compile(
    r"ConnectionError|ProxyError|ConnectTimeout|ReadTimeout|NameResolutionError|Max retries exceeded"
    r"|Temporary failure in name resolution|Network is unreachable"
)


def verdict(report: dict[str, Any] | None, stderr: str) -> tuple[int, list[str]]:
    """The exit status and the lines to print for pip-audit's JSON report (None when it wrote none)."""
    if report is None:
        if UNREACHABLE.search(stderr):
            return 0, ["WARNING: pip-audit could not reach the vulnerability database: nothing was audited"]
        return 1, ["pip-audit failed without a report:", *stderr.strip().splitlines()[-5:]]
    dependencies = report.get("dependencies", [])
    audited = [d for d in dependencies if "skip_reason" not in d]
    lines, fixable = [], 0
    for dependency in dependencies:
        for vulnerability in dependency.get("vulns", []):
            fixes = vulnerability.get("fix_versions") or []
            fixable += bool(fixes)
            fixed = f"fixed in {', '.join(fixes)}" if fixes else "no fixed release yet"
            lines.append(f"  {dependency['name']} {dependency['version']}: {vulnerability['id']} ({fixed})")
    if fixable:
        return 1, [*lines, f"{fixable} known vulnerabilities have a fix: update the lock (make lock-upgrade)"]
    if not audited:
        return 0, [
            *lines,
            "WARNING: pip-audit could not reach the vulnerability database: no dependency was audited",
        ]
    skipped = len(dependencies) - len(audited)
    summary = f"pip-audit: {len(audited)} locked dependencies audited, none with a fixable vulnerability"
    return 0, [*lines, summary + (f" ({skipped} could not be audited)" if skipped else "")]


def main() -> int:
    lock = Path(sys.argv[1]) if len(sys.argv) > 1 else ROOT / "requirements.lock"
    with tempfile.TemporaryDirectory() as scratch:
        output = Path(scratch) / "report.json"
        run = subprocess.run(
            [
                str(Path(sys.executable).with_name("pip-audit")),
                "--requirement",
                str(lock),
                "--disable-pip",
                "--progress-spinner",
                "off",
                "--format",
                "json",
                "--output",
                str(output),
            ],
            capture_output=True,
            text=True,
            check=False,
        )
        try:
            report = json.loads(output.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            report = None
    status, lines = verdict(report, run.stderr)
    print("\n".join(lines))
    return status


if __name__ == "__main__":
    sys.exit(main())
