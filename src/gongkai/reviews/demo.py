"""Demo cases for 秀洲区经济信息商务局: a reconsideration upheld, one corrected (reopening the application),
and a litigation still pending."""

from __future__ import annotations

import datetime
from typing import Any

from django.contrib.auth import get_user_model

from gongkai.agencies.models import Agency
from gongkai.applications.models import Application, Status

from . import actions
from .models import Review


def load_demo_reviews(result: Any) -> None:
    agency = Agency.objects.filter(name="秀洲区经济信息商务局").first()
    if agency is None or Review.objects.for_agency(agency).exists():
        return
    clerk = get_user_model().objects.filter(username="jxsw_clerk").first()
    if clerk is None:
        return
    decided = list(
        Application.objects.for_agency(agency).filter(status=Status.DECIDED).order_by("decided_on", "pk")[:3]
    )
    if not decided:
        return
    filed = 0
    for index, application in enumerate(decided):
        assert application.decided_on is not None
        on = application.decided_on + datetime.timedelta(days=2)
        if index == 0:
            review = actions.do_file_review(
                clerk,
                application,
                kind="reconsideration",
                filed_on=on,
                body="嘉兴市秀洲区人民政府",
                case_number=f"秀政复〔{on.year}〕{index + 1}号",
            )
            actions.do_record_review_outcome(clerk, review, outcome="upheld", decided_on=on)
        elif index == 1:
            review = actions.do_file_review(
                clerk,
                application,
                kind="reconsideration",
                filed_on=on,
                body="嘉兴市秀洲区人民政府",
                case_number=f"秀政复〔{on.year}〕{index + 1}号",
            )
            actions.do_record_review_outcome(clerk, review, outcome="corrected", decided_on=on)
        else:
            actions.do_file_review(
                clerk,
                application,
                kind="litigation_direct",
                filed_on=on,
                body="嘉兴市秀洲区人民法院",
                case_number=f"（{on.year}）浙0411行初{index + 1}号",
            )
        filed += 1
    result.notes.append(f"演示复议诉讼案件 / demo review cases: {filed}（秀洲区经济信息商务局）")
