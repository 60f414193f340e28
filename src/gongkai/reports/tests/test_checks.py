"""The checks before publishing an annual report (``reports.checks``): the year is over, no placeholder of
the generated draft is left, no rule finds an error, every warning is acknowledged with a reason for the
finding as it stands — and ``do_publish_report`` asks them itself, whoever calls it, refusing in Chinese
with what blocks."""

from __future__ import annotations

import datetime
import json
from typing import Any

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from hypothesis import given
from hypothesis import strategies as st

from gongkai.annual_report.model import Finding, Severity
from gongkai.annual_report.narrative import CatalogSummary, draft, placeholder, placeholders_in
from gongkai.applications import actions as application_actions
from gongkai.applications.tests.helpers import register
from gongkai.reports import actions, checks
from gongkai.reports.models import Acknowledgement, Report, ReportEvent
from gongkai.reports.tests.helpers import PROBLEMS, REASON, acknowledge_warnings, write_problems
from gongkai.testing import Cast
from gongkai.workdays.seed import seed_from_chinesecalendar

D = datetime.date
UTC = datetime.UTC
DECEMBER_2 = datetime.datetime(2026, 12, 2, 10, 0, tzinfo=UTC)
LATE = Finding("R13", Severity.WARNING, ("published_on",), "报告发布于2026-12-02，晚于2026-01-31的公布期限")


# ---------------------------------------------------------------- each check, alone


@given(year=st.integers(2008, 2100), data=st.data())
def test_no_day_of_the_report_year_or_before_lets_it_be_published(year: int, data: st.DataObject) -> None:
    today = data.draw(st.dates(max_value=D(year, 12, 31)))
    item = checks.year_over(year, today)
    assert not item.passed
    assert item.blockers == (f"{year}年度尚未结束，该年度报告自{year + 1}-01-01起方可发布。",)


@given(year=st.integers(2008, 2100), data=st.data())
def test_from_the_first_of_january_after_it_the_year_is_over(year: int, data: st.DataObject) -> None:
    assert checks.year_over(year, data.draw(st.dates(min_value=D(year + 1, 1, 1)))).passed


def test_the_generated_draft_leaves_placeholders_that_the_check_recognises() -> None:
    from gongkai.annual_report.formats import f2021
    from gongkai.annual_report.model import empty_report

    narrative = draft(empty_report(f2021.FORMAT, "某局", 2025), CatalogSummary(0, (), 0), None)
    assert placeholders_in(narrative.problems) == [placeholder("存在的主要问题"), placeholder("改进措施")]
    sections = {"overview": narrative.overview, "problems": narrative.problems, "other": narrative.other}
    item = checks.narrative_written(sections, drafted=True)
    assert item.blockers == (
        "五、存在的主要问题及改进情况仍有占位文字“（请填写存在的主要问题）”，请替换为实际内容。",
        "五、存在的主要问题及改进情况仍有占位文字“（请填写改进措施）”，请替换为实际内容。",
    )
    assert checks.narrative_written({**sections, "problems": PROBLEMS}, drafted=True).passed


@given(
    before=st.text(alphabet=st.characters(blacklist_characters="（）")),
    what=st.text(alphabet=st.characters(blacklist_characters="（）"), min_size=1),
    after=st.text(alphabet=st.characters(blacklist_characters="（）")),
    section=st.sampled_from(["overview", "problems", "other"]),
)
def test_a_placeholder_left_anywhere_in_the_narrative_blocks(
    before: str, what: str, after: str, section: str
) -> None:
    sections = {"overview": "总体情况。", "problems": PROBLEMS, "other": "无。"}
    sections[section] = before + placeholder(what) + after
    item = checks.narrative_written(sections, drafted=False)
    assert len(item.blockers) == 1 and placeholder(what) in item.blockers[0]


def test_a_drafted_report_must_state_section_five_but_an_imported_one_need_not() -> None:
    sections = {"overview": "总体情况。", "problems": "  ", "other": "无。"}
    assert checks.narrative_written(sections, drafted=True).blockers == (
        "五、存在的主要问题及改进情况尚未填写。",
    )
    assert checks.narrative_written(sections, drafted=False).passed


def test_every_error_blocks_and_warnings_and_notes_do_not() -> None:
    findings = [
        Finding("R2", Severity.ERROR, ("applications.granted.total",), "三、“予以公开”行：合计不等"),
        Finding("R3", Severity.ERROR, ("applications.total_processed.total",), "三、办理结果之和不等"),
        LATE,
        Finding("R5", Severity.INFO, ("proactive.licensing.decisions",), "二、为空"),
    ]
    assert checks.no_errors(findings).blockers == (
        "错误R2：三、“予以公开”行：合计不等",
        "错误R3：三、办理结果之和不等",
    )
    assert checks.no_errors(findings[2:]).passed


def acknowledgement(finding: Finding, reason: str = REASON) -> Acknowledgement:
    return Acknowledgement(
        rule=finding.rule, cells=checks.cells_key(finding), finding=finding.to_json(), reason=reason
    )


def test_a_warning_counts_as_acknowledged_only_for_the_finding_as_acknowledged() -> None:
    r7 = Finding(
        "R7", Severity.WARNING, ("applications.new_received.total",), "一、总体情况写明申请数9", 9, 2
    )
    unacknowledged = checks.warnings_acknowledged(checks.warnings_of([LATE, r7], []))
    assert unacknowledged.blockers == (
        "警告R13尚未确认：报告发布于2026-12-02，晚于2026-01-31的公布期限",
        "警告R7尚未确认：一、总体情况写明申请数9",
    )
    acknowledged = checks.warnings_of([LATE, r7], [acknowledgement(LATE), acknowledgement(r7)])
    assert checks.warnings_acknowledged(acknowledged).passed
    # The prose now says 8: the same rule and cells, another finding — the acknowledgement is void.
    changed = Finding("R7", Severity.WARNING, r7.cells, "一、总体情况写明申请数8", 8, 2)
    warnings = checks.warnings_of([LATE, changed], [acknowledgement(LATE), acknowledgement(r7)])
    assert [w.stale is not None for w in warnings] == [False, True]
    assert checks.warnings_acknowledged(warnings).blockers == (
        "警告R7在确认后已有变化，请重新确认：一、总体情况写明申请数8",
    )


# ---------------------------------------------------------------- publishing asks them


@pytest.fixture
def records(cast: Cast) -> list:
    seed_from_chinesecalendar()
    granted = register(cast.clerk, cast.agency, D(2026, 3, 2))
    application_actions.do_decide_application(cast.approver, granted, outcome="granted", on=D(2026, 3, 12))
    earlier = register(cast.clerk, cast.agency, D(2025, 3, 3))
    application_actions.do_decide_application(cast.approver, earlier, outcome="granted", on=D(2025, 3, 13))
    return [granted, earlier]


@pytest.mark.django_db
def test_the_current_year_cannot_be_published_on_the_second_of_december(cast: Cast, records: list) -> None:
    record = write_problems(cast.clerk, actions.do_build_report(cast.clerk, cast.agency, 2026))
    with pytest.raises(ValidationError) as refused:
        actions.do_publish_report(cast.approver, record, now=DECEMBER_2)
    assert refused.value.messages == ["报告尚不能发布：2026年度尚未结束，该年度报告自2027-01-01起方可发布。"]
    record.refresh_from_db()
    assert record.status == Report.Status.DRAFT and not record.events.filter(kind="published").exists()
    new_year = datetime.datetime(2027, 1, 4, 10, 0, tzinfo=UTC)
    assert checks.checklist(record, new_year.date()).ok
    assert actions.do_publish_report(cast.approver, record, now=new_year).is_published


@pytest.mark.django_db
def test_publishing_refuses_the_generated_placeholders_and_names_them(cast: Cast, records: list) -> None:
    record = actions.do_build_report(cast.clerk, cast.agency, 2025)
    assert "（请填写存在的主要问题）" in record.problems
    with pytest.raises(ValidationError) as refused:
        actions.do_publish_report(cast.approver, record, now=DECEMBER_2)
    message = refused.value.messages[0]
    assert message.startswith("报告尚不能发布：")
    assert "占位文字“（请填写存在的主要问题）”" in message and "占位文字“（请填写改进措施）”" in message
    # Published on 2 December, the 2025 report is late (R13): a warning the approver has not acknowledged.
    assert "警告R13尚未确认：报告发布于2026-12-02，晚于2026-01-31的公布期限" in message


@pytest.mark.django_db
def test_the_approver_acknowledges_a_warning_with_a_reason_and_then_publishes(
    cast: Cast, records: list
) -> None:
    record = write_problems(cast.clerk, actions.do_build_report(cast.clerk, cast.agency, 2025))
    (warning,) = checks.checklist(record, DECEMBER_2.date()).warnings
    assert warning.finding.rule == "R13"
    with pytest.raises(PermissionDenied):
        actions.do_acknowledge_warning(
            cast.clerk, record, rule="R13", cells=warning.cells, reason=REASON, now=DECEMBER_2
        )
    with pytest.raises(ValidationError) as no_reason:
        actions.do_acknowledge_warning(
            cast.approver, record, rule="R13", cells=warning.cells, reason="  ", now=DECEMBER_2
        )
    assert no_reason.value.message_dict == {"reason": ["请填写存在该警告仍予发布的理由。"]}
    with pytest.raises(ValidationError):
        actions.do_acknowledge_warning(
            cast.approver, record, rule="R7", cells=warning.cells, reason=REASON, now=DECEMBER_2
        )
    reason = "本机关于2026年11月启用本平台，2025年度报告此前未在门户网站发布，现予补发。"
    actions.do_acknowledge_warning(
        cast.approver, record, rule="R13", cells=warning.cells, reason=reason, now=DECEMBER_2
    )
    acknowledged = record.events.get(kind=ReportEvent.Kind.ACKNOWLEDGED)
    assert (acknowledged.actor, acknowledged.at) == (
        cast.approver,
        DECEMBER_2,
    ) and reason in acknowledged.note
    published = actions.do_publish_report(cast.approver, record, now=DECEMBER_2)
    assert published.is_published
    assert [f["rule"] for f in published.data["findings"] if f["severity"] == "warning"] == ["R13"]


@pytest.mark.django_db
def test_an_acknowledgement_is_void_once_the_finding_changes(cast: Cast, records: list) -> None:
    record = write_problems(cast.clerk, actions.do_build_report(cast.clerk, cast.agency, 2025))
    acknowledge_warnings(cast.approver, record, DECEMBER_2)
    assert checks.checklist(record, DECEMBER_2.date()).ok
    # A day later the report would be published on 3 December: R13's finding is another one.
    december_3 = DECEMBER_2 + datetime.timedelta(days=1)
    with pytest.raises(ValidationError) as refused:
        actions.do_publish_report(cast.approver, record, now=december_3)
    assert "警告R13在确认后已有变化，请重新确认：报告发布于2026-12-03" in refused.value.messages[0]


@pytest.mark.django_db
def test_a_correction_goes_through_the_same_checks(cast: Cast, records: list) -> None:
    on_time = datetime.datetime(2026, 1, 20, 10, 0, tzinfo=UTC)
    record = write_problems(cast.clerk, actions.do_build_report(cast.clerk, cast.agency, 2025))
    actions.do_publish_report(cast.approver, record, now=on_time)
    correction = actions.do_start_correction(cast.clerk, record, note="更正五、存在的主要问题")
    actions.do_edit_narrative(
        cast.clerk,
        correction,
        overview=correction.overview,
        problems=f"主要是{placeholder('存在的主要问题')}。",
        other=correction.other,
    )
    with pytest.raises(ValidationError) as refused:
        actions.do_publish_report(cast.approver, correction, now=DECEMBER_2)
    assert "占位文字" in refused.value.messages[0] and "警告R13尚未确认" in refused.value.messages[0]
    write_problems(cast.clerk, correction)
    acknowledge_warnings(cast.approver, correction, DECEMBER_2)
    assert actions.do_publish_report(cast.approver, correction, now=DECEMBER_2).is_published


@pytest.mark.django_db
def test_the_checks_cannot_be_bypassed_by_writing_the_draft_directly(cast: Cast, records: list) -> None:
    """What the API, a command or the admin would do: store a draft and call the action."""
    record = write_problems(cast.clerk, actions.do_build_report(cast.clerk, cast.agency, 2025))
    broken = json.loads(json.dumps(record.data))
    broken["applications"]["granted"]["total"] = 9
    Report.objects.filter(pk=record.pk).update(data=broken)
    record.refresh_from_db()
    acknowledge_warnings(cast.approver, record, DECEMBER_2)
    with pytest.raises(ValidationError) as refused:
        actions.do_publish_report(None, record, now=DECEMBER_2)
    assert "错误R2" in refused.value.messages[0]


@pytest.mark.django_db
def test_a_report_of_a_year_not_over_cannot_be_imported_as_published(cast: Cast, settings: Any) -> None:
    from gongkai.annual_report.formats import f2021
    from gongkai.annual_report.model import empty_report

    settings.GONGKAI_REPORTS_TODAY = D(2026, 12, 2)
    with pytest.raises(ValidationError) as refused:
        actions.do_import_report(None, cast.agency, empty_report(f2021.FORMAT, cast.agency.name, 2026))
    assert refused.value.messages == ["2026年度尚未结束，该年度报告自2027-01-01起方可发布。"]
    assert not Report.objects.exists()


@pytest.mark.django_db
def test_neither_a_report_nor_a_roll_up_is_built_for_a_future_year(cast: Cast, settings: Any) -> None:
    settings.GONGKAI_REPORTS_TODAY = D(2026, 12, 2)
    for build, agency in ((actions.do_build_report, cast.agency), (actions.do_build_rollup, cast.district)):
        with pytest.raises(ValidationError) as refused:
            build(cast.superuser, agency, 2027)
        assert refused.value.message_dict == {"year": ["不能生成未来年度的报告。"]}
    assert not Report.objects.exists()
