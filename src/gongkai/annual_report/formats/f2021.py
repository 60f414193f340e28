"""The 2021 format (国办公开办函〔2021〕30号): reports for 2021 on."""

from __future__ import annotations

from gongkai.annual_report.formats.base import (
    Alternative,
    Column,
    DocumentCount,
    Documents,
    DroppedItem,
    Entered,
    ProactiveItem,
    ProactiveRow,
    ReportFormat,
    RuleUse,
    Words,
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
    Column("issued", "本年制发件数"),
    Column("repealed", "本年废止件数"),
    Column("in_force", "现行有效件数"),
)
# Counted so that rule R9 holds for the reports gongkai builds: 现行有效 = last year's 现行有效 + 本年制发 −
# 本年废止. A document is 制发 in the year it was made (its 成文日期), not the day it went on the portal,
# and it is 现行有效 from then until it ends; it leaves that stock through the 废止 column whether it was
# repealed (废止) or expired (失效) — the catalog keeps the two apart, the form has one column for both.
DOCUMENT_MEASURES = {
    "issued": Documents(DocumentCount.MADE),
    "repealed": Documents(DocumentCount.ENDED),
    "in_force": Documents(DocumentCount.IN_FORCE_AT_END),
}
DECISIONS = (Column("decisions", "本年处理决定数量"),)
FEES = (Column("amount_10k_yuan", "本年收费金额（单位：万元）", ("本年收费金额",)),)


def documents(key: str, label: str, variants: tuple[str, ...] = ()) -> ProactiveRow:
    return ProactiveRow(key, label, DOCUMENTS, variants, measures=DOCUMENT_MEASURES)


def decisions(key: str, label: str) -> ProactiveRow:
    return ProactiveRow(key, label, DECISIONS, measures={"decisions": Entered(f"{key}_decisions")})


FORMAT = ReportFormat(
    id="2021",
    name="国办公开办函〔2021〕30号",
    short_name="2021年格式",
    first_year=2021,
    last_year=None,
    proactive=(
        ProactiveItem(
            "第二十条第（一）项",
            # Some reports still print the 2019 label 规范性文件.
            (documents("rules", "规章"), documents("normative_documents", "行政规范性文件", ("规范性文件",))),
        ),
        ProactiveItem("第二十条第（五）项", (decisions("licensing", "行政许可"),)),
        ProactiveItem(
            "第二十条第（六）项", (decisions("penalty", "行政处罚"), decisions("enforcement", "行政强制"))
        ),
        ProactiveItem(
            "第二十条第（八）项",
            (
                ProactiveRow(
                    "fees",
                    "行政事业性收费",
                    FEES,
                    decimal_columns=("amount_10k_yuan",),
                    measures={"amount_10k_yuan": Entered("fee_amount_10k_yuan")},
                ),
            ),
        ),
    ),
    application_rows=(*HEAD_ROWS, *OTHER_SPLIT, *TAIL_ROWS),
    application_columns=APPLICANT_COLUMNS,
    application_header=APPLICATION_HEADER,
    review_groups=REVIEW_GROUPS,
    review_columns=REVIEW_COLUMNS,
    sections=SECTIONS,
    rules=rule_uses(
        *COMMON_RULES,
        # 现行有效 = last year's + 本年制发 − 本年废止.
        RuleUse("R9", rows=("rules", "normative_documents")),
        # Section 六 states the processing fees collected (国办函〔2020〕109号).
        "R12",
    ),
    markers=(
        "本年制发件数",
        "本年废止件数",
        "现行有效件数",
        "本年处理决定数量",
        "本年收费金额",
        "逾期不补正",
    ),
    alternatives=(
        Alternative(
            replaces=("other_no_correction", "other_fee_unpaid", "other_other"),
            rows=(OTHER_SINGLE,),
            after="not_processed_confirm_reissue",
            message="三、（六）其他处理：2021年格式应分列1.逾期不补正、2.逾期未缴费、3.其他三行，本报告只印了一行",
        ),
    ),
    dropped_items=(
        DroppedItem(
            ("第二十条第（九）项", "政府集中采购"),
            "二、主动公开政府信息情况：2021年格式已无第二十条第（九）项（政府集中采购），本报告仍印有该项",
        ),
    ),
    words=Words(
        fees_none="{year}年，本机关未收取政府信息公开信息处理费。",
        fees_collected="{year}年，本机关收取政府信息公开信息处理费{amount}元，涉及申请{applications}件。",
    ),
)
