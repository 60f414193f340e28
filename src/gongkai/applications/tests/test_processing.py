"""The life of an application through the actions, with the real calendar (国庆 2019 and its make-up days)."""

from __future__ import annotations

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.test import Client
from django.utils import timezone

from gongkai.agencies.actions import do_grant_role
from gongkai.agencies.models import Membership
from gongkai.applications import actions
from gongkai.applications.models import Event, Status
from gongkai.testing import PASSWORD, Cast
from gongkai.workdays.seed import seed_from_chinesecalendar

from .helpers import look_up, register

pytestmark = pytest.mark.django_db
D = datetime.date


@pytest.fixture(autouse=True)
def calendar(db: None) -> None:
    seed_from_chinesecalendar()


def test_reply_is_due_on_the_20th_workday_skipping_national_day(cast: Cast) -> None:
    application = register(cast.clerk, cast.agency, D(2019, 9, 26))
    # 9-27, 9-29 (调休上班), 9-30, 10-8 … 10-12 (调休上班) …: the 20th counted workday is 2019-10-29.
    assert application.due_on == D(2019, 10, 29)
    assert application.status == Status.IN_PROGRESS
    assert not application.due_is_provisional
    assert application.supplement_request_by == D(2019, 10, 11)


def test_supplement_stops_the_clock_and_its_receipt_restarts_it(cast: Cast) -> None:
    application = register(cast.clerk, cast.agency, D(2019, 3, 1))
    actions.do_request_supplement(cast.clerk, application, what="请说明文件名称", on=D(2019, 3, 5))
    application.refresh_from_db()
    assert application.status == Status.AWAITING_SUPPLEMENT
    assert application.due_on is None
    actions.do_receive_supplement(cast.clerk, application, D(2019, 3, 20))
    application.refresh_from_db()
    assert application.status == Status.IN_PROGRESS
    assert application.due_on == D(2019, 4, 18)  # 20 workdays from 3-21; 4-5 清明节 skipped


def test_supplement_may_be_requested_once(cast: Cast) -> None:
    application = register(cast.clerk, cast.agency, D(2019, 3, 1))
    actions.do_request_supplement(cast.clerk, application, what="一", on=D(2019, 3, 5))
    actions.do_receive_supplement(cast.clerk, application, D(2019, 3, 6))
    with pytest.raises(ValidationError):
        actions.do_request_supplement(cast.clerk, application, what="二", on=D(2019, 3, 7))


def test_consultation_days_are_not_counted(cast: Cast) -> None:
    application = register(cast.clerk, cast.agency, D(2019, 3, 1))
    assert application.due_on == D(2019, 3, 29)
    consultation = actions.do_send_consultation(
        cast.clerk, application, kind="third_party", party="某公司", on=D(2019, 3, 11)
    )
    assert consultation.reply_by == D(2019, 4, 1)  # 15 workdays from the letter
    actions.do_record_consultation_reply(cast.clerk, consultation, on=D(2019, 3, 15), reply="agrees")
    application.refresh_from_db()
    assert application.status == Status.IN_PROGRESS
    assert application.due_on == D(2019, 4, 4)  # 3-12 … 3-15, four workdays, not counted


def test_an_open_consultation_stops_the_clock(cast: Cast) -> None:
    today = timezone.localdate()
    application = register(cast.clerk, cast.agency, today - datetime.timedelta(days=3))
    actions.do_send_consultation(cast.clerk, application, kind="agency", party="区财政局", on=today)
    application.refresh_from_db()
    assert application.status == Status.IN_CONSULTATION
    assert application.due_on is None


def test_an_unanswered_consultation_lapses_after_15_workdays(cast: Cast) -> None:
    application = register(cast.clerk, cast.agency, D(2019, 3, 1))
    actions.do_send_consultation(
        cast.clerk, application, kind="third_party", party="某公司", on=D(2019, 3, 11)
    )
    application.refresh_from_db()
    # Long past its reply date: paused 3-12 … 4-1, then counted on to the 20th workday.
    assert application.due_on == D(2019, 4, 22)


def test_only_the_head_of_the_disclosure_office_extends_and_it_adds_20_workdays(cast: Cast) -> None:
    """第三十三条第二款: 经政府信息公开工作机构负责人同意 — a role the agency grants, not the approver's."""
    application = register(cast.clerk, cast.agency, D(2019, 9, 26))
    for someone in (cast.clerk, cast.approver):
        with pytest.raises(PermissionDenied):
            actions.do_extend_deadline(someone, application, reason="量大", on=D(2019, 10, 20))
    do_grant_role(cast.agency_admin, cast.approver, cast.agency, Membership.Role.DISCLOSURE_HEAD)
    actions.do_extend_deadline(cast.approver, application, reason="量大", on=D(2019, 10, 20))
    application.refresh_from_db()
    assert application.extended and application.due_on == D(2019, 11, 26)
    with pytest.raises(ValidationError):
        actions.do_extend_deadline(cast.approver, application, reason="再延", on=D(2019, 10, 21))


def test_only_the_approver_decides_and_the_outcome_fits_the_year(cast: Cast) -> None:
    application = register(cast.clerk, cast.agency, D(2021, 3, 1))
    with pytest.raises(PermissionDenied):
        actions.do_decide_application(cast.clerk, application, outcome="granted", on=D(2021, 3, 10))
    with pytest.raises(ValidationError) as error:
        actions.do_decide_application(
            cast.approver, application, outcome="other_processing", on=D(2021, 3, 10)
        )
    assert "outcome" in error.value.message_dict
    actions.do_decide_application(
        cast.approver, application, outcome="denied_process_info", on=D(2021, 3, 10)
    )
    application.refresh_from_db()
    assert application.status == Status.DECIDED
    assert application.closed_on == D(2021, 3, 10)
    assert application.outcome_article == "第十六条第二款、第三十六条第（三）项"
    with pytest.raises(ValidationError):
        actions.do_send_consultation(cast.clerk, application, kind="agency", party="x", on=D(2021, 3, 11))


def test_lapsed_supplement_is_other_processing_in_the_year_format(cast: Cast) -> None:
    for year, expected in ((2020, "other_processing"), (2022, "other_no_correction")):
        application = register(cast.clerk, cast.agency, D(year, 3, 2))
        actions.do_request_supplement(
            cast.clerk, application, what="x", on=D(year, 3, 3), reply_by=D(year, 3, 20)
        )
        with pytest.raises(ValidationError):
            actions.do_lapse_supplement(cast.clerk, application, D(year, 3, 20))
        actions.do_lapse_supplement(cast.clerk, application, D(year, 3, 23))
        application.refresh_from_db()
        assert (application.status, application.outcome) == (Status.DECIDED, expected)


def test_every_state_change_leaves_one_event(cast: Cast) -> None:
    application = register(cast.clerk, cast.agency, D(2019, 3, 1))
    actions.do_request_supplement(cast.clerk, application, what="x", on=D(2019, 3, 4))
    actions.do_receive_supplement(cast.clerk, application, D(2019, 3, 6))
    actions.do_decide_application(cast.approver, application, outcome="granted", on=D(2019, 3, 20))
    actions.do_record_delivery(cast.clerk, application, on=D(2019, 3, 21))
    kinds = list(application.events.values_list("kind", flat=True))
    assert kinds == [
        Event.Kind.RECEIVED,
        Event.Kind.SUPPLEMENT_REQUESTED,
        Event.Kind.SUPPLEMENT_RECEIVED,
        Event.Kind.DECIDED,
        Event.Kind.DELIVERED,
    ]


def test_failed_action_changes_nothing(cast: Cast) -> None:
    application = register(cast.clerk, cast.agency, D(2019, 3, 1))
    before = Event.objects.count()
    with pytest.raises(ValidationError):
        actions.do_receive_supplement(cast.clerk, application, D(2019, 3, 6))
    assert Event.objects.count() == before


def test_staff_of_another_agency_cannot_see_or_act(cast: Cast) -> None:
    application = register(cast.clerk, cast.agency, D(2019, 3, 1))
    other = Client()
    other.login(username="other_clerk", password=PASSWORD)
    assert other.get(f"/workspace/applications/{application.pk}/").status_code == 404
    response = other.post(
        f"/workspace/applications/{application.pk}/withdraw/", {"withdraw-on": "2019-03-02"}
    )
    assert response.status_code == 404
    assert other.get(f"/workspace/agencies/{cast.agency.pk}/applications/").status_code == 404
    with pytest.raises(PermissionDenied):
        actions.do_withdraw_application(cast.other_clerk, application, on=D(2019, 3, 2))


def test_oversight_reads_applications_but_cannot_act(cast: Cast) -> None:
    application = register(cast.clerk, cast.agency, D(2019, 3, 1))
    client = Client()
    client.login(username="oversight", password=PASSWORD)
    assert client.get(f"/workspace/applications/{application.pk}/").status_code == 200
    response = client.post(
        f"/workspace/applications/{application.pk}/withdraw/", {"withdraw-on": "2019-03-02"}
    )
    assert response.status_code == 403
    application.refresh_from_db()
    assert application.is_open


def test_clerk_processes_through_the_workspace(cast: Cast) -> None:
    client = Client()
    client.login(username="clerk", password=PASSWORD)
    response = client.post(f"/agencies/{cast.agency.pk}/apply/", {}, REMOTE_ADDR="198.51.100.1")
    assert response.status_code == 200  # an empty form stays on the page
    application = register(cast.clerk, cast.agency, D(2019, 3, 1))
    url = f"/workspace/applications/{application.pk}/"
    response = client.post(
        url + "supplement/", {"supplement-on": "2019-03-04", "supplement-what": "请补充文号"}
    )
    assert response.status_code == 302
    response = client.post(url + "supplement_received/", {"supplement_received-on": "2019-03-01"})
    assert response.status_code == 400
    assert "不能早于" in response.content.decode()
    response = client.post(url + "decide/", {"decide-on": "2019-03-20", "decide-outcome": "granted"})
    assert response.status_code == 403
    queue = client.get(f"/workspace/agencies/{cast.agency.pk}/applications/?filter=awaiting_supplement")
    assert application.tracking_code in queue.content.decode()


def test_the_applicant_is_not_told_whom_the_agency_consulted(cast: Cast) -> None:
    application = register(cast.clerk, cast.agency, D(2021, 3, 1))
    consultation = actions.do_send_consultation(
        cast.clerk, application, kind="third_party", party="嘉兴某某机械有限公司", on=D(2021, 3, 2)
    )
    actions.do_record_consultation_reply(cast.clerk, consultation, on=D(2021, 3, 5), reply="objects")
    letter = application.letters.get(kind="consultation")
    url = f"/track/{application.tracking_code}/"
    applicant = Client()
    look_up(applicant, application)
    page = applicant.get(url).content.decode()
    assert "嘉兴某某机械有限公司" not in page and letter.number not in page
    assert applicant.get(f"{url}letters/{letter.pk}.pdf").status_code == 404
    staff = Client()
    staff.login(username="clerk", password=PASSWORD)
    assert "嘉兴某某机械有限公司" in staff.get(f"/workspace/applications/{application.pk}/").content.decode()


def test_a_decision_and_the_applicants_wishes_are_shown_by_their_labels(cast: Cast) -> None:
    """Issue 13 found ``partially_granted 第三十七条`` on the page and ``electronic``, ``email`` and
    ``other_other`` in the admin: the decision is shown as the report row it counts in, the applicant's
    wishes by the form's words."""
    application = register(cast.clerk, cast.agency, D(2021, 3, 1))
    actions.do_decide_application(cast.approver, application, outcome="partially_granted", on=D(2021, 3, 10))
    staff = Client()
    staff.force_login(cast.approver)
    page = staff.get(f"/workspace/applications/{application.pk}/").content.decode()
    assert "（二）部分公开 第三十七条" in page
    admin = Client()
    admin.force_login(cast.superuser)
    pages = [
        admin.get("/admin/applications/application/").content.decode(),
        admin.get(f"/admin/applications/application/{application.pk}/change/").content.decode(),
    ]
    for text in pages:
        assert "（二）部分公开" in text
        assert "partially_granted" not in text.replace('value="partially_granted"', "")
    assert "电子文档" in pages[1] and "电子邮件" in pages[1]
    assert ">electronic<" not in pages[1] and ">email<" not in pages[1]
