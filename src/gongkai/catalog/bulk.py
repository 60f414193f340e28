"""Bulk import and export of the catalog: CSV, XLSX and JSON.

Reading a file gives rows of text keyed by column name (Chinese or English headers); checking them gives
either the documents to create or a list of ``RowError`` (row number, field, reason) — and
``actions.do_import_documents`` writes all rows or none.
"""

from __future__ import annotations

import csv
import datetime
import io
import json
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import IO, Any

from django.utils.translation import gettext as _

from .models import Document

# column key → accepted headers (the first is the one exports write).
COLUMNS: dict[str, tuple[str, ...]] = {
    "index_number": ("索引号", "index_number"),
    "title": ("标题", "title", "名称"),
    "document_number": ("文号", "document_number"),
    "agency": ("发布机构", "agency"),
    "written_on": ("成文日期", "written_on"),
    "published_on": ("发布日期", "published_on"),
    "topic": ("主题分类", "topic"),
    "genre": ("体裁分类", "genre"),
    "disclosure_mode": ("公开方式", "disclosure_mode"),
    "article20_item": ("第二十条事项", "article20_item"),
    "validity": ("有效性", "validity"),
    "body": ("正文", "body"),
}
HEADER_TO_KEY = {header.lower(): key for key, headers in COLUMNS.items() for header in headers}
_DATE = re.compile(r"^(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*日?$")


@dataclass(frozen=True)
class RowError:
    row: int  # 1-based, counting the header as row 1 in tables and the first object as row 1 in JSON
    field: str
    reason: str

    def __str__(self) -> str:
        return _("Row {row}, {field}: {reason}").format(row=self.row, field=self.field, reason=self.reason)


class ImportFailed(Exception):
    def __init__(self, errors: list[RowError]):
        super().__init__(f"{len(errors)} errors")
        self.errors = errors


def parse_date(value: str) -> datetime.date:
    """``2019-03-01``, ``2019/3/1``, ``2019年3月1日``; ValueError otherwise."""
    match = _DATE.match(value.strip())
    if match is None:
        raise ValueError(value)
    return datetime.date(*(int(part) for part in match.groups()))


def _text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, datetime.datetime):
        return value.date().isoformat()
    if isinstance(value, datetime.date):
        return value.isoformat()
    return str(value).strip()


def _keyed(header: list[str], values: Iterable[Any]) -> dict[str, str]:
    row: dict[str, str] = {}
    for name, value in zip(header, values, strict=False):
        key = HEADER_TO_KEY.get(name.strip().lower())
        if key is not None:
            row[key] = _text(value)
    return row


def read_rows(stream: IO[bytes], filename: str) -> Iterator[tuple[int, dict[str, str]]]:
    """(row number, row) pairs of a CSV, XLSX or JSON file; ``ImportFailed`` if the file is unreadable."""
    name = filename.lower()
    try:
        if name.endswith(".json"):
            data = json.load(stream)
            items = data.get("documents", data) if isinstance(data, dict) else data
            if not isinstance(items, list):
                raise ValueError("not a list")
            for number, item in enumerate(items, start=1):
                if not isinstance(item, dict):
                    yield number, {"_error": "not an object"}
                    continue
                yield number, _keyed(list(item), item.values())
        elif name.endswith(".xlsx"):
            import openpyxl

            workbook = openpyxl.load_workbook(stream, read_only=True, data_only=True)
            sheet_rows = workbook.active.iter_rows(values_only=True)  # type: ignore[union-attr]
            header = [_text(cell) for cell in next(sheet_rows)]
            for number, values in enumerate(sheet_rows, start=2):
                if any(value not in (None, "") for value in values):
                    yield number, _keyed(header, values)
        elif name.endswith(".csv"):
            text = io.TextIOWrapper(stream, encoding="utf-8-sig", newline="")
            reader = csv.reader(text)
            header = next(reader)
            for number, values in enumerate(reader, start=2):
                if any(value.strip() for value in values):
                    yield number, _keyed(header, values)
        else:
            raise ImportFailed([RowError(0, _("file"), _("Use a CSV, XLSX or JSON file."))])
    except ImportFailed:
        raise
    except (ValueError, KeyError, StopIteration, UnicodeDecodeError, OSError) as exc:
        raise ImportFailed(
            [RowError(0, _("file"), _("The file cannot be read ({error}).").format(error=type(exc).__name__))]
        ) from None
    except Exception as exc:  # openpyxl raises its own (InvalidFileException, zipfile.BadZipFile …)
        raise ImportFailed(
            [RowError(0, _("file"), _("The file cannot be read ({error}).").format(error=type(exc).__name__))]
        ) from None


def choice_value(choices: type[Any], value: str) -> str | None:
    """A TextChoices value from its value or its (Chinese) label."""
    for member in choices:
        if value in (member.value, str(member.label)):
            return str(member.value)
    return None


def export_rows(documents: Iterable[Document]) -> Iterator[dict[str, str]]:
    for document in documents:
        yield {
            "index_number": document.index_number or "",
            "title": document.title,
            "document_number": document.document_number,
            "agency": document.agency.name,
            "written_on": document.written_on.isoformat() if document.written_on else "",
            "published_on": document.published_on.isoformat() if document.published_on else "",
            "topic": document.topic.name if document.topic else "",
            "genre": document.genre.name if document.genre else "",
            "disclosure_mode": document.get_disclosure_mode_display(),
            "article20_item": document.get_article20_item_display() if document.article20_item else "",
            "validity": document.get_validity_display(),
            "body": document.body,
        }


def write_csv(documents: Iterable[Document], out: IO[str]) -> None:
    writer = csv.writer(out)
    writer.writerow([headers[0] for headers in COLUMNS.values()])
    for row in export_rows(documents):
        writer.writerow(row.values())


# Decision counts (section 二 numbers from other systems): one row per agency and year.
COUNT_COLUMNS = (
    "licensing_items", "licensing_decisions", "other_services_items", "other_services_decisions",
    "penalty_items", "penalty_decisions", "enforcement_items", "enforcement_decisions", "fee_items",
    "fee_amount_10k_yuan", "procurement_projects", "procurement_amount",
)  # fmt: skip


def read_count_rows(stream: IO[bytes], filename: str) -> Iterator[tuple[int, dict[str, str]]]:
    """Rows of a decision-count file: columns ``agency`` (name or credit code), ``year`` and ``COUNT_COLUMNS``."""
    headers = {"agency", "year", *COUNT_COLUMNS}
    if not filename.lower().endswith(".csv"):
        raise ImportFailed([RowError(0, _("file"), _("Use a CSV file."))])
    try:
        reader = csv.DictReader(io.TextIOWrapper(stream, encoding="utf-8-sig", newline=""))
        for number, row in enumerate(reader, start=2):
            yield number, {k.strip(): (v or "").strip() for k, v in row.items() if k and k.strip() in headers}
    except (UnicodeDecodeError, csv.Error) as exc:
        raise ImportFailed(
            [RowError(0, _("file"), _("The file cannot be read ({error}).").format(error=type(exc).__name__))]
        ) from None
