"""The follow-up pages' view of the analytics store: the current run, published, indexed.

The store holds every cell of a run (all indicators, periods, areas, sexes and age groups;
millions for all of Sweden). A page needs one indicator in one area, or the latest year of
every indicator in one area. :func:`published_run` reads the current run once, publishes it
(a suppressed cell loses its numerator and value, and its denominator where that would reveal
the numerator), and keeps it sorted by indicator, area, sex, age group and period with the row
range of every (indicator, area): a page slices its rows instead of scanning the run.

Only the published form is kept, shared by every user: it is public. The raw numbers are read
once, to tell why a cell is suppressed (the primary rules, or secondary to protect another
cell), and dropped. When the store file changes (a new run), the next request reads it again.
"""

from __future__ import annotations

import threading
from dataclasses import dataclass
from enum import StrEnum
from pathlib import Path

import duckdb
import numpy as np
import polars as pl
import pyarrow as pa

from fardplan.catalogue import load_catalogue
from fardplan.config import analytics_path
from fardplan.engine.store import RunInfo, current_run, latest_results
from fardplan.engine.suppression import primary, publish

KEY = ["indicator_id", "area_code"]
ORDER = ["indicator_id", "area_code", "sex", "age_group", "period"]
TOTAL_SEX, ALL_AGES = "T", "all"


class Reason(StrEnum):
    """Why a cell is suppressed. Only the rule's kind, never a count."""

    FEW = "few"  # the primary rules: few persons or events in the cell
    PROTECTS_OTHER = "protects_other"  # secondary: else a suppressed cell could be derived
    SOURCE = "source"  # an imported value its source withholds (Kolada's "..")


@dataclass(frozen=True)
class Cell:
    """One published cell. A suppressed cell has ``numerator`` and ``value`` None (and its
    ``denominator`` where that would reveal the numerator) and a ``reason``."""

    period: str
    sex: str
    age_group: str
    numerator: float | None
    denominator: float | None
    value: float | None
    reason: Reason | None

    @property
    def suppressed(self) -> bool:
        return self.reason is not None

    @property
    def is_month(self) -> bool:
        return len(self.period) == 7  # "2024-03"; a year is "2024"


@dataclass(frozen=True)
class Series:
    """The cells of one indicator, area, sex and age group, in period order."""

    years: tuple[Cell, ...]
    months: tuple[Cell, ...]


class PublishedRun:
    """The current run's published cells, sorted, with the row range of each (indicator,
    area). Read-only once built; shared between requests."""

    def __init__(self, info: RunInfo, cells: pl.DataFrame) -> None:
        self.info = info
        self._cells = cells.sort(ORDER)
        ranges = (
            self._cells.select(KEY)
            .with_row_index("row")
            .group_by(KEY, maintain_order=True)
            .agg(pl.col("row").min().alias("start"), pl.len().alias("length"))
        )
        self._ranges: dict[tuple[str, str], tuple[int, int]] = {
            (i, a): (s, n) for i, a, s, n in ranges.iter_rows()
        }
        self._latest = self._latest_years()

    def __len__(self) -> int:
        return self._cells.height

    def indicator_ids(self) -> set[str]:
        """Return the ids of the indicators with at least one cell in the run."""
        return {indicator for indicator, _area in self._ranges}

    def areas(self, indicator_id: str) -> list[str]:
        """Return the area codes with cells of the indicator, sorted by code."""
        return sorted(area for i, area in self._ranges if i == indicator_id)

    def cells(self, indicator_id: str, area_code: str) -> list[Cell]:
        """Return every cell of the indicator in the area (all sexes, ages and periods),
        sorted by sex, age group and period; empty when the run has none."""
        found = self._ranges.get((indicator_id, area_code))
        if found is None:
            return []
        start, length = found
        return [_cell(row) for row in self._cells.slice(start, length).iter_rows(named=True)]

    def series(
        self, indicator_id: str, area_code: str, sex: str = TOTAL_SEX, age_group: str = ALL_AGES
    ) -> Series:
        """Return the yearly and monthly cells of one sex and age group, in period order."""
        found = self._ranges.get((indicator_id, area_code))
        if found is None:
            return select_series([], sex, age_group)
        # Filtered before the rows become cells: a comparison asks this of every municipality,
        # and all sexes and age bands are about 25 times the rows of one series.
        rows = self._cells.slice(*found).filter(
            (pl.col("sex") == sex) & (pl.col("age_group") == age_group)
        )
        return select_series([_cell(row) for row in rows.iter_rows(named=True)], sex, age_group)

    def latest_year(self, indicator_id: str, area_code: str) -> tuple[Cell, Cell | None] | None:
        """Return the latest year's cell (both sexes, all ages) and the year before it (None
        when the run has one year), or None when the area has no yearly cell."""
        return self._latest.get((indicator_id, area_code))

    def _latest_years(self) -> dict[tuple[str, str], tuple[Cell, Cell | None]]:
        # Pre-computed once: the county and area pages show it for every indicator and area.
        years = self._cells.filter(
            (pl.col("sex") == TOTAL_SEX)
            & (pl.col("age_group") == ALL_AGES)
            & (pl.col("period").str.len_chars() == 4)
        )
        latest: dict[tuple[str, str], tuple[Cell, Cell | None]] = {}
        previous: dict[tuple[str, str], Cell] = {}
        for row in years.iter_rows(named=True):  # sorted, so the last year comes last
            key = (row["indicator_id"], row["area_code"])
            if key in latest:
                previous[key] = latest[key][0]
            latest[key] = (_cell(row), previous.get(key))
        return latest


def select_series(cells: list[Cell], sex: str, age_group: str) -> Series:
    """Return the yearly and monthly cells of ``cells`` of one sex and age group."""
    chosen = [c for c in cells if c.sex == sex and c.age_group == age_group]
    return Series(
        years=tuple(c for c in chosen if not c.is_month),
        months=tuple(c for c in chosen if c.is_month),
    )


def _cell(row: dict[str, object]) -> Cell:
    reason = row["reason"]
    return Cell(
        period=str(row["period"]),
        sex=str(row["sex"]),
        age_group=str(row["age_group"]),
        numerator=_number(row["numerator"]),
        denominator=_number(row["denominator"]),
        value=_number(row["value"]),
        reason=Reason(str(reason)) if reason is not None else None,
    )


def _number(value: object) -> float | None:
    return None if value is None else float(value)  # type: ignore[arg-type]


def published_cells(raw: pa.Table) -> pl.DataFrame:
    """Return the published form of the raw cells with a ``reason`` column (None when a cell
    is published) and without the ``suppressed`` flag."""
    catalogue = load_catalogue()
    suppressed = raw["suppressed"].to_numpy(zero_copy_only=False).astype(bool)
    few = primary(raw, catalogue)
    kind = np.where(few, Reason.FEW.value, Reason.PROTECTS_OTHER.value)
    reason = pa.array(kind, pa.string(), mask=~suppressed)  # null where published
    published = publish(raw, catalogue).drop_columns(["suppressed"])
    frame = pl.from_arrow(published.append_column("reason", reason))
    assert isinstance(frame, pl.DataFrame)
    return frame


class StoreBusy(Exception):
    """The store is locked by a writer (a run being saved) and no earlier run is at hand."""


_lock = threading.Lock()
_cache: dict[Path, tuple[tuple[int, ...], PublishedRun | None]] = {}


def published_run(path: Path | None = None) -> PublishedRun | None:
    """Return the current run, published and indexed, or None when no run is stored.

    Read once per change of the store file: each call only compares the file's size and
    modification time (and its write-ahead log's) with those of the last read. While a
    writer holds the file, the run read before is served; ``StoreBusy`` when there is none.
    """
    path = (path or analytics_path()).resolve()
    stamp = store_stamp(path)
    with _lock:
        cached = _cache.get(path)
        if cached is not None and cached[0] == stamp:
            return cached[1]
        try:
            loaded = _load(path, cached[1] if cached else None)
        except duckdb.IOException as error:
            if cached is not None:
                return cached[1]
            raise StoreBusy(str(error)) from error
        _cache[path] = (stamp, loaded)
        return loaded


def store_stamp(path: Path) -> tuple[int, ...]:
    """The store file's and its write-ahead log's modification times and sizes: a cache of
    what was read from the store is current while they are the same."""
    stamp: list[int] = []
    for file in (path, path.with_name(path.name + ".wal")):
        try:
            status = file.stat()
        except FileNotFoundError:
            stamp += [0, 0]
            continue
        stamp += [status.st_mtime_ns, status.st_size]
    return tuple(stamp)


def _load(path: Path, before: PublishedRun | None) -> PublishedRun | None:
    info = current_run(path)
    if info is None:
        return None
    if before is not None and before.info.run_id == info.run_id:
        return before
    raw = latest_results(published=False, path=path)
    return PublishedRun(info, published_cells(raw))


def forget_cache() -> None:
    """Drop every cached run (tests that replace the store within one process)."""
    with _lock:
        _cache.clear()
