"""How findings and cells are named on pages: the severity in words and in one set of classes the
stylesheet styles, and cells by their row and column labels rather than their key paths."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from django.template import Context, Template
from django.utils import translation

from gongkai.annual_report.formats import FORMATS
from gongkai.annual_report.model import Finding, Severity
from gongkai.reports.findings import SEVERITY_LABELS, finding_view
from gongkai.reports.tables import cell_label

STYLESHEET = Path(__file__).resolve().parents[2] / "static" / "gongkai" / "site.css"


@pytest.mark.parametrize(
    ("path", "label"),
    [
        (
            "applications.partially_granted.total",
            "三、（二）部分公开（区分处理的，只计这一情形，不计其他情形） · 总计",
        ),
        ("applications.denied_state_secret.natural_person", "三、（三）不予公开 1.属于国家秘密 · 自然人"),
        ("applications.new_received.commercial_enterprise", "一、本年新收政府信息公开申请数量 · 商业企业"),
        ("applications.carried_forward.total", "四、结转下年度继续办理 · 总计"),
        ("applications.other_processing.other_org", "三、（六）其他处理 · 其他"),
        ("reviews.reconsideration.upheld", "四、行政复议 · 结果维持"),
        ("reviews.litigation_after_reconsideration.pending", "四、行政诉讼 复议后起诉 · 尚未审结"),
        ("proactive.rules.repealed", "二、规章 · 本年废止件数"),
        ("proactive", "二、主动公开政府信息情况"),
        ("sections.五", "五、存在的主要问题及改进情况"),
        ("applications.no_such_row.total", "applications.no_such_row.total"),
    ],
)
def test_a_cell_is_named_by_its_row_and_column(path: str, label: str) -> None:
    assert cell_label(path) == label


def test_a_cell_of_section_two_is_named_as_the_reports_format_prints_it() -> None:
    assert (
        cell_label("proactive.normative_documents.made", FORMATS["2019"]) == "二、规范性文件 · 本年新制作数量"
    )
    assert (
        cell_label("proactive.normative_documents.issued", FORMATS["2021"])
        == "二、行政规范性文件 · 本年制发件数"
    )


def test_every_severity_has_words_and_a_rule_in_the_stylesheet() -> None:
    """The bug of issue 13: the stylesheet styled ``.warning`` (red) and had no rule for errors."""
    css = STYLESHEET.read_text(encoding="utf-8")
    with translation.override("zh-hans"):
        assert {key: str(label) for key, label in SEVERITY_LABELS.items()} == {
            Severity.ERROR: "错误",
            Severity.WARNING: "警告",
            Severity.INFO: "提示",
        }
    rules = {}
    for severity in (Severity.ERROR, Severity.WARNING, Severity.INFO):
        found = re.search(r"\.finding\.severity-" + severity + r" \{([^}]*)\}", css)
        assert found, f"no rule for .finding.severity-{severity}"
        rules[severity] = found.group(1)
    # Errors stand out most: a coloured background as well as the border.
    assert "background" in rules[Severity.ERROR] and "border-left-color" in rules[Severity.ERROR]


@pytest.mark.parametrize(
    "finding",
    [
        Finding("R4", Severity.ERROR, ("reviews.reconsideration.total",), "四、行政复议：结果之和≠总计"),
        {
            "rule": "R4",
            "severity": "error",
            "cells": ["reviews.reconsideration.total"],
            "message": "四、行政复议：结果之和≠总计",
        },
    ],
)
def test_the_finding_tag_gives_the_class_the_words_and_the_cells_by_name(finding: object) -> None:
    template = Template("{% load findings %}{% finding f number=2 cells=True %}")
    with translation.override("zh-hans"):
        html = template.render(Context({"f": finding}))
    assert html.startswith(
        '<li class="finding severity-error" id="finding-2"><span class="severity-label">错误</span>'
    )
    assert '<a href="#cell-reviews.reconsideration.total">四、行政复议 · 总计</a>' in html
    assert "四、行政复议：结果之和≠总计" in html


def test_a_finding_linked_from_another_page_points_to_its_anchor_there() -> None:
    template = Template("{% load findings %}{% finding f number=3 link='/oversight/audits/1/files/2/' %}")
    html = template.render(Context({"f": Finding("R5", Severity.INFO, (), "空")}))
    assert 'href="/oversight/audits/1/files/2/#finding-3"' in html and 'id="finding-3"' not in html


def test_an_unknown_severity_is_shown_as_a_note() -> None:
    view = finding_view({"rule": "R99", "severity": "fatal", "cells": [], "message": "?"})
    assert view.css_class == "finding severity-info"
