"""``gongkai deadline``, tested through its JSON output and its exit codes."""

import json
import os
import subprocess
import sys
from io import StringIO
from pathlib import Path
from typing import Any

import pytest
from django.core.management import CommandError, call_command

GONGKAI = str(Path(sys.executable).parent / "gongkai")


def deadline_json(*args: str) -> dict[str, Any]:
    out = StringIO()
    call_command("deadline", *args, "--json", stdout=out)
    result: dict[str, Any] = json.loads(out.getvalue())
    return result


@pytest.mark.parametrize(
    ("args", "due", "supplement_by"),
    [
        (["--received", "2019-09-26"], "2019-10-29", "2019-10-11"),
        (["--received", "2024-02-01"], "2024-03-05", "2024-02-09"),
        (["--received", "2024-02-01", "--supplement-received", "2024-02-19"], "2024-03-18", "2024-02-09"),
        (["--received", "2019-09-26", "--extended"], "2019-11-26", "2019-10-11"),
        (["--received", "2019-09-26", "--consultation", "2019-10-08:2019-10-15"], "2019-11-06", "2019-10-11"),
        (
            [
                "--received",
                "2019-09-26",
                "--consultation",
                "2019-10-08:2019-10-09",
                "--consultation",
                "2019-10-10:2019-10-15",
            ],
            "2019-11-05",
            "2019-10-11",
        ),
        (["--received", "2019-09-26", "--consultation", "2019-10-08:"], None, "2019-10-11"),
    ],
)
def test_the_json_gives_the_due_date(db: None, args: list[str], due: str | None, supplement_by: str) -> None:
    result = deadline_json(*args)
    # Today's keys first, as they were; the keys the statutory clock added follow.
    assert list(result)[:5] == ["due", "supplement_by", "provisional", "counted", "skipped"]
    assert (result["due"], result["supplement_by"], result["provisional"]) == (due, supplement_by, False)


def test_the_json_explains_each_day(db: None) -> None:
    result = deadline_json("--received", "2019-09-26")
    assert result["counted"][:2] == [
        {"date": "2019-09-27", "n": 1, "reason": "工作日"},
        {"date": "2019-09-29", "n": 2, "reason": "调休上班"},
    ]
    assert {"date": "2019-10-01", "reason": "国庆节"} in result["skipped"]
    assert len(result["counted"]) == 20


def test_the_json_marks_a_year_outside_the_calendar_provisional(db: None) -> None:
    result = deadline_json("--received", "2027-01-05")
    assert (result["due"], result["provisional"]) == ("2027-02-02", True)


def test_the_human_output_gives_the_due_date_then_every_day(db: None) -> None:
    out = StringIO()
    call_command("deadline", "--received", "2019-09-26", stdout=out)
    lines = out.getvalue().splitlines()
    assert "2019-10-29" in lines[0]
    assert any(line.startswith("  10-01 国庆节") for line in lines)
    assert any(line.startswith("  09-29 调休上班") for line in lines)


@pytest.mark.parametrize(
    ("args", "option"),
    [
        (["--received", "2019-13-01"], "--received"),
        (["--received", "2019-09-26", "--supplement-received", "tomorrow"], "--supplement-received"),
        (["--received", "2019-09-26", "--consultation", "2019-10-08:soon"], "--consultation"),
        (["--received", "2019-09-26", "--consultation", ":2019-10-08"], "--consultation"),
        (["--received", "2019-09-26", "--supplement-received", "2019-09-01"], "--supplement-received"),
    ],
)
def test_a_bad_date_is_refused_naming_the_option(db: None, args: list[str], option: str) -> None:
    with pytest.raises(CommandError) as error:
        call_command("deadline", *args, stdout=StringIO())
    assert error.value.returncode == 2
    assert option in str(error.value)


def run_gongkai(tmp_path: Path, *args: str) -> subprocess.CompletedProcess[str]:
    env = {
        **os.environ,
        "GONGKAI_VAR_DIR": str(tmp_path),
        "DATABASE_URL": f"sqlite:///{tmp_path / 'fresh.sqlite3'}",  # never migrated
        "GONGKAI_LANGUAGE": "zh-hans",
    }
    return subprocess.run([GONGKAI, "deadline", *args], capture_output=True, text=True, env=env, timeout=60)


def test_on_a_fresh_machine_the_calendar_comes_from_the_package(tmp_path: Path) -> None:
    done = run_gongkai(tmp_path, "--received", "2019-09-26", "--json")
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout)["due"] == "2019-10-29"


def test_a_bad_date_exits_with_2_and_no_traceback(tmp_path: Path) -> None:
    done = run_gongkai(tmp_path, "--received", "2019-02-30")
    assert done.returncode == 2
    assert "--received" in done.stderr
    assert "2019-02-30" in done.stderr
    assert "Traceback" not in done.stderr
