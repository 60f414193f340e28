"""The report editor (issue 18): every section of the report's format, findings at their cells, each cell's
provenance in a side panel (htmx) or on its own page, the narrative with its generated sentences marked,
the versions compared side by side, and publishing after a marked preview of the public page."""

from __future__ import annotations

import datetime
import re
from typing import Any

import pytest
from django.test import Client

from gongkai.annual_report.formats import FORMATS, Documents
from gongkai.annual_report.model import Severity, empty_report
from gongkai.applications import actions as application_actions
from gongkai.applications.tests.helpers import register
from gongkai.reports import actions, editor
from gongkai.reports.models import Report, ReportEvent
from gongkai.reports.tables import row_label
from gongkai.reports.tests.helpers import write_problems
from gongkai.testing import PASSWORD, Cast
from gongkai.workdays.seed import seed_from_chinesecalendar

pytestmark = pytest.mark.django_db
D = datetime.date


@pytest.fixture
def draft(cast: Cast, settings: Any) -> Report:
    """The 2025 draft of the cast's agency, with one application granted, on 2 December 2026."""
    settings.GONGKAI_REPORTS_TODAY = D(2026, 12, 2)
    seed_from_chinesecalendar()
    application = register(cast.clerk, cast.agency, D(2025, 3, 3))
    application_actions.do_decide_application(
        cast.approver, application, outcome="granted", on=D(2025, 3, 13)
    )
    return actions.do_build_report(cast.clerk, cast.agency, 2025)


def login(username: str) -> Client:
    client = Client()
    assert client.login(username=username, password=PASSWORD)
    return client


def cell_html(page: str, path: str) -> str:
    match = re.search(rf'<td id="cell-{re.escape(path)}".*?</td>', page, re.S)
    assert match, f"no cell {path}"
    return match.group(0)


@pytest.mark.parametrize("format_id", sorted(FORMATS))
def test_the_editor_shows_every_section_of_the_reports_format(
    cast: Cast, settings: Any, format_id: str
) -> None:
    report_format = FORMATS[format_id]
    settings.GONGKAI_REPORTS_TODAY = D(2026, 12, 2)
    seed_from_chinesecalendar()
    record = actions.do_build_report(cast.clerk, cast.agency, report_format.first_year)
    report = record.annual_report()
    assert report.report_format is report_format
    page = login("clerk").get(f"/workspace/reports/{record.pk}/").content.decode()
    for heading in report_format.sections:
        assert f">{heading}</h2>" in page
    for item in report_format.proactive:
        assert item.label in page
        for proactive in item.rows:
            for column in proactive.columns:
                assert f'id="cell-proactive.{proactive.key}.{column.key}"' in page
    for row in report.printed_rows():
        assert row_label(row) in page
        for column in report_format.application_columns:
            assert f'id="cell-applications.{row.key}.{column.key}"' in page
    for group in report_format.review_groups:
        for column in report_format.review_columns:
            assert f'id="cell-reviews.{group.key}.{column.key}"' in page


def test_a_finding_is_shown_at_the_cells_it_names_and_in_the_list_linking_to_them(
    cast: Cast, draft: Report
) -> None:
    data = dict(draft.data)
    applications = {key: dict(value) for key, value in data["applications"].items()}
    applications["new_received"]["total"] = 7  # breaks the sum of its row
    Report.objects.filter(pk=draft.pk).update(data={**data, "applications": applications})
    draft.refresh_from_db()
    findings = actions.findings_of(draft)
    number, finding = next(
        (number, finding)
        for number, finding in enumerate(findings, start=1)
        if "applications.new_received.total" in finding.cells
    )
    page = login("clerk").get(f"/workspace/reports/{draft.pk}/").content.decode()
    cell = cell_html(page, "applications.new_received.total")
    tone = "table-danger" if finding.severity == Severity.ERROR else "table-warning"
    assert tone in cell and f'href="#finding-{number}"' in cell and finding.rule in cell
    assert f'aria-describedby="finding-{number}' in cell  # the finding is said, not only coloured
    assert re.search(rf'<li class="finding severity-\w+" id="finding-{number}">', page)
    assert 'href="#cell-applications.new_received.total"' in page
    assert "table-danger" not in cell_html(page, "reviews.reconsideration.upheld")


def test_a_cells_provenance_is_a_side_panel_for_htmx_and_a_page_without_it(cast: Cast, draft: Report) -> None:
    path = "applications.new_received.natural_person"
    url = f"/workspace/reports/{draft.pk}/cells/{path}/"
    clerk = login("clerk")
    page = clerk.get(f"/workspace/reports/{draft.pk}/").content.decode()
    assert f'hx-get="{url}"' in cell_html(page, path) and f'href="{url}"' in cell_html(page, path)
    assert 'id="cell-panel"' in page
    (application_id,) = draft.provenance[path]
    tracking_code = draft.agency.applications.get(pk=application_id).tracking_code

    panel = clerk.get(url, headers={"HX-Request": "true"})
    fragment = panel.content.decode()
    assert panel.status_code == 200 and "<html" not in fragment and tracking_code in fragment
    assert "按业务记录统计" in fragment

    full = clerk.get(url).content.decode()
    assert "<html" in full and tracking_code in full and "该数字的来源" in full

    # Section 二's cells trace to the catalog or say what they are.
    proactive, column = next(
        (row, column)
        for row in draft.annual_report().report_format.proactive_rows
        for column, measure in row.measures.items()
        if isinstance(measure, Documents)
    )
    document_cell = clerk.get(
        f"/workspace/reports/{draft.pk}/cells/proactive.{proactive.key}.{column}/",
        headers={"HX-Request": "true"},
    )
    assert document_cell.status_code == 200 and "按目录文件统计" in document_cell.content.decode()
    assert clerk.get(f"/workspace/reports/{draft.pk}/cells/nothing.here/").status_code == 404
    assert login("other_clerk").get(url).status_code == 404


def test_the_narrative_marks_the_generated_sentences_and_counts_characters(cast: Cast, draft: Report) -> None:
    written = "本机关进一步规范了依申请公开的办理流程。"
    actions.do_edit_narrative(
        cast.clerk,
        draft,
        overview=draft.overview + "\n" + written,
        problems=draft.problems,
        other=draft.other,
    )
    page = login("clerk").get(f"/workspace/reports/{draft.pk}/").content.decode()
    period = editor.sentences_of(draft.data["narrative_draft"]["overview"])[0]
    assert re.search(r"border-info[^>]*><span[^>]*>生成</span>" + re.escape(period), page)
    assert re.search(r"<span[^>]*>撰写</span>" + re.escape(written), page)
    assert re.search(r"<span[^>]*>待填写</span>", page)  # the placeholder of 五 is still to write
    assert 'form="narrative-form"' in page and 'data-count="count-overview"' in page
    assert f"{len(draft.overview)}个字符" in page
    assert (
        'form="narrative-form"'
        not in login("oversight").get(f"/workspace/reports/{draft.pk}/").content.decode()
    )


def test_every_build_and_save_is_a_version_and_two_are_compared_side_by_side(
    cast: Cast, draft: Report
) -> None:
    write_problems(cast.clerk, draft, "本年度存在的主要问题是公开内容不够全面。下一步将加强培训。")
    application = register(cast.clerk, cast.agency, D(2025, 5, 6))
    application_actions.do_decide_application(cast.approver, application, outcome="granted", on=D(2025, 5, 9))
    actions.do_build_report(cast.clerk, cast.agency, 2025)
    versions = list(ReportEvent.objects.filter(report=draft).exclude(snapshot={}).order_by("at", "pk"))
    assert [version.kind for version in versions] == ["built", "narrative", "built"]

    clerk = login("clerk")
    url = f"/workspace/reports/{draft.pk}/diff/"
    prose = clerk.get(url, {"a": versions[0].pk, "b": versions[1].pk}).content.decode()
    assert "<del>2025年，本机关政府信息公开工作仍存在一些不足" in prose
    assert "<ins>本年度存在的主要问题是公开内容不够全面。</ins>" in prose
    assert "没有数字变化。" in prose

    numbers = clerk.get(url).content.decode()  # by default, the two newest
    assert re.search(
        r"一、本年新收政府信息公开申请数量 · 总计</th><td[^>]*><del>1</del></td><td[^>]*><ins>2</ins>",
        numbers,
    )
    assert login("oversight").get(url).status_code == 200
    assert login("other_clerk").get(url).status_code == 404


def test_diff_versions_compares_cells_and_sentences() -> None:
    annual = empty_report(next(iter(FORMATS.values())), agency="某机关", year=2025)
    before = editor.snapshot({"reviews": {"reconsideration": {"upheld": 1}}}, "甲。乙。", "", "")
    after = editor.snapshot({"reviews": {"reconsideration": {"upheld": 2}}}, "甲。丙。", "", "")
    diff = editor.diff_versions(before, after, annual)
    (change,) = diff.cells
    assert (change.path, change.before, change.after) == ("reviews.reconsideration.upheld", "1", "2")
    assert change.label.startswith("四、")
    overview = diff.prose[0]
    assert [(line.tag, line.before, line.after) for line in overview.lines] == [
        ("equal", "甲。", "甲。"),
        ("replace", "乙。", "丙。"),
    ]
    assert not diff.prose[1].changed


def test_the_publish_page_previews_the_public_page_and_does_not_publish(cast: Cast, draft: Report) -> None:
    approver = login("approver")
    page = approver.get(f"/workspace/reports/{draft.pk}/publish/")
    assert page.status_code == 200
    text = page.content.decode()
    assert "预览" in text and 'id="public-version"' in text and draft.title() in text
    draft.refresh_from_db()
    assert not draft.is_published and not draft.events.filter(kind=ReportEvent.Kind.PUBLISHED).exists()
    assert login("clerk").get(f"/workspace/reports/{draft.pk}/publish/").status_code == 403


@pytest.mark.parametrize(
    ("username", "status", "edits"),
    [("clerk", 200, True), ("approver", 200, True), ("oversight", 200, False), ("other_clerk", 404, False)],
)
def test_who_sees_and_who_edits_the_report(
    cast: Cast, draft: Report, username: str, status: int, edits: bool
) -> None:
    response = login(username).get(f"/workspace/reports/{draft.pk}/")
    assert response.status_code == status
    if status == 200:
        assert ('id="narrative-form"' in response.content.decode()) is edits
