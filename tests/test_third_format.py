"""A new format is one file: a third format, written here and registered for one year, goes through the
decision form, the build from records, the rules, the four renderers, the parsers, the open data and the
roll-up, without any module outside ``gongkai.annual_report.formats`` (and this test) knowing of it.

The format is the 2021 format with one row of section 三 renamed (8.属于行政查询或档案查询事项), one row
added to (六) (4.申请人撤回申请, where withdrawn applications are counted instead of 3.其他) and one rule
changed (R12 wants the fee amount or the word 未收取, not just a mention of fees).
"""

from __future__ import annotations

import csv
import dataclasses
import datetime
import io
import json
import re
from collections.abc import Iterator
from typing import Any

import jsonschema
import openpyxl
import pytest
from django.test import Client
from django.utils import timezone

from gongkai.annual_report import AnnualReport, Finding, Severity, validate
from gongkai.annual_report.formats import (
    FORMATS,
    Alternative,
    ApplicationRow,
    Reason,
    ReportFormat,
    RuleUse,
    f2021,
    format_for,
    register,
    unregister,
)
from gongkai.annual_report.formats.common import OTHER, OTHER_SINGLE, RESULTS
from gongkai.annual_report.rules import RULES, Context
from gongkai.applications import actions
from gongkai.applications.forms import DecisionForm
from gongkai.applications.tests.helpers import register as register_application
from gongkai.oversight.opendata import agency_code
from gongkai.reports import actions as reports
from gongkai.reports.output import render
from gongkai.reports.parse import parse
from gongkai.reports.parse.pdf import pages_pdfium
from gongkai.reports.tests.helpers import ready_to_publish
from gongkai.testing import PASSWORD, Cast
from gongkai.workdays.seed import seed_from_chinesecalendar

pytestmark = pytest.mark.django_db
YEAR = 2024
D = datetime.date
RENAMED = "8.属于行政查询或档案查询事项"
ADDED = "4.申请人撤回申请"


def fee_amount_stated(report: AnnualReport, context: Context) -> list[Finding]:
    """The third format's R12: section 六 names the fee amount (…元) or says none was collected."""
    other = report.sections.other
    if report.sections.overview is None and other is None:
        return []
    if other and re.search(r"(处理费|收费)[^。]*?(\d+(?:\.\d+)?元|未收取)|未收取[^。]*处理费", other):
        return []
    return [
        Finding(
            "R12",
            Severity.WARNING,
            ("sections.六",),
            "六、其他需要报告的事项：未写明信息处理费的收取金额（或未收取）",
        )
    ]


def third_format() -> ReportFormat:
    """The 2021 format with one row renamed, one row added to (六) and R12 changed."""
    base = f2021.FORMAT
    rows: list[ApplicationRow] = []
    for row in base.application_rows:
        if row.key == "denied_admin_query":
            row = dataclasses.replace(row, label=RENAMED)
        if row.key == "other_other":
            row = dataclasses.replace(row, maps_from=tuple(c for c in row.maps_from if c != Reason.WITHDRAWN))
        rows.append(row)
        if row.key == "other_other":
            rows.append(
                ApplicationRow(
                    "other_withdrawn", ADDED, "4.", OTHER, RESULTS, result=True, maps_from=(Reason.WITHDRAWN,)
                )
            )
    return dataclasses.replace(
        base,
        id="third",
        name="国办公开办函〔2024〕测试号",
        short_name="第三种格式",
        first_year=YEAR,
        last_year=YEAR,
        application_rows=tuple(rows),
        rules=tuple(
            RuleUse("R12", check=fee_amount_stated) if use.id == "R12" else use for use in base.rules
        ),
        markers=(*base.markers, "行政查询或档案查询事项", "申请人撤回申请"),
        alternatives=(
            Alternative(
                replaces=("other_no_correction", "other_fee_unpaid", "other_other", "other_withdrawn"),
                rows=(OTHER_SINGLE,),
                after="not_processed_confirm_reissue",
                message="三、（六）其他处理：本格式应分列四行，本报告只印了一行",
            ),
        ),
    )


THIRD = third_format()


@pytest.fixture
def third(cast: Cast) -> Iterator[ReportFormat]:
    seed_from_chinesecalendar()
    register(THIRD)
    try:
        yield THIRD
    finally:
        unregister(THIRD)


def numbers(report: AnnualReport) -> dict[str, Any]:
    return {
        "format": report.format,
        "year": report.year,
        "proactive": report.proactive,
        "applications": report.applications,
        "reviews": report.reviews,
    }


def decide_in_the_workspace(application: Any, outcome: str, on: D) -> None:
    client = Client()
    client.login(username="approver", password=PASSWORD)
    response = client.post(
        f"/workspace/applications/{application.pk}/decide/",
        {"decide-on": on.isoformat(), "decide-outcome": outcome},
    )
    assert response.status_code == 302, response.content.decode()


def test_a_third_format_registered_for_a_year_goes_through_everything(
    cast: Cast, third: ReportFormat
) -> None:
    assert format_for(YEAR) is third
    assert format_for(YEAR - 1).id == format_for(YEAR + 1).id == "2021"

    # The decision form offers the new and the renamed row for a decision dated in the year.
    offered = dict(DecisionForm({"on": f"{YEAR}-05-06"}, year=D.today().year).fields["outcome"].choices)  # type: ignore[attr-defined]
    assert offered["other_withdrawn"] == "（六）其他处理 申请人撤回申请"
    assert offered["denied_admin_query"] == "（三）不予公开 属于行政查询或档案查询事项"
    assert "other_withdrawn" not in dict(DecisionForm(year=YEAR - 1).fields["outcome"].choices)  # type: ignore[attr-defined]

    # Records of the year: decided through the form, withdrawn (counted in the new row by its reason code),
    # decided in the renamed row, granted, and one still open.
    chosen, withdrawn, query, granted, _open = (
        register_application(cast.clerk, cast.agency, D(YEAR, 5, day)) for day in (6, 7, 8, 9, 10)
    )
    decide_in_the_workspace(chosen, "other_withdrawn", D(YEAR, 5, 20))
    actions.do_withdraw_application(cast.clerk, withdrawn, on=D(YEAR, 5, 21))
    actions.do_decide_application(cast.approver, query, outcome="denied_admin_query", on=D(YEAR, 5, 22))
    actions.do_decide_application(cast.approver, granted, outcome="granted", on=D(YEAR, 5, 23))
    withdrawn.refresh_from_db()
    assert withdrawn.outcome == "other_withdrawn"

    # The report built from them.
    record = reports.do_build_report(cast.clerk, cast.agency, YEAR)
    report = record.annual_report()
    assert report.format == "third"
    totals = {key: cells["total"] for key, cells in report.applications.items()}
    assert totals["other_withdrawn"] == 2 and totals["other_other"] == 0
    assert totals["denied_admin_query"] == 1 and totals["granted"] == 1
    assert (totals["new_received"], totals["total_processed"], totals["carried_forward"]) == (5, 4, 1)
    assert sorted(record.provenance["applications.other_withdrawn.natural_person"]) == sorted(
        [chosen.pk, withdrawn.pk]
    )

    # Validated by the format's rules, with its own R12.
    assert [f for f in validate(report) if f.severity == Severity.ERROR] == []
    assert "R12" not in {f.rule for f in validate(report)}  # the draft says 未收取
    report.sections.other = "本年度收取了信息处理费。"
    (r12,) = [f for f in validate(report) if f.rule == "R12"]
    assert r12.message == "六、其他需要报告的事项：未写明信息处理费的收取金额（或未收取）"
    assert RULES["R12"](report, Context()) == [], "the standard R12 would have let it pass"
    report = record.annual_report()

    # Rendered in the four formats; read back from its own DOCX and HTML to the same numbers.
    files = {fmt: render(report, fmt) for fmt in ("docx", "html", "xlsx", "pdf")}
    for fmt in ("docx", "html"):
        read = parse(files[fmt], f"report.{fmt}")
        assert numbers(read) == numbers(report), fmt
        assert [f.rule for f in validate(read) if f.severity == Severity.ERROR] == [], fmt
    flat = openpyxl.load_workbook(io.BytesIO(files["xlsx"]))["全部数据"]
    cells = {(row[1], row[3]): (row[2], row[5]) for row in flat.iter_rows(min_row=2, values_only=True)}
    assert cells[("other_withdrawn", "total")] == (ADDED, 2)
    assert cells[("denied_admin_query", "total")] == (RENAMED, 1)
    pdf_text = "".join(pages_pdfium(files["pdf"]))
    assert "申请人撤回申请" in pdf_text and "属于行政查询或档案查询事项" in pdf_text

    # Published, and exported as open data that validates against the published JSON Schema.
    now = timezone.now()
    record = ready_to_publish(cast.clerk, cast.approver, record, now)
    reports.do_publish_report(cast.approver, record, now=now)
    client = Client()
    schema = client.get("/schema/annual-report-1.json").json()
    assert "third" in schema["properties"]["format"]["enum"]
    code = agency_code(cast.agency)
    document = client.get(f"/open-data/reports/{code}/{YEAR}.json").json()
    jsonschema.Draft202012Validator(schema).validate(document)
    assert document["format"] == "third" and document["applications"]["other_withdrawn"]["total"] == 2
    rows = list(
        csv.DictReader(
            io.StringIO(client.get(f"/open-data/reports/{code}/{YEAR}.csv").content.decode("utf-8-sig"))
        )
    )
    assert {
        "section": "applications",
        "row": "other_withdrawn",
        "column": "total",
        "value": "2",
    }.items() <= next(
        row for row in rows if (row["row"], row["column"]) == ("other_withdrawn", "total")
    ).items()

    # Rolled up into the district's report: the department's new row is added in.
    rollup = reports.do_build_rollup(None, cast.district, YEAR)
    combined = AnnualReport.from_json(rollup.data)
    assert combined.format == "third"
    assert combined.applications["other_withdrawn"]["total"] == 2
    assert combined.applications["denied_admin_query"]["total"] == 1
    assert json.dumps(rollup.data["rollup"]["missing"], ensure_ascii=False) == '["秀洲区住房和城乡建设局"]'


def test_the_third_format_is_gone_once_unregistered(cast: Cast) -> None:
    assert "third" not in FORMATS and format_for(YEAR).id == "2021"
