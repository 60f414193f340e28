"""Letters are numbered, stored as DOCX and PDF, and say what the application's records say."""

from __future__ import annotations

import datetime
import io
from pathlib import Path
from typing import Any

import pdfplumber
import pytest
from django.test import Client
from docx import Document

from gongkai.applications import actions
from gongkai.applications.models import LetterTemplate
from gongkai.testing import PASSWORD, Cast
from gongkai.workdays.seed import seed_from_chinesecalendar

from .helpers import register

pytestmark = pytest.mark.django_db
D = datetime.date


@pytest.fixture(autouse=True)
def media(settings: Any, tmp_path: Path) -> None:
    settings.MEDIA_ROOT = tmp_path / "media"
    seed_from_chinesecalendar()


def pdf_text(data: bytes) -> str:
    with pdfplumber.open(io.BytesIO(data)) as pdf:
        return "".join(page.extract_text() or "" for page in pdf.pages).replace("\n", "")


def test_extension_notice_states_the_new_due_date(cast: Cast) -> None:
    application = register(cast.clerk, cast.agency, D(2019, 9, 26))
    actions.do_extend_deadline(cast.approver, application, reason="信息量大", on=D(2019, 10, 20))
    letter = application.letters.get(kind="extension_notice")
    assert letter.number == f"{cast.agency.display_name}依申请公开〔2019〕1号"
    text = pdf_text(letter.pdf.read())
    assert "2019年11月26日" in text and "信息量大" in text and application.applicant_name in text
    docx_text = "\n".join(p.text for p in Document(letter.docx.open("rb")).paragraphs)
    assert "2019年11月26日" in docx_text and letter.number in docx_text


def test_reply_letter_states_the_decision_and_its_article(cast: Cast) -> None:
    application = register(cast.clerk, cast.agency, D(2021, 3, 1))
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
    actions.do_request_supplement(cast.clerk, application, what="文件名称", on=D(2021, 3, 2))
    letter = application.letters.get()
    assert letter.title == "补正通知"
    assert letter.text == f"{application.applicant_name}：请补充文件名称。"


def test_the_applicant_downloads_letters_only_with_the_secret(cast: Cast) -> None:
    application = register(cast.clerk, cast.agency, D(2021, 3, 1))
    actions.do_decide_application(cast.approver, application, outcome="granted", on=D(2021, 3, 10))
    letter = application.letters.get()
    base = f"/track/{application.tracking_code}"
    response = Client().get(f"{base}/{application.access_secret}/letters/{letter.pk}.pdf")
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith("attachment")
    assert "予以公开" in pdf_text(b"".join(response.streaming_content))  # type: ignore[attr-defined]
    assert Client().get(f"{base}/nope/letters/{letter.pk}.pdf").status_code == 404
    staff = Client()
    staff.login(username="other_clerk", password=PASSWORD)
    assert staff.get(f"/workspace/applications/{application.pk}/letters/{letter.pk}.pdf").status_code == 404
