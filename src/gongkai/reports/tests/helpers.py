"""Making a built draft ready to publish, as staff would: section 五 written in place of the generated
placeholders, and every warning acknowledged by the approver with a reason."""

from __future__ import annotations

import datetime
from typing import Any

from django.utils import timezone

from gongkai.reports import actions, checks
from gongkai.reports.models import Report

PROBLEMS = (
    "一是依申请公开答复文书的规范性有待提高；二是政策解读形式较为单一。"
    "下一步，本机关将加强答复文书审核，丰富解读形式。"
)
REASON = "经核对原始记录，数据无误，予以发布。"


def write_problems(clerk: Any, record: Report, problems: str = PROBLEMS) -> Report:
    return actions.do_edit_narrative(
        clerk, record, overview=record.overview, problems=problems, other=record.other
    )


def acknowledge_warnings(approver: Any, record: Report, now: datetime.datetime) -> None:
    for warning in checks.checklist(record, timezone.localdate(now)).warnings:
        actions.do_acknowledge_warning(
            approver, record, rule=warning.finding.rule, cells=warning.cells, reason=REASON, now=now
        )


def ready_to_publish(clerk: Any, approver: Any, record: Report, now: datetime.datetime) -> Report:
    write_problems(clerk, record)
    acknowledge_warnings(approver, record, now)
    return record
