"""Side effects wait for the commit: an action rolled back by its caller leaves no letter file in storage
and sends no message; committed, its letter's files are written.

These tests run in real transactions (``transaction=True``): pytest-django's usual wrapping transaction
never commits, so it would hide exactly what is tested here.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from django.core import mail
from django.db import transaction

from gongkai.agencies.actions import do_grant_role
from gongkai.agencies.models import Membership
from gongkai.applications import actions
from gongkai.applications.models import Application, Letter
from gongkai.testing import Cast
from gongkai.workdays.seed import seed_from_chinesecalendar

from .helpers import register

pytestmark = pytest.mark.django_db(transaction=True)
D = datetime.date


class Abandoned(Exception):
    """Raised by the caller after the action, to roll its transaction back."""


@pytest.fixture(autouse=True)
def media(settings: Any, tmp_path: Path) -> Path:
    settings.MEDIA_ROOT = tmp_path / "media"
    seed_from_chinesecalendar()
    return settings.MEDIA_ROOT


def stored_files(root: Path) -> list[Path]:
    return sorted(path for path in root.rglob("*") if path.is_file()) if root.exists() else []


def extend(cast: Cast, application: Application) -> Any:
    """An extension, consented to by the head of the disclosure office (第三十三条第二款)."""
    do_grant_role(cast.agency_admin, cast.approver, cast.agency, Membership.Role.DISCLOSURE_HEAD)
    return actions.do_extend_deadline(cast.approver, application, reason="信息量大", on=D(2021, 3, 20))


# Every action that issues a letter, as the caller's one call.
LETTER_ACTIONS: dict[str, Callable[[Cast, Application], Any]] = {
    "supplement notice": lambda cast, application: actions.do_request_supplement(
        cast.clerk, application, what="文件的文号", on=D(2021, 3, 2)
    ),
    "extension notice": extend,
    "reasons request": lambda cast, application: actions.do_ask_for_reasons(
        cast.clerk, application, what="一个月内提出的120件申请各自的用途", on=D(2021, 3, 4)
    ),
    "postponement notice": lambda cast, application: actions.do_postpone_reply(
        cast.approver, application, until=D(2021, 6, 30), reason="申请数量明显超过合理范围", on=D(2021, 3, 5)
    ),
    "not processed (第三十五条)": lambda cast, application: actions.do_refuse_unreasonable(
        cast.approver, application, on=D(2021, 3, 8), text="申请人未说明理由，所提理由不合理。"
    ),
    "consultation letter": lambda cast, application: actions.do_send_consultation(
        cast.clerk, application, kind="third_party", party="嘉兴某某机械有限公司", on=D(2021, 3, 3)
    ),
    "reply": lambda cast, application: actions.do_decide_application(
        cast.approver, application, outcome="granted", on=D(2021, 3, 10)
    ),
}


@pytest.mark.parametrize("act", LETTER_ACTIONS.values(), ids=LETTER_ACTIONS.keys())
def test_a_rolled_back_action_leaves_no_letter_file_and_sends_nothing(
    cast: Cast, media: Path, act: Callable[[Cast, Application], Any]
) -> None:
    application = register(cast.clerk, cast.agency, D(2021, 3, 1))
    mail.outbox.clear()
    with pytest.raises(Abandoned), transaction.atomic():
        act(cast, application)
        assert Letter.objects.filter(application=application).exists()  # issued inside the transaction
        raise Abandoned
    assert not Letter.objects.filter(application=application).exists()
    assert stored_files(media) == []
    assert mail.outbox == []


@pytest.mark.parametrize("act", LETTER_ACTIONS.values(), ids=LETTER_ACTIONS.keys())
def test_a_committed_action_writes_its_letters_files(
    cast: Cast, media: Path, act: Callable[[Cast, Application], Any]
) -> None:
    application = register(cast.clerk, cast.agency, D(2021, 3, 1))
    act(cast, application)
    letter = Letter.objects.get(application=application)
    assert letter.pdf and letter.docx
    assert [path.suffix for path in stored_files(media)] == [".docx", ".pdf"]
