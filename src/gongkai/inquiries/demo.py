"""Demo inquiries (政策咨询): questions to 秀洲区经济信息商务局 and 秀洲区住建局 about their policies — answered and
published, awaiting moderation, open, and one overdue. Appended to ``DEMO_STEPS`` by ``InquiriesConfig``;
idempotent (skips when the agency has inquiries). Everything goes through the real actions."""

from __future__ import annotations

import datetime
from typing import TYPE_CHECKING

from django.contrib.auth import get_user_model
from django.utils import timezone

from gongkai.agencies.models import Agency
from gongkai.catalog.models import Document

from . import actions
from .models import Inquiry

if TYPE_CHECKING:
    from gongkai.agencies.demo import DemoResult

AGENCY = "秀洲区经济信息商务局"
# (subject, question, answer or "", agrees to publish, days ago asked, published?)
QUESTIONS = [
    (
        "出口信用保险补贴的申报时间",
        "请问2019年度外贸企业出口信用保险补贴什么时候开始申报？需要准备哪些材料？",
        "2019年度出口信用保险补贴申报时间为次年3月1日至3月31日。企业需提交申报表、保单及保费发票复印件、"
        "出口额证明材料，经商务科初审后报区财政局复核。",
        True,
        60,
        True,
    ),
    (
        "技术改造补贴是否包含软件投入",
        "我公司购买工业软件和数字化改造服务，能否计入技术改造项目的补贴基数？",
        "根据《秀洲区工业企业技术改造项目财政补贴资金管理办法》第五条，与生产设备配套的工业软件投入可计入补贴基数，"
        "单独购买的办公软件不计入。请在申报时附软件采购合同及验收报告。",
        True,
        45,
        True,
    ),
    (
        "电子商务园区入驻条件",
        "个体网店经营者能否申请入驻区电子商务产业园？租金减免政策如何执行？",
        "产业园面向已办理营业执照的电子商务经营主体，个体工商户可以申请。租金减免按《关于促进电子商务产业发展的实施意见》"
        "执行，首年减免50%，需经园区管理办公室评审。",
        True,
        30,
        True,
    ),
    (
        "亩均效益评价结果的用途",
        "工业企业亩均效益综合评价分为几档？评价结果会影响哪些政策享受？",
        "评价结果分为A、B、C、D四类。A类企业优先享受用地、用能和财政奖补政策；D类企业将实施差别化电价和整治提升。",
        True,
        20,
        False,
    ),
    (
        "商贸流通专项资金的拨付进度",
        "去年申报的商贸流通业发展专项资金何时拨付到企业账户？",
        "",
        False,
        12,
        False,
    ),
    (
        "数字经济三年行动计划的配套细则",
        "《秀洲区数字经济发展三年行动计划》是否会出台配套的资金扶持细则？",
        "",
        True,
        2,
        False,
    ),
]


def load_demo_inquiries(result: DemoResult) -> None:
    agency = Agency.objects.filter(name=AGENCY).first()
    if agency is None or Inquiry.objects.filter(agency=agency).exists():
        return
    staff = get_user_model().objects.filter(username="jxsw_clerk").first()
    approver = get_user_model().objects.filter(username="jxsw_approver").first()
    if staff is None or approver is None:
        return
    now = timezone.now()
    policies = list(Document.objects.public().for_agency(agency).filter(genre__code="policy")[:3])
    for index, (subject, question, answer, agrees, days_ago, publish) in enumerate(QUESTIONS):
        asked = now - datetime.timedelta(days=days_ago)
        inquiry = actions.do_submit_inquiry(
            agency,
            {
                "name": ["王先生", "李女士", "张经理", "陈会计", "刘先生", "周女士"][index],
                "contact": f"1385730{index:04d}",
                "subject": subject,
                "question": question,
                "agrees_to_publish": agrees,
                "document": policies[index] if index < len(policies) else None,
            },
            remote_address="192.0.2.1",
            now=asked,
        )
        if answer:
            answered = asked + datetime.timedelta(days=3)
            actions.do_answer_inquiry(staff, inquiry, answer, now=answered)
            if publish:
                actions.do_moderate_inquiry(
                    approver, inquiry, publish=True, public_question=question, public_answer=answer,
                    now=answered + datetime.timedelta(days=1),
                )  # fmt: skip
    result.notes.append(f"政策咨询: {len(QUESTIONS)} inquiries for {AGENCY}.")
