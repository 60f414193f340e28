"""Demo rectification items (整改公开) of 秀洲区经济信息商务局: from the audit and an inspection, one done and two
open. Appended to ``DEMO_STEPS`` by ``RectificationsConfig``; idempotent; through the real actions."""

from __future__ import annotations

import datetime
from typing import TYPE_CHECKING

from django.contrib.auth import get_user_model
from django.utils import timezone

from gongkai.agencies.models import Agency

from . import actions
from .models import Rectification

if TYPE_CHECKING:
    from gongkai.agencies.demo import DemoResult

AGENCY = "秀洲区经济信息商务局"
# (source, problem, measures, owner, days until the deadline, result or "")
ITEMS = [
    (
        "audit",
        "部分财政补贴资金拨付超出规定时限，最长延迟达四个月。",
        "建立补贴资金拨付台账，按月对账，逾期拨付的逐笔说明原因。",
        "财务科",
        20,
        "已建立拨付台账，2019年度补贴资金均在规定时限内拨付到位。",
    ),
    (
        "inspection",
        "政府信息公开专栏部分政策文件未标注有效性。",
        "逐件核对现行有效的规范性文件，补充有效性标注，并建立定期清理机制。",
        "办公室",
        45,
        "",
    ),
    (
        "inspection",
        "依申请公开答复书未告知救济途径。",
        "修订答复书模板，统一写明行政复议和行政诉讼的途径与期限。",
        "政策法规科",
        60,
        "",
    ),
]


def load_demo_rectifications(result: DemoResult) -> None:
    agency = Agency.objects.filter(name=AGENCY).first()
    clerk = get_user_model().objects.filter(username="jxsw_clerk").first()
    if agency is None or clerk is None or Rectification.objects.filter(agency=agency).exists():
        return
    today = timezone.localdate()
    for source, problem, measures, owner, days, done in ITEMS:
        item = actions.do_open_rectification(
            clerk, agency, source=source, problem=problem, measures=measures, owner=owner,
            deadline=today + datetime.timedelta(days=days),
        )  # fmt: skip
        if done:
            actions.do_complete_rectification(clerk, item, done)
    result.notes.append(f"整改公开: {len(ITEMS)} rectification items for {AGENCY}.")
