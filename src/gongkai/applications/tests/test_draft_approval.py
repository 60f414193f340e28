"""The office's own step: the clerk drafts the decision and its letter, the approver approves it (the
decision is then made as a direct decision is) or returns it with a comment; the applicant is told by
e-mail once the decision commits."""

from __future__ import annotations

import datetime
from pathlib import Path
from typing import Any

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from django.test import Client
from django.utils import translation

from gongkai.agencies.models import Membership
from gongkai.applications import actions, letters
from gongkai.applications.models import (
    Application,
    DecisionDraft,
    Event,
    Letter,
    Notification,
    Status,
)
from gongkai.testing import Cast, make_user
from gongkai.workdays.seed import seed_from_chinesecalendar

from .helpers import register

pytestmark = pytest.mark.django_db
D = datetime.date


@pytest.fixture(autouse=True)
def setup(settings: Any, tmp_path: Path) -> None:
    settings.MEDIA_ROOT = tmp_path
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    seed_from_chinesecalendar()


def draft(cast: Cast, application: Application, **changes: Any) -> DecisionDraft:
    fields: dict[str, Any] = {"outcome": "granted", "on": D(2021, 3, 10), "text": "予以公开，见附件"}
    return actions.do_draft_decision(cast.clerk, application, **(fields | changes))


def test_draft_return_redraft_approve_makes_the_decision_its_letter_and_tells_the_applicant(
    cast: Cast, django_capture_on_commit_callbacks: Any
) -> None:
    application = register(cast.clerk, cast.agency, D(2021, 3, 1))
    first = draft(cast, application, outcome="unable_not_held", text="")
    returned = actions.do_return_draft(cast.approver, first, comment="请先向档案室核实是否保存。")
    assert returned.state == DecisionDraft.State.RETURNED
    second = draft(cast, application)
    assert (first.version, second.version) == (1, 2)
    application.refresh_from_db()
    assert application.status == Status.IN_PROGRESS  # nothing decided yet, no letter
    assert not application.letters.exists()
    preview_title, preview_text = letters.decision_letter(
        application, outcome="granted", on=D(2021, 3, 12), text="予以公开，见附件"
    )
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        actions.do_approve_draft(cast.approver, second, on=D(2021, 3, 12))
    application.refresh_from_db()
    second.refresh_from_db()
    assert (application.status, application.outcome, application.decided_on) == (
        Status.DECIDED,
        "granted",
        D(2021, 3, 12),
    )
    assert (second.state, second.reviewed_by) == (DecisionDraft.State.APPROVED, cast.approver)
    letter = Letter.objects.get(application=application)
    assert (letter.title, letter.text) == (preview_title, preview_text)  # the preview is the letter
    assert letter.pdf and letter.docx
    kinds = list(application.events.values_list("kind", "public"))
    assert (Event.Kind.DRAFTED, False) in kinds and (Event.Kind.DRAFT_RETURNED, False) in kinds
    returned_event = application.events.get(kind=Event.Kind.DRAFT_RETURNED)
    assert "请先向档案室核实是否保存" in returned_event.message
    notification = application.notifications.get(event__kind=Event.Kind.DECIDED)
    assert (notification.state, notification.to, notification.letter) == (
        Notification.State.SENT,
        "zhang@example.org",
        letter,
    )
    [message] = [m for m in mail.outbox if application.tracking_code in m.subject]
    assert message.to == ["zhang@example.org"]
    assert letter.number in message.body and "予以公开，见附件" in message.body


def test_a_clerk_cannot_approve_or_return_and_an_approver_may_draft(cast: Cast) -> None:
    application = register(cast.clerk, cast.agency, D(2021, 3, 1))
    pending = draft(cast, application)
    with pytest.raises(PermissionDenied):
        actions.do_approve_draft(cast.clerk, pending, on=D(2021, 3, 12))
    with pytest.raises(PermissionDenied):
        actions.do_return_draft(cast.clerk, pending, comment="不行")
    with pytest.raises(PermissionDenied):
        actions.do_draft_decision(cast.other_clerk, application, outcome="granted", on=D(2021, 3, 10))
    with pytest.raises(PermissionDenied):
        actions.do_draft_decision(cast.oversight, application, outcome="granted", on=D(2021, 3, 10))
    own = actions.do_draft_decision(cast.approver, application, outcome="granted", on=D(2021, 3, 10))
    pending.refresh_from_db()
    assert pending.state == DecisionDraft.State.SUPERSEDED  # the redraft replaced the waiting one
    assert own.version == 2


def test_an_approver_does_not_approve_their_own_draft_while_another_approver_can(cast: Cast) -> None:
    application = register(cast.clerk, cast.agency, D(2021, 3, 1))
    own = actions.do_draft_decision(cast.approver, application, outcome="granted", on=D(2021, 3, 10))
    with translation.override("zh-hans"), pytest.raises(ValidationError) as refused:
        actions.do_approve_draft(cast.approver, own, on=D(2021, 3, 12))
    assert "另一名审核人" in refused.value.messages[0]
    actions.do_approve_draft(cast.agency_admin, own, on=D(2021, 3, 12))  # the other approver may
    assert Application.objects.get(pk=application.pk).status == Status.DECIDED


def test_the_only_approver_of_an_agency_approves_their_own_draft(cast: Cast) -> None:
    alone = make_user("sole_approver", cast.other_agency, Membership.Role.APPROVER)
    application = register(cast.other_clerk, cast.other_agency, D(2021, 3, 1))
    own = actions.do_draft_decision(alone, application, outcome="granted", on=D(2021, 3, 10))
    actions.do_approve_draft(alone, own, on=D(2021, 3, 12))
    assert Application.objects.get(pk=application.pk).status == Status.DECIDED


@pytest.mark.parametrize(
    ("act", "words"),
    [
        (lambda cast, d: actions.do_return_draft(cast.approver, d, comment="  "), "请说明经办人应修改什么"),
        (
            lambda cast, d: (
                (actions.do_approve_draft(cast.approver, d, on=D(2021, 3, 12)) and None)
                or actions.do_approve_draft(cast.approver, d, on=D(2021, 3, 12))
            ),
            "该拟办意见已不在待审批状态",
        ),
    ],
    ids=["return without comment", "approve twice"],
)
def test_refusals_name_the_problem_in_chinese(cast: Cast, act: Any, words: str) -> None:
    application = register(cast.clerk, cast.agency, D(2021, 3, 1))
    pending = draft(cast, application)
    with translation.override("zh-hans"), pytest.raises(ValidationError) as refused:
        act(cast, pending)
    assert words in " ".join(refused.value.messages)


def test_a_draft_outside_the_years_format_is_refused_on_the_outcome_field(cast: Cast) -> None:
    application = register(cast.clerk, cast.agency, D(2021, 3, 1))
    with translation.override("zh-hans"), pytest.raises(ValidationError) as refused:
        draft(cast, application, outcome="no_such_row")
    assert "outcome" in refused.value.message_dict
    assert "2021" in refused.value.message_dict["outcome"][0]


def test_deciding_directly_replaces_a_waiting_draft(cast: Cast) -> None:
    application = register(cast.clerk, cast.agency, D(2021, 3, 1))
    pending = draft(cast, application)
    actions.do_decide_application(cast.approver, application, outcome="granted", on=D(2021, 3, 11))
    pending.refresh_from_db()
    assert pending.state == DecisionDraft.State.SUPERSEDED
    with pytest.raises(ValidationError):
        actions.do_approve_draft(cast.agency_admin, pending, on=D(2021, 3, 12))


def signed_in(user: Any) -> Client:
    client = Client()
    client.force_login(user)
    return client


def test_the_pages_clerk_drafts_approver_sees_the_waiting_list_and_approves(
    cast: Cast, django_capture_on_commit_callbacks: Any
) -> None:
    application = register(cast.clerk, cast.agency, D(2021, 3, 1))
    clerk, approver = signed_in(cast.clerk), signed_in(cast.approver)
    assert clerk.get(f"/workspace/applications/{application.pk}/drafts/new/").status_code == 200
    data = {"draft-on": "2021-03-10", "draft-outcome": "granted", "draft-article": "", "draft-text": "见附件"}
    preview = clerk.post(f"/workspace/applications/{application.pk}/draft/preview/", data)
    assert preview.status_code == 200
    assert "政府信息公开申请答复告知书" in preview.content.decode()
    assert not DecisionDraft.objects.exists()  # a preview records nothing
    response = clerk.post(f"/workspace/applications/{application.pk}/draft/", data)
    assert response.status_code == 302
    pending = DecisionDraft.objects.get()
    listing = approver.get("/workspace/drafts/").content.decode()
    assert application.tracking_code in listing
    assert application.tracking_code not in clerk.get("/workspace/drafts/").content.decode()
    review = f"/workspace/applications/{application.pk}/drafts/{pending.pk}/"
    page = approver.get(review).content.decode()
    assert "见附件" in page and 'id="approve"' in page
    assert 'id="approve"' not in clerk.get(review).content.decode()
    refused = clerk.post(review + "approve/", {"approve-on": "2021-03-12"})
    assert refused.status_code == 403
    with django_capture_on_commit_callbacks(execute=True):
        done = approver.post(review + "approve/", {"approve-on": "2021-03-12"})
    assert done.status_code == 302
    assert Application.objects.get(pk=application.pk).status == Status.DECIDED
    case = approver.get(f"/workspace/applications/{application.pk}/").content.decode()
    assert 'id="notifications"' in case


def test_the_return_comment_is_shown_on_the_case_and_the_redraft_page(cast: Cast) -> None:
    application = register(cast.clerk, cast.agency, D(2021, 3, 1))
    pending = draft(cast, application)
    review = f"/workspace/applications/{application.pk}/drafts/{pending.pk}/"
    response = signed_in(cast.approver).post(review + "return/", {"return-comment": "文号写错了"})
    assert response.status_code == 302
    clerk = signed_in(cast.clerk)
    assert "文号写错了" in clerk.get(f"/workspace/applications/{application.pk}/").content.decode()
    assert "文号写错了" in clerk.get(f"/workspace/applications/{application.pk}/drafts/new/").content.decode()
