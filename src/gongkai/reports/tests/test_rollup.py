"""The government's own report combines its departments' reports — from records or imported — with a
per-department table and the departments whose reports are missing or break the rules."""

from __future__ import annotations

import datetime
import json
from io import StringIO

import pytest
from django.core.management import call_command

from gongkai.agencies.models import Agency
from gongkai.annual_report.formats import f2021
from gongkai.annual_report.model import empty_report
from gongkai.applications import actions as application_actions
from gongkai.applications.tests.helpers import register
from gongkai.reports import actions
from gongkai.reports.auditing import read_report
from gongkai.reports.rollup import combine, rollup
from gongkai.sample_reports import sample
from gongkai.testing import Cast
from gongkai.workdays.seed import seed_from_chinesecalendar

pytestmark = pytest.mark.django_db
D = datetime.date


def _small(name: str, granted: int, forward: int) -> object:
    report = empty_report(f2021.FORMAT, agency=name, year=2023)
    for counts in report.applications.values():
        for key in counts:
            counts[key] = 0
    for cases in report.reviews.values():
        for key in cases:
            cases[key] = 0
    for row, value in (
        ("new_received", granted + forward),
        ("granted", granted),
        ("total_processed", granted),
    ):
        report.applications[row].update(natural_person=value, total=value)
    report.applications["carried_forward"].update(natural_person=forward, total=forward)
    report.proactive["fees"]["amount_10k_yuan"] = "0.5"
    return report


def test_combine_adds_the_tables_cell_by_cell_and_lists_missing_and_failing_departments() -> None:
    first, second = _small("甲局", 2, 1), _small("乙局", 3, 0)
    broken = _small("丙局", 1, 0)
    broken.applications["total_processed"].update(natural_person=7, total=7)  # type: ignore[attr-defined]
    result = combine("某区人民政府", 2023, {"甲局": first, "乙局": second, "丙局": broken, "丁局": None})  # type: ignore[dict-item]
    assert result.report.applications["granted"]["natural_person"] == 6
    assert result.report.applications["carried_forward"]["total"] == 1
    assert result.report.proactive["fees"]["amount_10k_yuan"] == "1.5"
    assert result.missing == ["丁局"]
    assert result.failing == ["丙局"]
    assert [line.new_received for line in result.departments] == [3, 3, 1, None]


def test_the_government_report_combines_records_and_imported_reports(cast: Cast) -> None:
    seed_from_chinesecalendar()
    application = register(cast.clerk, cast.agency, D(2023, 3, 1))
    application_actions.do_decide_application(
        cast.approver, application, outcome="granted", on=D(2023, 3, 10)
    )
    actions.do_build_report(cast.clerk, cast.agency, 2023)
    imported = read_report(sample("hongze-qu-renmin-zhengfu-2023.pdf"))
    actions.do_import_report(None, cast.other_agency, imported)
    Agency.objects.create(name="秀洲区民政局", level=Agency.Level.DEPARTMENT, parent=cast.district)

    result = rollup(cast.district, 2023)
    names = [line.name for line in result.departments]
    assert names[0] == "嘉兴市秀洲区人民政府"  # its own office's records first, then the departments
    assert sorted(names[1:]) == sorted(["秀洲区经济信息商务局", "秀洲区住房和城乡建设局", "秀洲区民政局"])
    assert result.missing == ["秀洲区民政局"]
    assert result.failing == ["秀洲区住房和城乡建设局"]  # the 洪泽区 2023 report breaks R4 and R14
    hongze_granted = imported.applications["granted"]["total"]
    assert hongze_granted is not None
    assert result.report.applications["granted"]["total"] == hongze_granted + 1
    # Its 2019-style (六) is counted under (六)3 其他 of the combined 2021-format table.
    assert (
        result.report.applications["other_other"]["total"]
        == imported.applications["other_processing"]["total"]
    )

    record = actions.do_build_rollup(cast.superuser, cast.district, 2023)
    assert record.source == "rollup"
    assert record.data["rollup"]["missing"] == ["秀洲区民政局"]
    out = StringIO()
    call_command("report", "rollup", "--agency", "嘉兴市秀洲区人民政府", "--year", "2023", stdout=out)
    assert json.loads(out.getvalue())["rollup"]["failing"] == ["秀洲区住房和城乡建设局"]
