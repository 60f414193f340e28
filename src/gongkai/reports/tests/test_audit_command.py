"""``gongkai audit``: output, JSON, CSV, --previous, --year and exit codes (no database needed)."""

from __future__ import annotations

import csv
import json
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import call_command

from gongkai.annual_report.model import AnnualReport
from gongkai.reports.render import render_text
from gongkai.sample_reports import SAMPLE_REPORTS, expected_files

from .test_rules import consistent


def run(*args: str) -> tuple[int, str, str]:
    out, err = StringIO(), StringIO()
    with pytest.raises(SystemExit) as exit_info:
        call_command("audit", *args, stdout=out, stderr=err)
    return int(exit_info.value.code or 0), out.getvalue(), err.getvalue()


@pytest.fixture
def clean_file(tmp_path: Path) -> Path:
    path = tmp_path / "clean.txt"
    path.write_text(render_text(consistent()), encoding="utf-8")
    return path


@pytest.fixture
def broken_file(tmp_path: Path) -> Path:
    report = consistent()
    report.reviews["reconsideration"]["total"] = 0
    path = tmp_path / "broken.txt"
    path.write_text(render_text(report), encoding="gb18030")
    return path


def test_a_clean_report_exits_0_and_shows_its_tables(clean_file: Path) -> None:
    code, out, _ = run(str(clean_file))
    assert code == 0
    assert "三、收到和处理政府信息公开申请情况" in out and "某市人民政府" in out
    assert "\033[" not in out, "no colours when no terminal is attached"


def test_error_findings_exit_1_and_are_printed(broken_file: Path) -> None:
    code, out, _ = run(str(broken_file))
    assert code == 1
    assert "R4" in out and "总计（0）" in out


def test_an_unreadable_file_exits_2_and_the_others_are_still_audited(
    tmp_path: Path, clean_file: Path
) -> None:
    (tmp_path / "empty.pdf").write_bytes(b"%PDF-1.4 nothing")
    code, out, err = run(str(tmp_path))
    assert code == 2
    assert "empty.pdf" in err and "不是可读取的PDF文件" in err
    assert "clean.txt" in out
    assert "无法读取 unreadable" in out and "报告 reports" in out


def test_json_prints_one_document_per_report(clean_file: Path, broken_file: Path) -> None:
    code, out, _ = run("--json", str(clean_file))
    document = json.loads(out)
    assert code == 0 and document["schema"] == "gongkai.annual-report/1"
    assert AnnualReport.from_json(document).applications == consistent().applications
    code, out, _ = run("--json", str(clean_file), str(broken_file))
    documents = json.loads(out)
    assert code == 1 and isinstance(documents, list) and len(documents) == 2
    (finding,) = [f for f in documents[1]["findings"] if f["rule"] == "R4"]
    assert finding == {
        "rule": "R4",
        "severity": "error",
        "cells": [
            f"reviews.reconsideration.{key}" for key in ("upheld", "corrected", "other", "pending", "total")
        ],
        "message": "四、行政复议：结果维持+结果纠正+其他结果+尚未审结（2）≠ 总计（0）",
        "left": 2,
        "right": 0,
    }


def test_csv_lists_every_finding_and_unreadable_file(tmp_path: Path, broken_file: Path) -> None:
    (tmp_path / "bad.docx").write_bytes(b"PK\x03\x04 not a zip")
    target = tmp_path / "out" / "findings.csv"
    target.parent.mkdir()
    run(str(tmp_path), "--csv", str(target))
    rows = list(csv.DictReader(target.open(encoding="utf-8-sig")))
    assert {row["rule"] for row in rows} >= {"R4", "unreadable"}
    assert all(row["message"] for row in rows)


def test_previous_enables_the_carry_over_rule(tmp_path: Path) -> None:
    last_year = consistent(year=2022)
    last_year.applications["carried_forward"]["natural_person"] = 3
    last_year.applications["carried_forward"]["total"] = 3
    previous = tmp_path / "2022.json"
    previous.write_text(json.dumps(last_year.to_json(), ensure_ascii=False), encoding="utf-8")
    this_year = tmp_path / "2023.txt"
    this_year.write_text(render_text(consistent(year=2023)), encoding="utf-8")
    code, out, _ = run(str(this_year), "--previous", str(previous))
    assert code == 1 and "R6" in out


def test_a_directory_knows_last_years_report_of_the_same_agency(tmp_path: Path) -> None:
    last_year = consistent(year=2022)
    last_year.applications["carried_forward"]["natural_person"] = 3
    last_year.applications["carried_forward"]["total"] = 3
    (tmp_path / "2022.txt").write_text(render_text(last_year), encoding="utf-8")
    (tmp_path / "2023.txt").write_text(render_text(consistent(year=2023)), encoding="utf-8")
    _, out, _ = run("--json", str(tmp_path))
    documents = json.loads(out)
    assert [d["year"] for d in documents] == [2022, 2023]
    assert any(f["rule"] == "R6" for f in documents[1]["findings"])


def test_year_fills_in_a_report_that_does_not_state_it(tmp_path: Path) -> None:
    report = consistent()
    text = render_text(report).replace(
        "某市人民政府2023年政府信息公开工作年度报告", "政府信息公开工作年度报告"
    )
    path = tmp_path / "untitled.txt"
    path.write_text(text, encoding="utf-8")
    _, out, _ = run("--json", "--year", "2023", str(path))
    assert json.loads(out)["year"] == 2023


def test_the_sample_directory_is_audited_with_the_recorded_failures() -> None:
    code, out, _ = run("--json", str(SAMPLE_REPORTS))
    documents = json.loads(out)
    assert code == 1
    assert len(documents) == len(expected_files()), "expected results are not audited"
    hongze = next(d for d in documents if d.get("file", "").endswith("hongze-qu-renmin-zhengfu-2023.pdf"))
    assert sorted(f["rule"] for f in hongze["findings"] if f["severity"] == "error") == ["R14", "R4", "R4"]


def test_the_audit_api_needs_no_django_settings(clean_file: Path) -> None:
    import subprocess
    import sys

    code = "import sys, gongkai.reports as r; res = r.audit(sys.argv[1]); print(res.ok, res.report.agency)"
    env = {"PATH": "/usr/bin:/bin", "PYTHONPATH": str(Path(__file__).resolve().parents[3])}
    done = subprocess.run(
        [sys.executable, "-c", code, str(clean_file)], capture_output=True, text=True, env=env, check=True
    )
    assert done.stdout.strip() == "True 某市人民政府"
