"""The report editor's view of a stored report: every section of its format as tables of cells, each cell
with where its number comes from and the findings that name it; the narrative's sentences marked as
generated or written; the differences between two stored versions.

Everything is drawn from the report's format (``annual_report.formats``): the tables, rows and columns of
二, 三 and 四 are the format's, so a report of any registered format shows all its sections.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from django.utils.translation import gettext_lazy as _

from gongkai.annual_report.formats import SECTIONS, Documents, Entered, ProactiveRow
from gongkai.annual_report.model import AnnualReport, Finding, Severity
from gongkai.reports.render.layout import show

from .findings import FindingView, finding_view
from .tables import cell_label, row_label

# The narrative fields, by the section each is (and the path rules name it by: ``sections.五``).
PROSE = (("overview", "一"), ("problems", "五"), ("other", "六"))
SEVERITY_ORDER = {Severity.ERROR: 0, Severity.WARNING: 1, Severity.INFO: 2}


class Origin:
    """Where a cell's number comes from (its provenance, in a word)."""

    RECORDS = "records"  # counted from the applications or review cases on record
    CATALOG = "catalog"  # counted from the catalog's documents
    ENTERED = "entered"  # entered per agency and year in the catalog's decision counts
    MANUAL = "manual"  # gongkai does not count it: typed in, or as printed in an imported report
    ROLLUP = "rollup"  # summed from the departments' reports


ORIGIN_LABELS = {
    Origin.RECORDS: _("Counted from the records"),
    Origin.CATALOG: _("Counted from the catalog"),
    Origin.ENTERED: _("Entered in the catalog's decision counts"),
    Origin.MANUAL: _("Not counted by the system"),
    Origin.ROLLUP: _("Summed from the departments' reports"),
}


@dataclass(frozen=True)
class NumberedFinding:
    number: int  # its place in the page's list of findings (the anchor ``#finding-<number>``)
    finding: FindingView


@dataclass(frozen=True)
class EditorCell:
    path: str
    text: str
    origin: str
    linked: bool  # records stand behind it: its provenance lists them
    findings: tuple[NumberedFinding, ...] = ()
    colspan: int = 1

    @property
    def computed(self) -> bool:
        return self.origin in (Origin.RECORDS, Origin.CATALOG, Origin.ROLLUP)

    @property
    def origin_label(self) -> str:
        return str(ORIGIN_LABELS[self.origin])

    @property
    def severity(self) -> str:
        """The gravest severity of the findings at the cell ("" for none)."""
        if not self.findings:
            return ""
        return min((item.finding.severity for item in self.findings), key=SEVERITY_ORDER.__getitem__)


@dataclass(frozen=True)
class EditorRow:
    label: str
    cells: tuple[EditorCell, ...]


@dataclass(frozen=True)
class EditorTable:
    caption: str
    headers: tuple[str, ...]
    rows: tuple[EditorRow, ...]


@dataclass(frozen=True)
class Sentence:
    text: str
    generated: bool
    placeholder: bool


@dataclass(frozen=True)
class EditorSection:
    number: str  # 一 … 六
    heading: str
    tables: tuple[EditorTable, ...] = ()
    prose_field: str = ""  # the narrative field (overview, problems, other) of a prose section
    sentences: tuple[Sentence, ...] = ()
    findings: tuple[NumberedFinding, ...] = ()

    @property
    def anchor(self) -> str:
        return f"section-{self.number}"


def _origin_of_proactive(row: ProactiveRow, column: str, source: str) -> str:
    if source != "records":
        return Origin.ROLLUP if source == "rollup" else Origin.MANUAL
    measure = row.measures.get(column)
    if isinstance(measure, Documents):
        return Origin.CATALOG
    if isinstance(measure, Entered):
        return Origin.ENTERED
    return Origin.MANUAL


def _origin_of_count(source: str) -> str:
    return {"records": Origin.RECORDS, "rollup": Origin.ROLLUP}.get(source, Origin.MANUAL)


def findings_by_cell(findings: Iterable[NumberedFinding]) -> dict[str, list[NumberedFinding]]:
    by_cell: dict[str, list[NumberedFinding]] = {}
    for item in findings:
        for cell in item.finding.cells:
            by_cell.setdefault(cell.path, []).append(item)
    return by_cell


def _cell(
    path: str,
    value: Any,
    origin: str,
    provenance: Mapping[str, Sequence[int]],
    by_cell: Mapping[str, list[NumberedFinding]],
    colspan: int = 1,
) -> EditorCell:
    linked = bool(provenance.get(path)) or origin == Origin.CATALOG
    return EditorCell(path, show(value), origin, linked, tuple(by_cell.get(path, ())), colspan)


def _proactive_tables(
    report: AnnualReport, source: str, by_cell: Mapping[str, list[NumberedFinding]]
) -> tuple[EditorTable, ...]:
    tables = []
    for item in report.report_format.proactive:
        rows = []
        for row in item.rows:
            values = report.proactive.get(row.key, {})
            cells = tuple(
                _cell(
                    path, values.get(column.key), _origin_of_proactive(row, column.key, source), {}, by_cell
                )
                for column in row.columns
                for path in (f"proactive.{row.key}.{column.key}",)
            )
            rows.append(EditorRow(row.label, cells))
        headers = ("信息内容", *(column.label for column in item.columns))
        tables.append(EditorTable(item.label, headers, tuple(rows)))
    return tuple(tables)


def _application_table(
    report: AnnualReport, source: str, provenance: Mapping[str, Sequence[int]], by_cell: Any
) -> EditorTable:
    origin = _origin_of_count(source)
    report_format = report.report_format
    rows = tuple(
        EditorRow(
            row_label(row),
            tuple(
                _cell(path, report.applications[row.key].get(column.key), origin, provenance, by_cell)
                for column in report_format.application_columns
                for path in (f"applications.{row.key}.{column.key}",)
            ),
        )
        for row in report.printed_rows()
    )
    headers = ("", *(column.label for column in report_format.application_columns))
    return EditorTable(report_format.application_header, headers, rows)


def _review_table(
    report: AnnualReport, source: str, provenance: Mapping[str, Sequence[int]], by_cell: Any
) -> EditorTable:
    origin = _origin_of_count(source)
    report_format = report.report_format
    rows = tuple(
        EditorRow(
            f"{group.parent} {group.label}".strip(),
            tuple(
                _cell(path, report.reviews.get(group.key, {}).get(column.key), origin, provenance, by_cell)
                for column in report_format.review_columns
                for path in (f"reviews.{group.key}.{column.key}",)
            ),
        )
        for group in report_format.review_groups
    )
    headers = ("", *(column.label for column in report_format.review_columns))
    return EditorTable(report_format.sections[3], headers, rows)


_SENTENCE = re.compile(r"[^。；\n]*(?:[。；]|\n|$)")


def sentences_of(text: str) -> list[str]:
    """``text`` cut after each 。 and ；, and at line ends (each piece keeps its mark; blanks dropped)."""
    return [piece.strip() for piece in _SENTENCE.findall(text or "") if piece.strip()]


def mark_sentences(text: str, generated: str) -> tuple[Sentence, ...]:
    """The sentences of ``text``, each marked as one the generator wrote (found verbatim in its draft
    ``generated``) or one staff wrote, and whether it still holds a placeholder."""
    from gongkai.annual_report.narrative import placeholders_in

    drafted = set(sentences_of(generated))
    return tuple(
        Sentence(sentence, sentence in drafted, bool(placeholders_in(sentence)))
        for sentence in sentences_of(text)
    )


def editor_sections(
    report: AnnualReport,
    *,
    source: str,
    provenance: Mapping[str, Sequence[int]],
    findings: Iterable[Finding | Mapping[str, Any]],
    prose: Mapping[str, str],
    generated: Mapping[str, str],
) -> list[EditorSection]:
    """Sections 一 to 六 of ``report`` as its format lays them out, with their findings at their cells."""
    report_format = report.report_format
    views = [
        NumberedFinding(number, finding_view(finding, report_format))
        for number, finding in enumerate(findings, start=1)
    ]
    by_cell = findings_by_cell(views)
    headings = dict(zip("一二三四五六", report_format.sections or SECTIONS, strict=False))
    tables = {
        "二": _proactive_tables(report, source, by_cell),
        "三": (_application_table(report, source, provenance, by_cell),),
        "四": (_review_table(report, source, provenance, by_cell),),
    }
    fields = {number: name for name, number in PROSE}
    out = []
    for number, heading in headings.items():
        name = fields.get(number, "")
        section_findings = tuple(
            item
            for item in views
            if any(cell.path.startswith(_paths_of(number)) for cell in item.finding.cells)
        )
        out.append(
            EditorSection(
                number,
                heading,
                tables.get(number, ()),
                name,
                mark_sentences(prose.get(name, ""), generated.get(name, "")) if name else (),
                section_findings,
            )
        )
    return out


def _paths_of(number: str) -> str:
    """The prefix of the paths of a section's cells (a prose section's own path, ``sections.五``)."""
    return {"二": "proactive.", "三": "applications.", "四": "reviews."}.get(number, f"sections.{number}")


# Versions: what a stored version holds, and the differences between two.

SNAPSHOT_TABLES = ("proactive", "applications", "reviews")


def snapshot(data: Mapping[str, Any], overview: str, problems: str, other: str) -> dict[str, Any]:
    """What the editor compares between versions: the three tables and the three narrative sections."""
    return {
        **{table: data.get(table) or {} for table in SNAPSHOT_TABLES},
        "overview": overview,
        "problems": problems,
        "other": other,
    }


@dataclass(frozen=True)
class CellChange:
    path: str
    label: str
    before: str
    after: str


@dataclass(frozen=True)
class ProseLine:
    tag: str  # equal, replace, delete, insert
    before: str
    after: str


@dataclass(frozen=True)
class ProseDiff:
    heading: str
    lines: tuple[ProseLine, ...]

    @property
    def changed(self) -> bool:
        return any(line.tag != "equal" for line in self.lines)


@dataclass(frozen=True)
class VersionDiff:
    cells: tuple[CellChange, ...]
    prose: tuple[ProseDiff, ...] = field(default=())


def _cells(snap: Mapping[str, Any]) -> dict[str, Any]:
    return {
        f"{table}.{row}.{column}": value
        for table in SNAPSHOT_TABLES
        for row, values in (snap.get(table) or {}).items()
        for column, value in (values or {}).items()
    }


def diff_versions(before: Mapping[str, Any], after: Mapping[str, Any], report: AnnualReport) -> VersionDiff:
    """Cell by cell (the cells whose number differs, by their labels) and sentence by sentence
    (``difflib``), the two snapshots side by side."""
    old, new = _cells(before), _cells(after)
    changes = tuple(
        CellChange(path, cell_label(path, report.report_format), show(old.get(path)), show(new.get(path)))
        for path in sorted(set(old) | set(new), key=_path_order(report))
        if old.get(path) != new.get(path)
    )
    headings = dict(zip("一二三四五六", report.report_format.sections or SECTIONS, strict=False))
    prose = []
    for name, number in PROSE:
        left, right = sentences_of(before.get(name, "")), sentences_of(after.get(name, ""))
        lines: list[ProseLine] = []
        matcher = difflib.SequenceMatcher(a=left, b=right, autojunk=False)
        for tag, i1, i2, j1, j2 in matcher.get_opcodes():
            a, b = left[i1:i2], right[j1:j2]
            for index in range(max(len(a), len(b))):
                lines.append(
                    ProseLine(tag, a[index] if index < len(a) else "", b[index] if index < len(b) else "")
                )
        prose.append(ProseDiff(headings[number], tuple(lines)))
    return VersionDiff(changes, tuple(prose))


def _path_order(report: AnnualReport) -> Any:
    """Cells in the order the report prints them: 二, 三, 四, each in its format's row order."""
    report_format = report.report_format
    rows = [row.key for row in report_format.proactive_rows]
    rows += [row.key for row in report_format.known_rows]
    rows += [group.key for group in report_format.review_groups]

    def key(path: str) -> tuple[int, int, str]:
        table, _, rest = path.partition(".")
        row = rest.partition(".")[0]
        return (SNAPSHOT_TABLES.index(table), rows.index(row) if row in rows else len(rows), path)

    return key
