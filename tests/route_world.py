"""The records and the people the route audit (``test_route_access.py``) requests pages as.

Every record belongs to 秀洲区经济信息商务局 (``cast.agency``, "this agency"); the other roles are the same
kinds of user somewhere else, so that each route is tried from inside and from outside the record's reach.
"""

from __future__ import annotations

import datetime
import io
import json
from dataclasses import dataclass
from typing import Any

from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client, TestCase
from django.utils import timezone

from gongkai.agencies.models import Membership
from gongkai.agencies.tokens import do_create_api_token
from gongkai.applications import actions as application_actions
from gongkai.applications.models import Application, Letter, LetterKind
from gongkai.applications.tests.helpers import applicant
from gongkai.applications.tracking import check_digits
from gongkai.catalog import actions as catalog_actions
from gongkai.catalog.models import Topic
from gongkai.difficulties import actions as difficulty_actions
from gongkai.inquiries import actions as inquiry_actions
from gongkai.inquiries.models import InquirySetting
from gongkai.lib import abuse
from gongkai.oversight.actions import do_start_audit_job
from gongkai.ratings import actions as rating_actions
from gongkai.ratings import services as rating_services
from gongkai.rectifications import actions as rectification_actions
from gongkai.reports import actions as report_actions
from gongkai.reports.render.text import render_text
from gongkai.reports.tests.helpers import ready_to_publish
from gongkai.reviews.actions import do_file_review
from gongkai.testing import Cast, make_user

# The columns of docs/permissions.md, in order.
ROLES = (
    "anonymous",
    "applicant",
    "applicant_no_secret",
    "clerk",
    "clerk_elsewhere",
    "approver",
    "approver_elsewhere",
    "agency_admin",
    "oversight",
    "oversight_elsewhere",
    "superuser",
)
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
LEGACY_SECRET = "Zr9Jd0oWm3s8Q1vT5yBx7KcL2nHf4GaP"


@dataclass
class World:
    users: dict[str, Any]  # role → user (None for the public roles)
    tokens: dict[str, str]  # role → API token
    values: dict[str, str]  # placeholder → value, e.g. "application" → "12"
    wrong: dict[str, str]  # placeholder → the wrong value the "applicant_no_secret" role has instead
    payloads: dict[tuple[str, str], dict[str, Any]]  # (method, path template) → a valid body

    def client(self, role: str) -> Client:
        client = Client()
        user = self.users[role]
        if user is not None:
            client.force_login(user)
        if role == "applicant":  # has looked the application up: the session holds it
            look_up = {"code": self.values["code"], "check": self.values["check"]}
            assert client.post("/track/", look_up).status_code == 302
        return client

    def payload(self, method: str, template: str, role: str = "") -> tuple[str | dict[str, Any], str]:
        """The body a POST sends: a valid one where the form or schema would otherwise refuse an empty
        body before the right is checked (so that the row shows who may, not what validates); else
        empty. Its text values may hold placeholders, filled as in paths."""
        api = template.startswith("/api/")
        data = self.payloads.get((method, template))
        if data is not None:
            values = self._values(role)
            data = {k: v.format(**values) if isinstance(v, str) and "{" in v else v for k, v in data.items()}
        if api:
            return json.dumps(data or {}, ensure_ascii=False), "application/json"
        return data or {}, ""

    def path(self, template: str, role: str) -> str:
        return template.format(**self._values(role))

    def _values(self, role: str) -> dict[str, str]:
        return {**self.values, **(self.wrong if role == "applicant_no_secret" else {})}


def make_world(cast: Cast) -> World:
    today = timezone.localdate()
    last_year = today.year - 1
    received = today - datetime.timedelta(days=14)
    role = Membership.Role
    users: dict[str, Any] = {
        "anonymous": None,
        "applicant": None,
        "applicant_no_secret": None,
        "clerk": cast.clerk,
        "clerk_elsewhere": cast.other_clerk,
        "approver": cast.approver,
        "approver_elsewhere": make_user("approver_elsewhere", cast.other_agency, role.APPROVER),
        "agency_admin": cast.agency_admin,
        "oversight": cast.oversight,
        "oversight_elsewhere": make_user("oversight_elsewhere", cast.outside_district, role.OVERSIGHT),
        "superuser": cast.superuser,
    }
    tokens = {
        name: do_create_api_token(user, "route audit")[1] for name, user in users.items() if user is not None
    }

    # The catalog: a published document and a draft, each with an attachment.
    published = catalog_actions.do_create_document(
        cast.clerk, cast.agency, title="关于印发秀洲区工业企业技术改造补助办法的通知", body="正文"
    )
    published_attachment = catalog_actions.do_add_attachment(
        cast.clerk, published, io.BytesIO(PDF), "办法.pdf"
    )
    catalog_actions.do_submit_document(cast.clerk, published)
    catalog_actions.do_record_secrecy_review(cast.secrecy_reviewer, published, cleared=True, on=today)
    catalog_actions.do_publish_document(cast.approver, published, today)
    draft = catalog_actions.do_create_document(cast.clerk, cast.agency, title="尚未公开的草稿", body="草稿")
    draft_attachment = catalog_actions.do_add_attachment(cast.clerk, draft, io.BytesIO(PDF), "草稿.pdf")

    # Applications: one in progress with a 补正 request and a consultation (each with its letter) and an
    # attachment; one decided, with a reconsideration case against it.
    open_one = application_actions.do_register_application(
        cast.clerk,
        cast.agency,
        applicant(),
        channel="in_person",
        received_on=received,
        files=[SimpleUploadedFile("身份证.pdf", PDF)],
    )
    # The letters' files are written when the action's transaction commits: the test's never does.
    with TestCase.captureOnCommitCallbacks(execute=True):
        application_actions.do_request_supplement(
            cast.clerk, open_one, what="请补充所需信息的文号", on=received, reply_by=None
        )
        application_actions.do_send_consultation(
            cast.clerk, open_one, kind="third_party", party="嘉兴某某科技有限公司", on=received
        )
    # A decision draft waiting for approval, and a message to the applicant whose send failed.
    decision_draft = application_actions.do_draft_decision(
        cast.clerk, open_one, outcome="granted", on=today, text="予以公开"
    )
    failed_message = open_one.notifications.order_by("pk").first()
    assert failed_message is not None
    open_one.notifications.filter(pk=failed_message.pk).update(state="failed", error="test")
    # It came in before the look-up form, so it still has an old secret tracking link (used once, it retires).
    Application.objects.filter(pk=open_one.pk).update(access_secret=LEGACY_SECRET)
    letters = Letter.objects.filter(application=open_one)
    supplement_letter = letters.exclude(kind=LetterKind.CONSULTATION).get()
    consultation_letter = letters.get(kind=LetterKind.CONSULTATION)
    decided = application_actions.do_register_application(
        cast.clerk, cast.agency, applicant(applicant_name="李华"), channel="post", received_on=received
    )
    with TestCase.captureOnCommitCallbacks(execute=True):
        application_actions.do_decide_application(cast.approver, decided, outcome="granted", on=today)
    review = do_file_review(
        cast.clerk, decided, kind="reconsideration", filed_on=today, body="嘉兴市秀洲区人民政府"
    )

    # Reports: last year's published, this year's draft; an oversight batch audit of the published one.
    published_report = report_actions.do_build_report(cast.clerk, cast.agency, last_year)
    now = timezone.now()
    ready_to_publish(cast.clerk, cast.approver, published_report, now)
    report_actions.do_publish_report(cast.approver, published_report, now=now)
    draft_report = report_actions.do_build_report(cast.clerk, cast.agency, today.year)
    audit_job = do_start_audit_job(
        cast.oversight,
        cast.district,
        [("经信商务局.txt", io.BytesIO(render_text(published_report.annual_report()).encode()))],
    )

    # Inquiries (政策咨询): one open, one answered awaiting moderation, one published.
    asked = {
        "name": "王小明",
        "contact": "13857301234",
        "subject": "补贴申报时间",
        "question": "何时申报补贴？",
    }
    # The agency's own answer period (configuration in the admin), the default's length.
    InquirySetting.objects.create(agency=cast.agency, answer_workdays=5)
    inquiry = inquiry_actions.do_submit_inquiry(cast.agency, asked, remote_address="192.0.2.9")
    answered_inquiry = inquiry_actions.do_submit_inquiry(
        cast.agency, {**asked, "agrees_to_publish": True}, remote_address="192.0.2.9"
    )
    inquiry_actions.do_answer_inquiry(cast.clerk, answered_inquiry, "每年3月申报。")
    published_inquiry = inquiry_actions.do_submit_inquiry(
        cast.agency, {**asked, "agrees_to_publish": True}, remote_address="192.0.2.9"
    )
    inquiry_actions.do_answer_inquiry(cast.clerk, published_inquiry, "每年3月申报。")
    inquiry_actions.do_moderate_inquiry(
        cast.approver,
        published_inquiry,
        publish=True,
        public_question="何时申报补贴？",
        public_answer="每年3月申报。",
    )

    # Difficulty cases (困难反馈) received by the agency: one awaiting assignment, one assigned to the agency
    # itself, one answered and awaiting the reporter's confirmation.
    reported = {
        "reporter_kind": "company",
        "name": "嘉兴市禾丰纺织有限公司",
        "contact": "13957305678",
        "subject": "厂区出入口被施工围挡占用",
        "description": "货车无法进出。",
    }
    difficulty = difficulty_actions.do_report_difficulty(cast.agency, reported, remote_address="192.0.2.9")
    assigned_difficulty = difficulty_actions.do_report_difficulty(
        cast.agency, reported, remote_address="192.0.2.9"
    )
    difficulty_actions.do_assign_difficulty(cast.clerk, assigned_difficulty, cast.agency, 10)
    answered_difficulty = difficulty_actions.do_report_difficulty(
        cast.agency, reported, remote_address="192.0.2.9"
    )
    difficulty_actions.do_assign_difficulty(cast.clerk, answered_difficulty, cast.agency, 10)
    difficulty_actions.do_answer_difficulty(cast.clerk, answered_difficulty, "已开设临时通道。")

    # A 差评 of a closed difficulty case, followed up, awaiting its rectification; the rating link of another.
    poor_case = difficulty_actions.do_report_difficulty(cast.agency, reported, remote_address="192.0.2.9")
    difficulty_actions.do_assign_difficulty(cast.clerk, poor_case, cast.agency, 10)
    difficulty_actions.do_answer_difficulty(cast.clerk, poor_case, "已办结。")
    difficulty_actions.do_confirm_difficulty(poor_case)
    poor_rating = rating_actions.do_rate_service("difficulty", poor_case.tracking_code, 1)
    rated_case = difficulty_actions.do_report_difficulty(cast.agency, reported, remote_address="192.0.2.9")
    difficulty_actions.do_assign_difficulty(cast.clerk, rated_case, cast.agency, 10)
    difficulty_actions.do_answer_difficulty(cast.clerk, rated_case, "已办结。")
    difficulty_actions.do_confirm_difficulty(rated_case)
    followed_rating = rating_actions.do_rate_service("difficulty", rated_case.tracking_code, 2)
    rating_actions.do_follow_up_rating(cast.clerk, followed_rating, "已电话回访。")
    unrated_case = difficulty_actions.do_report_difficulty(cast.agency, reported, remote_address="192.0.2.9")
    difficulty_actions.do_assign_difficulty(cast.clerk, unrated_case, cast.agency, 10)
    difficulty_actions.do_answer_difficulty(cast.clerk, unrated_case, "已办结。")
    difficulty_actions.do_confirm_difficulty(unrated_case)

    rectification = rectification_actions.do_open_rectification(
        cast.clerk, cast.agency, source="audit", problem="部分文件未标注有效性", measures="逐件补标",
        owner="办公室", deadline=today + datetime.timedelta(days=30),
    )  # fmt: skip

    payloads: dict[tuple[str, str], dict[str, Any]] = {
        # The question form's first step (the confirmation page): the guard's stamp drawn a minute ago.
        ("POST", "/inquiries/ask/"): {
            "agency": str(cast.agency.pk),
            **asked,
            **abuse.guard_fields(seconds_ago=60),
        },
        ("POST", "/workspace/inquiries/{inquiry}/answer/"): {"answer": "每年3月申报。"},
        ("POST", "/workspace/inquiries/{answered_inquiry}/moderate/"): {
            "public_question": "何时申报补贴？",
            "public_answer": "每年3月申报。",
            "publish": "1",
        },
        ("POST", "/api/inquiries/staff/{inquiry}/answer"): {"answer": "每年3月申报。"},
        # The report form without a contact: shown again with the error (a valid one is the path test's).
        ("POST", "/difficulties/report/"): {
            "agency": str(cast.agency.pk),
            **{**reported, "contact": ""},
            **abuse.guard_fields(seconds_ago=60),
        },
        ("POST", "/workspace/difficulties/{difficulty}/assign/"): {
            "assignee": str(cast.other_agency.pk),
            "workdays": "10",
        },
        ("POST", "/workspace/difficulties/{assigned_difficulty}/reassign/"): {
            "assignee": str(cast.other_agency.pk),
            "reason": "属住建局职责。",
        },
        ("POST", "/workspace/difficulties/{assigned_difficulty}/answer/"): {"answer": "已开设临时通道。"},
        ("POST", "/workspace/agencies/{agency}/rectifications/"): {
            "source": "inspection",
            "problem": "依申请公开答复超期",
            "measures": "建立台账",
            "owner": "办公室",
            "deadline": (today + datetime.timedelta(days=30)).isoformat(),
        },
        ("POST", "/workspace/rectifications/{rectification}/complete/"): {"result": "已补标。"},
        ("POST", "/ratings/difficulty/{rating_code}/{rating_secret}/"): {
            "level": "",
            **abuse.guard_fields(seconds_ago=60),
        },
        ("POST", "/workspace/ratings/{poor_rating}/follow-up/"): {"note": "已电话回访。"},
        ("POST", "/workspace/ratings/{followed_rating}/rectify/"): {
            "measures": "拓宽通道",
            "owner": "企业服务科",
        },
        ("POST", "/agencies/{agency}/apply/"): applicant(),
        ("POST", "/track/"): {"code": "{code}", "check": "{check}"},
        ("POST", "/track/{code}/"): {"text": "所需信息的文号为秀经信〔2024〕1号"},
        ("POST", "/workspace/agencies/{agency}/reports/"): {"year": str(today.year)},
        ("POST", "/api/applications/"): {
            **applicant(),
            "agency_id": cast.agency.pk,
            "channel": "post",
            "received_on": today.isoformat(),
        },
        ("POST", "/api/applications/{application}/events"): {"verb": "decide", "fields": {}},
    }
    values = {
        "agency": str(cast.agency.pk),
        "document": str(published.pk),
        "attachment": str(published_attachment.pk),
        "draft_document": str(draft.pk),
        "draft_attachment": str(draft_attachment.pk),
        "topic": Topic.objects.order_by("code").values_list("code", flat=True)[0],
        "application": str(open_one.pk),
        "application_attachment": str(open_one.attachments.get().pk),
        "decided_application": str(decided.pk),
        "decision_draft": str(decision_draft.pk),
        "notification": str(failed_message.pk),
        "code": open_one.tracking_code,
        "decided_code": decided.tracking_code,
        "draft_title": draft.title,
        "secret": LEGACY_SECRET,
        "check": check_digits(open_one.phone),
        "letter": str(supplement_letter.pk),
        "consultation_letter": str(consultation_letter.pk),
        "review": str(review.pk),
        "report": str(published_report.pk),
        "draft_report": str(draft_report.pk),
        "cell": "applications.received.natural_person",
        "audit_job": str(audit_job.pk),
        "year": str(last_year),
        "inquiry": str(inquiry.pk),
        "answered_inquiry": str(answered_inquiry.pk),
        "published_inquiry": str(published_inquiry.pk),
        "inquiry_code": published_inquiry.tracking_code,
        "difficulty": str(difficulty.pk),
        "assigned_difficulty": str(assigned_difficulty.pk),
        "difficulty_code": answered_difficulty.tracking_code,
        "rectification": str(rectification.pk),
        "poor_rating": str(poor_rating.pk),
        "followed_rating": str(followed_rating.pk),
        "rating_code": unrated_case.tracking_code,
        "rating_secret": rating_services.secret("difficulty", unrated_case.tracking_code),
    }
    return World(
        users=users,
        tokens=tokens,
        values=values,
        wrong={
            "secret": "x" * len(LEGACY_SECRET),
            "check": "9999" if check_digits(open_one.phone) != "9999" else "8888",
        },
        payloads=payloads,
    )
