"""The vocabulary in which report formats are written down as data.

A format says which tables the report has, which rows and columns each table has, how each label
is printed (verbatim, with the variants real reports use) and which rules apply. Parsers match labels
against it, the validator walks its rows, renderers draw it; none of them hard-codes a label.
"""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True)
class Column:
    """A column of a table: ``key`` in the JSON, ``label`` as printed."""

    key: str
    label: str
    variants: tuple[str, ...] = ()


@dataclass(frozen=True)
class ApplicationRow:
    """A number row of section 三.

    ``label`` is printed verbatim, including its number (``1.属于国家秘密``); ``number`` is that
    prefix (``1.``) on its own, so flattened text where it glues onto the previous row's digits can be
    cut correctly. ``group`` is the spanning label on the left ((三)不予公开 …), ``part`` the outer one
    (三、本年度办理结果). ``result`` marks the rows that add up to (七)总计 (rule R3).
    """

    key: str
    label: str
    number: str = ""
    group: str = ""
    part: str = ""
    variants: tuple[str, ...] = ()
    result: bool = False

    @property
    def core(self) -> str:
        """The label without its number: what identifies the row."""
        return self.label[len(self.number) :]

    @property
    def labels(self) -> tuple[str, ...]:
        return (self.core, *self.variants)


@dataclass(frozen=True)
class ProactiveRow:
    """A row of section 二: an item of 条例第二十条 with its own columns."""

    key: str
    label: str
    columns: tuple[Column, ...]
    variants: tuple[str, ...] = ()
    # Columns holding money as printed text (procurement amount), not counts.
    text_columns: tuple[str, ...] = ()
    # Columns that may hold decimals (the 2021 fee amount in 万元).
    decimal_columns: tuple[str, ...] = ()
    # Columns that may be negative (本年增/减).
    signed_columns: tuple[str, ...] = ()

    @property
    def labels(self) -> tuple[str, ...]:
        return (self.label, *self.variants)


@dataclass(frozen=True)
class ProactiveItem:
    """A sub-table of section 二: ``第二十条第（一）项`` with its header and rows."""

    label: str
    rows: tuple[ProactiveRow, ...]

    @property
    def columns(self) -> tuple[Column, ...]:
        return self.rows[0].columns


@dataclass(frozen=True)
class ReviewGroup:
    key: str
    label: str
    parent: str = ""


@dataclass(frozen=True)
class ReportFormat:
    """One official report format (国办公开办函〔2019〕60号, 〔2021〕30号 …)."""

    id: str
    name: str
    first_year: int
    last_year: int | None
    proactive: tuple[ProactiveItem, ...]
    application_rows: tuple[ApplicationRow, ...]
    application_columns: tuple[Column, ...]
    application_header: str
    review_groups: tuple[ReviewGroup, ...]
    review_columns: tuple[Column, ...]
    sections: tuple[str, ...]
    rules: tuple[str, ...]
    # Labels only this format prints: finding them in a report says which format it follows.
    markers: tuple[str, ...] = ()
    # Rows a report of this format may print instead of others (the 2019-style (六) in a 2021 report).
    legacy_rows: dict[str, tuple[str, ...]] = field(default_factory=dict)

    @property
    def proactive_rows(self) -> tuple[ProactiveRow, ...]:
        return tuple(row for item in self.proactive for row in item.rows)

    def application_row(self, key: str) -> ApplicationRow:
        for row in self.application_rows:
            if row.key == key:
                return row
        raise KeyError(key)

    def covers(self, year: int) -> bool:
        return year >= self.first_year and (self.last_year is None or year <= self.last_year)
