"""What the formats share: sections 三 (apart from (六)) and 四, titles, columns, the rules most apply, and
both layouts of (六)其他处理 (one row, or three)."""

from __future__ import annotations

from gongkai.annual_report.formats.base import ApplicationRow, Column, Reason, ReviewGroup

SECTIONS = (
    "一、总体情况",
    "二、主动公开政府信息情况",
    "三、收到和处理政府信息公开申请情况",
    "四、政府信息公开行政复议、行政诉讼情况",
    "五、存在的主要问题及改进情况",
    "六、其他需要报告的事项",
)

TITLE = "{agency}{year}年政府信息公开工作年度报告"

APPLICATION_HEADER = "（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）"

APPLICANT_COLUMNS = (
    Column("natural_person", "自然人"),
    Column("commercial_enterprise", "商业企业", ("商业", "企业")),
    Column("research_institution", "科研机构", ("科研", "机构")),
    Column("public_interest_org", "社会公益组织", ("社会", "公益", "组织")),
    Column("legal_service_org", "法律服务机构", ("法律", "服务")),
    Column("other_org", "其他"),
    Column("total", "总计", ("总 计",)),
)
APPLICANT_KEYS = tuple(column.key for column in APPLICANT_COLUMNS)
ORGANISATION_HEADER = "法人或其他组织"
APPLICANT_HEADER = "申请人情况"

RESULTS = "三、本年度办理结果"
DENIED = "（三）不予公开"
UNABLE = "（四）无法提供"
NOT_PROCESSED = "（五）不予处理"
OTHER = "（六）其他处理"
# The result headings (一)…(六), keyed as charts and data name them.
RESULT_GROUPS = (
    ("granted", "（一）予以公开"),
    ("partially_granted", "（二）部分公开"),
    ("denied", DENIED),
    ("unable", UNABLE),
    ("not_processed", NOT_PROCESSED),
    ("other", OTHER),
)

# The rows before (六). ``wording`` is how the narrative names the count rows (办结N件, 结转下年度继续办理N件:
# the words rule R7 looks for). The provision of the 条例 a reply cites is the law's, not the format's: it is
# in ``applications.articles``.
HEAD_ROWS = (
    ApplicationRow("new_received", "一、本年新收政府信息公开申请数量", number="一、", wording="本年新收"),
    ApplicationRow("carried_over", "二、上年结转政府信息公开申请数量", number="二、", wording="上年结转"),
    ApplicationRow("granted", "（一）予以公开", part=RESULTS, result=True),
    ApplicationRow(
        "partially_granted",
        "（二）部分公开（区分处理的，只计这一情形，不计其他情形）",
        part=RESULTS,
        result=True,
        variants=("（二）部分公开",),
    ),
    ApplicationRow("denied_state_secret", "1.属于国家秘密", "1.", DENIED, RESULTS, result=True),
    ApplicationRow(
        "denied_law_forbidden",
        "2.其他法律行政法规禁止公开",
        "2.",
        DENIED,
        RESULTS,
        # Typo printed by 洪泽区 2023 and 2024.
        variants=("其他法律行政止公开",),
        result=True,
    ),
    ApplicationRow(
        "denied_three_security_one_stability",
        "3.危及“三安全一稳定”",
        "3.",
        DENIED,
        RESULTS,
        variants=('危及"三安全一稳定"', "危及三安全一稳定"),
        result=True,
    ),
    ApplicationRow(
        "denied_third_party_rights",
        "4.保护第三方合法权益",
        "4.",
        DENIED,
        RESULTS,
        result=True,
    ),
    ApplicationRow(
        "denied_internal_affairs",
        "5.属于三类内部事务信息",
        "5.",
        DENIED,
        RESULTS,
        result=True,
    ),
    ApplicationRow(
        "denied_process_info",
        "6.属于四类过程性信息",
        "6.",
        DENIED,
        RESULTS,
        result=True,
    ),
    ApplicationRow(
        "denied_enforcement_case",
        "7.属于行政执法案卷",
        "7.",
        DENIED,
        RESULTS,
        result=True,
    ),
    ApplicationRow("denied_admin_query", "8.属于行政查询事项", "8.", DENIED, RESULTS, result=True),
    ApplicationRow(
        "unable_not_held",
        "1.本机关不掌握相关政府信息",
        "1.",
        UNABLE,
        RESULTS,
        result=True,
    ),
    ApplicationRow(
        "unable_need_create",
        "2.没有现成信息需要另行制作",
        "2.",
        UNABLE,
        RESULTS,
        result=True,
    ),
    ApplicationRow(
        # 补正 is "supplement" everywhere else; this key and ``other_no_correction`` are keys of the stored
        # gongkai.annual-report/1 documents and the open data, so they stay (docs/design.md §2).
        "unable_unclear_after_correction",
        "3.补正后申请内容仍不明确",
        "3.",
        UNABLE,
        RESULTS,
        result=True,
    ),
    ApplicationRow(
        "not_processed_petition",
        "1.信访举报投诉类申请",
        "1.",
        NOT_PROCESSED,
        RESULTS,
        result=True,
    ),
    ApplicationRow(
        "not_processed_repeat",
        "2.重复申请",
        "2.",
        NOT_PROCESSED,
        RESULTS,
        result=True,
    ),
    ApplicationRow(
        "not_processed_publication",
        "3.要求提供公开出版物",
        "3.",
        NOT_PROCESSED,
        RESULTS,
        result=True,
    ),
    ApplicationRow(
        "not_processed_mass_repeat",
        "4.无正当理由大量反复申请",
        "4.",
        NOT_PROCESSED,
        RESULTS,
        result=True,
    ),
    ApplicationRow(
        "not_processed_confirm_reissue",
        "5.要求行政机关确认或重新出具已获取信息",
        "5.",
        NOT_PROCESSED,
        RESULTS,
        result=True,
    ),
)

# (六)其他处理 as three rows (the 2021 format): no supplement in time, the fee unpaid, anything else.
OTHER_SPLIT = (
    ApplicationRow(
        "other_no_correction",
        "1.申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请",
        "1.",
        OTHER,
        RESULTS,
        variants=("申请人无正当理由逾期不补正，行政机关不再处理其政府信息公开申请",),
        result=True,
        maps_from=(Reason.NO_SUPPLEMENT,),
    ),
    ApplicationRow(
        "other_fee_unpaid",
        "2.申请人逾期未按收费通知要求缴纳费用、行政机关不再处理其政府信息公开申请",
        "2.",
        OTHER,
        RESULTS,
        variants=("申请人逾期未按收费通知要求缴纳费用，行政机关不再处理其政府信息公开申请",),
        result=True,
        maps_from=(Reason.FEE_UNPAID,),
    ),
    ApplicationRow(
        "other_other",
        "3.其他",
        "3.",
        OTHER,
        RESULTS,
        result=True,
        maps_from=("other_processing", Reason.WITHDRAWN, Reason.OTHER),
    ),
)

# (六)其他处理 as one row (the 2019 format): everything the three rows count.
OTHER_SINGLE = ApplicationRow(
    "other_processing",
    OTHER,
    part=RESULTS,
    result=True,
    maps_from=tuple(code for row in OTHER_SPLIT for code in row.counts if code != "other_processing"),
)

TAIL_ROWS = (
    ApplicationRow("total_processed", "（七）总计", part=RESULTS, wording="办结"),
    ApplicationRow("carried_forward", "四、结转下年度继续办理", number="四、", wording="结转下年度继续办理"),
)

REVIEW_COLUMNS = (
    Column("upheld", "结果维持"),
    Column("corrected", "结果纠正"),
    Column("other", "其他结果"),
    Column("pending", "尚未审结"),
    Column("total", "总计"),
)
REVIEW_KEYS = tuple(column.key for column in REVIEW_COLUMNS)
REVIEW_GROUPS = (
    ReviewGroup("reconsideration", "行政复议"),
    ReviewGroup("litigation_direct", "未经复议直接起诉", parent="行政诉讼"),
    ReviewGroup("litigation_after_reconsideration", "复议后起诉", parent="行政诉讼"),
)

# The rules every format so far applies; R8, R9 and R12 are the format's own (see each format).
COMMON_RULES = ("R1", "R2", "R3", "R4", "R5", "R6", "R7", "R10", "R11", "R13", "R14")
