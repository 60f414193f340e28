"""The 2019 format (国办公开办函〔2019〕60号): reports for 2019 and 2020."""

from __future__ import annotations

from gongkai.annual_report.formats.base import (
    Alternative,
    Column,
    DocumentCount,
    Documents,
    Entered,
    EnteredYear,
    ProactiveItem,
    ProactiveRow,
    ReportFormat,
    RuleUse,
    rule_uses,
)
from gongkai.annual_report.formats.common import (
    APPLICANT_COLUMNS,
    APPLICATION_HEADER,
    COMMON_RULES,
    HEAD_ROWS,
    OTHER_SINGLE,
    OTHER_SPLIT,
    REVIEW_COLUMNS,
    REVIEW_GROUPS,
    SECTIONS,
    TAIL_ROWS,
)

DOCUMENTS = (
    Column("made", "本年新制作数量", ("本年新 制作数量", "本年新\n制作数量")),
    Column("published", "本年新公开数量", ("本年新 公开数量", "本年新\n公开数量")),
    Column("total", "对外公开总数量"),
)
# 本年新制作: every document written in the year; 本年新公开 and 对外公开总数量: what the portal shows.
DOCUMENT_MEASURES = {
    "made": Documents(DocumentCount.WRITTEN),
    "published": Documents(DocumentCount.PUBLISHED),
    "total": Documents(DocumentCount.PUBLISHED_BY_END),
}
ITEMS = (
    Column("prior_items", "上一年项目数量"),
    Column("change", "本年增/减", ("本年增减", "本年增（减）")),
    Column("decisions", "处理决定数量"),
)
FEES = ITEMS[:2]
PROCUREMENT = (Column("projects", "采购项目数量"), Column("amount", "采购总金额"))


def documents(key: str, label: str, variants: tuple[str, ...] = ()) -> ProactiveRow:
    return ProactiveRow(key, label, DOCUMENTS, variants, measures=DOCUMENT_MEASURES)


def items(key: str, label: str, entered: str, columns: tuple[Column, ...] = ITEMS) -> ProactiveRow:
    """A row of 事项 counts: 上一年项目数量 is last year's entered number of items, 本年增/减 the change,
    处理决定数量 this year's decisions (``entered`` is the entered fields' prefix)."""
    measures = {
        "prior_items": Entered(f"{entered}_items", EnteredYear.PRIOR),
        "change": Entered(f"{entered}_items", EnteredYear.CHANGE),
        "decisions": Entered(f"{entered}_decisions"),
    }
    return ProactiveRow(
        key,
        label,
        columns,
        signed_columns=("change",),
        measures={column.key: measures[column.key] for column in columns},
    )


FORMAT = ReportFormat(
    id="2019",
    name="国办公开办函〔2019〕60号",
    short_name="2019年格式",
    first_year=2019,
    last_year=2020,
    proactive=(
        ProactiveItem(
            "第二十条第（一）项",
            (documents("rules", "规章"), documents("normative_documents", "规范性文件", ("行政规范性文件",))),
        ),
        ProactiveItem(
            "第二十条第（五）项",
            (
                items("licensing", "行政许可", "licensing"),
                items("other_services", "其他对外管理服务事项", "other_services"),
            ),
        ),
        ProactiveItem(
            "第二十条第（六）项",
            (items("penalty", "行政处罚", "penalty"), items("enforcement", "行政强制", "enforcement")),
        ),
        ProactiveItem("第二十条第（八）项", (items("fees", "行政事业性收费", "fee", FEES),)),
        ProactiveItem(
            "第二十条第（九）项",
            (
                ProactiveRow(
                    "procurement",
                    "政府集中采购",
                    PROCUREMENT,
                    text_columns=("amount",),
                    measures={
                        "projects": Entered("procurement_projects"),
                        "amount": Entered("procurement_amount"),
                    },
                ),
            ),
        ),
    ),
    application_rows=(*HEAD_ROWS, OTHER_SINGLE, *TAIL_ROWS),
    application_columns=APPLICANT_COLUMNS,
    application_header=APPLICATION_HEADER,
    review_groups=REVIEW_GROUPS,
    review_columns=REVIEW_COLUMNS,
    sections=SECTIONS,
    rules=rule_uses(
        *COMMON_RULES,
        # 对外公开总数量 ≥ 本年新公开数量, and 上一年项目数量 carried from last year's report.
        RuleUse(
            "R8",
            rows=(
                "rules",
                "normative_documents",
                "licensing",
                "other_services",
                "penalty",
                "enforcement",
                "fees",
            ),
        ),
    ),
    markers=("本年新制作数量", "上一年项目数量", "第二十条第（九）项", "政府集中采购", "采购总金额"),
    alternatives=(
        Alternative(
            replaces=("other_processing",),
            rows=OTHER_SPLIT,
            after="other_processing",
            message="三、（六）其他处理：2019年格式只有一行，本报告却印了2021年格式的三个分项",
        ),
    ),
)
