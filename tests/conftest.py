from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent
GONGKAI = Path(sys.executable).parent / "gongkai"


def run_gongkai(
    args: list[str], env: dict[str, str], cwd: Path, timeout: int = 120
) -> subprocess.CompletedProcess:
    """Run the installed console script as a user would, with a clean environment plus ``env``."""
    base = {k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "DATABASE_URL", "GONGKAI_"))}
    base.update(env)
    return subprocess.run(
        [str(GONGKAI), *args], env=base, cwd=cwd, capture_output=True, text=True, timeout=timeout, check=False
    )


@pytest.fixture
def gongkai(tmp_path: Path):  # type: ignore[no-untyped-def]
    def call(*args: str, **env: str) -> subprocess.CompletedProcess:
        return run_gongkai(list(args), {"GONGKAI_VAR_DIR": str(tmp_path / "var"), **env}, cwd=tmp_path)

    return call


def pytest_terminal_summary(terminalreporter: pytest.TerminalReporter) -> None:
    # The UI tour (test_ui_tour.py) saves a screenshot of every page type at each width: say where to look.
    from test_ui_tour import SCREENSHOTS

    if any(SCREENSHOTS.glob("*/*.png")):
        terminalreporter.write_sep("-", "UI tour screenshots")
        terminalreporter.write_line(f"{SCREENSHOTS}/<desktop|phone>/<page>.png")
