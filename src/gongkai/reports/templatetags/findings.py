"""``{% finding f %}``: one rule finding as every page shows it (see ``gongkai.reports.findings``).

Where a page puts more in a finding's item (the publishing checklist's acknowledgement form), it builds
the ``<li>`` from the same parts: ``class="{% finding_class f %}"`` and ``{% finding_text f %}``.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from django import template

from gongkai.annual_report.formats import ReportFormat
from gongkai.annual_report.model import Finding
from gongkai.reports.findings import finding_view

register = template.Library()


@register.inclusion_tag("reports/_finding.html")
def finding(
    finding: Finding | Mapping[str, Any],
    number: int = 0,
    link: str = "",
    cells: bool = False,
    report_format: ReportFormat | None = None,
) -> dict[str, Any]:
    """A ``<li>`` of a ``ul.findings``/``ol.findings`` list: the severity in words and as a class, the
    rule, the message. ``number``: the finding's place in its list, its anchor ``#finding-<number>``;
    ``link``: the page that lists it in full (the rule links to its anchor there; without ``link`` the
    item carries the anchor itself); ``cells``: list the cells it names by their labels, each a link to
    its ``#cell-<path>`` on the same page."""
    anchor = f"finding-{number}" if number else ""
    return {
        "finding": finding_view(finding, report_format),
        "href": f"{link}#{anchor}" if link and anchor else link,
        "anchor": "" if link else anchor,
        "cells": cells,
    }


@register.simple_tag
def finding_class(finding: Finding | Mapping[str, Any]) -> str:
    """The classes of a finding's ``<li>``: ``finding severity-<severity>``."""
    return finding_view(finding).css_class


@register.inclusion_tag("reports/_finding_text.html")
def finding_text(finding: Finding | Mapping[str, Any], href: str = "") -> dict[str, Any]:
    """The severity in words, the rule (a link to ``href`` if given) and the message."""
    return {"finding": finding_view(finding), "href": href}
