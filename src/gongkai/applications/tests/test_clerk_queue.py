"""The clerk's day without a browser: the queue's filters, sorts and tab counts, its aggregate queries, each
step on a page of its own that says what changed, and bulk steps that report case by case."""

from __future__ import annotations

import datetime
import re
from typing import Any

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from hypothesis import HealthCheck, given
from hypothesis import settings as examples
from hypothesis import strategies as st

from gongkai.applications import actions
from gongkai.applications.models import Application, Status, due_soon_last_day
from gongkai.applications.queries import QUEUE_FILTERS, due_state, queue, tab_counts
from gongkai.testing import Cast
from gongkai.workdays.seed import seed_from_chinesecalendar

from .helpers import applicant, register

pytestmark = pytest.mark.django_db
ROW = re.compile(r'<td class="code"><a href="[^"]+">([^<]+)</a>')


@pytest.fixture(autouse=True)
def setup(settings: Any, tmp_path: Any) -> None:
    settings.MEDIA_ROOT = tmp_path
    seed_from_chinesecalendar()


def client_for(user: Any) -> Client:
    client = Client()
    client.force_login(user)
    return client


def unconfirmed(cast: Cast, n: int, channel: str = "letter", **changes: Any) -> Application:
    return actions.do_register_application(
        cast.clerk, cast.agency, applicant(**changes), channel=channel, received_on=None
    )


def some_cases(cast: Cast) -> dict[str, Application]:
    today = timezone.localdate()
    return {
        "overdue": register(
            cast.clerk, cast.agency, today - datetime.timedelta(days=60), applicant_name="李逾期"
        ),
        "recent": register(
            cast.clerk,
            cast.agency,
            today - datetime.timedelta(days=1),
            applicant_kind="commercial_enterprise",
            applicant_name="嘉兴某某有限公司",
            id_document="credit_code",
            id_number="91330411MA29G6LL0Q",
            description="2024年度排污许可证核发清单",
        ),
        "letter": unconfirmed(cast, 0, applicant_name="王信件"),
    }


def test_the_queue_filters_by_text_window_channel_and_applicant_and_sorts(cast: Cast) -> None:
    cases = some_cases(cast)
    client = client_for(cast.clerk)
    url = f"/workspace/agencies/{cast.agency.pk}/applications/"

    def codes(query: str) -> list[str]:
        response = client.get(url + query)
        assert response.status_code == 200
        return ROW.findall(response.content.decode())

    assert codes("?q=排污许可") == [cases["recent"].tracking_code]
    assert codes("?q=李逾期") == [cases["overdue"].tracking_code]
    assert codes(f"?q={cases['letter'].tracking_code}") == [cases["letter"].tracking_code]
    assert codes("?window=overdue") == [cases["overdue"].tracking_code]
    assert codes("?window=provisional") == [cases["letter"].tracking_code]
    assert codes("?channel=letter") == [cases["letter"].tracking_code]
    assert codes("?applicant_kind=commercial_enterprise") == [cases["recent"].tracking_code]
    assert codes("?status=submitted") == [cases["letter"].tracking_code]
    # By due date the overdue case comes first; by tracking code, in code order.
    assert codes("")[0] == cases["overdue"].tracking_code
    assert codes("?sort=code") == sorted(a.tracking_code for a in cases.values())
    # A filter that does not validate (a stale link) is ignored, not an error.
    assert len(codes("?window=nonsense&sort=nonsense")) == 3


def test_the_tabs_count_what_they_list_in_one_query(cast: Cast) -> None:
    some_cases(cast)
    today = timezone.localdate()
    applications = Application.objects.for_agency(cast.agency)
    with CaptureQueriesContext(connection) as captured:
        counts = tab_counts(applications, today)
    assert len([q for q in captured.captured_queries if "COUNT" in q["sql"].upper()]) == 1
    for name in QUEUE_FILTERS:
        assert counts[name] == queue(cast.agency, name, today).count(), name
    page = client_for(cast.clerk).get(f"/workspace/agencies/{cast.agency.pk}/applications/").content.decode()
    tabs = page[page.index('class="filters') : page.index("</nav>", page.index('class="filters'))]
    assert re.findall(r'">(\d+)</span></a>', tabs) == [str(counts[name]) for name in QUEUE_FILTERS]


def test_the_queue_page_makes_as_many_queries_for_forty_rows_as_for_two(cast: Cast) -> None:
    client = client_for(cast.clerk)
    url = f"/workspace/agencies/{cast.agency.pk}/applications/"
    register(cast.clerk, cast.agency, datetime.date(2024, 3, 1))
    register(cast.clerk, cast.agency, datetime.date(2024, 3, 2))
    client.get(url)  # warm the session and the calendar
    with CaptureQueriesContext(connection) as few:
        client.get(url)
    for n in range(38):
        received = datetime.date(2024, 3, 1) + datetime.timedelta(days=n)
        application = register(cast.clerk, cast.agency, received)
        if n % 3 == 0:
            actions.do_send_consultation(
                cast.clerk, application, kind="third_party", party="某公司", on=received
            )
        if n % 3 == 1:
            actions.do_request_supplement(cast.clerk, application, what="文号", on=received)
    with CaptureQueriesContext(connection) as many:
        response = client.get(url)
    assert len(ROW.findall(response.content.decode())) == 40
    assert len(many) == len(few), [q["sql"] for q in many.captured_queries]


def test_the_filters_survive_paging(cast: Cast) -> None:
    for n in range(55):
        register(cast.clerk, cast.agency, datetime.date(2024, 3, 1) + datetime.timedelta(days=n % 20))
    page = client_for(cast.clerk).get(
        f"/workspace/agencies/{cast.agency.pk}/applications/?q=技术改造&window=overdue&sort=received"
    )
    link = re.search(r'<a [^>]*href="([^"]+)"[^>]*rel="next">', page.content.decode())
    assert link is not None
    assert all(part in link.group(1) for part in ("q=", "window=overdue", "sort=received", "page=2"))


def test_all_my_agencies_lists_only_those_the_user_sees_and_filters_by_agency(cast: Cast) -> None:
    mine = register(cast.clerk, cast.agency, datetime.date(2024, 3, 1))
    theirs = register(cast.other_clerk, cast.other_agency, datetime.date(2024, 3, 1))
    assert ROW.findall(client_for(cast.clerk).get("/workspace/applications/").content.decode()) == [
        mine.tracking_code
    ]
    overseer = client_for(cast.oversight)
    both = ROW.findall(overseer.get("/workspace/applications/").content.decode())
    assert sorted(both) == sorted([mine.tracking_code, theirs.tracking_code])
    only = overseer.get(f"/workspace/applications/?agency={cast.other_agency.pk}").content.decode()
    assert ROW.findall(only) == [theirs.tracking_code]


def test_a_step_has_its_own_page_and_the_case_page_says_what_changed(cast: Cast) -> None:
    application = register(cast.clerk, cast.agency, datetime.date(2024, 3, 1))
    approver = client_for(cast.approver)
    case = approver.get(f"/workspace/applications/{application.pk}/").content.decode()
    assert 'id="do-decide"' in case and "<textarea" not in case  # buttons, no forms stacked open
    url = f"/workspace/applications/{application.pk}/decide/"
    page = approver.get(url)
    assert page.status_code == 200 and 'id="id_decide-outcome"' in page.content.decode()
    refused = approver.post(url, {"decide-on": "2024-03-05"})
    assert refused.status_code == 400 and "error-summary" in refused.content.decode()
    done = approver.post(url, {"decide-on": "2024-03-05", "decide-outcome": "granted"}, follow=True)
    text = done.content.decode()
    assert (
        "已记录：作出答复决定（审核人）。" in text and "已生成文书：" in text and "办理状态：已答复。" in text
    )
    # A step the state no longer allows sends the clerk back to the case with a word why.
    again = approver.get(url, follow=True)
    assert again.redirect_chain[-1][0] == f"/workspace/applications/{application.pk}/"
    assert "该申请当前不能办理" in again.content.decode()
    assert client_for(cast.clerk).get(url).status_code == 403  # the clerk may not decide


def test_the_clock_timeline_shows_the_pause_and_its_end(cast: Cast) -> None:
    application = register(cast.clerk, cast.agency, datetime.date(2024, 3, 1))
    actions.do_request_supplement(cast.clerk, application, what="文号", on=datetime.date(2024, 3, 4))
    actions.do_receive_supplement(cast.clerk, application, datetime.date(2024, 3, 8))
    page = client_for(cast.clerk).get(f"/workspace/applications/{application.pk}/").content.decode()
    clock = page[page.index('id="clock"') :]
    assert "暂停计算：等待申请人补正" in clock and "至 2024-03-08" in clock
    assert "<details" in page  # the day-by-day explanation, on demand


def test_bulk_confirm_reports_each_case(cast: Cast) -> None:
    online = actions.do_submit_application(cast.agency, applicant(), remote_address="198.51.100.7")
    letter = unconfirmed(cast, 1)
    in_progress = register(cast.clerk, cast.agency, datetime.date(2024, 3, 1))
    client = client_for(cast.clerk)
    queue_url = f"/workspace/agencies/{cast.agency.pk}/applications/?filter=unconfirmed"
    response = client.post(
        "/workspace/applications/bulk/",
        {
            "verb": "confirm",
            "bulk-on": timezone.localdate().isoformat(),
            "selected": [online.pk, letter.pk, in_progress.pk, 999999],
            "next": queue_url,
        },
        follow=True,
    )
    assert response.redirect_chain[0][0] == queue_url
    text = response.content.decode()
    online.refresh_from_db()
    letter.refresh_from_db()
    assert online.status == Status.IN_PROGRESS and letter.status == Status.SUBMITTED
    assert f"{online.tracking_code}：确认收到申请——已办理。" in text
    assert f"{letter.tracking_code}：" in text  # the letter needs how the receipt was confirmed
    assert f"{in_progress.tracking_code}：该申请当前不能办理“确认收到申请”。" in text
    assert "第999999号申请：未找到。" in text
    # Someone who may only read gets a refusal per case, nothing done.
    other = client_for(cast.oversight).post(
        "/workspace/applications/bulk/",
        {"verb": "confirm", "bulk-on": timezone.localdate().isoformat(), "selected": [letter.pk]},
        follow=True,
    )
    assert letter.tracking_code in other.content.decode()
    letter.refresh_from_db()
    assert letter.status == Status.SUBMITTED


@examples(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    status=st.sampled_from(list(Status)),
    due=st.none() | st.dates(datetime.date(2024, 1, 1), datetime.date(2025, 12, 31)),
    received=st.booleans(),
    provisional=st.booleans(),
    today=st.dates(datetime.date(2024, 1, 1), datetime.date(2025, 12, 31)),
)
def test_the_due_badge_is_the_deadline_state_provisional_aside_and_overdue_first(
    status: str, due: datetime.date | None, received: bool, provisional: bool, today: datetime.date
) -> None:
    """The badge is ``deadline_state`` but for "provisional", which it shows for an open case not yet
    received or dated provisionally — unless overdue, which wins (an overdue case is never shown as
    anything else)."""
    application = Application(
        status=status,
        due_on=due,
        received_on=datetime.date(2023, 12, 1) if received else None,
        due_is_provisional=provisional,
    )
    badge = due_state(application, today, due_soon_last_day(today))
    state = application.deadline_state(today)
    if badge == "provisional":
        assert application.is_open and (not received or provisional) and state != "overdue"
    else:
        assert badge == state
    if application.is_open and due is not None and due < today:
        assert badge == "overdue"


def test_every_verb_has_the_words_of_its_button_and_page() -> None:
    from gongkai.applications.verbs import BULK_VERBS, NEXT_STEPS, VERB_TITLES, VERBS

    assert set(VERB_TITLES) == set(VERBS)
    assert set(NEXT_STEPS) <= set(VERBS) and set(BULK_VERBS) <= set(VERBS)
