"""A stored report in each output format (JSON carries the provenance: each cell's ids)."""

from __future__ import annotations

import json
from typing import Any

from django.utils.translation import gettext_lazy as _

from gongkai.annual_report.model import AnnualReport

FORMATS = ("json", "docx", "pdf", "html", "xlsx", "txt")
# What a download link says: the format as its readers call it (Word, Excel), not the file extension.
FORMAT_LABELS = {
    "pdf": "PDF",
    "docx": "Word",
    "xlsx": "Excel",
    "html": _("Web page"),
    "txt": _("Plain text"),
    "json": "JSON",
}
PUBLIC_FORMATS = ("pdf", "docx", "xlsx", "json")
CONTENT_TYPES = {
    "json": "application/json",
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "pdf": "application/pdf",
    "html": "text/html; charset=utf-8",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "txt": "text/plain; charset=utf-8",
}


class FormatUnavailable(Exception):
    """The renderer for this format is not installed in this version."""


def report_json(
    report: AnnualReport, provenance: dict[str, list[int]] | None, extra: dict[str, Any]
) -> dict[str, Any]:
    data = report.to_json()
    data.update({key: value for key, value in extra.items() if key not in data})
    data["sections"] = {
        "overview": report.sections.overview,
        "problems": report.sections.problems,
        "other": report.sections.other,
    }
    if provenance:
        data["provenance"] = provenance
    return data


def render(
    report: AnnualReport,
    fmt: str,
    provenance: dict[str, list[int]] | None = None,
    extra: dict[str, Any] | None = None,
) -> bytes:
    """The report's bytes in ``fmt``; raises ``FormatUnavailable`` when the renderer is missing."""
    from . import render as renderers

    if fmt == "json":
        return json.dumps(report_json(report, provenance, extra or {}), ensure_ascii=False, indent=2).encode()
    if fmt == "html":
        return renderers.render_html(report).encode("utf-8")
    if fmt == "txt":
        return renderers.render_text(report).encode("utf-8")
    if fmt == "docx":
        return renderers.render_docx(report)
    function = getattr(renderers, f"render_{fmt}", None)
    if function is None:
        raise FormatUnavailable(fmt)
    return function(report)  # type: ignore[no-any-return,unused-ignore]
