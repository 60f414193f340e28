"""The 2021 format (国办公开办函〔2021〕30号): reports for 2021 on."""

from __future__ import annotations

from gongkai.annual_report.formats.base import (
    ApplicationRow,
    Column,
    ProactiveItem,
    ProactiveRow,
    ReportFormat,
)
from gongkai.annual_report.formats.common import (
    APPLICANT_COLUMNS,
    APPLICATION_HEADER,
    HEAD_ROWS,
    OTHER,
    RESULTS,
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
DECISIONS = (Column("decisions", "本年处理决定数量"),)
FEES = (Column("amount_10k_yuan", "本年收费金额（单位：万元）", ("本年收费金额",)),)

OTHER_ROWS = (
    ApplicationRow(
        "other_no_correction",
        "1.申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请",
        "1.",
        OTHER,
        RESULTS,
        variants=("申请人无正当理由逾期不补正，行政机关不再处理其政府信息公开申请",),
        result=True,
    ),
    ApplicationRow(
        "other_fee_unpaid",
        "2.申请人逾期未按收费通知要求缴纳费用、行政机关不再处理其政府信息公开申请",
        "2.",
        OTHER,
        RESULTS,
        variants=("申请人逾期未按收费通知要求缴纳费用，行政机关不再处理其政府信息公开申请",),
        result=True,
    ),
    ApplicationRow("other_other", "3.其他", "3.", OTHER, RESULTS, result=True),
)

FORMAT = ReportFormat(
    id="2021",
    name="国办公开办函〔2021〕30号",
    first_year=2021,
    last_year=None,
    proactive=(
        ProactiveItem(
            "第二十条第（一）项",
            (
                ProactiveRow("rules", "规章", DOCUMENTS),
                # Some reports still print the 2019 label 规范性文件.
                ProactiveRow("normative_documents", "行政规范性文件", DOCUMENTS, variants=("规范性文件",)),
            ),
        ),
        ProactiveItem("第二十条第（五）项", (ProactiveRow("licensing", "行政许可", DECISIONS),)),
        ProactiveItem(
            "第二十条第（六）项",
            (
                ProactiveRow("penalty", "行政处罚", DECISIONS),
                ProactiveRow("enforcement", "行政强制", DECISIONS),
            ),
        ),
        ProactiveItem(
            "第二十条第（八）项",
            (ProactiveRow("fees", "行政事业性收费", FEES, decimal_columns=("amount_10k_yuan",)),),
        ),
    ),
    application_rows=(*HEAD_ROWS, *OTHER_ROWS, *TAIL_ROWS),
    application_columns=APPLICANT_COLUMNS,
    application_header=APPLICATION_HEADER,
    review_groups=REVIEW_GROUPS,
    review_columns=REVIEW_COLUMNS,
    sections=SECTIONS,
    rules=("R1", "R2", "R3", "R4", "R5", "R6", "R7", "R9", "R10", "R11", "R12", "R13", "R14"),
    markers=(
        "本年制发件数",
        "本年废止件数",
        "现行有效件数",
        "本年处理决定数量",
        "本年收费金额",
        "逾期不补正",
    ),
    legacy_rows={"other_processing": ("other_no_correction", "other_fee_unpaid", "other_other")},
)
