"""A test world for the annual report from records: 3 agencies × 2 years (2020 in the 2019 format, 2021 in
the 2021 format) with applications in every decision row, some carried over across the year boundary,
and review cases in every outcome. ``expected`` counts the tables by hand from the same plan, by a
different road than the build's SQL (a loop over the plan)."""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from typing import Any

from gongkai.applications import actions
from gongkai.applications.models import Application
from gongkai.applications.outcomes import outcomes_for
from gongkai.applications.tests.helpers import applicant, valid_id_number
from gongkai.reviews import actions as review_actions

D = datetime.date
KINDS = (
    "natural_person",
    "commercial_enterprise",
    "research_institution",
    "public_interest_org",
    "legal_service_org",
    "other_org",
)


@dataclass
class Planned:
    agency: Any
    kind: str
    received: datetime.date
    outcome: str | None  # None: still open
    closed: datetime.date | None
    application: Application | None = None


def plan(agencies: list[Any]) -> list[Planned]:
    """Per agency: every 2020 row decided in 2020, every 2021 row decided in 2021 (two of them by lapses),
    three applications received in late 2020 and decided in 2021 (carried over), one received in 2021 and
    still open (carried forward), and one received in 2019 and decided in 2020."""
    planned: list[Planned] = []
    for index, agency in enumerate(agencies):
        for number, outcome in enumerate(o.key for o in outcomes_for(2020)):
            kind = KINDS[(number + index) % 6]
            planned.append(Planned(agency, kind, D(2020, 3, 2), outcome, D(2020, 3, 20)))
        for number, outcome in enumerate(o.key for o in outcomes_for(2021)):
            kind = KINDS[(number + 2 * index) % 6]
            if outcome == "other_fee_unpaid":
                planned.append(Planned(agency, kind, D(2021, 3, 1), outcome, D(2021, 4, 6)))
            elif outcome == "other_no_correction":
                planned.append(Planned(agency, kind, D(2021, 3, 1), outcome, D(2021, 3, 31)))
            else:
                planned.append(Planned(agency, kind, D(2021, 5, 6), outcome, D(2021, 5, 20)))
        for extra in range(index + 1):  # carried over 2020 → 2021, differently per agency
            planned.append(Planned(agency, KINDS[extra], D(2020, 12, 28), "granted", D(2021, 1, 8)))
        planned.append(Planned(agency, "other_org", D(2021, 12, 27), None, None))
        planned.append(Planned(agency, "natural_person", D(2019, 12, 30), "unable_not_held", D(2020, 1, 10)))
    return planned


def make(cast: Any, agencies: list[Any], approvers: dict[int, Any]) -> list[Planned]:
    planned = plan(agencies)
    for serial, item in enumerate(planned):
        approver = approvers[item.agency.pk]
        id_body = f"3304111985071{serial:04d}"
        fields = applicant(
            applicant_kind=item.kind,
            id_number=valid_id_number(id_body),
            description=f"第{serial}号申请：某项目资金拨付明细",
        )
        application = actions.do_register_application(
            approver, item.agency, fields, channel="in_person", received_on=item.received
        )
        item.application = application
        if item.outcome is None:
            continue
        assert item.closed is not None
        if item.outcome == "other_no_correction":
            actions.do_request_supplement(
                approver, application, what="请明确所需信息", on=item.received, reply_by=D(2021, 3, 15)
            )
            actions.do_lapse_supplement(approver, application, item.closed)
        elif item.outcome == "other_fee_unpaid":
            actions.do_issue_fee_notice(approver, application, method="by_pages", pages=150, on=item.received)
            actions.do_lapse_fee(approver, application, on=item.closed)
        elif item.outcome in ("other_processing", "other_other"):
            actions.do_withdraw_application(approver, application, on=item.closed)
        else:
            actions.do_decide_application(approver, application, outcome=item.outcome, on=item.closed)
        application.refresh_from_db()
        assert application.outcome == item.outcome, (item, application.outcome)
    return planned


def expected(planned: list[Planned], agency: Any, year: int) -> dict[str, dict[str, int]]:
    """Section 三 counted by hand: a loop over the plan, not the build's query."""
    start, end = D(year, 1, 1), D(year, 12, 31)
    rows: dict[str, dict[str, int]] = {}

    def add(row: str, kind: str) -> None:
        rows.setdefault(row, dict.fromkeys((*KINDS, "total"), 0))
        rows[row][kind] += 1
        rows[row]["total"] += 1

    for item in planned:
        if item.agency != agency or item.received > end or (item.closed and item.closed < start):
            continue
        add("new_received" if item.received >= start else "carried_over", item.kind)
        if item.closed is not None and item.closed <= end:
            assert item.outcome is not None
            add(item.outcome, item.kind)
            add("total_processed", item.kind)
        else:
            add("carried_forward", item.kind)
    return rows


REVIEW_PLAN = (
    # (index of the decided application in the agency's 2021 list, kind, filed, outcome, decided)
    (0, "reconsideration", D(2021, 6, 1), "upheld", D(2021, 7, 1)),
    (1, "reconsideration", D(2021, 6, 2), "corrected", D(2021, 7, 2)),
    (2, "reconsideration", D(2021, 6, 3), "other", D(2021, 7, 3)),
    (3, "reconsideration", D(2021, 11, 3), "upheld", D(2022, 1, 10)),  # decided next year: pending on 31 Dec
    (4, "litigation_direct", D(2021, 6, 4), "upheld", D(2021, 9, 1)),
    (5, "litigation_direct", D(2021, 6, 5), None, None),
)


def make_reviews(actor: Any, planned: list[Planned], agency: Any) -> list[Any]:
    decided = [
        p.application
        for p in planned
        if p.agency == agency
        and p.closed is not None
        and p.closed.year == 2021
        and p.outcome
        in (
            "granted",
            "partially_granted",
            "denied_state_secret",
            "denied_law_forbidden",
            "unable_not_held",
            "unable_need_create",
            "denied_third_party_rights",
        )
        and p.received.year == 2021
    ]
    cases = []
    for index, kind, filed, outcome, decided_on in REVIEW_PLAN:
        application = decided[index]
        assert application is not None
        application.refresh_from_db()
        review = review_actions.do_file_review(
            actor, application, kind=kind, filed_on=filed, body="秀洲区人民政府", case_number=f"案{index}"
        )
        if outcome is not None:
            assert decided_on is not None
            review_actions.do_record_review_outcome(actor, review, outcome=outcome, decided_on=decided_on)
        cases.append(review)
    # A litigation after the upheld reconsideration, corrected by the court.
    first = cases[0]
    first.refresh_from_db()
    after = review_actions.do_file_review(
        actor,
        first.application,
        kind="litigation_after_reconsideration",
        filed_on=D(2021, 7, 20),
        body="嘉兴市秀洲区人民法院",
        follows=first,
    )
    review_actions.do_record_review_outcome(actor, after, outcome="corrected", decided_on=D(2021, 10, 8))
    cases.append(after)
    return cases
