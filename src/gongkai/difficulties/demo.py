"""Demo difficulty cases (困难反馈, 问题交办): companies and citizens report to 秀洲区经济信息商务局 (the district's
enterprise service office in the demo), which assigns them — one closed on confirmation, one closed when the
window passed, one reassigned and answered, one assigned and overdue (escalated), one awaiting assignment.
Appended to ``DEMO_STEPS`` by ``DifficultiesConfig``; idempotent. Everything goes through the real actions."""

from __future__ import annotations

import datetime
from typing import TYPE_CHECKING

from django.contrib.auth import get_user_model
from django.utils import timezone

from gongkai.agencies.models import Agency

from . import actions
from .models import Difficulty

if TYPE_CHECKING:
    from gongkai.agencies.demo import DemoResult

OFFICE = "秀洲区经济信息商务局"
HOUSING = "秀洲区住房和城乡建设局"
# (kind, name, subject, description, days ago, assignee, answer or "", ending)
CASES = [
    (
        "company",
        "嘉兴市禾丰纺织有限公司",
        "厂区道路施工导致货车无法进出",
        "园区东路施工已三个月，围挡占用厂区唯一出入口，货车无法进出，影响正常发货。",
        40,
        HOUSING,
        "已协调施工单位在围挡处开设临时通道，货车可正常进出，施工预计下月底完工。",
        "confirm",
    ),
    (
        "company",
        "秀洲区新塍镇鑫达五金厂",
        "技改补贴资金迟迟未到账",
        "去年申报的技术改造补贴已公示通过，至今未拨付，企业资金周转困难。",
        30,
        OFFICE,
        "经核实，补贴资金已于本月纳入区财政集中支付，预计十个工作日内到账。",
        "window",
    ),
    (
        "citizen",
        "周女士",
        "小区加装电梯审批进度",
        "我们小区加装电梯的申请材料已提交两个月，不知道审批到哪一步了。",
        12,
        OFFICE,
        "加装电梯的联合审查由区住建局负责，已于上周完成审查，施工许可将在五个工作日内核发。",
        "reassign",
    ),
    (
        "company",
        "嘉兴市秀洲区恒盛物流有限公司",
        "仓储用地规划调整咨询无人答复",
        "企业计划扩建仓库，多次咨询用地规划调整事宜未获明确答复。",
        25,
        HOUSING,
        "",
        "overdue",
    ),
    (
        "citizen",
        "陈先生",
        "个体工商户开办手续繁琐",
        "在王江泾镇开办小餐馆，需要跑多个部门办理手续，希望能一次办好。",
        1,
        None,
        "",
        "new",
    ),
]


def load_demo_difficulties(result: DemoResult) -> None:
    office = Agency.objects.filter(name=OFFICE).first()
    housing = Agency.objects.filter(name=HOUSING).first()
    users = get_user_model().objects
    clerk = users.filter(username="jxsw_clerk").first()
    housing_clerk = users.filter(username="zjj_clerk").first()
    if not (office and housing and clerk and housing_clerk):
        return
    if Difficulty.objects.filter(receiving_agency=office).exists():
        return
    now = timezone.now()
    by_name = {OFFICE: office, HOUSING: housing}
    for index, (kind, name, subject, description, days_ago, assignee, answer, ending) in enumerate(CASES):
        case = actions.do_report_difficulty(
            office,
            {"reporter_kind": kind, "name": name, "contact": f"1395730{index:04d}", "subject": subject,
             "description": description},
            remote_address="192.0.2.1",
            now=now - datetime.timedelta(days=days_ago),
        )  # fmt: skip
        if assignee is None:
            continue
        # Assigned as if on the day it came in: the due date is counted from then.
        actions.do_assign_difficulty(clerk, case, by_name[assignee], 3 if ending == "overdue" else 10)
        if ending == "overdue":
            Difficulty.objects.filter(pk=case.pk).update(
                due_on=timezone.localdate() - datetime.timedelta(days=5)
            )
            continue
        if ending == "reassign":
            actions.do_reassign_difficulty(clerk, case, housing, "加装电梯审批属区住建局职责。")
        worker = housing_clerk if case.assigned_agency == housing else clerk
        actions.do_answer_difficulty(
            worker, case, answer, now=now - datetime.timedelta(days=max(days_ago - 8, 0))
        )
        if ending == "confirm":
            actions.do_confirm_difficulty(case)
    # The window case and the overdue case: the daily sweep closes the one and escalates the other.
    actions.do_sweep_difficulties(timezone.localdate())
    result.notes.append(f"困难反馈: {len(CASES)} difficulty cases received by {OFFICE}.")
