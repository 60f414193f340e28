"""The generated draft of the narrative sections 一、五、六, with the numbers of the tables and the catalog.

Pure: the numbers from the catalog and the fees come in as :class:`CatalogSummary` and :class:`FeeSummary`
(``gongkai.reports.narrative`` asks the database for them). Staff edit the draft; rule R7 then checks that
the numbers the prose states still match the tables. The sentences are phrased so that R7's patterns find
them (收到…N件, 办结N件, 行政复议N件, 行政诉讼N件).
"""

from __future__ import annotations

from dataclasses import dataclass

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
class Narrative:
    overview: str
    problems: str
    other: str


def _count(report: AnnualReport, row: str) -> int:
    value = report.applications.get(row, {}).get("total")
    return value if isinstance(value, int) else 0


def _cases(report: AnnualReport, *groups: str) -> int:
    return sum(
        value for group in groups if isinstance(value := report.reviews.get(group, {}).get("total"), int)
    )


def draft(report: AnnualReport, catalog: CatalogSummary, fees: FeeSummary | None) -> Narrative:
    """The draft of 一、五、六 for ``report`` (pure: the summaries are passed in)."""
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
    new, carried = _count(report, "new_received"), _count(report, "carried_over")
    applications = (
        f"（二）依申请公开情况。{year}年，本机关共收到政府信息公开申请{new + carried}件，"
        f"其中本年新收{new}件、上年结转{carried}件；办结{_count(report, 'total_processed')}件，"
        f"结转下年度继续办理{_count(report, 'carried_forward')}件。"
    )
    reviews = (
        f"（三）行政复议、行政诉讼情况。{year}年，本机关因政府信息公开被申请行政复议"
        f"{_cases(report, 'reconsideration')}件，被提起行政诉讼"
        f"{_cases(report, 'litigation_direct', 'litigation_after_reconsideration')}件。"
    )
    period = f"本报告所列数据统计期限自{year}年1月1日起至{year}年12月31日止。"
    overview = "\n".join((period, proactive, applications, reviews))
    problems = (
        f"{year}年，本机关政府信息公开工作仍存在一些不足，主要是（请填写存在的主要问题）。"
        "下一步，本机关将（请填写改进措施）。"
    )
    if year is not None and year >= 2021:
        if fees is None or fees.applications == 0:
            other = f"{year}年，本机关未收取政府信息公开信息处理费。"
        else:
            other = f"{year}年，本机关收取政府信息公开信息处理费{fees.amount_yuan}元，涉及申请{fees.applications}件。"
    else:
        other = "无其他需要报告的事项。"
    return Narrative(overview, problems, other)
