"""The 2019 format (国办公开办函〔2019〕60号): reports for 2019 and 2020."""

from __future__ import annotations

from gongkai.annual_report.formats.base import Column, ProactiveItem, ProactiveRow, ReportFormat
from gongkai.annual_report.formats.common import (
    APPLICANT_COLUMNS,
    APPLICATION_HEADER,
    HEAD_ROWS,
    OTHER_PROCESSING_2019,
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
ITEMS = (
    Column("prior_items", "上一年项目数量"),
    Column("change", "本年增/减", ("本年增减", "本年增（减）")),
    Column("decisions", "处理决定数量"),
)
FEES = ITEMS[:2]
PROCUREMENT = (Column("projects", "采购项目数量"), Column("amount", "采购总金额"))

FORMAT = ReportFormat(
    id="2019",
    name="国办公开办函〔2019〕60号",
    first_year=2019,
    last_year=2020,
    proactive=(
        ProactiveItem(
            "第二十条第（一）项",
            (
                ProactiveRow("rules", "规章", DOCUMENTS),
                ProactiveRow("normative_documents", "规范性文件", DOCUMENTS, variants=("行政规范性文件",)),
            ),
        ),
        ProactiveItem(
            "第二十条第（五）项",
            (
                ProactiveRow("licensing", "行政许可", ITEMS, signed_columns=("change",)),
                ProactiveRow("other_services", "其他对外管理服务事项", ITEMS, signed_columns=("change",)),
            ),
        ),
        ProactiveItem(
            "第二十条第（六）项",
            (
                ProactiveRow("penalty", "行政处罚", ITEMS, signed_columns=("change",)),
                ProactiveRow("enforcement", "行政强制", ITEMS, signed_columns=("change",)),
            ),
        ),
        ProactiveItem(
            "第二十条第（八）项",
            (ProactiveRow("fees", "行政事业性收费", FEES, signed_columns=("change",)),),
        ),
        ProactiveItem(
            "第二十条第（九）项",
            (ProactiveRow("procurement", "政府集中采购", PROCUREMENT, text_columns=("amount",)),),
        ),
    ),
    application_rows=(*HEAD_ROWS, OTHER_PROCESSING_2019, *TAIL_ROWS),
    application_columns=APPLICANT_COLUMNS,
    application_header=APPLICATION_HEADER,
    review_groups=REVIEW_GROUPS,
    review_columns=REVIEW_COLUMNS,
    sections=SECTIONS,
    rules=("R1", "R2", "R3", "R4", "R5", "R6", "R7", "R8", "R10", "R11", "R13", "R14"),
    markers=("本年新制作数量", "上一年项目数量", "第二十条第（九）项", "政府集中采购", "采购总金额"),
)
