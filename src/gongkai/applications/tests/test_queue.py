"""The staff queues: one order on both databases (overdue first, no due date after every dated one, closed
ones last), and pages that reach every row, keep the queue in their links and say how many there are."""

from __future__ import annotations

import datetime
import html
import re

import pytest
from django.test import Client
from django.utils import timezone

from gongkai.agencies.models import Agency
from gongkai.applications.models import Application, Status
from gongkai.applications.queries import QUEUE_FILTERS, QUEUE_PAGE_SIZE, queue
from gongkai.testing import Cast

from .helpers import applicant

pytestmark = pytest.mark.django_db
TODAY = datetime.date(2024, 6, 14)
OVERDUE, UNDATED, DATED, CLOSED = 90, 60, 70, 25  # 220 open: more than the 200 the queue used to stop at


def fill(agency: Agency) -> None:
    """Open applications overdue, without a due date (submitted first, so that an order by submission
    cannot pass for the right one) and due later; closed ones. Bulk-inserted: the test is about order."""
    start = timezone.make_aware(datetime.datetime(2024, 1, 2, 9))
    fields = {key: value for key, value in applicant().items()}
    rows = []

    def add(code: str, serial: int, **state: object) -> None:
        rows.append(
            Application(
                agency=agency,
                tracking_code=code,
                channel="online",
                submitted_at=start + datetime.timedelta(minutes=serial),
                **fields,
                **state,
            )
        )

    for n in range(UNDATED):
        add(f"U{n:03}", n, status=Status.SUBMITTED)
    for n in range(OVERDUE):
        due = TODAY - datetime.timedelta(days=1 + n % 40)  # several share a due date
        add(f"O{n:03}", 100 + n, status=Status.IN_PROGRESS, received_on=datetime.date(2024, 3, 1), due_on=due)
    for n in range(DATED):
        due = TODAY + datetime.timedelta(days=n % 30)
        add(f"D{n:03}", 300 + n, status=Status.IN_PROGRESS, received_on=datetime.date(2024, 5, 1), due_on=due)
    for n in range(CLOSED):
        closed = TODAY - datetime.timedelta(days=n)
        add(f"C{n:03}", 400 + n, status=Status.DECIDED, due_on=closed, closed_on=closed, outcome="granted")
    Application.objects.bulk_create(rows)


def expected_order(applications: list[Application]) -> list[str]:
    def key(a: Application) -> tuple[object, ...]:
        is_closed = a.closed_on is not None
        return (
            is_closed,
            -(a.closed_on.toordinal()) if a.closed_on else 0,
            a.due_on is None,
            a.due_on or datetime.date.min,
            a.submitted_at,
            a.pk,
        )

    return [a.tracking_code for a in sorted(applications, key=key)]


@pytest.mark.parametrize("name", list(QUEUE_FILTERS))
def test_every_queue_puts_overdue_first_and_undated_after_every_dated_one_on_either_database(
    cast: Cast, name: str
) -> None:
    fill(cast.agency)
    listed = list(queue(cast.agency, name, TODAY))
    assert [a.tracking_code for a in listed] == expected_order(listed)
    if name == "open":
        codes = [a.tracking_code[0] for a in listed]
        assert codes == ["O"] * OVERDUE + ["D"] * DATED + ["U"] * UNDATED


ROW = re.compile(r'<td class="code"><a href="[^"]+">([^<]+)</a>')
NEXT = re.compile(r'<a [^>]*href="([^"]+)"[^>]*rel="next">')


def test_the_queue_pages_through_every_row_keeping_its_tab_and_says_how_many(cast: Cast) -> None:
    fill(cast.agency)
    client = Client()
    client.force_login(cast.clerk)
    url = f"/workspace/agencies/{cast.agency.pk}/applications/?filter=open"
    seen: list[str] = []
    pages = 0
    while url and pages < 10:
        page = client.get(url).content.decode()
        pages += 1
        assert "本队列共 220 件" in page
        rows = ROW.findall(page)
        assert len(rows) == QUEUE_PAGE_SIZE or not NEXT.search(page)
        seen += rows
        link = NEXT.search(page)
        url = (
            f"/workspace/agencies/{cast.agency.pk}/applications/{html.unescape(link.group(1))}"
            if link
            else ""
        )
        if link:
            assert "filter=open" in link.group(1)
    expected = [a.tracking_code for a in queue(cast.agency, "open", TODAY)]
    assert seen == expected
    assert pages == -(-220 // QUEUE_PAGE_SIZE)
    assert seen[0].startswith("O") and seen[-1].startswith("U")


def test_a_page_past_the_end_shows_the_last_one_and_the_tabs_start_again_at_the_first(cast: Cast) -> None:
    fill(cast.agency)
    client = Client()
    client.force_login(cast.clerk)
    page = client.get(
        f"/workspace/agencies/{cast.agency.pk}/applications/?filter=open&page=99"
    ).content.decode()
    assert ROW.findall(page) == [a.tracking_code for a in queue(cast.agency, "open", TODAY)][200:]
    assert 'href="?filter=closed"' in page  # a tab link does not carry the page number along
