"""信息处理费 (《政府信息公开信息处理费管理办法》, 国办函〔2020〕109号): the two ways of charging, as tiers.

By count: per applicant per calendar month, applications 1–10 are free, 11–30 cost 100 yuan each, and above
30 each band of ten costs 100 yuan more per application (31–40: 200, 41–50: 300 …).
By pages, for one application: pages 1–30 free, 31–100 at 10 yuan a page, 101–200 at 20, beyond 200 at 40
(each rate for the pages in its band only).
"""

from __future__ import annotations

FIRST_YEAR = 2021
PAGE_BANDS = ((30, 0), (100, 10), (200, 20), (None, 40))  # (last page of the band, yuan a page)


def fee_by_count(ordinal: int) -> int:
    """The fee for an applicant's ``ordinal``-th application of the calendar month (1-based)."""
    if ordinal < 1:
        raise ValueError("ordinal starts at 1")
    if ordinal <= 10:
        return 0
    if ordinal <= 30:
        return 100
    return 100 + 100 * ((ordinal - 31) // 10 + 1)


def fee_by_pages(pages: int) -> int:
    if pages < 0:
        raise ValueError("pages cannot be negative")
    total, first = 0, 1
    for last, rate in PAGE_BANDS:
        top = pages if last is None else min(pages, last)
        if top >= first:
            total += (top - first + 1) * rate
        if last is None or pages <= last:
            break
        first = last + 1
    return total
