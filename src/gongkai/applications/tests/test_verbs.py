"""The domain answers which steps an application's page offers: by its state, then by the user's role."""

from __future__ import annotations

import datetime
from typing import Any

import pytest

from gongkai.agencies.actions import do_grant_role
from gongkai.agencies.models import Membership
from gongkai.applications import actions
from gongkai.applications.verbs import may_file_review, verbs_for
from gongkai.testing import Cast
from gongkai.workdays.seed import seed_from_chinesecalendar

from .helpers import register

pytestmark = pytest.mark.django_db
D = datetime.date


@pytest.fixture(autouse=True)
def setup(settings: Any, tmp_path: Any) -> None:
    settings.MEDIA_ROOT = tmp_path
    seed_from_chinesecalendar()


def test_an_open_application_offers_the_clerk_the_clerks_steps_and_the_approver_all(cast: Cast) -> None:
    application = register(cast.clerk, cast.agency, D(2024, 3, 1))
    assert verbs_for(cast.clerk, application) == [
        "supplement",
        "consultation",
        "reasons_asked",
        "draft",
        "withdraw",
    ]
    assert verbs_for(cast.approver, application) == [
        "supplement",
        "consultation",
        "reasons_asked",
        "fee_notice",
        "postpone",
        "refuse_unreasonable",
        "draft",
        "decide",
        "withdraw",
    ]
    # An extension is the head of the disclosure office's to consent to (第三十三条第二款), a role of its own.
    do_grant_role(cast.agency_admin, cast.approver, cast.agency, Membership.Role.DISCLOSURE_HEAD)
    assert "extend" in verbs_for(cast.approver, application)
    assert verbs_for(cast.oversight, application) == []
    assert verbs_for(cast.other_clerk, application) == []


def test_the_steps_follow_the_state(cast: Cast) -> None:
    application = register(cast.clerk, cast.agency, D(2024, 3, 1))
    actions.do_request_supplement(cast.clerk, application, what="文号", on=D(2024, 3, 4))
    actions.do_send_consultation(
        cast.clerk, application, kind="third_party", party="某公司", on=D(2024, 3, 4)
    )
    do_grant_role(cast.agency_admin, cast.approver, cast.agency, Membership.Role.DISCLOSURE_HEAD)
    actions.do_extend_deadline(cast.approver, application, reason="信息量大", on=D(2024, 3, 5))
    assert verbs_for(cast.approver, application) == [
        "supplement_received",
        "supplement_lapsed",
        "consultation",
        "consultation_delivered",
        "consultation_reply",
        "reasons_asked",
        "fee_notice",
        "postpone",
        "refuse_unreasonable",
        "draft",
        "decide",
        "withdraw",
    ]
    actions.do_decide_application(cast.approver, application, outcome="granted", on=D(2024, 3, 20))
    assert verbs_for(cast.clerk, application) == ["deliver"]
    assert may_file_review(cast.clerk, application) and not may_file_review(cast.oversight, application)
    actions.do_record_delivery(cast.clerk, application, on=D(2024, 3, 21))
    assert verbs_for(cast.approver, application) == []
