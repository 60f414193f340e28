"""The demo world: 浙江省 → 嘉兴市 → 秀洲区 with its departments and towns, and one user per role.

Idempotent: agencies are matched by name, users by username; existing users keep their passwords.
Later capabilities (catalog, applications, reviews, reports) add their demo data through ``DEMO_STEPS``.
"""

from __future__ import annotations

import secrets
from collections.abc import Callable
from dataclasses import dataclass, field

from django.contrib.auth import get_user_model
from django.db import transaction

from gongkai.lib import uscc

from .models import Agency, Membership

Level = Agency.Level

# (name, short name, level, may make 规章, website, children)
# fmt: off
TREE: tuple = (
    "浙江省人民政府", "浙江省", Level.PROVINCE, True, "https://www.zj.gov.cn/", [
        ("嘉兴市人民政府", "嘉兴市", Level.CITY, True, "https://www.jiaxing.gov.cn/", [
            ("嘉兴市秀洲区人民政府", "秀洲区", Level.DISTRICT, False, "http://www.xiuzhou.gov.cn/", [
                ("秀洲区经济信息商务局", "区经信商务局", Level.DEPARTMENT, False, "", []),
                ("秀洲区发展和改革局", "区发改局", Level.DEPARTMENT, False, "", []),
                ("秀洲区教育体育局", "区教体局", Level.DEPARTMENT, False, "", []),
                ("秀洲区民政局", "区民政局", Level.DEPARTMENT, False, "", []),
                ("秀洲区财政局", "区财政局", Level.DEPARTMENT, False, "", []),
                ("秀洲区人力资源和社会保障局", "区人力社保局", Level.DEPARTMENT, False, "", []),
                ("秀洲区住房和城乡建设局", "区住建局", Level.DEPARTMENT, False, "", []),
                ("秀洲区交通运输局", "区交通运输局", Level.DEPARTMENT, False, "", []),
                ("秀洲区农业农村局", "区农业农村局", Level.DEPARTMENT, False, "", []),
                ("秀洲区卫生健康局", "区卫健局", Level.DEPARTMENT, False, "", []),
                ("秀洲区市场监督管理局", "区市场监管局", Level.DEPARTMENT, False, "", []),
                ("秀洲区应急管理局", "区应急管理局", Level.DEPARTMENT, False, "", []),
                ("秀洲区综合行政执法局", "区综合执法局", Level.DEPARTMENT, False, "", []),
                ("秀洲区新塍镇人民政府", "新塍镇", Level.TOWNSHIP, False, "", []),
                ("秀洲区王江泾镇人民政府", "王江泾镇", Level.TOWNSHIP, False, "", []),
            ]),
            ("嘉兴市南湖区人民政府", "南湖区", Level.DISTRICT, False, "", [
                ("南湖区住房和城乡建设局", "南湖区住建局", Level.DEPARTMENT, False, "", []),
            ]),
        ]),
    ],
)
# fmt: on

# (username, agency, role, is_staff for the Django admin)
USERS = (
    ("jxsw_clerk", "秀洲区经济信息商务局", Membership.Role.CLERK, False),
    ("jxsw_approver", "秀洲区经济信息商务局", Membership.Role.APPROVER, False),
    # The approver also heads the disclosure office: consents to extensions (第三十三条第二款).
    ("jxsw_approver", "秀洲区经济信息商务局", Membership.Role.DISCLOSURE_HEAD, False),
    ("jxsw_admin", "秀洲区经济信息商务局", Membership.Role.AGENCY_ADMIN, True),
    ("jxsw_secrecy", "秀洲区经济信息商务局", Membership.Role.SECRECY_REVIEWER, False),
    ("xiuzhou_oversight", "嘉兴市秀洲区人民政府", Membership.Role.OVERSIGHT, False),
    ("zjj_clerk", "秀洲区住房和城乡建设局", Membership.Role.CLERK, False),
)
SUPERUSER = "admin"


@dataclass
class DemoResult:
    agencies_created: int = 0
    passwords: dict[str, str] = field(default_factory=dict)  # only for users created now
    notes: list[str] = field(default_factory=list)


# Each later app appends a step: a function taking the result and adding its own demo data.
DEMO_STEPS: list[Callable[[DemoResult], None]] = []


def demo_credit_code(serial: int) -> str:
    """A well-formed (checksummed) code in a reserved-looking range, clearly not a real agency's."""
    body = f"11330411MB{serial:07d}"
    return body + uscc.check_character(body)


def _make_tree(node: tuple, parent: Agency | None, result: DemoResult, counter: list[int]) -> None:
    name, short_name, level, may_make_rules, website, children = node
    counter[0] += 1
    agency, created = Agency.objects.get_or_create(
        name=name,
        defaults={
            "short_name": short_name,
            "level": level,
            "may_make_rules": may_make_rules,
            "website": website,
            "parent": parent,
            "position": counter[0],
            "credit_code": demo_credit_code(counter[0]),
        },
    )
    result.agencies_created += int(created)
    for child in children:
        _make_tree(child, agency, result, counter)


@transaction.atomic
def load_demo() -> DemoResult:
    result = DemoResult()
    _make_tree(TREE, None, result, [0])
    user_model = get_user_model()
    if not user_model.objects.filter(username=SUPERUSER).exists():
        password = secrets.token_urlsafe(9)
        user_model.objects.create_superuser(SUPERUSER, "admin@example.org", password)
        result.passwords[SUPERUSER] = password
    for username, agency_name, role, is_staff in USERS:
        user = user_model.objects.filter(username=username).first()
        if user is None:
            password = secrets.token_urlsafe(9)
            user = user_model.objects.create_user(
                username, f"{username}@example.org", password, is_staff=is_staff
            )
            result.passwords[username] = password
        Membership.objects.get_or_create(user=user, agency=Agency.objects.get(name=agency_name), role=role)
    for step in DEMO_STEPS:
        step(result)
    return result
