"""Letters are numbered, stored as DOCX and PDF, and say what the application's records say."""

from __future__ import annotations

import datetime
import io
import re
from pathlib import Path
from typing import Any

import pdfplumber
import pytest
from django.test import Client
from docx import Document

from gongkai.agencies.actions import do_grant_role
from gongkai.agencies.models import Membership
from gongkai.applications import actions, letters
from gongkai.applications.letter_texts import DEFAULTS
from gongkai.applications.models import ApplicantKind, LetterTemplate, SupplementRequest
from gongkai.testing import PASSWORD, Cast
from gongkai.workdays.seed import seed_from_chinesecalendar

from .helpers import look_up, register

pytestmark = pytest.mark.django_db
D = datetime.date


@pytest.fixture(autouse=True)
def media(settings: Any, tmp_path: Path) -> None:
    settings.MEDIA_ROOT = tmp_path / "media"
    seed_from_chinesecalendar()


def pdf_text(data: bytes) -> str:
    with pdfplumber.open(io.BytesIO(data)) as pdf:
        return "".join(page.extract_text() or "" for page in pdf.pages).replace("\n", "")


def test_extension_notice_states_the_new_due_date(
    cast: Cast, django_capture_on_commit_callbacks: Any
) -> None:
    application = register(cast.clerk, cast.agency, D(2019, 9, 26))
    do_grant_role(cast.agency_admin, cast.approver, cast.agency, Membership.Role.DISCLOSURE_HEAD)
    with django_capture_on_commit_callbacks(execute=True):
        actions.do_extend_deadline(cast.approver, application, reason="信息量大", on=D(2019, 10, 20))
    letter = application.letters.get(kind="extension_notice")
    assert letter.number == f"{cast.agency.display_name}依申请公开〔2019〕1号"
    text = pdf_text(letter.pdf.read())
    assert "2019年11月26日" in text and "信息量大" in text and application.applicant_name in text
    docx_text = "\n".join(p.text for p in Document(letter.docx.open("rb")).paragraphs)
    assert "2019年11月26日" in docx_text and letter.number in docx_text


def test_reply_letter_states_the_decision_and_its_article(
    cast: Cast, django_capture_on_commit_callbacks: Any
) -> None:
    application = register(cast.clerk, cast.agency, D(2021, 3, 1))
    with django_capture_on_commit_callbacks(execute=True):
        actions.do_decide_application(
            cast.approver,
            application,
            outcome="denied_process_info",
            on=D(2021, 3, 10),
            text="该信息尚在讨论中。",
        )
    letter = application.letters.get(kind="reply")
    text = pdf_text(letter.pdf.read())
    assert "不予公开" in text and "第十六条第二款" in text and "属于四类过程性信息" in text
    assert "嘉兴市秀洲区人民政府" in text  # where to ask for reconsideration


def test_letter_numbers_run_per_agency_and_year(cast: Cast) -> None:
    first = register(cast.clerk, cast.agency, D(2021, 3, 1))
    second = register(cast.clerk, cast.agency, D(2021, 3, 2))
    other = register(cast.other_clerk, cast.other_agency, D(2021, 3, 2))
    actions.do_request_supplement(cast.clerk, first, what="文号", on=D(2021, 3, 2))
    actions.do_request_supplement(cast.clerk, second, what="文号", on=D(2021, 3, 3))
    actions.do_request_supplement(cast.other_clerk, other, what="文号", on=D(2021, 3, 3))
    assert [first.letters.get().serial, second.letters.get().serial, other.letters.get().serial] == [1, 2, 1]


def test_an_agency_template_replaces_the_built_in_wording(cast: Cast) -> None:
    LetterTemplate.objects.create(
        agency=cast.agency,
        key="supplement_notice",
        title="补正通知",
        body="{{ applicant_name }}：请补充{{ supplement_what }}。",
    )
    application = register(cast.clerk, cast.agency, D(2021, 3, 1))
    actions.do_request_supplement(cast.clerk, application, what="文件名称。", on=D(2021, 3, 2))
    letter = application.letters.get()
    assert letter.title == "补正通知"
    assert letter.text == f"{application.applicant_name}：请补充文件名称。"


def test_the_applicant_downloads_letters_only_after_the_look_up(
    cast: Cast, django_capture_on_commit_callbacks: Any
) -> None:
    application = register(cast.clerk, cast.agency, D(2021, 3, 1))
    with django_capture_on_commit_callbacks(execute=True):
        actions.do_decide_application(cast.approver, application, outcome="granted", on=D(2021, 3, 10))
    letter = application.letters.get()
    url = f"/track/{application.tracking_code}/letters/{letter.pk}.pdf"
    stranger = Client().get(url)
    assert (stranger.status_code, stranger["Location"]) == (302, f"/track/?code={application.tracking_code}")
    applicant = Client()
    look_up(applicant, application)
    response = applicant.get(url)
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith("attachment")
    assert response["Referrer-Policy"] == "no-referrer"
    assert "予以公开" in pdf_text(b"".join(response.streaming_content))  # type: ignore[attr-defined]
    staff = Client()
    staff.login(username="other_clerk", password=PASSWORD)
    assert staff.get(f"/workspace/applications/{application.pk}/letters/{letter.pk}.pdf").status_code == 404


# Every built-in letter, for every kind of applicant, with the applicant's and the staff's texts ending in
# every way people end them: the letter addresses the applicant as what they are, punctuates each text for
# the place it stands in, and leaves no placeholder empty.
ENDINGS = (
    "（12月申请）。",
    "文件．",
    "report.",
    "文件！",
    "文件?",
    "文件；",
    "文件，",
    "文件。。",
    "文件…",
    "文件 \n\n",
    "文件",
)
# One outcome for each reply letter (a row whose letter cites an article, so that every placeholder fills).
REPLY_OUTCOMES = {
    "reply:granted": "granted",
    "reply:partial": "partially_granted",
    "reply:denied": "denied_process_info",
    "reply:not_held": "unable_not_held",
    "reply:need_create": "unable_need_create",
    "reply:unclear": "unable_unclear_after_correction",
    "reply:admin_query": "denied_admin_query",
    "reply:petition": "not_processed_petition",
    "reply:repeat": "not_processed_repeat",
    "reply:publication": "not_processed_publication",
    "reply:mass_repeat": "not_processed_mass_repeat",
    "reply:not_processed": "not_processed_confirm_reissue",
    "reply:other": "other_no_correction",
}
PUNCTUATION = "。．.，,、；;：:！!？?"
CLOSERS = "”’」』"
# A mark, then perhaps closing quotes, then another mark: 。”。, 。。, ，。, ：。 …
DOUBLED = re.compile(f"[{PUNCTUATION}][{CLOSERS}]*[{PUNCTUATION}]")
CONDITIONAL = re.compile(r"{%\s*if\b.*?{%\s*endif\s*%}", re.S)


def unconditional_placeholders(body: str) -> set[str]:
    return set(re.findall(r"{{\s*(\w+)\s*}}", CONDITIONAL.sub("", body)))


def extras(key: str, text: str) -> dict[str, Any]:
    if key == "extension_notice":
        return {"extension_reason": text}
    if key == "fee_notice":
        return {"fee_method": "按件计收（本月第12件申请）", "fee_amount": "50", "fee_pay_by": D(2022, 4, 1)}
    if key in ("consultation", "consultation:agency"):
        return {"consulted_party": "嘉兴某某科技有限公司", "consultation_reply_by": D(2022, 3, 23)}
    if key == "reasons_request":
        return {"reasons_asked": text}
    if key == "postponement_notice":
        return {"postponement_reason": text, "postponed_to": D(2022, 5, 30)}
    return {}


@pytest.mark.parametrize("kind", [kind.value for kind in ApplicantKind])
def test_every_letter_addresses_the_applicant_as_what_they_are_and_punctuates_their_texts(
    cast: Cast, kind: str
) -> None:
    application = register(cast.clerk, cast.agency, D(2022, 3, 1), applicant_kind=kind)
    SupplementRequest.objects.create(
        application=application, requested_on=D(2022, 3, 2), what="", reply_by=D(2022, 3, 23)
    )
    application.due_on = D(2022, 4, 28)
    application.decided_on = D(2022, 3, 10)
    wrong = []
    for ending in ENDINGS:
        text = f"2021年度技术改造补助资金拨付明细{ending}"
        application.description = text
        application.supplement.what = f"请写明所需信息的年度{ending}"
        application.decision_text = f"详见附件{ending}"
        for key in DEFAULTS:
            application.outcome = REPLY_OUTCOMES.get(key, "")
            values = letters.context(application, D(2022, 3, 10), **extras(key, f"信息量大{ending}"))
            _title, body = DEFAULTS[key]
            empty = sorted(name for name in unconditional_placeholders(body) if not values.get(name))
            _title, letter = letters.compose(
                application, key, D(2022, 3, 10), **extras(key, f"信息量大{ending}")
            )
            problems = []
            if empty:
                problems.append(f"empty placeholders {empty}")
            if "{{" in letter or "{%" in letter or "None" in letter:
                problems.append("template syntax left in the text")
            if match := DOUBLED.search(letter):
                problems.append(f"doubled punctuation {match.group()!r}")
            if "“2021年度技术改造补助资金拨付明细" not in letter:
                problems.append("the requested information is not quoted")
            if "（单位）" in letter:
                problems.append("（单位）")
            if not key.startswith("consultation"):  # written to the consulted party, who is 贵方
                if kind == "natural_person" and ("贵单位" in letter or "您" not in letter):
                    problems.append("a person is not addressed as 您")
                if kind != "natural_person" and ("您" in letter or "贵单位" not in letter):
                    problems.append("an organisation is not addressed as 贵单位")
            if problems:
                wrong.append(f"{key} / {ending!r}: {'; '.join(problems)}")
    assert not wrong, "\n".join(wrong)


@pytest.mark.parametrize(
    ("text", "as_clause", "as_quotation"),
    [
        ("（12月申请）。", "（12月申请）", "（12月申请）"),
        ("文件．", "文件", "文件"),
        ("the report.", "the report", "the report"),
        ("文件！？", "文件", "文件"),
        ("第一行\n\n第二行，", "第一行 第二行", "第一行 第二行"),
        ("关于“机器换人”的通知", "关于“机器换人”的通知", "关于‘机器换人’的通知"),
        ("  ", "", ""),
        ("", "", ""),
    ],
)
def test_typed_texts_enter_a_letter_as_clauses_without_a_stop_of_their_own(
    text: str, as_clause: str, as_quotation: str
) -> None:
    assert letters.clause(text) == as_clause
    assert letters.quotation(text) == as_quotation


def test_an_organisations_letter_says_gui_danwei_in_its_files(
    cast: Cast, django_capture_on_commit_callbacks: Any
) -> None:
    application = register(
        cast.clerk,
        cast.agency,
        D(2021, 3, 1),
        applicant_kind="commercial_enterprise",
        applicant_name="某公司",
    )
    with django_capture_on_commit_callbacks(execute=True):
        actions.do_request_supplement(cast.clerk, application, what="文件名称。", on=D(2021, 3, 2))
    text = pdf_text(application.letters.get().pdf.read())
    assert "贵单位提出" in text and "您" not in text and "文件名称。。" not in text
