"""Demo annual reports for 秀洲区经济信息商务局: last year's applications, decided and carried over, the
report built from them and published; this year's draft; and the district's roll-up of last year."""

from __future__ import annotations

import datetime
from typing import Any

from django.contrib.auth import get_user_model
from django.utils import timezone

from gongkai.agencies.models import Agency
from gongkai.applications import actions as applications
from gongkai.applications.demo import COMPANY, DEMO_APPLICANT

from . import actions
from .models import Report

# (received, decision or None to carry over, decided, applicant)
LAST_YEAR = (
    ((3, 4), "granted", (3, 20), DEMO_APPLICANT),
    ((4, 8), "granted", (4, 25), COMPANY),
    ((5, 13), "partially_granted", (6, 10), COMPANY),
    ((6, 2), "denied_process_info", (6, 24), DEMO_APPLICANT),
    ((7, 7), "unable_not_held", (7, 21), DEMO_APPLICANT),
    ((9, 1), "not_processed_repeat", (9, 5), DEMO_APPLICANT),
    ((10, 20), "unable_need_create", (11, 14), COMPANY),
    ((12, 15), None, None, DEMO_APPLICANT),
    ((12, 22), None, None, COMPANY),
)
PROBLEMS = (
    "一是依申请公开答复文书的规范性有待提高；二是政策解读形式较为单一。下一步，我局将加强答复文书审核，"
    "丰富图解、视频等解读形式，进一步提升政府信息公开工作质量。"
)


def load_demo_reports(result: Any) -> None:
    agency = Agency.objects.filter(name="秀洲区经济信息商务局").first()
    users = get_user_model().objects
    clerk = users.filter(username="jxsw_clerk").first()
    approver = users.filter(username="jxsw_approver").first()
    admin = users.filter(username="admin").first()
    if agency is None or clerk is None or approver is None or Report.objects.for_agency(agency).exists():
        return
    year = timezone.localdate().year - 1
    for received, outcome, decided, who in LAST_YEAR:
        fields = {**who, "description": f"{year}年度秀洲区商务发展专项资金项目资料（{received[0]}月申请）。"}
        application = applications.do_register_application(
            clerk, agency, fields, channel="post", received_on=datetime.date(year, *received)
        )
        if outcome is not None and decided is not None:
            applications.do_decide_application(
                approver, application, outcome=outcome, on=datetime.date(year, *decided)
            )
    record = actions.do_build_report(clerk, agency, year)
    actions.do_edit_narrative(clerk, record, overview=record.overview, problems=PROBLEMS, other=record.other)
    # Published on time, as the Regulations ask (by 31 January).
    on_time = timezone.make_aware(datetime.datetime(year + 1, 1, 20, 10, 0))
    actions.do_publish_report(approver, record, now=on_time)
    actions.do_build_report(clerk, agency, year + 1)
    district = agency.parent
    if district is not None and admin is not None:
        actions.do_build_rollup(admin, district, year)
    result.notes.append(
        f"演示年度报告 / demo annual reports: {agency.name} {year}年（已发布 / published）、{year + 1}年（草稿 / draft），"
        f"{district.name if district else ''} {year}年汇总（草稿 / draft roll-up）"
    )
