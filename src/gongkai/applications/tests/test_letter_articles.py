"""Each reply letter cites the provision of the 条例 its decision rests on (``applications.articles``)."""

from __future__ import annotations

import datetime
from pathlib import Path
from typing import Any

import pytest

from gongkai.annual_report.formats import FORMATS
from gongkai.applications import actions, letters
from gongkai.applications.articles import CITATIONS, article_for
from gongkai.applications.letter_texts import DEFAULTS, reply_key
from gongkai.applications.models import LetterTemplate
from gongkai.testing import Cast
from gongkai.workdays.seed import seed_from_chinesecalendar

from .helpers import register

pytestmark = pytest.mark.django_db
D = datetime.date
CITE = "根据《中华人民共和国政府信息公开条例》{article}的规定"

# (decision, the provision its letter cites, words of that provision the letter says)
LETTERS = [
    # 第三十六条（一）（二）: 已经主动公开的，告知获取的方式、途径；可以公开的，向申请人提供该政府信息
    ("granted", "第三十六条第（一）、（二）项", "本机关决定予以公开"),
    # 第三十七条: 能够作区分处理的，提供可以公开的政府信息内容，并对不予公开的内容说明理由
    ("partially_granted", "第三十七条", "对不应公开的部分不予公开"),
    # 第十四条 + 第三十六条（三）: 决定不予公开的，告知申请人不予公开并说明理由
    ("denied_state_secret", "第十四条、第三十六条第（三）项", "属于国家秘密，根据"),
    ("denied_law_forbidden", "第十四条、第三十六条第（三）项", "本机关决定不予公开"),
    ("denied_three_security_one_stability", "第十四条、第三十六条第（三）项", "本机关决定不予公开"),
    # 第十五条: 公开会对第三方合法权益造成损害的政府信息，行政机关不得公开
    ("denied_third_party_rights", "第十五条、第三十六条第（三）项", "保护第三方合法权益"),
    # 第十六条第一款: 内部事务信息；第二款: 过程性信息以及行政执法案卷信息
    ("denied_internal_affairs", "第十六条第一款、第三十六条第（三）项", "三类内部事务信息"),
    ("denied_process_info", "第十六条第二款、第三十六条第（三）项", "四类过程性信息"),
    ("denied_enforcement_case", "第十六条第二款、第三十六条第（三）项", "行政执法案卷"),
    # 第三十六条（七）: 有关法律、行政法规对信息的获取有特别规定的，告知申请人依照有关法律、行政法规的规定办理
    ("denied_admin_query", "第三十六条第（七）项", "依照有关法律、行政法规的规定办理"),
    # 第三十六条（四）: 经检索没有所申请公开信息的，告知申请人该政府信息不存在
    ("unable_not_held", "第三十六条第（四）项", "经检索"),
    # 第三十八条: 需要行政机关对现有政府信息进行加工、分析的，行政机关可以不予提供
    ("unable_need_create", "第三十八条", "加工、分析"),
    # 第三十条: 申请内容不明确的，一次性告知申请人作出补正
    ("unable_unclear_after_correction", "第三十条", "经补正后"),
    # 第三十九条第一款: 以政府信息公开申请的形式进行信访、投诉、举报等活动……不作为政府信息公开申请处理
    ("not_processed_petition", "第三十九条第一款", "不作为政府信息公开申请处理"),
    # 第三十六条（六）: 申请人重复申请公开相同政府信息的，告知申请人不予重复处理
    ("not_processed_repeat", "第三十六条第（六）项", "不予重复处理"),
    # 第三十九条第二款: 要求提供政府公报、报刊、书籍等公开出版物的，行政机关可以告知获取的途径
    ("not_processed_publication", "第三十九条第二款", "告知获取途径"),
    # 第三十五条: 申请理由不合理的，告知申请人不予处理
    ("not_processed_mass_repeat", "第三十五条", "本机关不予处理"),
    # 第三十条: 无正当理由逾期不补正的，视为放弃申请，行政机关不再处理
    ("other_no_correction", "第三十条", "逾期不补正"),
    # 第四十二条 and 国办函〔2020〕109号: 逾期未按收费通知要求缴纳费用的，不再处理
    ("other_fee_unpaid", "第四十二条", "缴纳费用"),
]


@pytest.fixture(autouse=True)
def media(settings: Any, tmp_path: Path) -> None:
    settings.MEDIA_ROOT = tmp_path / "media"
    seed_from_chinesecalendar()


@pytest.mark.parametrize(("outcome", "article", "words"), LETTERS, ids=[row[0] for row in LETTERS])
def test_each_reply_letter_cites_the_article_its_decision_rests_on(
    cast: Cast, outcome: str, article: str, words: str
) -> None:
    application = register(cast.clerk, cast.agency, D(2022, 3, 1))
    application.outcome = outcome
    application.decided_on = D(2022, 3, 10)
    _title, text = letters.compose(application, reply_key(outcome), D(2022, 3, 10))
    assert CITE.format(article=article) in text
    assert words in text


def test_a_repeated_application_is_not_processed_under_article_36_item_6(cast: Cast) -> None:
    """第三十六条第（六）项: 行政机关已就申请人提出的政府信息公开申请作出答复、申请人重复申请公开相同政府信息的，
    告知申请人不予重复处理 — the decision records the article, and its letter says it."""
    application = register(cast.clerk, cast.agency, D(2021, 3, 1))
    actions.do_decide_application(
        cast.approver, application, outcome="not_processed_repeat", on=D(2021, 3, 5)
    )
    application.refresh_from_db()
    assert application.outcome_article == "第三十六条第（六）项"
    letter = application.letters.get(kind="reply")
    assert letter.title == "政府信息公开申请不予处理告知书"
    assert CITE.format(article="第三十六条第（六）项") in letter.text and "不予重复处理" in letter.text


def test_a_petition_and_a_publication_cite_the_two_paragraphs_of_article_39(cast: Cast) -> None:
    """第三十九条第一款 (信访、投诉、举报) and 第二款 (公开出版物) are different replies."""
    petition = register(cast.clerk, cast.agency, D(2021, 3, 1))
    publication = register(cast.clerk, cast.agency, D(2021, 3, 1))
    actions.do_decide_application(cast.approver, petition, outcome="not_processed_petition", on=D(2021, 3, 5))
    actions.do_decide_application(
        cast.approver,
        publication,
        outcome="not_processed_publication",
        on=D(2021, 3, 5),
        text="可在嘉兴市新华书店购买",
    )
    petition_text = petition.letters.get(kind="reply").text
    publication_text = publication.letters.get(kind="reply").text
    assert "第三十九条第一款" in petition_text and "相应渠道" in petition_text
    assert "第三十九条第二款" in publication_text and "可在嘉兴市新华书店购买。" in publication_text


def test_a_clerk_may_cite_another_provision_for_one_case(cast: Cast) -> None:
    """第三十六条第（五）项 (not this agency's information) shares the 不掌握 row: the clerk cites it."""
    application = register(cast.clerk, cast.agency, D(2021, 3, 1))
    actions.do_decide_application(
        cast.approver,
        application,
        outcome="unable_not_held",
        on=D(2021, 3, 5),
        article="第三十六条第（五）项",
        text="该信息由嘉兴市秀洲区住房和城乡建设局负责公开",
    )
    assert CITE.format(article="第三十六条第（五）项") in application.letters.get(kind="reply").text


def test_every_decision_of_every_format_has_its_citation_and_its_letter() -> None:
    for report_format in FORMATS.values():
        for row in report_format.result_rows:
            assert row.key in CITATIONS, row.key
            assert reply_key(row.key) in DEFAULTS, row.key
    assert article_for("no_such_decision") == ""


def test_an_agencys_general_not_processed_template_still_serves_a_repeat(cast: Cast) -> None:
    LetterTemplate.objects.create(
        agency=cast.agency,
        key="reply:not_processed",
        title="不予处理告知书（本机关）",
        body="{{ applicant_name }}：依{{ article }}不予处理。",
    )
    application = register(cast.clerk, cast.agency, D(2021, 3, 1))
    application.outcome = "not_processed_repeat"
    title, text = letters.compose(application, reply_key("not_processed_repeat"), D(2021, 3, 5))
    assert title == "不予处理告知书（本机关）"
    assert text.endswith("依第三十六条第（六）项不予处理。")
