"""The follow-up pages' view of imported values (Kolada, uploads): cells as a run's, and sources.

Imported values are few (a handful of indicators × areas × years), so every page reads them
all once per change of the store file, as ``query`` does the run. A value the source
withholds becomes a suppressed cell (reason ``SOURCE``); a year after the source's latest is
*not yet published* (the source's lag), never a bad or a missing result.
"""

from __future__ import annotations

import threading
from collections import defaultdict
from dataclasses import dataclass
from datetime import date
from pathlib import Path

import duckdb
from django.utils import formats
from django.utils.translation import gettext as _

from fardplan.catalogue import Indicator
from fardplan.config import analytics_path
from fardplan.sources.imported import ImportedRow, Provenance, Status, imported_for
from fardplan.sources.kolada_replay import DEMO_FETCHER
from fardplan.web.followup.query import ALL_AGES, TOTAL_SEX, Cell, Reason, store_stamp


@dataclass(frozen=True)
class ImportedSeries:
    """An imported indicator's cells in one area, and the provenance of each batch used."""

    cells: list[Cell]
    sources: list[Provenance]

    @property
    def last_year(self) -> int | None:
        years = [int(cell.period[:4]) for cell in self.cells]
        return max(years) if years else None


_lock = threading.Lock()
_cache: dict[Path, tuple[tuple[int, ...], dict[tuple[str, str], list[ImportedRow]]]] = {}


def _index(path: Path | None = None) -> dict[tuple[str, str], list[ImportedRow]]:
    path = (path or analytics_path()).resolve()
    stamp = store_stamp(path)
    with _lock:
        cached = _cache.get(path)
        if cached is not None and cached[0] == stamp:
            return cached[1]
        try:
            rows = imported_for(store_path=path)
        except duckdb.IOException:  # a writer holds the file: what was read before, or none
            return cached[1] if cached else {}
        index: dict[tuple[str, str], list[ImportedRow]] = defaultdict(list)
        for row in rows:
            index[(row.value.indicator_id, row.value.area_code)].append(row)
        _cache[path] = (stamp, dict(index))
        return _cache[path][1]


def forget_cache() -> None:
    with _lock:
        _cache.clear()


def imported_series(entry: Indicator, area_code: str) -> ImportedSeries:
    """Return the indicator's imported cells in the area (every sex, age group and period)."""
    rows = _index().get((entry.id, area_code), [])
    cells = [_cell(row) for row in rows]
    sources: dict[str, Provenance] = {row.batch_id: row.provenance for row in rows}
    ordered = sorted(sources.values(), key=lambda p: p.fetched_at, reverse=True)
    return ImportedSeries(cells, ordered)


def imported_areas(entry: Indicator) -> list[str]:
    """Return the codes of the areas with imported values of the indicator, sorted."""
    return sorted(area for indicator, area in _index() if indicator == entry.id)


def has_imported(entry: Indicator) -> bool:
    return any(indicator == entry.id for indicator, _area in _index())


def _cell(row: ImportedRow) -> Cell:
    value = row.value
    return Cell(
        period=value.period,
        sex=value.sex,
        age_group=value.age_group,
        numerator=value.numerator,
        denominator=value.denominator,
        value=value.value,
        reason=Reason.SOURCE if value.status is Status.SUPPRESSED else None,
    )


def is_whole_year(cell: Cell) -> bool:
    """Whether the cell is a year's value for both sexes and all ages."""
    return len(cell.period) == 4 and cell.sex == TOTAL_SEX and cell.age_group == ALL_AGES


def latest_year(series: ImportedSeries) -> tuple[Cell, Cell | None] | None:
    """Return the latest yearly cell (both sexes, all ages) and the year before, as a run's
    ``latest_year`` does; None when the area has no yearly value."""
    years = sorted(filter(is_whole_year, series.cells), key=lambda c: c.period)
    if not years:
        return None
    previous = (
        years[-2] if len(years) > 1 and int(years[-2].period) == int(years[-1].period) - 1 else None
    )
    return years[-1], previous


def imported_year(entry: Indicator, area_code: str, period: str) -> Cell | None:
    """Return the area's cell of that year (both sexes, all ages), or None."""
    cells = imported_series(entry, area_code).cells
    return next((c for c in cells if c.period == period and is_whole_year(c)), None)


def pending_years(last_year: int | None, today: date | None = None) -> list[str]:
    """Return the years after the source's latest up to last year: not yet published."""
    if last_year is None:
        return []
    through = (today or date.today()).year - 1
    return [str(year) for year in range(last_year + 1, through + 1)]


def source_line(entry: Indicator, sources: list[Provenance]) -> str:
    """Return the sentence under a chart of imported values: source, fetched, published."""
    if not sources:
        return ""
    latest = sources[0]
    published = [p.published_at for p in sources if p.published_at is not None]
    named = source_name(entry, latest)
    fetched = formats.date_format(latest.fetched_at.date(), "DATE_FORMAT")
    if published:
        return _(
            "Source: %(source)s. Fetched %(fetched)s; published by the source %(published)s."
        ) % {
            "source": named,
            "fetched": fetched,
            "published": formats.date_format(max(published), "DATE_FORMAT"),
        }
    return _("Source: %(source)s. Fetched %(fetched)s.") % {"source": named, "fetched": fetched}


def source_name(entry: Indicator, provenance: Provenance) -> str:
    if provenance.source == "kolada":
        named = _("%(source)s, %(kpi)s") % {"source": entry.source, "kpi": entry.kolada_id}
        if provenance.fetched_by == DEMO_FETCHER:  # the demo's recording: invented values
            return _("%(source)s: the demo's illustrative values, not Kolada's") % {"source": named}
        return named
    if provenance.source == "upload":
        return _("uploaded file %(file)s") % {"file": provenance.location}
    return f"{provenance.source} ({provenance.location})"


__all__ = [
    "ImportedSeries",
    "forget_cache",
    "has_imported",
    "imported_areas",
    "imported_series",
    "imported_year",
    "is_whole_year",
    "latest_year",
    "pending_years",
    "source_line",
]
