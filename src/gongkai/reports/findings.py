"""How a rule finding is shown on a page: its severity in words, the class that styles it, its cells by name.

Every page that lists findings — the staff report, a batch audit and its files, the oversight dashboard and
its summary — draws each one through ``reports/_finding.html`` (the ``finding`` template tag), so that the
stylesheet styles ``.finding.severity-error`` (most prominent), ``-warning`` and ``-info`` once, and the
severity is also said in words: it is never carried by colour alone.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from django.utils.functional import Promise
from django.utils.translation import pgettext_lazy

from gongkai.annual_report.formats import ReportFormat
from gongkai.annual_report.model import Finding, Severity
from gongkai.reports.tables import cell_label

SEVERITY_LABELS: dict[str, Promise] = {
    Severity.ERROR: pgettext_lazy("finding severity", "Error"),
    Severity.WARNING: pgettext_lazy("finding severity", "Warning"),
    Severity.INFO: pgettext_lazy("finding severity", "Note"),
}


@dataclass(frozen=True)
class CellName:
    path: str  # the cell's key path, for the page's anchors (never shown)
    label: str  # the cell as the report form names it: 三、（二）部分公开… · 总计

    @property
    def anchor(self) -> str:
        """Its place on the staff report page: ``cell-<path>``, or a narrative section's ``section-五``."""
        table, _, rest = self.path.partition(".")
        return f"section-{rest}" if table == "sections" else f"cell-{self.path}"


@dataclass(frozen=True)
class FindingView:
    rule: str
    severity: str  # error, warning or info (an unknown severity is shown as info)
    message: str
    cells: tuple[CellName, ...]

    @property
    def named_cells(self) -> tuple[CellName, ...]:
        """The cells the report form names (a path it does not know, ``published_on``, is no cell of
        its tables: nothing to point at)."""
        return tuple(cell for cell in self.cells if cell.label != cell.path)

    @property
    def severity_label(self) -> str:
        return str(SEVERITY_LABELS[self.severity])

    @property
    def css_class(self) -> str:
        return f"finding severity-{self.severity}"


def finding_view(
    finding: Finding | Mapping[str, Any], report_format: ReportFormat | None = None
) -> FindingView:
    """A finding (the dataclass, or its JSON as stored with a report or an audited file) for a page."""
    if isinstance(finding, Mapping):
        finding = Finding.from_json(dict(finding))
    severity = finding.severity if finding.severity in SEVERITY_LABELS else Severity.INFO
    cells = tuple(CellName(path, cell_label(path, report_format)) for path in finding.cells)
    return FindingView(finding.rule, severity, finding.message, cells)
