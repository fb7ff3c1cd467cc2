"""The outline both files share: numbered headings in the order the sections come, a heading
over each group of strategy items ("2 Målområden" above "2.1 …", from the sections' group
title), the figures numbered through the report and the appendix tables as A.1, A.2…

Anchors are made from positions, never from the content's keys, so that a key can hold any
character without breaking a link in the PDF.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass

from fardplan.web.reports.content import (
    DataTable,
    IndicatorBlock,
    ReportContent,
    Section,
    SectionKind,
)
from fardplan.web.reports.export.charts import chart_key


@dataclass(frozen=True)
class Heading:
    anchor: str
    number: str
    title: str
    level: int  # 1 for "2", 2 for "2.1" (deeper numbers are printed at level 2 too)

    @property
    def text(self) -> str:
        return f"{self.number} {self.title}" if self.number else self.title


# A cell that reads as a number: digits with a decimal comma, a sign, a unit sign or a
# range, or a suppressed ".." with its note's letter. Such columns are aligned right.
_NUMBER = re.compile(r"^[-−+]?[\d\s\u00a0,.%–−]*\d[\d\s\u00a0,.%–−]*$|^\.\.( [a-z])?$")


@dataclass(frozen=True)
class TableEntry:
    number: str  # "A.1"
    anchor: str
    table: DataTable

    @property
    def numeric(self) -> list[bool]:
        """Return, per column, whether every filled cell below the header is a number."""
        columns = list(zip(*self.table.rows, strict=False)) or [() for _ in self.table.columns]
        return [all(_NUMBER.match(cell) for cell in column if cell) for column in columns]

    @property
    def columns(self) -> list[tuple[str, bool]]:
        return list(zip(self.table.columns, self.numeric, strict=False))

    @property
    def rows(self) -> list[list[tuple[str, bool]]]:
        numeric = self.numeric
        return [list(zip(row, numeric, strict=False)) for row in self.table.rows]


# The PDF's HTML names a chart by this scheme and its key; the PDF's URL fetcher hands over
# the PNG from memory (megabytes of base64 in the HTML cost WeasyPrint's parser a second).
CHART_SCHEME = "report-chart"


@dataclass(frozen=True)
class Figure:
    number: int
    key: str
    png: bytes
    alt: str

    @property
    def src(self) -> str:
        return f"{CHART_SCHEME}:{self.key}"


@dataclass(frozen=True)
class IndicatorEntry:
    block: IndicatorBlock
    figure: Figure | None
    table: TableEntry | None


@dataclass(frozen=True)
class Part:
    """A heading with its section, or a group heading alone (``section`` None)."""

    heading: Heading
    section: Section | None
    indicators: list[IndicatorEntry]

    @property
    def is_decisions(self) -> bool:
        """Whether the section is the report's decisions: no sub-heading over its table."""
        return self.section is not None and self.section.kind is SectionKind.DECISIONS


@dataclass(frozen=True)
class Layout:
    content: ReportContent
    parts: list[Part]
    tables: list[TableEntry]


def level(number: str) -> int:
    """Return the heading level of a section number: "2" → 1, "2.1" → 2, "2.1.3" → 2."""
    return min(2, number.count(".") + 1) if number else 1


def layout(content: ReportContent, charts: Mapping[str, bytes]) -> Layout:
    """Return the outline of ``content`` with the chart images of ``charts`` (keyed by
    :func:`~.charts.chart_key`) placed as numbered figures; a block whose chart is missing
    from ``charts`` gets no figure."""
    tables = [
        TableEntry(number=f"A.{n}", anchor=f"table-{n}", table=table)
        for n, table in enumerate(content.appendix_tables, start=1)
    ]
    by_key = {entry.table.key: entry for entry in tables}
    numbers = {section.number for section in content.sections}
    parts: list[Part] = []
    figures = 0
    for position, section in enumerate(content.sections, start=1):
        parent = section.number.partition(".")[0]
        grouped = {part.heading.number for part in parts if part.section is None}
        if section.group_title and parent not in numbers | grouped:
            group = Heading(f"group-{parent}", parent, section.group_title, 1)
            parts.append(Part(group, None, []))
        entries = []
        for block in section.indicators:
            key = chart_key(block)
            figure = None
            if key is not None and key in charts:
                figures += 1
                figure = Figure(figures, key, charts[key], block.chart_alt)
            table = by_key.get(block.table_ref) if block.table_ref else None
            entries.append(IndicatorEntry(block, figure, table))
        heading = Heading(
            f"section-{position}", section.number, section.title, level(section.number)
        )
        parts.append(Part(heading, section, entries))
    return Layout(content, parts, tables)
