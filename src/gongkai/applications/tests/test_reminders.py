"""The daily sweep reminds clerks and approvers once per due date and closes lapsed waits; the worker runs
it once a day however often it restarts."""

from __future__ import annotations

import datetime
import re
from pathlib import Path
from typing import Any

import pytest
from django.core import mail
from django.core.management import call_command

from gongkai.agencies.actions import do_grant_role
from gongkai.agencies.models import Membership
from gongkai.applications import actions
from gongkai.applications.models import Reminder, ScheduledRun, Status
from gongkai.applications.queries import queue
from gongkai.applications.reminders import sweep
from gongkai.testing import Cast
from gongkai.workdays.seed import seed_from_chinesecalendar

from .helpers import register

# The header's count of unread reminders (a Bootstrap badge beside 提醒).
UNREAD_BADGE = re.compile(r'<span class="badge\b[^"]*">(\d+)</span>')

pytestmark = pytest.mark.django_db(transaction=True)
D = datetime.date


@pytest.fixture(autouse=True)
def setup(settings: Any, tmp_path: Path) -> None:
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    seed_from_chinesecalendar()


def test_due_soon_and_overdue_applications_are_reminded_once(cast: Cast) -> None:
    due_soon = register(cast.clerk, cast.agency, D(2019, 9, 26))  # due 2019-10-29
    overdue = register(cast.clerk, cast.agency, D(2019, 9, 2))
    far = register(cast.clerk, cast.agency, D(2019, 10, 20))
    today = D(2019, 10, 25)  # Friday: 10-29 is the 2nd workday from here
    mail.outbox.clear()  # the applicants' messages of receipt: not reminders
    result = sweep(today)
    reminded = set(Reminder.objects.values_list("application_id", "kind", "user__username"))
    assert reminded == {
        (due_soon.pk, "due_soon", "clerk"),
        (due_soon.pk, "due_soon", "approver"),
        (overdue.pk, "overdue", "clerk"),
        (overdue.pk, "overdue", "approver"),
    }
    assert far.pk not in {pk for pk, _, _ in reminded}
    assert result.emailed == len(mail.outbox) == 4
    assert sum(due_soon.tracking_code in message.subject for message in mail.outbox) == 2
    again = sweep(today)
    assert again.reminders == 0 and len(mail.outbox) == 4


def test_the_sweep_puts_a_lapsed_supplement_on_the_to_confirm_list_and_does_not_close_it(cast: Cast) -> None:
    """第三十条: 无正当理由逾期不补正的，视为放弃申请 — "no good reason" is a clerk's judgement."""
    application = register(cast.clerk, cast.agency, D(2022, 3, 1))
    actions.do_request_supplement(
        cast.clerk, application, what="x", on=D(2022, 3, 2), reply_by=D(2022, 3, 10)
    )
    sweep(D(2022, 3, 10))
    application.refresh_from_db()
    assert application.status == Status.AWAITING_SUPPLEMENT
    result = sweep(D(2022, 3, 11))
    application.refresh_from_db()
    assert result.lapsed == [application.tracking_code]
    assert application.status == Status.AWAITING_SUPPLEMENT  # open, waiting for the clerk
    assert list(queue(cast.agency, "to_confirm", D(2022, 3, 11))) == [application]
    actions.do_confirm_lapse(cast.clerk, application, "supplement", on=D(2022, 3, 14))
    application.refresh_from_db()
    assert (application.status, application.outcome) == (Status.DECIDED, "other_no_correction")
    assert list(queue(cast.agency, "to_confirm", D(2022, 3, 14))) == []


def test_worker_runs_the_daily_sweep_once_however_often_it_starts(cast: Cast) -> None:
    register(cast.clerk, cast.agency, D(2019, 9, 2))  # long overdue
    call_command("worker", "--once")
    call_command("worker", "--once")
    assert ScheduledRun.objects.count() == 1
    assert Reminder.objects.count() == 2  # clerk and approver, once each


def test_reminders_show_in_the_workspace_until_read(cast: Cast) -> None:
    from django.test import Client

    from gongkai.testing import PASSWORD

    application = register(cast.clerk, cast.agency, D(2019, 9, 2))
    sweep(D(2019, 10, 25))
    client = Client()
    client.login(username="clerk", password=PASSWORD)
    home = client.get("/workspace/").content.decode()
    badge = UNREAD_BADGE.search(home)
    assert badge is not None and badge.group(1) == "1"
    page = client.get("/workspace/reminders/").content.decode()
    assert application.tracking_code in page and "已超期" in page
    assert UNREAD_BADGE.search(client.get("/workspace/").content.decode()) is None
    other = Client()
    other.login(username="other_clerk", password=PASSWORD)
    assert application.tracking_code not in other.get("/workspace/reminders/").content.decode()


def reminders_page(username: str) -> tuple[str, str]:
    """The reminders received on the reminders page, and the header's unread count (the workspace home,
    before the page is opened)."""
    from django.test import Client

    from gongkai.testing import PASSWORD

    client = Client()
    client.login(username=username, password=PASSWORD)
    home = client.get("/workspace/").content.decode()
    page = client.get("/workspace/reminders/").content.decode()
    return page[page.index('id="reminders"') :], home  # the reminders received, not what is due now


@pytest.mark.parametrize("closing", ["decide", "withdraw", "extend"])
def test_a_reminder_no_longer_shows_once_the_application_is_decided_withdrawn_or_redated(
    cast: Cast, closing: str
) -> None:
    application = register(cast.clerk, cast.agency, D(2019, 9, 2))  # due 2019-09-30
    other = register(cast.clerk, cast.agency, D(2019, 9, 3), applicant_name="李华")
    sweep(D(2019, 10, 25))
    assert Reminder.objects.filter(application=application, kind="overdue").count() == 2
    if closing == "decide":
        actions.do_decide_application(cast.approver, application, outcome="granted", on=D(2019, 10, 28))
    elif closing == "withdraw":
        actions.do_withdraw_application(cast.clerk, application, on=D(2019, 10, 28))
    else:  # the head of the office extends: the reminder was for a due date the application no longer has
        do_grant_role(cast.agency_admin, cast.approver, cast.agency, Membership.Role.DISCLOSURE_HEAD)
        actions.do_extend_deadline(cast.approver, application, reason="信息量大", on=D(2019, 9, 20))
    page, home = reminders_page("clerk")
    assert application.tracking_code not in page
    assert other.tracking_code in page and "已超期" in page  # the other one still is overdue
    badge = UNREAD_BADGE.search(home)
    assert badge is not None and badge.group(1) == "1"  # the header counts only the one that holds


def test_a_reminder_not_yet_mailed_is_not_mailed_once_the_application_is_decided(cast: Cast) -> None:
    from gongkai.applications.reminders import SweepResult, create_reminders

    application = register(cast.clerk, cast.agency, D(2019, 9, 2))
    create_reminders(D(2019, 10, 25), SweepResult())  # a sweep killed before it sent its e-mails
    actions.do_decide_application(cast.approver, application, outcome="granted", on=D(2019, 10, 25))
    mail.outbox.clear()  # the applicant's messages of receipt and decision: not reminders
    result = sweep(D(2019, 10, 25))
    assert result.emailed == 0 and mail.outbox == []


def test_a_due_soon_reminder_gives_way_once_its_date_has_passed(cast: Cast) -> None:
    application = register(cast.clerk, cast.agency, D(2019, 9, 26))  # due 2019-10-29
    sweep(D(2019, 10, 25))
    due_soon = Reminder.objects.filter(application=application, kind="due_soon")
    assert due_soon.count() == 2
    assert set(Reminder.objects.current(D(2019, 10, 29))) == set(due_soon)
    assert not Reminder.objects.current(D(2019, 10, 30)).exists()
    sweep(D(2019, 10, 30))
    assert {r.kind for r in Reminder.objects.current(D(2019, 10, 30))} == {"overdue"}


def test_the_reminders_page_lists_what_is_due_now_before_any_sweep(cast: Cast) -> None:
    """No worker has run the sweep: the page still lists the overdue and due-soon applications of the
    agencies where one is a clerk or an approver, most urgent first — and only those."""
    from django.test import Client
    from django.utils import timezone

    from gongkai.applications import clock
    from gongkai.applications.models import Application

    overdue = register(cast.clerk, cast.agency, D(2019, 9, 2))
    due_soon = register(cast.clerk, cast.agency, timezone.localdate())
    Application.objects.filter(pk=due_soon.pk).update(due_on=clock.nth_workday(timezone.localdate(), 1))
    far = register(cast.clerk, cast.agency, timezone.localdate())
    elsewhere = register(cast.other_clerk, cast.other_agency, D(2019, 9, 2))
    assert not Reminder.objects.exists()

    def due_now(user: Any) -> str:
        client = Client()
        client.force_login(user)
        page = client.get("/workspace/reminders/").content.decode()
        return page[page.index('id="due-now"') : page.index('id="reminders"')]

    for user in (cast.clerk, cast.approver):
        listed = due_now(user)
        assert overdue.tracking_code in listed and due_soon.tracking_code in listed
        assert listed.index(overdue.tracking_code) < listed.index(due_soon.tracking_code)
        assert "已超期" in listed and "3个工作日内到期" in listed
        assert far.tracking_code not in listed and elsewhere.tracking_code not in listed
    assert "没有已超期或3个工作日内到期的" in due_now(cast.oversight)
