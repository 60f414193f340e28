"""DOCX in the official layout: A4 with the margins of GB/T 9704, 仿宋_GB2312 body, 黑体 headings, a
方正小标宋 title, and the three tables with their merged cells exactly as the form prints them
(``w:gridSpan`` across, ``w:vMerge`` down; the long 三、本年度办理结果 label written vertically).

python-docx sets a run's Latin font only; Chinese text takes the ``w:eastAsia`` font, so every style
and run here sets both, and drops the theme fonts that would otherwise win.
"""

from __future__ import annotations

import io
from typing import Any

from gongkai.annual_report.formats import SECTIONS
from gongkai.annual_report.model import AnnualReport
from gongkai.reports.render.layout import (
    COLGROUP,
    ROW,
    ROWGROUP,
    Table,
    application_table,
    grid,
    paragraphs,
    proactive_table,
    prose,
    review_table,
    title,
)

BODY_FONT = "仿宋_GB2312"
HEADING_FONT = "黑体"
TITLE_FONT = "方正小标宋简体"
TABLE_FONT = "宋体"
LATIN_FONT = "Times New Roman"

# Page and text block of an official document (cm): A4, top 3.7, bottom 3.5, left 2.8, right 2.6.
PAGE = (21.0, 29.7)
MARGINS = {"top": 3.7, "bottom": 3.5, "left": 2.8, "right": 2.6}
TEXT_WIDTH = PAGE[0] - MARGINS["left"] - MARGINS["right"]  # 15.6 cm

# Column widths (cm) of each table; they add up to the text width.
PROACTIVE_WIDTHS = (5.1, 3.5, 3.5, 3.5)
APPLICATION_WIDTHS = (0.9, 1.9, 4.6, *([8.2 / 7] * 7))
REVIEW_WIDTHS = tuple([TEXT_WIDTH / 15] * 15)


def _set_fonts(r_pr: Any, east_asia: str, latin: str = LATIN_FONT) -> None:
    """Set both the Latin and the East Asian font of a run or style's ``w:rPr``; drop theme fonts."""
    from docx.oxml.ns import qn

    fonts = r_pr.get_or_add_rFonts()
    for attribute in ("w:asciiTheme", "w:hAnsiTheme", "w:eastAsiaTheme", "w:cstheme"):
        fonts.attrib.pop(qn(attribute), None)
    fonts.set(qn("w:ascii"), latin)
    fonts.set(qn("w:hAnsi"), latin)
    fonts.set(qn("w:eastAsia"), east_asia)
    fonts.set(qn("w:hint"), "eastAsia")


def _style(
    document: Any, name: str, east_asia: str, size: float, *, bold: bool = False, indent: bool = False
) -> None:
    from docx.enum.text import WD_LINE_SPACING
    from docx.shared import Pt, RGBColor

    style = document.styles[name]
    style.font.size = Pt(size)
    style.font.bold = bold
    style.font.italic = False
    style.font.color.rgb = RGBColor(0, 0, 0)
    _set_fonts(style.element.get_or_add_rPr(), east_asia)
    fmt = style.paragraph_format
    fmt.line_spacing_rule = WD_LINE_SPACING.EXACTLY
    fmt.line_spacing = Pt(28 if size < 20 else 36)
    fmt.space_before = Pt(0)
    fmt.space_after = Pt(0)
    fmt.first_line_indent = Pt(size * 2) if indent else None


def _setup(document: Any) -> None:
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn
    from docx.shared import Cm, Pt

    section = document.sections[0]
    section.page_width, section.page_height = Cm(PAGE[0]), Cm(PAGE[1])
    section.top_margin, section.bottom_margin = Cm(MARGINS["top"]), Cm(MARGINS["bottom"])
    section.left_margin, section.right_margin = Cm(MARGINS["left"]), Cm(MARGINS["right"])
    section.footer_distance = Cm(2.5)
    _style(document, "Normal", BODY_FONT, 16, indent=True)
    _style(document, "Heading 1", TITLE_FONT, 22)
    _style(document, "Heading 2", HEADING_FONT, 16, indent=True)
    # Chinese text is Chinese for proofing, line breaking and glyph choice (the template says ja-JP/en-US).
    for lang in document.styles.element.xpath("./w:docDefaults/w:rPrDefault/w:rPr/w:lang"):
        lang.set(qn("w:eastAsia"), "zh-CN")
    for fonts in document.styles.element.xpath("./w:docDefaults/w:rPrDefault/w:rPr/w:rFonts"):
        _set_fonts(fonts.getparent(), BODY_FONT)
    # The page number centred at the foot, as "- 1 -".
    footer = section.footer.paragraphs[0]
    footer.alignment = 1
    footer.paragraph_format.first_line_indent = None
    footer.add_run("- ")
    field = OxmlElement("w:fldSimple")
    field.set(qn("w:instr"), "PAGE")
    run = OxmlElement("w:r")
    text = OxmlElement("w:t")
    text.text = "1"
    run.append(text)
    field.append(run)
    footer._p.append(field)
    footer.add_run(" -")
    for run_ in footer.runs:
        run_.font.size = Pt(14)


def _heading(document: Any, text: str, level: int) -> None:
    paragraph = document.add_heading(text, level=level)
    paragraph.paragraph_format.keep_with_next = True


def _border_table(table: Any) -> None:
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    tbl_pr = table._tbl.tblPr
    borders = OxmlElement("w:tblBorders")
    for edge in ("top", "left", "bottom", "right", "insideH", "insideV"):
        line = OxmlElement(f"w:{edge}")
        line.set(qn("w:val"), "single")
        line.set(qn("w:sz"), "4")
        line.set(qn("w:space"), "0")
        line.set(qn("w:color"), "000000")
        borders.append(line)
    tbl_pr.append(borders)
    layout = OxmlElement("w:tblLayout")
    layout.set(qn("w:type"), "fixed")
    tbl_pr.append(layout)


def _cell_text(cell: Any, text: str, *, size: float, left: bool, vertical: bool) -> None:
    from docx.enum.table import WD_CELL_VERTICAL_ALIGNMENT
    from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_LINE_SPACING
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn
    from docx.shared import Pt

    cell.vertical_alignment = WD_CELL_VERTICAL_ALIGNMENT.CENTER
    paragraph = cell.paragraphs[0]
    fmt = paragraph.paragraph_format
    fmt.first_line_indent = Pt(0)
    fmt.line_spacing_rule = WD_LINE_SPACING.SINGLE
    paragraph.alignment = WD_ALIGN_PARAGRAPH.LEFT if left else WD_ALIGN_PARAGRAPH.CENTER
    run = paragraph.add_run(text)
    run.font.size = Pt(size)
    _set_fonts(run._element.get_or_add_rPr(), TABLE_FONT)
    if vertical:
        direction = OxmlElement("w:textDirection")
        direction.set(qn("w:val"), "tbRlV")
        cell._tc.get_or_add_tcPr().append(direction)


def _table(document: Any, rows: Table, widths: tuple[float, ...], *, size: float, header_rows: int) -> None:
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn
    from docx.shared import Cm
    from docx.table import _Cell

    placed, height, width = grid(rows)
    table = document.add_table(rows=height, cols=width)
    table.autofit = False
    _border_table(table)
    for index, column in enumerate(table.columns):
        column.width = Cm(widths[index])
    # The grid's w:tc elements, taken before merging: python-docx's table.cell() re-walks the whole
    # table on every call, and merges never overlap, so each merge's corners are still in place.
    tcs_by_row = [list(tr.tc_lst) for tr in table._tbl.tr_lst]
    for number, tcs in enumerate(tcs_by_row):
        for index, tc in enumerate(tcs):
            tc.width = Cm(widths[index])
        tr_pr = table._tbl.tr_lst[number].get_or_add_trPr()
        tr_pr.append(OxmlElement("w:cantSplit"))
        if number < header_rows:
            # Header rows repeat at the top of each page the table runs onto.
            tr_pr.append(OxmlElement("w:tblHeader"))
    for r, c, cell in placed:
        target = _Cell(tcs_by_row[r][c], table)
        if cell.rowspan > 1 or cell.colspan > 1:
            corner = tcs_by_row[r + cell.rowspan - 1][c + cell.colspan - 1]
            target = target.merge(_Cell(corner, table))
        # A group label spanning many rows in a narrow column is printed top to bottom.
        vertical = cell.role == ROWGROUP and c == 0
        left = cell.role == ROW
        _cell_text(target, cell.text, size=size, left=left, vertical=vertical)
        if cell.role == COLGROUP and cell.colspan == width:
            shade = OxmlElement("w:shd")
            shade.set(qn("w:val"), "clear")
            shade.set(qn("w:fill"), "F2F2F2")
            target._tc.get_or_add_tcPr().append(shade)
    # Keep each block (section 二's items, the whole of 三 and 四) on one page: a rowspan label cut by a
    # page break would print half of 三、本年度办理结果 on each page.
    starts = {r for r, _, cell in placed if cell.role == COLGROUP and cell.colspan == width}
    for number, tr in enumerate(table._tbl.tr_lst[:-1]):
        if number + 1 not in starts:
            for p in tr.xpath("./w:tc/w:p"):
                p.get_or_add_pPr().keepNext_val = True


def render_docx(report: AnnualReport) -> bytes:
    """The report as a .docx file's bytes, in the official layout (see the module docstring)."""
    import docx
    from docx.shared import Pt

    document = docx.Document()
    _setup(document)
    document.core_properties.title = title(report)
    document.core_properties.language = "zh-CN"
    text = prose(report)
    heading = document.add_heading(level=1)
    heading.alignment = 1
    heading.paragraph_format.space_after = Pt(16)
    # As official titles are set: the agency on the first line, the year and the report on the second.
    if report.agency and len(title(report)) > 18:
        heading.add_run(report.agency).add_break()
        heading.add_run(title(report).removeprefix(report.agency))
    else:
        heading.add_run(title(report))

    def section(name: str) -> None:
        _heading(document, name, 2)

    def body(name: str) -> None:
        for line in paragraphs(text[name]):
            document.add_paragraph(line)

    section(SECTIONS[0])
    body(SECTIONS[0])
    section(SECTIONS[1])
    _table(document, proactive_table(report), PROACTIVE_WIDTHS, size=10.5, header_rows=0)
    section(SECTIONS[2])
    _table(document, application_table(report), APPLICATION_WIDTHS, size=9, header_rows=3)
    section(SECTIONS[3])
    _table(document, review_table(report), REVIEW_WIDTHS, size=9, header_rows=3)
    for name in SECTIONS[4:]:
        section(name)
        body(name)
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()
