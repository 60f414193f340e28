"""The annual-report package is a library: a plain Python process, without Django settings, reads the
formats, builds a report and validates it, and neither Django nor any gongkai app gets imported."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

SRC = Path(__file__).resolve().parents[1] / "src"

SCRIPT = """
import json, sys
from gongkai.annual_report import AnnualReport, empty_report, formats, validate

report = empty_report(formats.format_for(2023), agency="某市人民政府", year=2023)
for counts in report.applications.values():
    counts.update(dict.fromkeys(counts, 0))
report.applications["granted"].update(natural_person=2, total=3)
again = AnnualReport.from_json(report.to_json())
print(json.dumps({
    "format": again.format,
    "rules": sorted({finding.rule for finding in validate(again)}),
    "imported": sorted(
        name for name in sys.modules
        if name.split(".")[0] == "django"
        or (name.startswith("gongkai.") and not name.startswith("gongkai.annual_report"))
    ),
}))
"""


def test_a_plain_python_process_validates_a_report_without_django() -> None:
    env = {key: value for key, value in os.environ.items() if key != "DJANGO_SETTINGS_MODULE"}
    env["PYTHONPATH"] = str(SRC)
    result = subprocess.run(
        [sys.executable, "-c", SCRIPT], env=env, capture_output=True, text=True, timeout=60, check=True
    )
    found = json.loads(result.stdout)
    assert found["format"] == "2021"
    # The granted row's 总计 is not its columns' sum (R2) and (七)总计 is not the results' sum (R3).
    assert {"R2", "R3"} <= set(found["rules"])
    assert found["imported"] == []
