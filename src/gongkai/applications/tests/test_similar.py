"""Earlier applications asking for the same information are pointed out on the case page: the applicant's
own (a 重复申请, 条例第三十六条第（六）项) and others' (第四十四条: 多个申请人就相同政府信息……提出公开申请，
且该政府信息属于可以公开的，行政机关可以纳入主动公开的范围)."""

from __future__ import annotations

import datetime

import pytest
from django.test import Client

from gongkai.applications.queries import similar_applications
from gongkai.testing import Cast

from .helpers import register, valid_id_number

pytestmark = pytest.mark.django_db
D = datetime.date
ASKED = "2019年度工业企业技术改造补助资金拨付明细"


def test_the_same_request_by_the_same_and_by_another_applicant_is_pointed_out(cast: Cast) -> None:
    own = register(cast.clerk, cast.agency, D(2021, 3, 1), description=ASKED)
    other = register(
        cast.clerk,
        cast.agency,
        D(2021, 3, 2),
        description=ASKED + "表",
        id_number=valid_id_number("33041119900101123"),
    )
    register(cast.clerk, cast.agency, D(2021, 3, 2), description="秀洲区2020年度部门预算")
    again = register(cast.clerk, cast.agency, D(2021, 3, 3), description=ASKED)
    found = similar_applications(again)
    assert [(match.application, match.same_applicant) for match in found] == [(own, True), (other, False)]
    client = Client()
    client.force_login(cast.clerk)
    page = client.get(f"/workspace/applications/{again.pk}/").content.decode()
    assert own.tracking_code in page and other.tracking_code in page
