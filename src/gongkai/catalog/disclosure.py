"""What the law says about a document's 公开属性 and about what an agency must publish proactively.

- **公开属性** (条例第十四–十六条): decided when the document is made — 主动公开, 依申请公开, or 不予公开 with the
  provision and the category that the law gives for withholding (``GROUNDS``) and the agency's reason.
- **保密审查** (条例第十七条): 行政机关应当建立健全政府信息公开审查机制 — a document is published only after the
  person the agency assigns to the review (``Membership.Role.SECRECY_REVIEWER``) has recorded that it holds
  nothing that may not be published (``catalog.actions.do_record_secrecy_review``).
- **Coverage** (条例第二十条): the items every agency of a kind must publish proactively (``REQUIRED_ITEMS``,
  by ``Agency.Level``), so that the oversight dashboard shows the items an agency has no current document
  for before an inspection finds the gap.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass


@dataclass(frozen=True)
class Ground:
    """A category of 不予公开 and the provision that gives it."""

    article: str
    words: str


# The categories of the law (the same as the annual report's rows (三)1–7), by ``Document.withholding_ground``.
GROUNDS: dict[str, Ground] = {
    "state_secret": Ground("第十四条", "依法确定为国家秘密的政府信息"),
    "law_forbidden": Ground("第十四条", "法律、行政法规禁止公开的政府信息"),
    "three_security_one_stability": Ground(
        "第十四条", "公开后可能危及国家安全、公共安全、经济安全、社会稳定的政府信息"
    ),
    "third_party_rights": Ground(
        "第十五条", "涉及商业秘密、个人隐私等公开会对第三方合法权益造成损害的政府信息"
    ),
    "internal_affairs": Ground("第十六条第一款", "行政机关的内部事务信息"),
    "process_info": Ground("第十六条第二款", "讨论记录、过程稿、磋商信函、请示报告等过程性信息"),
    "enforcement_case": Ground("第十六条第二款", "行政执法案卷信息"),
}


def article_of(ground: str) -> str:
    """The provision a 不予公开 on ``ground`` rests on ("" for no ground)."""
    return GROUNDS[ground].article if ground in GROUNDS else ""


# 第二十条 obliges every 行政机关 to publish its items "as applicable"; which of them an agency of a kind is
# expected to have a current document for is this table (an agency type: ``Agency.Level``). 规章 only for
# the agencies that may make them (``Agency.may_make_rules``, 立法法第九十一、九十三条). Keys are
# ``Article20Item`` values. Edit here to change what the dashboard asks of a kind of agency.
_GOVERNMENT = (
    "normative_documents",  # 第二十条第（一）项
    "planning",  # 第（三）项
    "statistics",  # 第（四）项
    "budget",  # 第（七）项
    "procurement",  # 第（九）项
    "poverty_relief",  # 第（十一）项
    "emergency",  # 第（十二）项
)
REQUIRED_ITEMS: dict[str, tuple[str, ...]] = {
    "state_council": ("rules", "normative_documents", "licensing", "budget", "procurement"),
    "province": ("rules", *_GOVERNMENT, "civil_servants"),
    "city": ("rules", *_GOVERNMENT, "civil_servants"),
    "district": _GOVERNMENT,
    # A department: its own rules of conduct towards the public, its permits and penalties, its money.
    "department": ("normative_documents", "licensing", "penalty", "budget", "fees"),
    # 第二十一条 adds the township's own items; of 第二十条 it has its budget and its social policies.
    "township": ("budget", "poverty_relief", "emergency"),
}


def required_items(level: str, may_make_rules: bool) -> tuple[str, ...]:
    """The 第二十条 items an agency of ``level`` must have a current proactive document for."""
    items = REQUIRED_ITEMS.get(level, ())
    return tuple(item for item in items if item != "rules" or may_make_rules)


def missing_items(level: str, may_make_rules: bool, covered: Iterable[str]) -> list[str]:
    """The required items (in the table's order) among which ``covered`` has none."""
    have = set(covered)
    return [item for item in required_items(level, may_make_rules) if item not in have]
