"""The workflow as the 条例 (第三十条–第三十五条) and 国办函〔2020〕109号 write it: each test quotes the
provision it enforces. Real database (SQLite and PostgreSQL), real calendar (2025: 清明 04-04)."""

from __future__ import annotations

import datetime
from typing import Any

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from gongkai.agencies.actions import do_grant_role
from gongkai.agencies.models import Membership
from gongkai.applications import actions
from gongkai.applications.models import Application, Consultation, Event, Fee, Letter, Reminder, Status
from gongkai.applications.queries import queue, queue_rows
from gongkai.applications.reminders import sweep
from gongkai.testing import Cast
from gongkai.workdays.seed import seed_from_chinesecalendar

from .helpers import register

pytestmark = pytest.mark.django_db(transaction=True)
D = datetime.date


@pytest.fixture(autouse=True)
def _calendar(settings: Any, tmp_path: Any) -> None:
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    seed_from_chinesecalendar()


def fresh(application: Application) -> Application:
    return Application.objects.get(pk=application.pk)


# 第三十二条: 第三方应当自收到征求意见书之日起15个工作日内提出意见。第三方逾期未提出意见的，由行政机关依照本条例
# 的规定决定是否公开。
def test_a_third_party_that_does_not_answer_in_15_workdays_from_receipt_lets_the_clock_resume(
    cast: Cast,
) -> None:
    application = register(cast.clerk, cast.agency, D(2025, 2, 27))
    consultation = actions.do_send_consultation(
        cast.clerk,
        application,
        kind="third_party",
        party="某公司",
        on=D(2025, 3, 3),
        delivered_on=D(2025, 3, 5),
    )
    assert consultation.reply_by == D(2025, 3, 26)  # from the signed-for day, not from sending
    sweep(D(2025, 3, 26))
    assert fresh(application).status == Status.IN_CONSULTATION
    sweep(D(2025, 3, 27))
    consultation.refresh_from_db()
    assert (consultation.answered_on, consultation.reply) == (D(2025, 3, 26), Consultation.Reply.NO_REPLY)
    application = fresh(application)
    assert (application.status, application.due_on) == (Status.IN_PROGRESS, D(2025, 4, 22))
    [row] = queue_rows(queue(cast.agency, "open", D(2025, 3, 27)))
    assert "第三方逾期未提出意见，由本机关决定" in row.notes


def test_a_posted_letters_delivery_recorded_later_moves_the_third_partys_deadline(cast: Cast) -> None:
    """第三十二条: 自收到征求意见书之日起 — by post, the signed-for day."""
    application = register(cast.clerk, cast.agency, D(2025, 2, 27))
    consultation = actions.do_send_consultation(
        cast.clerk, application, kind="third_party", party="某公司", on=D(2025, 3, 3)
    )
    assert consultation.reply_by == D(2025, 3, 24)
    actions.do_record_consultation_delivery(cast.clerk, consultation, on=D(2025, 3, 5))
    consultation.refresh_from_db()
    assert (consultation.delivered_on, consultation.reply_by) == (D(2025, 3, 5), D(2025, 3, 26))


# 第三十四条: 被征求意见机关应当自收到征求意见书之日起15个工作日内提出意见，逾期未提出意见的视为同意公开。
def test_another_agencys_silence_is_recorded_as_consent(cast: Cast) -> None:
    application = register(cast.clerk, cast.agency, D(2025, 2, 27))
    consultation = actions.do_send_consultation(
        cast.clerk,
        application,
        kind="agency",
        party="嘉兴市住建局",
        on=D(2025, 3, 3),
        delivered_on=D(2025, 3, 5),
    )
    sweep(D(2025, 3, 27))
    consultation.refresh_from_db()
    assert consultation.reply == Consultation.Reply.DEEMED_CONSENT
    lapsed = Event.objects.get(application=application, kind=Event.Kind.CONSULTATION_LAPSED)
    assert "视为同意公开" in lapsed.message
    assert fresh(application).due_on == D(2025, 4, 22)
    letter = Letter.objects.get(application=application, kind="consultation")
    assert "第三十四条" in letter.text and "逾期未提出意见的，视为同意公开" in letter.text
    assert "自收到本函之日起15个工作日内" in letter.text


def test_staff_are_reminded_of_a_consultation_deadline(cast: Cast) -> None:
    """第三十二条, 第三十四条: the 15 workdays are reminded like the reply period."""
    application = register(cast.clerk, cast.agency, D(2025, 2, 27))
    actions.do_send_consultation(
        cast.clerk,
        application,
        kind="third_party",
        party="某公司",
        on=D(2025, 3, 3),
        delivered_on=D(2025, 3, 5),
    )
    sweep(D(2025, 3, 21))  # 03-26 is 3 workdays on
    reminders = Reminder.objects.filter(application=application, kind=Reminder.Kind.CONSULTATION_DUE)
    assert {(r.user_id, r.due_on) for r in reminders} == {
        (cast.clerk.pk, D(2025, 3, 26)),
        (cast.approver.pk, D(2025, 3, 26)),
    }
    assert Reminder.objects.current(D(2025, 3, 21)).filter(kind=Reminder.Kind.CONSULTATION_DUE).count() == 2
    from django.core import mail

    assert any("征求意见期限 2025-03-26" in message.subject for message in mail.outbox)


# 国办函〔2020〕109号: 申请人应当自收到收费通知的次日起20个工作日内缴纳费用，逾期未缴纳的视为放弃申请；
# 收费通知的时间到申请人缴费完成的时间不计算在答复期限内。
def test_an_unpaid_fee_lapses_20_workdays_after_the_day_the_notice_was_received_onto_the_to_confirm_list(
    cast: Cast,
) -> None:
    application = register(cast.clerk, cast.agency, D(2025, 2, 27))
    fee = actions.do_issue_fee_notice(
        cast.approver, application, method=Fee.Method.BY_PAGES, on=D(2025, 3, 3), pages=500
    )
    actions.do_record_fee_delivery(cast.clerk, application, on=D(2025, 3, 5))
    fee.refresh_from_db()
    assert fee.pay_by == D(2025, 4, 2)  # counted from 03-06
    sweep(D(2025, 4, 2))
    assert list(queue(cast.agency, "to_confirm", D(2025, 4, 2))) == []
    sweep(D(2025, 4, 3))
    application = fresh(application)
    assert application.status == Status.AWAITING_PAYMENT  # not closed by the sweep
    assert list(queue(cast.agency, "to_confirm", D(2025, 4, 3))) == [application]
    actions.do_lapse_fee(cast.clerk, application, on=D(2025, 4, 7))
    application = fresh(application)
    assert (application.status, application.outcome) == (Status.DECIDED, "other_fee_unpaid")


def test_the_time_from_the_fee_notice_to_payment_is_not_counted(cast: Cast) -> None:
    application = register(cast.clerk, cast.agency, D(2025, 2, 27))
    actions.do_issue_fee_notice(
        cast.approver, application, method=Fee.Method.BY_PAGES, on=D(2025, 3, 3), pages=500
    )
    actions.do_record_fee_delivery(cast.clerk, application, on=D(2025, 3, 5))
    actions.do_record_fee_payment(cast.clerk, application, on=D(2025, 3, 12))
    assert fresh(application).due_on == D(2025, 4, 8)


# 第三十三条第二款: 需要延长答复期限的，应当经政府信息公开工作机构负责人同意并告知申请人，延长的期限最长不得超过
# 20个工作日。
def test_an_extension_is_refused_after_the_period_ended_naming_the_due_date(cast: Cast) -> None:
    do_grant_role(cast.agency_admin, cast.approver, cast.agency, Membership.Role.DISCLOSURE_HEAD)
    application = register(cast.clerk, cast.agency, D(2025, 2, 27))  # due 2025-03-27
    with pytest.raises(ValidationError) as error:
        actions.do_extend_deadline(cast.approver, application, reason="量大", on=D(2025, 3, 28))
    assert "2025-03-27" in error.value.message_dict["on"][0]
    with pytest.raises(ValidationError):
        actions.do_extend_deadline(cast.approver, application, reason="量大", on=D(2025, 3, 20), workdays=21)
    actions.do_extend_deadline(cast.approver, application, reason="量大", on=D(2025, 3, 27), workdays=5)
    application = fresh(application)
    assert (application.extension_workdays, application.due_on) == (5, D(2025, 4, 3))
    letter = Letter.objects.get(application=application, kind="extension_notice")
    assert "延长5个工作日" in letter.text


def test_only_a_granted_head_of_the_disclosure_office_may_consent_to_an_extension(cast: Cast) -> None:
    """第三十三条第二款: the head's consent, a role of its own; the agency's administrators grant it."""
    application = register(cast.clerk, cast.agency, D(2025, 2, 27))
    with pytest.raises(PermissionDenied):
        actions.do_extend_deadline(cast.agency_admin, application, reason="量大", on=D(2025, 3, 20))
    with pytest.raises(PermissionDenied):
        do_grant_role(cast.clerk, cast.clerk, cast.agency, Membership.Role.DISCLOSURE_HEAD)
    do_grant_role(cast.agency_admin, cast.clerk, cast.agency, Membership.Role.DISCLOSURE_HEAD)
    actions.do_extend_deadline(cast.clerk, application, reason="量大", on=D(2025, 3, 20))
    assert fresh(application).due_on == D(2025, 4, 25)


# 第三十条: 行政机关应当在收到申请之日起7个工作日内一次性告知申请人作出补正，说明需要补正的事项和合理的补正期限。
# 无正当理由逾期不补正的，视为申请人放弃申请。
def test_a_supplement_requested_after_7_workdays_is_allowed_and_marked_late(cast: Cast) -> None:
    application = register(cast.clerk, cast.agency, D(2025, 2, 27))  # within 7 workdays: by 03-10
    request = actions.do_request_supplement(cast.clerk, application, what="x", on=D(2025, 3, 11))
    assert request.late
    assert list(queue(cast.agency, "supplement_late", D(2025, 3, 11))) == [fresh(application)]
    [row] = queue_rows(queue(cast.agency, "open", D(2025, 3, 11)))
    assert any("Article 30" in note or "第三十条" in note for note in row.notes)


@pytest.mark.parametrize("reply_by", [D(2025, 3, 3), D(2025, 3, 1), D(2025, 3, 5)])
def test_an_impossible_or_unreasonably_short_supplement_date_is_refused(
    cast: Cast, reply_by: datetime.date
) -> None:
    application = register(cast.clerk, cast.agency, D(2025, 2, 27))
    with pytest.raises(ValidationError) as error:
        actions.do_request_supplement(cast.clerk, application, what="x", on=D(2025, 3, 3), reply_by=reply_by)
    assert "reply_by" in error.value.message_dict


def test_a_clerk_may_record_a_good_reason_and_a_new_date_for_a_lapsed_supplement(cast: Cast) -> None:
    application = register(cast.clerk, cast.agency, D(2025, 2, 27))
    actions.do_request_supplement(
        cast.clerk, application, what="x", on=D(2025, 3, 3), reply_by=D(2025, 3, 17)
    )
    sweep(D(2025, 3, 18))
    assert list(queue(cast.agency, "to_confirm", D(2025, 3, 18))) == [fresh(application)]
    actions.do_renew_wait(
        cast.clerk, application, "supplement", reason="申请人住院", until=D(2025, 3, 31), on=D(2025, 3, 19)
    )
    assert list(queue(cast.agency, "to_confirm", D(2025, 3, 19))) == []
    application = fresh(application)
    assert (application.status, application.supplement.reply_by) == (
        Status.AWAITING_SUPPLEMENT,
        D(2025, 3, 31),
    )


# 第三十五条: 申请人申请公开政府信息的数量、频次明显超过合理范围，行政机关可以要求申请人说明理由。行政机关认为
# 申请理由不合理的，告知申请人不予处理；行政机关认为申请理由合理，但是无法在本条例第三十三条规定的期限内答复
# 申请人的，可以确定延迟答复的合理期限并告知申请人。
def test_a_later_reply_date_replaces_the_due_date_with_its_letter(cast: Cast) -> None:
    application = register(cast.clerk, cast.agency, D(2025, 2, 27))  # due 2025-03-27
    actions.do_ask_for_reasons(cast.clerk, application, what="一个月内提出200件申请的理由", on=D(2025, 3, 3))
    assert "第三十五条" in Letter.objects.get(application=application, kind="reasons_request").text
    with pytest.raises(ValidationError):
        actions.do_postpone_reply(
            cast.approver, application, until=D(2025, 3, 20), reason="量大", on=D(2025, 3, 10)
        )
    actions.do_postpone_reply(
        cast.approver, application, until=D(2025, 5, 30), reason="量大", on=D(2025, 3, 10)
    )
    assert fresh(application).due_on == D(2025, 5, 30)
    assert "2025年5月30日" in Letter.objects.get(application=application, kind="postponement_notice").text


def test_unreasonable_reasons_are_refused_as_not_processed(cast: Cast) -> None:
    application = register(cast.clerk, cast.agency, D(2025, 2, 27))
    actions.do_refuse_unreasonable(cast.approver, application, on=D(2025, 3, 10), text="理由不合理")
    application = fresh(application)
    assert (application.outcome, application.outcome_article) == ("not_processed_mass_repeat", "第三十五条")


def test_due_soon_means_3_workdays_in_the_queue_the_reminders_and_the_deadline_state(cast: Cast) -> None:
    """One meaning: from Friday 2025-03-07, Wednesday 03-12 is due soon (Mon, Tue, Wed), Thursday is not."""
    soon = register(cast.clerk, cast.agency, D(2025, 2, 12))  # due 2025-03-12
    later = register(cast.clerk, cast.agency, D(2025, 2, 13), applicant_name="李华")  # due 2025-03-13
    assert (fresh(soon).due_on, fresh(later).due_on) == (D(2025, 3, 12), D(2025, 3, 13))
    today = D(2025, 3, 7)
    assert [fresh(soon).deadline_state(today), fresh(later).deadline_state(today)] == ["due_soon", "on_time"]
    assert list(queue(cast.agency, "due_soon", today)) == [fresh(soon)]
    sweep(today)
    assert set(Reminder.objects.values_list("application_id", flat=True)) == {soon.pk}


def test_the_case_page_says_what_the_workflow_says(cast: Cast) -> None:
    """第三十条 (a late 补正, a lapse to confirm) shown on the case itself, in the clerk's words."""
    from django.test import Client

    from gongkai.testing import PASSWORD

    application = register(cast.clerk, cast.agency, D(2025, 2, 27))
    actions.do_request_supplement(
        cast.clerk, application, what="x", on=D(2025, 3, 11), reply_by=D(2025, 3, 25)
    )
    sweep(D(2025, 3, 26))
    client = Client()
    client.login(username="clerk", password=PASSWORD)
    page = client.get(f"/workspace/applications/{application.pk}/").content.decode()
    assert "补正告知超过7个工作日（第三十条）" in page
    assert "逾期未补正：请确认视为放弃申请" in page
    assert "有正当理由：给予新的期限" in page
