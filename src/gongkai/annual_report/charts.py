"""Year-over-year charts of annual reports as accessible, server-rendered SVG with a data table.

Pure functions: a list of :class:`~gongkai.annual_report.model.AnnualReport` (one per year, for an agency or a
roll-up) in, a safe HTML string out — a ``<figure>`` holding an ``<svg role="img">`` with ``<title>`` and
``<desc>``, and a ``<table>`` with the same numbers, so the chart reads without JavaScript, without
images and with a screen reader. Every drawn bar segment carries ``data-year``, ``data-series`` and
``data-value`` so tests (and the curious) can check the picture against the table.

Blank cells (``None``) are never drawn as 0: the bar is left out and the table says 未填报.
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from html import escape

from gongkai.annual_report.formats import (
    FORMATS,
    ApplicationRow,
    ReportFormat,
    all_application_rows,
    format_for,
)
from gongkai.annual_report.formats.common import RESULT_GROUPS, REVIEW_COLUMNS
from gongkai.annual_report.model import AnnualReport

MISSING = "未填报"
NOT_IN_FORMAT = "—"

# Okabe–Ito colours: distinguishable with the common colour-vision deficiencies, and dark enough
# against white (the legend and the table carry the same names, so colour is never the only cue).
PALETTE = ("#0072B2", "#56B4E9", "#D55E00", "#E69F00", "#CC79A7", "#009E73", "#666666")

WIDTH, HEIGHT = 640, 300
LEFT, RIGHT, TOP, BOTTOM = 52, 12, 16, 64


@dataclass(frozen=True)
class Series:
    """One stacked segment kind: ``key`` for data attributes, ``label`` as printed, its colour."""

    key: str
    label: str
    colour: str


@dataclass(frozen=True)
class Bar:
    """One bar of a year: its label under the axis ("" for a single bar) and a value per series."""

    label: str
    values: tuple[int | None, ...]


@dataclass(frozen=True)
class Year:
    year: int
    bars: tuple[Bar, ...]
    note: str = ""


def by_year(reports: Iterable[AnnualReport]) -> list[AnnualReport]:
    """The reports in year order, one per year (the last given wins), reports without a year left out."""
    latest: dict[int, AnnualReport] = {}
    for report in reports:
        if report.year is not None:
            latest[report.year] = report
    return [latest[year] for year in sorted(latest)]


def _subject(reports: Sequence[AnnualReport], subject: str | None) -> str:
    if subject:
        return subject
    names = [report.agency for report in reports if report.agency]
    return names[-1] if names else ""


def _nice_max(value: int) -> tuple[int, int]:
    """An axis maximum at or above ``value`` and its tick step (1, 2 or 5 × 10ⁿ, about 4–5 ticks)."""
    if value <= 0:
        return 4, 1
    raw = value / 4
    power = 10 ** math.floor(math.log10(raw))
    step = next(m * power for m in (1, 2, 5, 10) if m * power >= raw)
    step = max(1, int(step))
    return int(math.ceil(value / step) * step), step


def _svg(
    chart_id: str, heading: str, description: str, series: Sequence[Series], years: Sequence[Year]
) -> str:
    plot_w, plot_h = WIDTH - LEFT - RIGHT, HEIGHT - TOP - BOTTOM
    stacks = [sum(v for v in bar.values if v is not None) for year in years for bar in year.bars]
    top, step = _nice_max(max(stacks, default=0))
    out = [
        f'<svg class="gk-chart__svg" role="img" aria-labelledby="{chart_id}-title {chart_id}-desc" '
        f'viewBox="0 0 {WIDTH} {HEIGHT}" width="100%" preserveAspectRatio="xMidYMid meet" '
        "xmlns=\"http://www.w3.org/2000/svg\" font-family=\"'Noto Sans CJK SC', 'Microsoft YaHei', sans-serif\" "
        'font-size="12">',
        f'<title id="{chart_id}-title">{escape(heading)}</title>',
        f'<desc id="{chart_id}-desc">{escape(description)}</desc>',
    ]
    for tick in range(0, top + 1, step):
        y = TOP + plot_h - plot_h * tick / top
        out.append(
            f'<line x1="{LEFT}" x2="{WIDTH - RIGHT}" y1="{y:.1f}" y2="{y:.1f}" stroke="#ddd" stroke-width="1"/>'
            f'<text x="{LEFT - 6}" y="{y + 4:.1f}" text-anchor="end" fill="#333">{tick}</text>'
        )
    out.append(
        f'<line x1="{LEFT}" x2="{WIDTH - RIGHT}" y1="{TOP + plot_h}" y2="{TOP + plot_h}" stroke="#333"/>'
    )
    slot = plot_w / max(1, len(years))
    for index, year in enumerate(years):
        count = len(year.bars)
        bar_w = min(48.0, slot * 0.7 / count)
        start = LEFT + slot * index + (slot - bar_w * count - 4 * (count - 1)) / 2
        for number, bar in enumerate(year.bars):
            x = start + number * (bar_w + 4)
            base = float(TOP + plot_h)
            if all(value is None for value in bar.values):
                out.append(
                    f'<text x="{x + bar_w / 2:.1f}" y="{base - 4}" text-anchor="middle" fill="#666" '
                    f'font-size="10">{MISSING}</text>'
                )
            for kind, value in zip(series, bar.values, strict=True):
                if not value:
                    continue
                size = plot_h * value / top
                base -= size
                tip = f"{year.year}年 {bar.label} {kind.label}：{value}".replace("  ", " ")
                out.append(
                    f'<rect x="{x:.1f}" y="{base:.1f}" width="{bar_w:.1f}" height="{size:.1f}" '
                    f'fill="{kind.colour}" data-year="{year.year}" data-bar="{escape(bar.label, quote=True)}" '
                    f'data-series="{kind.key}" data-value="{value}"><title>{escape(tip)}</title></rect>'
                )
            known = [value for value in bar.values if value is not None]
            if known:
                out.append(
                    f'<text x="{x + bar_w / 2:.1f}" y="{base - 3:.1f}" text-anchor="middle" fill="#000" '
                    f'font-size="10">{sum(known)}</text>'
                )
            if bar.label:
                out.append(
                    f'<text x="{x + bar_w / 2:.1f}" y="{TOP + plot_h + 14}" text-anchor="middle" '
                    f'fill="#333" font-size="10">{escape(bar.label)}</text>'
                )
        label_y = TOP + plot_h + (30 if any(bar.label for bar in year.bars) else 18)
        out.append(
            f'<text x="{LEFT + slot * index + slot / 2:.1f}" y="{label_y}" text-anchor="middle" '
            f'fill="#000">{year.year}年{escape(year.note)}</text>'
        )
    if len(series) > 1:
        # The legend in rows below the axis, wrapped before it would run off the right edge.
        x, y = float(LEFT), TOP + plot_h + 48
        for kind in series:
            size = 24 + 12 * len(kind.label)
            if x + size > WIDTH - RIGHT and x > LEFT:
                x, y = float(LEFT), y + 16
            out.append(
                f'<rect x="{x:.1f}" y="{y - 9}" width="10" height="10" fill="{kind.colour}"/>'
                f'<text x="{x + 14:.1f}" y="{y}" fill="#000">{escape(kind.label)}</text>'
            )
            x += size
        height = y + 8.0
    else:
        height = float(HEIGHT)
    out.append("</svg>")
    out[0] = out[0].replace(f'viewBox="0 0 {WIDTH} {HEIGHT}"', f'viewBox="0 0 {WIDTH} {height:.0f}"')
    return "\n".join(out)


def _cell(value: int | None) -> str:
    return str(value) if value is not None else MISSING


def _figure(chart_id: str, heading: str, svg: str, table: str, note: str = "") -> str:
    note_html = f'<p class="gk-chart__note">{escape(note)}</p>' if note else ""
    return (
        f'<figure class="gk-chart" id="{chart_id}" aria-labelledby="{chart_id}-caption">'
        f'<figcaption id="{chart_id}-caption">{escape(heading)}</figcaption>\n{svg}\n{note_html}{table}</figure>'
    )


def _id(prefix: str, name: str) -> str:
    return re.sub(r"[^A-Za-z0-9_-]", "-", f"{prefix}-{name}")


# --- applications received -------------------------------------------------------------------


def applications_received(report: AnnualReport) -> int | None:
    """本年新收政府信息公开申请数量, 总计 column."""
    return report.applications.get("new_received", {}).get("total")


def applications_chart(
    reports: Iterable[AnnualReport], *, subject: str | None = None, id_prefix: str = "gk-chart"
) -> str:
    """Applications received per year (一、本年新收政府信息公开申请数量, 总计)."""
    ordered = by_year(reports)
    name = _subject(ordered, subject)
    heading = f"{name}历年收到政府信息公开申请数量"
    chart_id = _id(id_prefix, "applications")
    series = (Series("new_received", "本年新收申请", PALETTE[0]),)
    years = [Year(r.year or 0, (Bar("", (applications_received(r),)),)) for r in ordered]
    description = "；".join(f"{year.year}年{_cell(year.bars[0].values[0])}件" for year in years) or "无数据"
    rows = "".join(
        f'<tr><th scope="row">{year.year}</th><td>{_cell(year.bars[0].values[0])}</td></tr>' for year in years
    )
    table = (
        f'<table class="gk-chart__table"><caption>{escape(heading)}（数据表）</caption>'
        '<thead><tr><th scope="col">年度</th><th scope="col">本年新收申请数量（件）</th></tr></thead>'
        f"<tbody>{rows}</tbody></table>"
    )
    svg = _svg(chart_id, heading, f"柱状图。{description}。", series, years)
    return _figure(chart_id, heading, svg, table)


# --- outcome mix ---------------------------------------------------------------------------------

CHINESE_NUMBERS = "零一二三四五六七八九十"


@dataclass(frozen=True)
class OutcomeGroup:
    key: str
    label: str
    rows: tuple[str, ...]


def _grouped(rows: Iterable[ApplicationRow]) -> dict[str, list[str]]:
    """Result row keys by their heading ((一)…(六)), in table order."""
    groups: dict[str, list[str]] = {}
    for row in rows:
        if row.result:
            groups.setdefault(row.heading, []).append(row.key)
    return groups


def outcome_groups() -> tuple[OutcomeGroup, ...]:
    """The result groups (一)…(六) of 三、本年度办理结果 with the rows each adds up, read from the
    format definitions: (六) is one row in the 2019 format and three in the 2021 format."""
    keys = {label: key for key, label in RESULT_GROUPS}
    return tuple(
        OutcomeGroup(keys.get(label, f"group-{number}"), label, tuple(rows))
        for number, (label, rows) in enumerate(_grouped(all_application_rows()).items(), start=1)
    )


def _differences(report_format: ReportFormat, reference: ReportFormat) -> list[tuple[str, int, int]]:
    """(heading, rows in ``report_format``, rows in ``reference``) of the result groups the two formats
    divide differently."""
    own, other = _grouped(report_format.application_rows), _grouped(reference.application_rows)
    return [
        (heading, len(rows), len(other[heading]))
        for heading, rows in own.items()
        if heading in other and len(rows) != len(other[heading])
    ]


def _count(number: int) -> str:
    return CHINESE_NUMBERS[number] if number < len(CHINESE_NUMBERS) else str(number)


def _format_note(report_format: ReportFormat, reference: ReportFormat) -> str:
    """How a group of the chart compares across the formats: ``“（六）其他处理”在2019年格式（2019、2020年度，
    标*）中为一行，在2021年格式中分为三项，图中按合计比较；``."""
    last = report_format.last_year
    if last is None:
        # An open-ended format ends where a later one begins.
        later = [
            other.first_year for other in FORMATS.values() if other.first_year > report_format.first_year
        ]
        last = min(later) - 1 if later else None
    years = ""
    if last is not None:
        years = "、".join(str(year) for year in range(report_format.first_year, last + 1)) + "年度，"
    return "".join(
        f"“{heading}”在{report_format.short_name}（{years}标*）中为{_count(mine)}行，"
        f"在{reference.short_name}中{'分为' + _count(theirs) + '项' if theirs > mine else '为' + _count(theirs) + '行'}，"
        "图中按合计比较；"
        for heading, mine, theirs in _differences(report_format, reference)
    )


def printed_rows(report: AnnualReport) -> list[str]:
    """The result rows the report prints (its format's, or the other format's (六) where it used it)."""
    return [key for key in report.applications if key not in report.absent_rows]


def outcome_value(report: AnnualReport, group: OutcomeGroup) -> int | None:
    """The 总计 column of the group's rows added up; ``None`` if any printed row of it is blank."""
    present = [key for key in group.rows if key in printed_rows(report)]
    values = [report.applications[key].get("total") for key in present]
    if not values or any(value is None for value in values):
        return None
    return sum(value for value in values if value is not None)


def outcomes_chart(
    reports: Iterable[AnnualReport], *, subject: str | None = None, id_prefix: str = "gk-chart"
) -> str:
    """Outcome mix per year, stacked by the groups (一)…(六); the table below lists every result row,
    marking rows that the year's format does not have (the (六) sub-rows of the 2021 format)."""
    ordered = by_year(reports)
    name = _subject(ordered, subject)
    heading = f"{name}历年政府信息公开申请办理结果"
    chart_id = _id(id_prefix, "outcomes")
    groups = outcome_groups()
    series = tuple(Series(g.key, g.label, PALETTE[i % len(PALETTE)]) for i, g in enumerate(groups))
    # Years whose format divides the results otherwise than the format in force now are marked *.
    reference = format_for(None)
    years = [
        Year(
            r.year or 0,
            (Bar("", tuple(outcome_value(r, g) for g in groups)),),
            "*" if _differences(r.report_format, reference) else "",
        )
        for r in ordered
    ]
    description = "；".join(
        f"{year.year}年："
        + "，".join(f"{g.label}{_cell(v)}" for g, v in zip(groups, year.bars[0].values, strict=True))
        for year in years
    )
    head = "".join(f'<th scope="col">{year.year}年</th>' for year in years)
    body = []
    for group, kind in zip(groups, series, strict=True):
        cells = "".join(f"<td>{_cell(year.bars[0].values[series.index(kind)])}</td>" for year in years)
        body.append(
            f'<tr class="gk-chart__group"><th scope="row">{escape(group.label)}（合计）</th>{cells}</tr>'
        )
        if len(group.rows) > 1:
            for key in group.rows:
                label = next(row.label for row in all_application_rows() if row.key == key)
                detail = "".join(f"<td>{_row_cell(report, key)}</td>" for report in ordered)
                body.append(f'<tr><th scope="row" class="gk-chart__sub">{escape(label)}</th>{detail}</tr>')
    table = (
        f'<table class="gk-chart__table"><caption>{escape(heading)}（数据表，单位：件）</caption>'
        f'<thead><tr><th scope="col">办理结果</th>{head}</tr></thead><tbody>{"".join(body)}</tbody></table>'
    )
    formats = {report.format: report.report_format for report in ordered}
    note = "".join(_format_note(report_format, reference) for report_format in formats.values())
    note += "“—”表示该年度的报告没有该行（格式无此行，或未分项填报）。"
    svg = _svg(chart_id, heading, f"堆叠柱状图。{description}。", series, years)
    return _figure(chart_id, heading, svg, table, note)


def _row_cell(report: AnnualReport, key: str) -> str:
    if key in report.absent_rows:
        heading = report.report_format.application_row(key).heading
        return f'<abbr title="该年度报告未分项填报，以一行填报{heading}">{NOT_IN_FORMAT}</abbr>'
    if key not in printed_rows(report):
        if key in {row.key for row in report.report_format.application_rows}:
            return MISSING
        return f'<abbr title="该年度报告格式无此行">{NOT_IN_FORMAT}</abbr>'
    return _cell(report.applications[key].get("total"))


# --- reviews ---------------------------------------------------------------------------------------

OUTCOMES = tuple(column for column in REVIEW_COLUMNS if column.key != "total")
LITIGATION = ("litigation_direct", "litigation_after_reconsideration")


def review_values(report: AnnualReport, kind: str) -> tuple[int | None, ...]:
    """维持/纠正/其他/尚未审结 of 行政复议 (``reconsideration``) or of 行政诉讼 (``litigation``: both
    groups added up); ``None`` where a cell is blank."""
    groups = ("reconsideration",) if kind == "reconsideration" else LITIGATION
    values: list[int | None] = []
    for column in OUTCOMES:
        cells = [report.reviews.get(group, {}).get(column.key) for group in groups]
        values.append(None if any(c is None for c in cells) else sum(c for c in cells if c is not None))
    return tuple(values)


def review_total(report: AnnualReport, kind: str) -> int | None:
    """总计 as the report printed it (it may disagree with the parts: rule R4)."""
    groups = ("reconsideration",) if kind == "reconsideration" else LITIGATION
    cells = [report.reviews.get(group, {}).get("total") for group in groups]
    return None if any(c is None for c in cells) else sum(c for c in cells if c is not None)


def reviews_chart(
    reports: Iterable[AnnualReport], *, subject: str | None = None, id_prefix: str = "gk-chart"
) -> str:
    """行政复议 and 行政诉讼 per year, each bar stacked by outcome (维持, 纠正, 其他, 尚未审结)."""
    ordered = by_year(reports)
    name = _subject(ordered, subject)
    heading = f"{name}历年政府信息公开行政复议、行政诉讼情况"
    chart_id = _id(id_prefix, "reviews")
    series = tuple(
        Series(c.key, c.label, PALETTE[i] if i < 3 else PALETTE[6]) for i, c in enumerate(OUTCOMES)
    )
    kinds = (("reconsideration", "复议"), ("litigation", "诉讼"))
    years = [
        Year(r.year or 0, tuple(Bar(label, review_values(r, kind)) for kind, label in kinds)) for r in ordered
    ]
    description = "；".join(
        f"{year.year}年"
        + "，".join(
            f"{'行政' + bar.label}"
            + "、".join(f"{c.label}{_cell(v)}" for c, v in zip(OUTCOMES, bar.values, strict=True))
            for bar in year.bars
        )
        for year in years
    )
    head_top = '<th scope="colgroup" colspan="5">行政复议</th><th scope="colgroup" colspan="5">行政诉讼</th>'
    head_cols = (
        "".join(f'<th scope="col">{escape(c.label)}</th>' for c in (*OUTCOMES, REVIEW_COLUMNS[-1])) * 2
    )
    rows = []
    for report, year in zip(ordered, years, strict=True):
        cells = ""
        for (kind, _), bar in zip(kinds, year.bars, strict=True):
            cells += "".join(f"<td>{_cell(v)}</td>" for v in bar.values)
            cells += f"<td>{_cell(review_total(report, kind))}</td>"
        rows.append(f'<tr><th scope="row">{year.year}</th>{cells}</tr>')
    table = (
        f'<table class="gk-chart__table"><caption>{escape(heading)}（数据表，单位：件）</caption>'
        f'<thead><tr><td rowspan="2"></td>{head_top}</tr><tr>{head_cols}</tr></thead>'
        f"<tbody>{''.join(rows)}</tbody></table>"
    )
    note = "行政诉讼为“未经复议直接起诉”与“复议后起诉”之和；总计为报告所填数字。"
    svg = _svg(chart_id, heading, f"分组堆叠柱状图。{description}。", series, years)
    return _figure(chart_id, heading, svg, table, note)


def report_charts(
    reports: Iterable[AnnualReport], *, subject: str | None = None, id_prefix: str = "gk-chart"
) -> str:
    """The three charts one after another (for an agency page or the roll-up)."""
    ordered = by_year(reports)
    return "\n".join(
        chart(ordered, subject=subject, id_prefix=id_prefix)
        for chart in (applications_chart, outcomes_chart, reviews_chart)
    )


STYLESHEET = """
.gk-chart { margin: 1.5em 0; }
.gk-chart figcaption { font-weight: 700; margin-bottom: .4em; }
.gk-chart__svg { max-width: 40rem; height: auto; display: block; }
.gk-chart__note { font-size: .85em; color: #333; }
.gk-chart__table { border-collapse: collapse; font-size: .85em; margin-top: .5em; }
.gk-chart__table caption { text-align: left; font-weight: 700; padding-bottom: .3em; }
.gk-chart__table th, .gk-chart__table td { border: 1px solid #999; padding: .2em .5em; text-align: right; }
.gk-chart__table th[scope="row"] { text-align: left; font-weight: 400; }
.gk-chart__table thead th { white-space: nowrap; text-align: center; }
.gk-chart__table .gk-chart__sub { padding-left: 1.5em; }
.gk-chart__table .gk-chart__group th { font-weight: 700; }
"""
