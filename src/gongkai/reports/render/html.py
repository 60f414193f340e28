"""Accessible HTML in the official layout: real tables with captions, ``th`` with ``scope`` and, for the
spanned headers, ``id``/``headers`` on every value cell; merged cells as ``rowspan``/``colspan`` exactly
as the form prints them. The same document, with its print stylesheet, is what :mod:`.pdf` renders."""

from __future__ import annotations

from html import escape

from gongkai.annual_report.formats import SECTIONS
from gongkai.annual_report.model import AnnualReport
from gongkai.reports.render.layout import (
    COL,
    COLGROUP,
    CORNER,
    ROW,
    ROWGROUP,
    OfficialTable,
    Printed,
    grid,
    official_tables,
    paragraphs,
    prose,
    title,
)

# Fonts named as Chinese government documents name them, then the faces a Linux server or a
# phone has (Noto CJK / Source Han), so that every glyph is drawn by a CJK face.
BODY_FONTS = '"仿宋_GB2312", "FangSong_GB2312", "仿宋", "FangSong", "STFangsong", "Noto Serif CJK SC", serif'
HEADING_FONTS = '"黑体", "SimHei", "STHeiti", "Noto Sans CJK SC", sans-serif'
TITLE_FONTS = '"方正小标宋简体", "FZXiaoBiaoSong-B05S", "宋体", "SimSun", "Noto Serif CJK SC", serif'
TABLE_FONTS = '"宋体", "SimSun", "Noto Serif CJK SC", serif'

STYLESHEET = f"""
.gk-report {{ font-family: {BODY_FONTS}; color: #000; line-height: 1.75; max-width: 56rem; }}
.gk-report__title {{ font-family: {TITLE_FONTS}; font-size: 1.6em; font-weight: 700; text-align: center;
  line-height: 1.4; margin: 0 0 1em; }}
.gk-report h2, .gk-report h3 {{ font-family: {HEADING_FONTS}; font-size: 1.1em; font-weight: 700;
  margin: 1em 0 .4em; }}
.gk-report p {{ text-indent: 2em; margin: 0 0 .2em; }}
.gk-report table {{ font-family: {TABLE_FONTS}; border-collapse: collapse; width: 100%; font-size: .8em;
  line-height: 1.35; margin: .4em 0 1em; }}
.gk-report th, .gk-report td {{ border: 1px solid #000; padding: .3em .25em; text-align: center;
  vertical-align: middle; font-weight: 400; }}
.gk-report th[scope="row"] {{ text-align: left; }}
.gk-report th[scope="colgroup"] {{ background: #f2f2f2; }}
.gk-report .gk-report__part {{ width: 1.5em; }}
.gk-report td {{ font-variant-numeric: tabular-nums; }}
.gk-visually-hidden {{ position: absolute !important; width: 1px; height: 1px; margin: -1px; padding: 0;
  overflow: hidden; clip: rect(0 0 0 0); white-space: nowrap; border: 0; }}
@media (max-width: 40rem) {{
  .gk-report__scroll {{ overflow-x: auto; }}
  .gk-report table {{ min-width: 36rem; }}
}}
"""

# A4 as the State Council's forms are printed (GB/T 9704 margins), page numbers as "- 1 -".
PRINT_STYLESHEET = f"""
@page {{ size: A4; margin: 30mm 24mm 28mm 26mm;
  @bottom-center {{ content: "- " counter(page) " -"; font-family: {BODY_FONTS}; font-size: 10.5pt; }} }}
html {{ font-size: 14pt; }}
.gk-report {{ max-width: none; line-height: 1.6; }}
.gk-report__title {{ font-size: 20pt; }}
.gk-report__agency {{ display: block; }}
.gk-report h2 {{ font-size: 14pt; break-after: avoid; }}
.gk-report table {{ font-size: 9pt; table-layout: fixed; }}
.gk-report caption {{ display: none; }}
.gk-report tr {{ break-inside: avoid; }}
.gk-report__table--applications, .gk-report__table--reviews {{ break-inside: avoid; }}
.gk-report th[scope="colgroup"] {{ background: none; }}
.gk-report__table--applications .gk-report__col-part {{ width: 7mm; }}
.gk-report__table--applications .gk-report__col-group {{ width: 16mm; }}
.gk-report__table--applications .gk-report__col-label {{ width: 60mm; }}
.gk-report__table--proactive .gk-report__col-label {{ width: 52mm; }}
"""

_SCOPES = {COL: "col", COLGROUP: "colgroup", ROW: "row", ROWGROUP: "rowgroup", CORNER: "col"}
_TABLE_CLASSES = ("proactive", "applications", "reviews")


def _header_ids(rows: list[list[Printed]], prefix: str) -> dict[tuple[int, int], list[str]]:
    """For each value cell (by grid position), the ids of the header cells that describe it: the
    column headers of the header block above it and the row headers to its left."""
    placed, _, _ = grid(rows)
    heads = {(r, c): f"{prefix}-r{r}c{c}" for r, c, cell in placed if cell.is_header}
    by_row: dict[int, list[tuple[int, Printed]]] = {}
    for r, c, cell in placed:
        by_row.setdefault(r, []).append((c, cell))
    header_only = {r for r, cells in by_row.items() if all(cell.is_header for _, cell in cells)}
    out: dict[tuple[int, int], list[str]] = {}
    for r, c, cell in placed:
        if cell.is_header:
            continue
        span = range(c, c + cell.colspan)
        ids: list[str] = []
        # The header block above: skip value rows, then take header-only rows until the next value row.
        above = r - 1
        while above >= 0 and above not in header_only:
            above -= 1
        block_end = above
        while above >= 0 and above in header_only:
            above -= 1
        for hr, hc, head in placed:
            if (
                head.role in (COL, COLGROUP)
                and above < hr <= block_end
                and hr + head.rowspan - 1 <= block_end
                and any(col in span for col in range(hc, hc + head.colspan))
            ):
                ids.append(heads[(hr, hc)])
        for hr, hc, head in placed:
            if head.role in (ROW, ROWGROUP) and hc < c and hr <= r < hr + head.rowspan:
                ids.append(heads[(hr, hc)])
        out[(r, c)] = ids
    return out


def _cell(cell: Printed, position: tuple[int, int], prefix: str, headers: list[str]) -> str:
    attrs = ""
    if cell.rowspan > 1:
        attrs += f' rowspan="{cell.rowspan}"'
    if cell.colspan > 1:
        attrs += f' colspan="{cell.colspan}"'
    if cell.is_header:
        r, c = position
        css = ' class="gk-report__part"' if cell.role == ROWGROUP and c == 0 else ""
        return f'<th id="{prefix}-r{r}c{c}" scope="{_SCOPES[cell.role]}"{attrs}{css}>{escape(cell.text)}</th>'
    if headers:
        attrs += f' headers="{" ".join(headers)}"'
    return f"<td{attrs}>{escape(cell.text)}</td>"


def _colgroup(kind: str, width: int) -> str:
    if kind == "applications":
        names = ["part", "group", "label"] + ["number"] * (width - 3)
    elif kind == "proactive":
        names = ["label"] + ["number"] * (width - 1)
    else:
        names = ["number"] * width
    return "<colgroup>" + "".join(f'<col class="gk-report__col-{name}">' for name in names) + "</colgroup>"


def table_html(table: OfficialTable, kind: str, prefix: str) -> str:
    """One official table as accessible HTML."""
    placed, _, width = grid(table.rows)
    positions = {id(cell): (r, c) for r, c, cell in placed}
    headers = _header_ids(table.rows, prefix)
    out = [
        # Focusable and named: on a phone the table scrolls sideways, and keyboards must reach it too.
        f'<div class="gk-report__scroll" tabindex="0" role="region" aria-label="{escape(table.caption)}">'
        f'<table class="gk-report__table gk-report__table--{kind}">',
        f'<caption class="gk-visually-hidden">{escape(table.caption)}</caption>',
        _colgroup(kind, width),
    ]
    for index, row in enumerate(table.rows):
        if index == 0 and table.header_rows:
            out.append("<thead>")
        if index == table.header_rows:
            out.append("<tbody>")
        cells = "".join(
            _cell(cell, positions[id(cell)], prefix, headers.get(positions[id(cell)], [])) for cell in row
        )
        out.append(f"<tr>{cells}</tr>")
        if table.header_rows and index == table.header_rows - 1:
            out.append("</thead>")
    out.append("</tbody></table></div>")
    return "\n".join(out)


def _title(report: AnnualReport) -> str:
    """The title, its agency in a span that the print stylesheet sets on a line of its own."""
    text = title(report)
    if report.agency and text.startswith(report.agency):
        rest = text.removeprefix(report.agency)
        return f'<span class="gk-report__agency">{escape(report.agency)}</span>{escape(rest)}'
    return escape(text)


def _prose(text: str) -> str:
    return "\n".join(f"<p>{escape(line)}</p>" for line in paragraphs(text))


def render_html_fragment(
    report: AnnualReport, *, heading_level: int = 2, id_prefix: str = "gk-report"
) -> str:
    """The report as an ``<article>`` to embed in a portal page: the title as ``h{heading_level}``, the six
    sections one level below it, the tables in the official layout. Style it with :data:`STYLESHEET`.
    ``id_prefix`` keeps element ids unique when a page shows more than one report."""
    level = max(1, min(heading_level, 5))
    sub = level + 1
    text = prose(report)
    tables = {table.section: table for table in official_tables(report)}
    prefix = escape(id_prefix, quote=True)
    parts = [
        f'<article class="gk-report" lang="zh-Hans" aria-labelledby="{prefix}-title">',
        f'<h{level} class="gk-report__title" id="{prefix}-title">{_title(report)}</h{level}>',
    ]
    for number, section in enumerate(SECTIONS, start=1):
        parts.append(f'<section aria-labelledby="{prefix}-s{number}">')
        parts.append(f'<h{sub} id="{prefix}-s{number}">{escape(section)}</h{sub}>')
        if section in tables:
            kind = _TABLE_CLASSES[number - 2]
            parts.append(table_html(tables[section], kind, f"{prefix}-t{number - 1}"))
        else:
            parts.append(_prose(text[section]))
        parts.append("</section>")
    parts.append("</article>")
    return "\n".join(parts)


def render_html(report: AnnualReport, *, print_css: bool = True) -> str:
    """A complete accessible HTML document of the report (screen and A4 print styles)."""
    css = STYLESHEET + ("@media print {\n" + PRINT_STYLESHEET + "\n}" if print_css else "")
    return "\n".join(
        [
            "<!DOCTYPE html>",
            '<html lang="zh-Hans"><head><meta charset="utf-8">',
            '<meta name="viewport" content="width=device-width, initial-scale=1">',
            f"<title>{escape(title(report))}</title>",
            f"<style>{css}</style></head>",
            "<body><main>",
            render_html_fragment(report, heading_level=1),
            "</main></body></html>",
        ]
    )
