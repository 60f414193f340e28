"""The annual report built from the records matches tables counted by hand, and passes R1–R6."""

from __future__ import annotations

import datetime

import pytest

from gongkai.agencies.models import Agency, Membership
from gongkai.annual_report.rules import validate
from gongkai.applications.models import Application, Status
from gongkai.reports import actions
from gongkai.reports.build import build_report, build_reports
from gongkai.testing import Cast, make_user
from gongkai.workdays.seed import seed_from_chinesecalendar

from . import world

pytestmark = pytest.mark.django_db
D = datetime.date


@pytest.fixture
def agencies(cast: Cast) -> list[Agency]:
    return [cast.agency, cast.other_agency, cast.outside_agency]


@pytest.fixture
def planned(cast: Cast, agencies: list[Agency]) -> list[world.Planned]:
    seed_from_chinesecalendar()
    approvers = {}
    for agency in agencies:
        approvers[agency.pk] = make_user(f"approver{agency.pk}", agency, Membership.Role.APPROVER)
    planned = world.make(cast, agencies, approvers)
    for agency in agencies:
        world.make_reviews(approvers[agency.pk], planned, agency)
    return planned


def _nonzero(applications: dict) -> dict:
    return {
        row: counts for row, counts in applications.items() if any(value for key, value in counts.items())
    }


def test_built_reports_match_the_hand_count_pass_r1_to_r6_fit_the_schema_and_survive_reopening(
    planned: list[world.Planned], agencies: list[Agency], cast: Cast
) -> None:
    """The whole test world in one go (it takes a while to make): see the helpers below for each claim."""
    for year in (2020, 2021):
        section_three_matches_the_hand_count_for_every_agency(planned, agencies, year)
        built_reports_pass_the_rules_r1_to_r6(agencies, year)
    every_built_report_fits_the_published_json_schema(planned, agencies)
    every_decision_row_of_both_formats_is_used(cast)
    other_processing_rows_come_from_supplement_and_fee_lapses(cast)
    carry_over_across_the_year_boundary(agencies)
    reviews_are_counted_by_filing_year_with_the_outcome_on_31_december(cast)
    a_reopened_application_stays_counted_by_its_first_decision(planned, cast)
    provenance_names_the_applications_and_cases_behind_each_cell(planned, cast)
    stored_draft_passes_the_rules_and_states_the_tables_in_its_prose(cast)


def section_three_matches_the_hand_count_for_every_agency(
    planned: list[world.Planned], agencies: list[Agency], year: int
) -> None:
    built = build_reports(agencies, year)
    for agency in agencies:
        assert _nonzero(built[agency.pk].report.applications) == world.expected(planned, agency, year)


def built_reports_pass_the_rules_r1_to_r6(agencies: list[Agency], year: int) -> None:
    for agency in agencies:
        previous = build_report(agency, year - 1).report
        findings = validate(build_report(agency, year).report, previous)
        assert [
            f for f in findings if f.rule in ("R1", "R2", "R3", "R4", "R5", "R6") and f.severity != "info"
        ] == []


def every_decision_row_of_both_formats_is_used(cast: Cast) -> None:
    for year in (2020, 2021):
        report = build_report(cast.agency, year).report
        results = [row.key for row in report.report_format.application_rows if row.result]
        assert all(report.applications[row]["total"] for row in results), year


def other_processing_rows_come_from_supplement_and_fee_lapses(cast: Cast) -> None:
    report = build_report(cast.agency, 2021).report
    assert report.format == "2021"
    assert report.applications["other_no_correction"]["total"] == 1
    assert report.applications["other_fee_unpaid"]["total"] == 1
    assert report.applications["other_other"]["total"] == 1
    assert "other_processing" not in report.applications


def carry_over_across_the_year_boundary(agencies: list[Agency]) -> None:
    for index, agency in enumerate(agencies):
        last, this = build_report(agency, 2020).report, build_report(agency, 2021).report
        assert last.applications["carried_forward"]["total"] == index + 1
        assert this.applications["carried_over"] == last.applications["carried_forward"]
        assert this.applications["carried_forward"]["total"] == 1


def reviews_are_counted_by_filing_year_with_the_outcome_on_31_december(cast: Cast) -> None:
    report = build_report(cast.agency, 2021).report
    assert report.reviews["reconsideration"] == {
        "upheld": 1,
        "corrected": 1,
        "other": 1,
        "pending": 1,
        "total": 4,
    }
    assert report.reviews["litigation_direct"] == {
        "upheld": 1,
        "corrected": 0,
        "other": 0,
        "pending": 1,
        "total": 2,
    }
    assert report.reviews["litigation_after_reconsideration"] == {
        "upheld": 0,
        "corrected": 1,
        "other": 0,
        "pending": 0,
        "total": 1,
    }
    assert build_report(cast.agency, 2020).report.reviews["reconsideration"]["total"] == 0


def a_reopened_application_stays_counted_by_its_first_decision(
    planned: list[world.Planned], cast: Cast
) -> None:
    decided_then_open = Application.objects.for_agency(cast.agency).filter(
        status=Status.IN_PROGRESS, reported_decision__isnull=False
    )
    reopened = list(decided_then_open)
    assert len(reopened) == 2  # the corrected reconsideration and the corrected litigation
    report = build_report(cast.agency, 2021).report
    assert _nonzero(report.applications) == world.expected(planned, cast.agency, 2021)


def provenance_names_the_applications_and_cases_behind_each_cell(
    planned: list[world.Planned], cast: Cast
) -> None:
    built = build_report(cast.agency, 2021)
    for path, ids in built.provenance.items():
        assert len(ids) == built.report.cell(path), path
    granted = [
        p.application.pk
        for p in planned
        if p.agency == cast.agency
        and p.outcome == "granted"
        and p.closed
        and p.closed.year == 2021
        and p.application is not None
    ]
    assert sorted(built.provenance["applications.granted.total"]) == sorted(granted)
    assert len(built.provenance["reviews.reconsideration.total"]) == 4


def stored_draft_passes_the_rules_and_states_the_tables_in_its_prose(cast: Cast) -> None:
    actions.do_build_report(cast.approver, cast.agency, 2020)
    record = actions.do_build_report(cast.approver, cast.agency, 2021)
    findings = actions.findings_of(record)
    assert [f for f in findings if f.severity == "error"] == []
    assert [f.rule for f in findings if f.rule == "R7"] == []
    assert "信息处理费" in record.other
    assert record.provenance["applications.new_received.total"]


def every_built_report_fits_the_published_json_schema(
    planned: list[world.Planned], agencies: list[Agency]
) -> None:
    import jsonschema

    from gongkai.annual_report.schema import annual_report_schema

    validator = jsonschema.Draft202012Validator(annual_report_schema())
    years = sorted({item.received.year for item in planned})
    for agency in agencies:
        for year in years:
            data = build_report(agency, year).report.to_json()
            assert not list(validator.iter_errors(data)), (agency.name, year)
