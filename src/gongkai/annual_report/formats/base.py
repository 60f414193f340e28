"""The vocabulary in which report formats are written down as data.

A format says which tables the report has, which rows and columns each table has, how each label is
printed (verbatim, with the variants real reports use), which of gongkai's decisions each row of section 三
counts (:attr:`ApplicationRow.maps_from`), what each cell of section 二 measures in the catalog
(:attr:`ProactiveRow.measures`), which rules apply with which rows (:class:`RuleUse`) and the words letters
and the narrative use. Parsers match labels against it, the validator walks its rows, renderers draw it,
the build counts by it; none of them hard-codes a label or a format.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from enum import StrEnum
from functools import cached_property
from typing import Any


@dataclass(frozen=True)
class Column:
    """A column of a table: ``key`` in the JSON, ``label`` as printed."""

    key: str
    label: str
    variants: tuple[str, ...] = ()


class Reason(StrEnum):
    """Why an application closed without a decision of its own: gongkai's reason codes. Each format counts
    each of them in one of its rows (:attr:`ApplicationRow.maps_from`)."""

    WITHDRAWN = "reason:withdrawn"  # the applicant withdrew
    NO_SUPPLEMENT = "reason:no_supplement"  # no supplement in time (条例第三十条)
    FEE_UNPAID = "reason:fee_unpaid"  # the processing fee not paid in time
    OTHER = "reason:other"  # an outcome the format has no row for (counted in its catch-all row)


_HEADING = re.compile(r"^（.）[^（]*")
_NUMBER = re.compile(r"^（.）|^[一二三四五六七八九十]、")


@dataclass(frozen=True)
class ApplicationRow:
    """A number row of section 三.

    ``label`` is printed verbatim, including its number (``1.属于国家秘密``); ``number`` is that
    prefix (``1.``) on its own, so flattened text where it glues onto the previous row's digits can be
    cut correctly. ``group`` is the spanning label on the left ((三)不予公开 …), ``part`` the outer one
    (三、本年度办理结果). ``result`` marks the rows that add up to (七)总计 (rule R3): the rows a decision
    is counted in. ``maps_from`` lists the other codes counted in a result row besides its own key:
    gongkai's :class:`Reason` codes and rows of other formats (the 2019 format's single (六) counts the
    2021 format's three). ``wording`` is how letters and the narrative name the row where that is not its
    label without the number.
    """

    key: str
    label: str
    number: str = ""
    group: str = ""
    part: str = ""
    variants: tuple[str, ...] = ()
    result: bool = False
    maps_from: tuple[str, ...] = ()
    wording: str = ""

    @property
    def core(self) -> str:
        """The label without its number: what identifies the row."""
        return self.label[len(self.number) :]

    @property
    def labels(self) -> tuple[str, ...]:
        return (self.core, *self.variants)

    @property
    def counts(self) -> tuple[str, ...]:
        """The codes counted in this row: its key, then ``maps_from``."""
        return (self.key, *self.maps_from)

    @property
    def heading(self) -> str:
        """The result heading the row belongs to: ``（三）不予公开`` for its items, ``（二）部分公开`` for
        the row that is its own heading."""
        if self.group:
            return self.group
        match = _HEADING.match(self.label)
        return match.group(0) if match else self.label

    @property
    def words(self) -> str:
        """The row as letters and the narrative say it: ``属于国家秘密``, ``予以公开``."""
        return self.wording or _NUMBER.sub("", self.core)

    @property
    def decision(self) -> str:
        """The decision as the timeline states it, heading and row once: ``（三）不予公开 属于国家秘密``,
        but ``（一）予以公开``."""
        return self.heading if self.words.startswith(self.heading[3:]) else f"{self.heading} {self.words}"


class DocumentCount(StrEnum):
    """What a cell of section 二 counts among the catalog's documents of its row's item of 条例第二十条.

    "Public" is published and proactively disclosed, whatever the document's validity now. A document is
    "made" on its date written (成文日期), or on its publication date where none is recorded. "Ended" is
    repealed (废止) or expired (失效): the catalog keeps the two apart, both end a document's force.
    """

    WRITTEN = "written"  # written in the year, whatever became of them (drafts too)
    PUBLISHED = "published"  # public, published in the year
    PUBLISHED_BY_END = "published_by_end"  # public, published by 31 December
    MADE = "made"  # public, made in the year
    ENDED = "ended"  # public, made by 31 December and ended in the year
    IN_FORCE_AT_END = "in_force_at_end"  # public, made by 31 December and not ended by then


@dataclass(frozen=True)
class Documents:
    """A cell counting the catalog's documents of the row's item (``rules``, ``normative_documents``)."""

    count: DocumentCount


class EnteredYear(StrEnum):
    THIS = "this"  # the report's year
    PRIOR = "prior"  # the year before
    CHANGE = "change"  # the report's year less the year before


@dataclass(frozen=True)
class Entered:
    """A cell holding a number entered per agency and year (the catalog's decision counts: 许可, 处罚,
    强制, 收费, 采购), by the name of the entered field."""

    field: str
    year: EnteredYear = EnteredYear.THIS


Measure = Documents | Entered


@dataclass(frozen=True)
class ProactiveRow:
    """A row of section 二: an item of 条例第二十条 with its own columns, and what each column measures."""

    key: str
    label: str
    columns: tuple[Column, ...]
    variants: tuple[str, ...] = ()
    # Columns holding money as printed text (procurement amount), not counts.
    text_columns: tuple[str, ...] = ()
    # Columns that may hold decimals (the fee amount in 万元).
    decimal_columns: tuple[str, ...] = ()
    # Columns that may be negative (本年增/减).
    signed_columns: tuple[str, ...] = ()
    # Column key → what gongkai counts for it when it builds the report.
    measures: Mapping[str, Measure] = field(default_factory=dict)

    @property
    def labels(self) -> tuple[str, ...]:
        return (self.label, *self.variants)

    def column(self, key: str) -> Column:
        return next(column for column in self.columns if column.key == key)


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
class Alternative:
    """Rows a report of the format may print instead of some of its own — the layout of the neighbouring
    format, as real reports print it (a 2021 report with the 2019 single (六)). Reading keeps what was
    printed, the replaced rows recorded as absent; rule R14 says ``message``."""

    replaces: tuple[str, ...]
    rows: tuple[ApplicationRow, ...]
    after: str  # the row they are printed after
    message: str


@dataclass(frozen=True)
class DroppedItem:
    """An item of section 二 the format no longer has: a report of the format that prints one of
    ``labels`` breaks it (rule R14 says ``message``)."""

    labels: tuple[str, ...]
    message: str


@dataclass(frozen=True)
class RuleUse:
    """A rule that applies to reports of the format: ``rows`` are the rows of section 二 it reads (R8, R9);
    ``check``, where given, replaces the standard rule of that id for this format (called as the
    standard rules are, ``check(report, context)``)."""

    id: str
    rows: tuple[str, ...] = ()
    check: Callable[..., Any] | None = None


def rule_uses(*uses: str | RuleUse) -> tuple[RuleUse, ...]:
    """``"R1"`` or ``RuleUse("R9", rows=…)`` → rule uses."""
    return tuple(use if isinstance(use, RuleUse) else RuleUse(use) for use in uses)


@dataclass(frozen=True)
class Words:
    """The sentences of the narrative draft that differ between formats (section 六).

    ``fees_none`` and ``fees_collected`` (``{year}``, ``{amount}``, ``{applications}``) state the processing
    fees where the format asks section 六 to (None where it does not).
    """

    fees_none: str | None = None
    fees_collected: str | None = None
    nothing_else: str = "无其他需要报告的事项。"


@dataclass(frozen=True)
class ReportFormat:
    """One official report format (国办公开办函〔2019〕60号, 〔2021〕30号 …): everything that differs
    between formats, in one object."""

    id: str
    name: str  # the notice that sets the format: 国办公开办函〔2021〕30号
    short_name: str  # how notes and charts name it: 2021年格式
    first_year: int
    last_year: int | None
    proactive: tuple[ProactiveItem, ...]
    application_rows: tuple[ApplicationRow, ...]
    application_columns: tuple[Column, ...]
    application_header: str
    review_groups: tuple[ReviewGroup, ...]
    review_columns: tuple[Column, ...]
    sections: tuple[str, ...]
    rules: tuple[RuleUse, ...]
    # Labels only this format prints: finding them in a report says which format it follows.
    markers: tuple[str, ...] = ()
    alternatives: tuple[Alternative, ...] = ()
    dropped_items: tuple[DroppedItem, ...] = ()
    words: Words = Words()

    def __post_init__(self) -> None:
        counted: dict[str, str] = {}
        for row in self.result_rows:
            for code in row.counts:
                if code in counted:
                    raise ValueError(f"{self.id}: {code} is counted in both {counted[code]} and {row.key}")
                counted[code] = row.key
        if Reason.OTHER not in counted:
            raise ValueError(f"{self.id}: no row counts {Reason.OTHER} (the catch-all row)")
        proactive = {row.key for row in self.proactive_rows}
        for use in self.rules:
            if not set(use.rows) <= proactive:
                raise ValueError(f"{self.id}: {use.id} reads rows the format does not have: {use.rows}")

    # Derived once per format (the build asks for every grouped row of a million applications).
    @cached_property
    def proactive_rows(self) -> tuple[ProactiveRow, ...]:
        return tuple(row for item in self.proactive for row in item.rows)

    @cached_property
    def result_rows(self) -> tuple[ApplicationRow, ...]:
        """The rows a decision is counted in, (一)…(六): what the decision form offers."""
        return tuple(row for row in self.application_rows if row.result)

    @cached_property
    def known_rows(self) -> tuple[ApplicationRow, ...]:
        """Its rows and, after the row each follows, the rows its :attr:`alternatives` print instead."""
        rows = list(self.application_rows)
        for alternative in self.alternatives:
            index = [row.key for row in rows].index(alternative.after) + 1
            rows[index:index] = alternative.rows
        return tuple(rows)

    def application_row(self, key: str) -> ApplicationRow:
        for row in self.known_rows:
            if row.key == key:
                return row
        raise KeyError(key)

    @cached_property
    def _counted_in(self) -> dict[str, ApplicationRow]:
        return {code: row for row in self.result_rows for code in row.counts}

    def row_for(self, code: str) -> ApplicationRow | None:
        """The result row a decision or reason code is counted in (None: the format has no such row)."""
        return self._counted_in.get(code)

    @property
    def catch_all(self) -> ApplicationRow:
        """The row an outcome the format has no row for is counted in (its (六)其他处理)."""
        row = self.row_for(Reason.OTHER)
        assert row is not None  # checked when the format is made
        return row

    def covers(self, year: int) -> bool:
        return year >= self.first_year and (self.last_year is None or year <= self.last_year)
