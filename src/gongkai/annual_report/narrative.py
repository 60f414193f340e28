"""The generated draft of the narrative sections 一、五、六, with the numbers of the tables and the catalog.

Pure: the numbers from the catalog and the fees come in as :class:`CatalogSummary` and :class:`FeeSummary`
(``gongkai.reports.narrative`` asks the database for them). Staff edit the draft; rule R7 then checks that
the numbers the prose states still match the tables. The sentences are phrased so that R7's patterns find
them (收到…N件, 办结N件, 行政复议N件, 行政诉讼N件). What only staff can write (the problems of the year and
what will be done about them) is left as a placeholder, ``（请填写…）``: ``placeholders_in`` finds every one
still in the text, and the checks before publishing (``reports.checks``) refuse a report that has one.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from gongkai.annual_report.formats import ReportFormat
from gongkai.annual_report.model import AnnualReport


@dataclass(frozen=True)
class CatalogSummary:
    published: int  # proactive items published in the year
    by_category: tuple[tuple[str, int], ...]  # (体裁分类, items) in the year, largest first
    cumulative: int  # published by 31 Dec


@dataclass(frozen=True)
class FeeSummary:
    applications: int
    amount_yuan: int


@dataclass(frozen=True)
class ServicesSummary:
    """The website's public services in the year (issue 19), for 一、总体情况."""

    interpretations: int  # 政策解读 published
    inquiries_answered: int  # 政策咨询 answered
    inquiry_average_days: float | None  # calendar days from question to answer, on average
    difficulties_closed: int  # 困难反馈 cases closed
    ratings: int  # 服务评价 given
    satisfaction_rate: float | None  # per cent of ratings in the first three levels
    rectifications_done: int  # 整改 items completed

    def is_empty(self) -> bool:
        return not (
            self.interpretations or self.inquiries_answered or self.difficulties_closed
            or self.ratings or self.rectifications_done
        )  # fmt: skip


@dataclass(frozen=True)
class ServiceWords:
    """How the narrative states one of the services' numbers, and what the provenance page calls it."""

    label: str  # the number's name on its provenance page: 答复的政策咨询
    words: str  # the phrase in 一、总体情况, ``{n}`` the number: 答复政策咨询{n}个
    counts: str  # the provenance path of the records it counts (``services.inquiries_answered``)


# The one place the services' sentences are worded: ``services_paragraph`` writes them and the report
# editor's provenance page (``reports.views.staff_report_service``) names the numbers with them.
SERVICE_WORDS: dict[str, ServiceWords] = {
    "interpretations": ServiceWords("发布的政策解读", "发布政策解读{n}篇", "services.interpretations"),
    "inquiries_answered": ServiceWords("答复的政策咨询", "答复政策咨询{n}个", "services.inquiries_answered"),
    "inquiry_average_days": ServiceWords(
        "政策咨询平均答复用时", "平均用时{n:.1f}天", "services.inquiries_answered"
    ),
    "difficulties_closed": ServiceWords(
        "办理完毕的困难反馈事项", "困难反馈事项{n}个已办理完毕", "services.difficulties_closed"
    ),
    "ratings": ServiceWords("收到的服务评价", "服务评价{n}条", "services.ratings"),
    "satisfaction_rate": ServiceWords("服务评价满意率", "满意率{n:.1f}%", "services.ratings"),
    "rectifications_done": ServiceWords(
        "完成的整改事项", "完成整改事项{n}项", "services.rectifications_done"
    ),
}


def service_phrase(key: str, n: float) -> str:
    """``SERVICE_WORDS[key]``'s phrase with the number ``n``: 答复政策咨询40个."""
    return SERVICE_WORDS[key].words.format(n=n)


def services_paragraph(year: int, services: ServicesSummary) -> str:
    """（四）政务服务情况: one sentence per service with its number (worded so that R7's patterns, which read
    收到…件 and 办结N件 as the applications' figures, do not take these for them)."""
    parts = [service_phrase("interpretations", services.interpretations)]
    answered = service_phrase("inquiries_answered", services.inquiries_answered)
    if services.inquiry_average_days is not None:
        answered += "，" + service_phrase("inquiry_average_days", services.inquiry_average_days)
    parts.append(answered)
    parts.append(service_phrase("difficulties_closed", services.difficulties_closed))
    if services.ratings and services.satisfaction_rate is not None:
        parts.append(
            service_phrase("ratings", services.ratings)
            + "，"
            + service_phrase("satisfaction_rate", services.satisfaction_rate)
        )
    parts.append(service_phrase("rectifications_done", services.rectifications_done))
    return f"（四）政务服务情况。{year}年，本机关" + "；".join(parts) + "。"


@dataclass(frozen=True)
class Narrative:
    overview: str
    problems: str
    other: str


# A placeholder is the thing to write between these two marks: the generator writes them with
# ``placeholder`` and the checks find them with ``placeholders_in``, from the same marks.
PLACEHOLDER_OPEN = "（请填写"
PLACEHOLDER_CLOSE = "）"
_PLACEHOLDER = re.compile(
    re.escape(PLACEHOLDER_OPEN) + "[^" + PLACEHOLDER_CLOSE + "]*" + re.escape(PLACEHOLDER_CLOSE)
)


def placeholder(what: str) -> str:
    """The placeholder asking staff to write ``what``: ``（请填写存在的主要问题）``."""
    return f"{PLACEHOLDER_OPEN}{what}{PLACEHOLDER_CLOSE}"


def placeholders_in(text: str) -> list[str]:
    """Every placeholder left in ``text``, as written, in order."""
    return _PLACEHOLDER.findall(text or "")


def _count(report: AnnualReport, row: str) -> int:
    value = report.applications.get(row, {}).get("total")
    return value if isinstance(value, int) else 0


def _cases(report: AnnualReport, *groups: str) -> int:
    return sum(
        value for group in groups if isinstance(value := report.reviews.get(group, {}).get("total"), int)
    )


def states_fees(report_format: ReportFormat) -> bool:
    """Whether the format's section 六 states the processing fees collected."""
    return report_format.words.fees_none is not None


def draft(
    report: AnnualReport,
    catalog: CatalogSummary,
    fees: FeeSummary | None,
    services: ServicesSummary | None = None,
) -> Narrative:
    """The draft of 一、五、六 for ``report`` (pure: the summaries are passed in), in the words of its
    format; the public services' paragraph when the agency has any."""
    year = report.year
    if catalog.by_category:
        parts = "、".join(f"{name}{n}条" for name, n in catalog.by_category)
        proactive = (
            f"（一）主动公开情况。{year}年，本机关主动公开政府信息{catalog.published}条，其中{parts}；"
            f"截至{year}年12月31日，累计主动公开政府信息{catalog.cumulative}条。"
        )
    else:
        proactive = (
            f"（一）主动公开情况。{year}年，本机关通过政府信息公开平台主动公开政府信息；"
            f"截至{year}年12月31日，累计主动公开政府信息{catalog.cumulative}条。"
        )
    report_format = report.report_format

    def stated(row: str) -> str:
        """``本年新收3件``: the row as the format words it, and its 总计."""
        return f"{report_format.application_row(row).words}{_count(report, row)}件"

    new, carried = _count(report, "new_received"), _count(report, "carried_over")
    applications = (
        f"（二）依申请公开情况。{year}年，本机关共收到政府信息公开申请{new + carried}件，"
        f"其中{stated('new_received')}、{stated('carried_over')}；{stated('total_processed')}，"
        f"{stated('carried_forward')}。"
    )
    reviews = (
        f"（三）行政复议、行政诉讼情况。{year}年，本机关因政府信息公开被申请行政复议"
        f"{_cases(report, 'reconsideration')}件，被提起行政诉讼"
        f"{_cases(report, 'litigation_direct', 'litigation_after_reconsideration')}件。"
    )
    period = f"本报告所列数据统计期限自{year}年1月1日起至{year}年12月31日止。"
    paragraphs = [period, proactive, applications, reviews]
    if services is not None and year is not None and not services.is_empty():
        paragraphs.append(services_paragraph(year, services))
    overview = "\n".join(paragraphs)
    problems = (
        f"{year}年，本机关政府信息公开工作仍存在一些不足，主要是{placeholder('存在的主要问题')}。"
        f"下一步，本机关将{placeholder('改进措施')}。"
    )
    words = report_format.words
    if words.fees_none is None or words.fees_collected is None:
        other = words.nothing_else
    elif fees is None or fees.applications == 0:
        other = words.fees_none.format(year=year)
    else:
        other = words.fees_collected.format(
            year=year, amount=fees.amount_yuan, applications=fees.applications
        )
    return Narrative(overview, problems, other)
