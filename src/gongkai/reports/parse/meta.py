"""Reading what the prose says: agency, year, format, sections, dates."""

from __future__ import annotations

import re

from gongkai.annual_report.formats import FORMATS, ReportFormat, format_for
from gongkai.annual_report.model import Sections
from gongkai.lib.cjk import fold, label_key

_AGENCY = r"[\u4e00-\u9fff（）()]{2,40}?"
_TITLE_AFTER = re.compile(rf"({_AGENCY})(20\d\d|19\d\d)年度?政府信息公开(?:工作)?年度?报告")
_TITLE_BEFORE = re.compile(rf"(20\d\d|19\d\d)年度?({_AGENCY})政府信息公开(?:工作)?年度?报告")
# Words that open a sentence, not an agency name ("关于编制公布2021年政府信息公开工作年度报告").
_NOT_AGENCY = ("关于", "编制", "公布", "根据", "按照", "做好", "印发", "本报告", "标题", "年度报告")


def spaced(words: str) -> str:
    return r"\s*".join(re.escape(char) for char in words)


HEADINGS: dict[str, re.Pattern[str]] = {
    "一": re.compile(r"一\s*[、.．]\s*" + spaced("总体情况")),
    "二": re.compile(r"二\s*[、.．]\s*(?:" + spaced("行政机关") + ")?" + spaced("主动公开政府信息情况")),
    # Older wordings say who received them: 三、行政机关收到和处理政府信息公开申请情况.
    "三": re.compile(
        r"三\s*[、.．]\s*(?:" + spaced("行政机关") + ")?" + spaced("收到和处理政府信息公开申请情况")
    ),
    "四": re.compile(
        r"四\s*[、.．]\s*(?:因\s*)?" + spaced("政府信息公开") + r"[^。\n]{0,12}?" + spaced("行政复议")
    ),
    "五": re.compile(r"五\s*[、.．]\s*(?:" + spaced("政府信息公开工作") + r")?" + spaced("存在的主要问题")),
    "六": re.compile(r"六\s*[、.．]\s*" + spaced("其他需要报告的事项")),
}


def title(text: str) -> tuple[str | None, int | None]:
    """Agency and year from the report's title, e.g. ``秀洲区经济信息商务局2019年度政府信息公开工作年度报告``.

    The title is looked for near the top with line breaks and spaces removed (PDFs break it over
    two lines: ``2025 年上海市人民政府办公厅政府信息公开`` / ``工作年度报告``).
    """
    # A line that is the whole title wins: web pages print navigation text above it (2018年以前 / 政府信息
    # / 公开申请) that would otherwise run into the agency's name.
    for line in text[:20000].splitlines()[:400]:
        if "报告" not in line:
            continue
        squashed = re.sub(r"\s+", "", fold(line).replace("\u3000", "")).replace("(", "（").replace(")", "）")
        whole = _TITLE_AFTER.fullmatch(squashed)
        agency = _trim_agency(whole.group(1)) if whole else None
        if whole and agency:
            return agency, int(whole.group(2))
    head = re.sub(r"\s+", "", fold(text[:3000]).replace("\u3000", ""))
    head = head.replace("(", "（").replace(")", "）")
    found: list[tuple[int, str, int]] = []
    for match in _TITLE_AFTER.finditer(head):
        agency = _trim_agency(match.group(1))
        if agency:
            found.append((match.start(), agency, int(match.group(2))))
            break
    for match in _TITLE_BEFORE.finditer(head):
        agency = _trim_agency(match.group(2))
        if agency:
            found.append((match.start(), agency, int(match.group(1))))
            break
    if found:
        _, agency, year = min(found)
        return agency, year
    year_match = re.search(r"(20\d\d)年度?政府信息公开", head)
    return None, int(year_match.group(1)) if year_match else None


def _trim_agency(name: str) -> str | None:
    for word in _NOT_AGENCY:
        if word in name:
            name = name.split(word)[-1]
    name = name.strip("（）")
    return name if len(name) >= 2 else None


def detect_format(section_two: str, year: int | None) -> ReportFormat:
    """The format the report's section 二 is printed in (by its header words), else the year's format."""
    key = label_key(section_two)
    scores = {
        report_format.id: sum(1 for marker in report_format.markers if label_key(marker) in key)
        for report_format in FORMATS.values()
    }
    best = max(scores, key=lambda format_id: scores[format_id])
    if scores[best] > 0 and list(scores.values()).count(scores[best]) == 1:
        return FORMATS[best]
    return format_for(year)


def heading_positions(text: str) -> dict[str, tuple[int, int]]:
    """Start and end offsets of each section heading found, in order (a later heading after an earlier)."""
    positions: dict[str, tuple[int, int]] = {}
    cursor = 0
    for name, pattern in HEADINGS.items():
        match = pattern.search(text, cursor)
        if match is None:
            continue
        positions[name] = (match.start(), match.end())
        cursor = match.end()
    return positions


def section_text(text: str, positions: dict[str, tuple[int, int]], name: str) -> str | None:
    if name not in positions:
        return None
    start = positions[name][1]
    later = [begin for other, (begin, _) in positions.items() if begin > start]
    end = min(later) if later else len(text)
    return text[start:end]


def sections(text: str) -> Sections:
    positions = heading_positions(text)
    result = Sections(
        overview=section_text(text, positions, "一"),
        problems=section_text(text, positions, "五"),
        other=section_text(text, positions, "六"),
        preamble=text[: positions["一"][0]] if "一" in positions else text[:1000],
    )
    if "五" not in positions and "四" in positions:
        end = positions["六"][0] if "六" in positions else len(text)
        result.after_reviews = text[positions["四"][1] : end]
    return result


_DATE = r"(20\d\d)\s*年\s*(\d{1,2})\s*月\s*(\d{1,2})\s*日"


def period(text: str) -> tuple[str, str] | None:
    """The statistics period the report states (``统计期限自2021年1月1日起至2021年12月31日止``)."""
    match = re.search(
        r"统计(?:期限|时限|时间|区间)[^。]{0,12}?"
        + _DATE
        + r"[^。\d]{0,12}?(?:(20\d\d)\s*年\s*)?(\d{1,2})\s*月\s*(\d{1,2})\s*日",
        text,
    )
    if not match:
        return None
    y1, m1, d1, y2, m2, d2 = match.groups()
    end_year = y2 or y1
    return f"{y1}-{int(m1):02d}-{int(d1):02d}", f"{end_year}-{int(m2):02d}-{int(d2):02d}"


def published_on(text: str) -> str | None:
    """The publication date a web crawl header states (``发布时间: 2022-02-08``), if any."""
    match = re.search(
        r"(?:发布时间|发布日期|成文日期)\s*[:：]\s*(20\d\d)[-/.年](\d{1,2})[-/.月](\d{1,2})", text[:2000]
    )
    if match:
        year, month, day = match.groups()
        return f"{year}-{int(month):02d}-{int(day):02d}"
    return None


def layout_issues(section_two: str, report_format: ReportFormat) -> list[str]:
    """Items of 二 printed that the format no longer has (its dropped items: 第二十条第（九）项 in a
    2021-format report)."""
    key = label_key(section_two)
    return [
        dropped.message
        for dropped in report_format.dropped_items
        if any(label_key(label) in key for label in dropped.labels)
    ]
