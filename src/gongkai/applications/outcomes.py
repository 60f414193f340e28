"""Decisions, coded to exactly one row of section 三 of the year's annual-report format.

The row keys are the report's (DESIGN.md §3); the article is the 条例's provision a reply letter cites.
(六)其他处理 is one row in the 2019 format and three in the 2021 format, so which outcomes may be chosen
depends on the year the decision is made in.
"""

from __future__ import annotations

from dataclasses import dataclass

from gongkai.annual_report.formats import format_for


@dataclass(frozen=True)
class Outcome:
    key: str  # the section 三 row key
    group: str  # the (一)…(六) heading
    label: str  # the row label as the format prints it
    article: str  # the provision a reply letter usually cites; "" where practice varies (staff fill it in)
    formats: tuple[str, ...] = ("2019", "2021")

    @property
    def display(self) -> str:
        """The heading and the row, once: （三）不予公开 属于国家秘密, but （一）予以公开."""
        heading = self.group[3:]
        return self.group if self.label.startswith(heading) else f"{self.group} {self.label}"


OUTCOMES: tuple[Outcome, ...] = (
    Outcome("granted", "（一）予以公开", "予以公开", "第三十六条第（一）、（二）项"),
    Outcome(
        "partially_granted",
        "（二）部分公开",
        "部分公开（区分处理的，只计这一情形，不计其他情形）",
        "第三十七条",
    ),
    Outcome("denied_state_secret", "（三）不予公开", "属于国家秘密", "第十四条"),
    Outcome("denied_law_forbidden", "（三）不予公开", "其他法律行政法规禁止公开", "第十四条"),
    Outcome("denied_three_security_one_stability", "（三）不予公开", "危及“三安全一稳定”", "第十四条"),
    Outcome("denied_third_party_rights", "（三）不予公开", "保护第三方合法权益", "第十五条"),
    Outcome("denied_internal_affairs", "（三）不予公开", "属于三类内部事务信息", "第十六条第一款"),
    Outcome("denied_process_info", "（三）不予公开", "属于四类过程性信息", "第十六条第二款"),
    Outcome("denied_enforcement_case", "（三）不予公开", "属于行政执法案卷", "第十六条第二款"),
    Outcome("denied_admin_query", "（三）不予公开", "属于行政查询事项", ""),
    Outcome("unable_not_held", "（四）无法提供", "本机关不掌握相关政府信息", "第三十六条第（四）、（五）项"),
    Outcome("unable_need_create", "（四）无法提供", "没有现成信息需要另行制作", "第三十八条"),
    Outcome("unable_unclear_after_correction", "（四）无法提供", "补正后申请内容仍不明确", "第三十条"),
    Outcome("not_processed_petition", "（五）不予处理", "信访举报投诉类申请", "第三十九条第一款"),
    Outcome("not_processed_repeat", "（五）不予处理", "重复申请", "第三十六条第（六）项"),
    Outcome("not_processed_publication", "（五）不予处理", "要求提供公开出版物", "第三十九条第二款"),
    Outcome("not_processed_mass_repeat", "（五）不予处理", "无正当理由大量反复申请", "第三十五条"),
    Outcome(
        "not_processed_confirm_reissue",
        "（五）不予处理",
        "要求行政机关确认或重新出具已获取信息",
        "",
    ),
    Outcome("other_processing", "（六）其他处理", "其他处理", "", formats=("2019",)),
    Outcome(
        "other_no_correction",
        "（六）其他处理",
        "申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请",
        "第三十条",
        formats=("2021",),
    ),
    Outcome(
        "other_fee_unpaid",
        "（六）其他处理",
        "申请人逾期未按收费通知要求缴纳费用、行政机关不再处理其政府信息公开申请",
        "第四十二条",
        formats=("2021",),
    ),
    Outcome("other_other", "（六）其他处理", "其他", "", formats=("2021",)),
)
BY_KEY = {outcome.key: outcome for outcome in OUTCOMES}


def report_format(year: int) -> str:
    """The annual-report format in force for a year."""
    return format_for(year).id


def outcomes_for(year: int) -> tuple[Outcome, ...]:
    fmt = report_format(year)
    return tuple(outcome for outcome in OUTCOMES if fmt in outcome.formats)


def lapse_outcome(year: int, reason: str) -> str:
    """The row for an application the agency stops processing: no supplement in time, or the fee unpaid."""
    if report_format(year) == "2019":
        return "other_processing"
    return {"supplement": "other_no_correction", "fee": "other_fee_unpaid"}[reason]
