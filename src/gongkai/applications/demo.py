"""Demo applications for 秀洲区经济信息商务局: one in every state, with real dates and the real calendar."""

from __future__ import annotations

import datetime
from typing import Any

from django.contrib.auth import get_user_model
from django.utils import timezone

from gongkai.agencies.models import Agency
from gongkai.lib import idcard, uscc

from . import actions, clock
from .models import Application

DEMO_APPLICANT: dict[str, Any] = {
    "applicant_kind": "natural_person",
    "applicant_name": "张明",
    "id_document": "resident_id",
    "id_number": "33041119850715231" + idcard.check_character("33041119850715231"),
    "phone": "13905730000",
    "email": "zhangming@example.org",
    "address": "浙江省嘉兴市秀洲区新城街道洪兴路1号",
    "postcode": "314000",
    "form_wanted": "electronic",
    "delivery_wanted": "email",
    "purpose": "",
}
COMPANY = {
    **DEMO_APPLICANT,
    "applicant_kind": "commercial_enterprise",
    "applicant_name": "嘉兴市秀洲区示范纺织有限公司",
    "id_document": "credit_code",
    "id_number": "91330411MA2B00001" + uscc.check_character("91330411MA2B00001"),
    "contact_person": "李华",
}


def load_demo_applications(result: Any) -> None:
    agency = Agency.objects.filter(name="秀洲区经济信息商务局").first()
    if agency is None or Application.objects.for_agency(agency).exists():
        return
    users = get_user_model().objects
    clerk, approver = users.get(username="jxsw_clerk"), users.get(username="jxsw_approver")
    today = timezone.localdate()

    def ago(days: int) -> datetime.date:
        return today - datetime.timedelta(days=days)

    def register(
        description: str, received: datetime.date, who: dict[str, Any] = DEMO_APPLICANT
    ) -> Application:
        fields = {**who, "description": description}
        return actions.do_register_application(
            clerk, agency, fields, channel="in_person", received_on=received
        )

    online_fields = {**DEMO_APPLICANT, "description": "2025年度秀洲区工业企业技术改造项目补助资金拨付明细。"}
    actions.do_submit_application(agency, online_fields, remote_address="192.0.2.10")

    register("秀洲区2025年规模以上工业企业名单。", ago(5))

    waiting = register("关于某地块招商引资协议的全部文件。", ago(12))
    actions.do_request_supplement(clerk, waiting, what="请明确地块位置和协议签订年份。", on=ago(10))

    supplemented = register("2024年度外贸发展专项资金分配方案。", ago(30), COMPANY)
    actions.do_request_supplement(clerk, supplemented, what="请明确资金项目名称。", on=ago(28))
    actions.do_receive_supplement(clerk, supplemented, ago(20))

    consulting = register("某企业享受的两化融合补助资金申报材料。", ago(15), COMPANY)
    actions.do_send_consultation(
        clerk, consulting, kind="third_party", party="嘉兴某某科技有限公司", on=ago(8)
    )

    extended = register("近三年电子商务专项资金使用情况的全部凭证。", ago(40))
    actions.do_extend_deadline(
        approver, extended, reason="所需信息数量较大，需要从档案中检索整理。", on=ago(20)
    )

    overdue = register("2023年度秀洲区商贸流通企业名录。", ago(45))
    del overdue  # left open past its due date: the overdue queue shows it

    granted = register("秀洲区促进数字经济发展若干政策的全文。", ago(35))
    actions.do_decide_application(approver, granted, outcome="granted", on=ago(20), text="予以公开，见附件。")
    actions.do_record_delivery(clerk, granted, on=ago(19))

    partial = register("2024年度区级工业专项资金项目评审意见。", ago(38), COMPANY)
    actions.do_send_consultation(clerk, partial, kind="third_party", party="嘉兴某某机械有限公司", on=ago(34))
    actions.do_record_consultation_reply(clerk, partial.consultations.get(), on=ago(30), reply="objects")
    actions.do_decide_application(
        approver, partial, outcome="partially_granted", on=ago(22), text="涉及商业秘密的部分不予公开。"
    )

    not_held = register("秀洲区2010年以前的外资企业审批档案。", ago(25))
    actions.do_decide_application(approver, not_held, outcome="unable_not_held", on=ago(15))

    # An applicant's eleventh application this month: the processing fee is charged (2021 on).
    first_of_month = clock.nth_workday(today.replace(day=1) - datetime.timedelta(days=1), 1)
    charged = None
    for index in range(11):
        charged = register(f"第{index + 1}份：秀洲区商贸企业扶持资金拨付凭证。", first_of_month, COMPANY)
    assert charged is not None
    actions.do_issue_fee_notice(approver, charged, method="by_count", on=today)

    # 第三十一条: an ordinary letter waits, without a due date, until the receipt is confirmed with the
    # applicant; a fax was confirmed by telephone the day it came, and the confirmation is recorded.
    letter_fields = {**DEMO_APPLICANT, "description": "秀洲区2025年度企业减负政策兑现情况。"}
    actions.do_register_application(clerk, agency, letter_fields, channel="letter")
    fax_fields = {**COMPANY, "description": "2025年度秀洲区外贸企业出口信用保险补贴名单。"}
    actions.do_register_application(
        clerk,
        agency,
        fax_fields,
        channel="fax",
        received_on=ago(3),
        confirmation="电话与联系人李华确认收到传真",
    )
    # 第三十六条第（六）项: the same applicant asks again for what was already answered.
    repeated = register("秀洲区促进数字经济发展若干政策的全文。", ago(9))
    actions.do_decide_application(approver, repeated, outcome="not_processed_repeat", on=ago(4))

    # 拟办 → 审批: a draft returned once with the approver's comment; its redraft waits for approval. (The
    # applicant is told of each public step by e-mail: the demo's messages go through EMAIL_BACKEND.)
    drafted = register("2025年度秀洲区小微企业园认定名单及评审打分表。", ago(10))
    first = actions.do_draft_decision(clerk, drafted, outcome="unable_not_held", on=today)
    actions.do_return_draft(approver, first, comment="评审打分表由本局保存，请核实后重新拟办。")
    actions.do_draft_decision(
        clerk,
        drafted,
        outcome="partially_granted",
        on=today,
        text="认定名单予以公开；评审专家的个人信息不予公开",
    )

    withdrawn = register("秀洲区招商引资奖励兑现名单。", ago(18))
    actions.do_withdraw_application(clerk, withdrawn, on=ago(16), note="申请人电话告知撤回申请。")
    result.notes.append("演示申请 / demo applications: 25（秀洲区经济信息商务局，各种状态 / every state）")
