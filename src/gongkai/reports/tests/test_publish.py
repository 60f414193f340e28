"""Publishing: the approver publishes a draft that passes the checks before publishing (``test_checks.py``);
published reports never change and a correction is a new linked version; the portal lists every
published year; staff follow each cell to the applications it counts."""

from __future__ import annotations

import datetime
import json
from typing import Any

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.test import Client

from gongkai.applications import actions as application_actions
from gongkai.applications.tests.helpers import register
from gongkai.reports import actions, checks
from gongkai.reports.models import Report, ReportEvent
from gongkai.testing import PASSWORD, Cast
from gongkai.workdays.seed import seed_from_chinesecalendar

from .helpers import ready_to_publish, write_problems

pytestmark = pytest.mark.django_db
D = datetime.date
ON_TIME = datetime.datetime(2022, 1, 20, 9, 0, tzinfo=datetime.UTC)  # the 2021 report, by 31 January


@pytest.fixture
def records(cast: Cast) -> list:
    seed_from_chinesecalendar()
    granted = register(cast.clerk, cast.agency, D(2021, 3, 1))
    application_actions.do_decide_application(cast.approver, granted, outcome="granted", on=D(2021, 3, 10))
    open_one = register(cast.clerk, cast.agency, D(2021, 12, 20), applicant_kind="commercial_enterprise")
    return [granted, open_one]


def login(username: str) -> Client:
    client = Client()
    assert client.login(username=username, password=PASSWORD)
    return client


def test_a_built_draft_states_its_numbers_in_the_generated_narrative(cast: Cast, records: list) -> None:
    record = actions.do_build_report(cast.clerk, cast.agency, 2021)
    assert record.status == Report.Status.DRAFT and record.source == Report.Source.RECORDS
    assert "共收到政府信息公开申请2件" in record.overview
    assert "办结1件" in record.overview
    assert "未收取政府信息公开信息处理费" in record.other
    assert record.data["applications"]["carried_forward"]["commercial_enterprise"] == 1


def test_prose_that_disagrees_with_the_tables_is_flagged_by_r7(cast: Cast, records: list) -> None:
    record = actions.do_build_report(cast.clerk, cast.agency, 2021)
    actions.do_edit_narrative(
        cast.clerk,
        record,
        overview="本年共收到政府信息公开申请9件。",
        problems=record.problems,
        other=record.other,
    )
    assert [f.rule for f in actions.findings_of(record) if f.rule == "R7"] == ["R7"]


def test_only_the_approver_publishes_and_who_and_when_is_recorded(cast: Cast, records: list) -> None:
    record = ready_to_publish(
        cast.clerk, cast.approver, actions.do_build_report(cast.clerk, cast.agency, 2021), ON_TIME
    )
    with pytest.raises(PermissionDenied):
        actions.do_publish_report(cast.clerk, record, now=ON_TIME)
    actions.do_publish_report(cast.approver, record, now=ON_TIME)
    record.refresh_from_db()
    assert record.is_published
    assert (record.approved_by, record.approved_at, record.published_at) == (cast.approver, ON_TIME, ON_TIME)
    assert record.data["published_on"] == "2022-01-20"
    published = record.events.get(kind=ReportEvent.Kind.PUBLISHED)
    assert (published.actor, published.at) == (cast.approver, ON_TIME)


def test_a_published_report_never_changes_and_a_correction_is_a_new_linked_version(
    cast: Cast, records: list
) -> None:
    draft = actions.do_build_report(cast.clerk, cast.agency, 2021)
    record = actions.do_publish_report(
        cast.approver, ready_to_publish(cast.clerk, cast.approver, draft, ON_TIME), now=ON_TIME
    )
    with pytest.raises(ValidationError):
        actions.do_edit_narrative(cast.clerk, record, overview="改", problems="改", other="改")
    with pytest.raises(ValidationError):
        record.delete()
    correction = actions.do_start_correction(cast.clerk, record, note="更正(七)总计的笔误")
    assert (correction.version, correction.corrects, correction.status) == (2, record, Report.Status.DRAFT)
    rebuilt = actions.do_build_report(cast.clerk, cast.agency, 2021)
    assert rebuilt == correction  # building again updates the one draft
    later = datetime.datetime(2022, 3, 1, 9, 0, tzinfo=datetime.UTC)
    ready_to_publish(cast.clerk, cast.approver, correction, later)
    actions.do_publish_report(cast.approver, correction, now=later)
    assert list(Report.objects.current().published()) == [Report.objects.get(pk=correction.pk)]


def test_a_report_breaking_the_rules_cannot_be_published(cast: Cast, records: list) -> None:
    record = actions.do_build_report(cast.clerk, cast.agency, 2021)
    broken = json.loads(json.dumps(record.data))
    broken["applications"]["granted"]["natural_person"] = 5
    Report.objects.filter(pk=record.pk).update(data=broken)
    record.refresh_from_db()
    write_problems(cast.clerk, record)
    with pytest.raises(ValidationError) as refused:
        actions.do_publish_report(cast.approver, record, now=ON_TIME)
    assert "错误R3" in refused.value.messages[0]
    record.refresh_from_db()
    assert not record.is_published


def test_staff_build_edit_and_publish_in_the_workspace(cast: Cast, records: list, settings: Any) -> None:
    settings.GONGKAI_REPORTS_TODAY = ON_TIME.date()
    clerk = login("clerk")
    response = clerk.post(f"/workspace/agencies/{cast.agency.pk}/reports/", {"year": "2021", "build": ""})
    record = Report.objects.get()
    assert response["Location"] == f"/workspace/reports/{record.pk}/"
    page = clerk.get(f"/workspace/reports/{record.pk}/").content.decode()
    assert f"/workspace/reports/{record.pk}/cells/applications.granted.natural_person/" in page
    clerk.post(
        f"/workspace/reports/{record.pk}/narrative/",
        {
            "overview": record.overview,
            "problems": "信息公开平台栏目设置仍需优化，将于明年完成。",
            "other": record.other,
        },
    )
    assert clerk.post(f"/workspace/reports/{record.pk}/publish/").status_code == 403
    record.refresh_from_db()
    approver = login("approver")
    for warning in checks.checklist(record, ON_TIME.date()).warnings:
        approver.post(
            f"/workspace/reports/{record.pk}/acknowledge/",
            {"rule": warning.finding.rule, "cells": warning.cells, "reason": "数据已核对"},
        )
    confirmed = approver.post(
        f"/workspace/reports/{record.pk}/publish/",
        {"seen": record.updated_at.isoformat(), "confirm": "on"},
    )
    assert confirmed["Location"] == f"/workspace/reports/{record.pk}/"
    record.refresh_from_db()
    assert record.is_published and record.problems.startswith("信息公开平台")


def test_each_cell_lists_the_applications_it_counts_for_staff_only(cast: Cast, records: list) -> None:
    record = actions.do_build_report(cast.clerk, cast.agency, 2021)
    granted, open_one = records
    url = f"/workspace/reports/{record.pk}/cells/applications.granted.natural_person/"
    page = login("oversight").get(url).content.decode()
    assert granted.tracking_code in page and open_one.tracking_code not in page
    forward = login("clerk").get(f"/workspace/reports/{record.pk}/cells/applications.carried_forward.total/")
    assert open_one.tracking_code in forward.content.decode()
    assert login("other_clerk").get(url).status_code == 404
    assert Client().get(url).status_code == 302  # to the sign-in page
    data = json.loads(login("clerk").get(f"/workspace/reports/{record.pk}.json").content)
    assert data["provenance"]["applications.granted.natural_person"] == [granted.pk]


def test_the_portal_lists_every_published_year_and_hides_drafts(cast: Cast, records: list) -> None:
    draft_2020 = actions.do_build_report(cast.clerk, cast.agency, 2020)
    draft_2021 = actions.do_build_report(cast.clerk, cast.agency, 2021)
    ready_to_publish(cast.clerk, cast.approver, draft_2021, ON_TIME)
    published = actions.do_publish_report(cast.approver, draft_2021, now=ON_TIME)
    listing = Client().get(f"/agencies/{cast.agency.pk}/annual-reports/").content.decode()
    assert f"/reports/{published.pk}/" in listing and f"/reports/{draft_2020.pk}/" not in listing
    page = Client().get(f"/reports/{published.pk}/").content.decode()
    assert "秀洲区经济信息商务局2021年度政府信息公开工作年度报告" in page
    assert Client().get(f"/reports/{draft_2020.pk}/").status_code == 404
    public_json = json.loads(Client().get(f"/reports/{published.pk}.json").getvalue())
    assert "provenance" not in public_json
    assert Client().get(f"/reports/{published.pk}.docx").getvalue()[:2] == b"PK"
