"""No module outside the formats package names a report format by its year.

What differs between the State Council's formats is asked of the format (``gongkai.annual_report.formats``),
so that the next format is one file. The source is read with :mod:`ast`, not searched as text: a year in a
date, a docstring or a message is fine; a year naming a format is not — a format id as a string
(``"2021"``), a first year compared with a year (``year >= 2021``) or used as a key (``FORMATS[2021]``), and
a format compared with a literal (``report.format == …``).
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

from gongkai.annual_report.formats import FORMATS

ROOT = Path(__file__).resolve().parents[1]
FORMATS_PACKAGE = ROOT / "src" / "gongkai" / "annual_report" / "formats"
SCANNED = (ROOT / "src" / "gongkai", ROOT / "benchmarks", ROOT / "scripts")


def format_ids() -> set[str]:
    return set(FORMATS)


def switch_years() -> set[int]:
    """The years a format takes effect: comparing a year with one of them is choosing a format."""
    return {report_format.first_year for report_format in FORMATS.values()}


def _names_a_format(node: ast.expr) -> bool:
    """``report.format``, ``report_format.id``, ``due_format`` and the like: an expression holding a report
    format (not a file format: ``fmt == "pdf"`` is fine)."""
    if isinstance(node, ast.Attribute):
        if node.attr == "format":
            return True
        if node.attr == "id":
            return _names_a_format(node.value) or "format" in ast.unparse(node.value).lower()
        return "format" in node.attr.lower() and not node.attr.startswith("format_")
    if isinstance(node, ast.Name):
        return node.id.endswith("_format") or node.id == "format_id"
    return False


def format_literals(source: str) -> list[tuple[int, str]]:
    """``(line, source)`` of every place in ``source`` that names a format by its year."""
    ids, years = format_ids(), switch_years()
    found: list[tuple[int, str]] = []

    def flag(node: ast.AST) -> None:
        found.append((getattr(node, "lineno", 0), ast.unparse(node)))

    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Constant) and isinstance(node.value, str) and node.value in ids:
            flag(node)
        elif isinstance(node, ast.Compare):
            operands = [node.left, *node.comparators]
            literal_years = [
                operand
                for operand in operands
                if isinstance(operand, ast.Constant) and type(operand.value) is int and operand.value in years
            ]
            literals = [
                operand
                for operand in operands
                if (isinstance(operand, ast.Constant) and operand.value is not None)
                or (
                    isinstance(operand, ast.Tuple | ast.List | ast.Set)
                    and all(isinstance(item, ast.Constant) for item in operand.elts)
                )
            ]
            if literal_years or (literals and any(_names_a_format(operand) for operand in operands)):
                flag(node)
        elif isinstance(node, ast.Subscript):
            key = node.slice
            if isinstance(key, ast.Constant) and type(key.value) is int and key.value in years:
                flag(node)
    return sorted(set(found))


def scanned_files() -> list[Path]:
    files = []
    for folder in SCANNED:
        for path in sorted(folder.rglob("*.py")):
            parts = set(path.relative_to(ROOT).parts)
            if path.is_relative_to(FORMATS_PACKAGE) or parts & {"tests", "migrations"}:
                continue
            files.append(path)
    return files


def test_no_module_outside_the_formats_package_names_a_format_by_its_year() -> None:
    files = scanned_files()
    assert len(files) > 100, "the scan found the sources"
    offences = [
        f"{path.relative_to(ROOT)}:{line}: {code}"
        for path in files
        for line, code in format_literals(path.read_text(encoding="utf-8"))
    ]
    assert offences == [], "\n".join(offences)


@pytest.mark.parametrize(
    "code",
    [
        'FORMAT = "2021"',
        'if report.format == "2019": pass',
        "if year >= 2021: pass",
        "outcome = 'a' if on.year < 2021 else 'b'",
        "x = FORMATS[2021]",
        'x = {"2019": 1}',
        "if report_format.id != '2019': pass",
        'if fmt in ("2019", "2020"): pass',
        "if report_format == SOME_FORMAT or report_format.id == 'x': pass",
        "if report.format == 'next': pass",
        "if report.format in ('next', 'later'): pass",
        "if due_format.id == SOME_ID or 2019 == year: pass",
    ],
)
def test_the_check_finds_a_format_named_by_its_year(code: str) -> None:
    assert format_literals(code), code


@pytest.mark.parametrize(
    "code",
    [
        "day = datetime.date(2021, 3, 1)",
        'NUMBER = "秀经信商〔2019〕1号"',
        'message = "2021年起应写明收取金额"',
        "rng = random.Random(2019)",
        "if report.format != report_format.id: pass",
        "if report_format is not None and report.format is None: pass",
        "if year > today.year: pass",
        "if on.year < fees.FIRST_YEAR: pass",
        'if fmt == "pdf": pass',
        '"""Reports for 2019 and 2020 use the 2019 format."""',
    ],
)
def test_the_check_leaves_dates_messages_and_generic_comparisons_alone(code: str) -> None:
    assert format_literals(code) == [], code
