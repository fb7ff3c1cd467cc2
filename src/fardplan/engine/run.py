"""Run the whole catalogue on a dataset: validate, attribute once, compute, suppress.

:func:`compute` is the engine's entry point for the CLI, the web app and the benchmarks.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import ibis
import ibis.expr.types as ir
import pyarrow as pa
import pyarrow.compute as pc

from fardplan.catalogue import Catalogue, Indicator, load_catalogue
from fardplan.contract import EVENT_DATES
from fardplan.engine.attribution import cell_codes, derive, persons, with_cell
from fardplan.engine.backends import Backend, connect, upload
from fardplan.engine.cells import banded, grid, roll_up
from fardplan.engine.compile import Sources, base_cells
from fardplan.engine.dataset import fingerprint, locate
from fardplan.engine.incremental import affected, merge
from fardplan.engine.periods import periods_of
from fardplan.engine.schema import CELL_KEYS, RESULT_SCHEMA, sort_cells
from fardplan.engine.suppression import suppress_cells
from fardplan.engine.validation import DataQualityReport, settle_persons, validate_dataset
from fardplan.reference.sweden import municipalities

Progress = Callable[[str, int, int], None]


@dataclass(frozen=True)
class Run:
    """One complete run: raw results (with the ``suppressed`` flag) and how they were made."""

    run_id: str
    results: pa.Table
    report: DataQualityReport
    fingerprint: str
    catalogue_version: str
    backend: str
    started: datetime
    finished: datetime

    @property
    def seconds(self) -> float:
        return (self.finished - self.started).total_seconds()


def compute(
    data_dir: Path,
    *,
    backend: Backend = "duckdb",
    years: Sequence[int] | None = None,
    lenient: bool = False,
    indicator_ids: Sequence[str] | None = None,
    con: ibis.BaseBackend | None = None,
    progress: Progress | None = None,
    catalogue: Catalogue | None = None,
    previous: pa.Table | None = None,
) -> Run:
    """Compute every computed indicator (or ``indicator_ids``) for the dataset in ``data_dir``.

    Returns the raw cells sorted by indicator, period, area, sex and age group, suppression
    flagged (use ``publish`` before showing them). With ``previous`` (the results of a run on
    an earlier state of the dataset, same indicators), only the periods the new months affect
    are computed and merged into it (see ``incremental``); the result equals a full run.
    Raises ``DatasetError`` when the dataset breaks the contract (unless ``lenient``),
    ``ValueError`` for an unknown backend or year, or a ``previous`` the dataset does not extend.
    """
    started = datetime.now(UTC)
    catalogue = catalogue or load_catalogue()
    chosen = _choose(catalogue, indicator_ids)
    report_step = progress or (lambda _step, _done, _total: None)
    report_step("validating the dataset", 0, len(chosen))
    con = con or connect(backend)
    tables, report = validate_dataset(data_dir, con, lenient=lenient, defer_persons=True)
    sources, areas, full_years, recomputed = _sources(con, tables, years, previous)
    sources.plan(
        [
            c
            for i in chosen
            if i.computation
            for c in (i.computation.numerator, i.computation.denominator)
        ]
    )
    try:
        # The attribution's row counts settle the person checks validation deferred; they
        # are comparable only when the population was not cut down to some years.
        every_year = not years and sources.persons is sources.all_persons
        attributed = (
            {table: sources.attributed_rows(table, date) for table, date in EVENT_DATES.items()}
            if every_year
            else None
        )
        settle_persons(tables, report, attributed, lenient=lenient)
        filled = []
        for done, indicator in enumerate(chosen):
            report_step(indicator.id, done, len(chosen))
            filled.append(filled_cells(indicator, sources, areas))
        report_step("summing areas, sexes and ages", len(chosen), len(chosen))
        cells = all_cells(chosen, filled, full_years).to_pyarrow()
    finally:
        sources.release()
    report_step("suppressing", len(chosen), len(chosen))
    raw = cells.cast(RESULT_SCHEMA.remove(8))
    if previous is not None:
        raw = merge(previous, raw, recomputed)
    raw = sort_cells(raw)
    results = suppress_cells(raw, catalogue)
    return Run(
        run_id=uuid.uuid4().hex[:12],
        results=results,
        report=report,
        fingerprint=fingerprint(locate(data_dir)),
        catalogue_version=catalogue.version,
        backend=con.name,
        started=started,
        finished=datetime.now(UTC),
    )


def _choose(catalogue: Catalogue, ids: Sequence[str] | None) -> list[Indicator]:
    if ids is None:
        return list(catalogue.computed)
    return [catalogue.get(i) for i in ids]


def _sources(
    con: ibis.BaseBackend,
    tables: dict[str, ir.Table],
    years: Sequence[int] | None,
    previous: pa.Table | None,
) -> tuple[Sources, ir.Table, list[int], list[str]]:
    """Return the shared sources, the areas per year, the full years and the periods."""
    people = persons(tables["population"])
    if years:
        people = people.filter(people.year.isin(list(years)))
    sources = Sources(persons=people, events=derive(tables), periods=people, codes=people)
    sources.codes = sources.cache(cell_codes(people))
    sources.persons = sources.all_persons = sources.cache(with_cell(people, sources.codes))
    present = sources.persons.select("year", "municipality_code").distinct().to_pyarrow()
    by_year: dict[int, set[str]] = {}
    for year, code in zip(*present.to_pydict().values(), strict=True):
        by_year.setdefault(int(year), set()).add(str(code))
    if years and not by_year:
        raise ValueError(f"no population for year(s) {', '.join(map(str, years))}")
    all_codes = {m.code for m in municipalities()}
    full_years = sorted(y for y, codes in by_year.items() if all_codes <= codes)
    periods = periods_of(sorted(by_year), _last_event_day(tables))
    if previous is not None:
        # Only the years of the affected periods are attributed and gridded.
        periods = affected(periods, previous)
        kept = sorted(set(periods["year"]))
        if set(kept) != set(by_year):
            sources.persons = sources.persons.filter(sources.persons.year.isin(kept))
        present = present.filter(pc.is_in(present["year"], pa.array(kept, present["year"].type)))
        full_years = [year for year in full_years if year in kept]
    sources.periods = upload(con, periods)
    areas = upload(con, present)
    return sources, areas, full_years, list(periods["period"])


def _last_event_day(tables: dict[str, ir.Table]) -> Any:
    days = [
        tables[name][column].max().to_pyarrow().as_py()
        for name, column in (("contacts", "date"), ("admissions", "discharged_on"))
    ]
    known = [day for day in days if day is not None]
    return max(known) if known else None


def indicator_sides(indicator: Indicator, sources: Sources) -> dict[str, ir.Table]:
    """Return the banded numerator and denominator cells of one indicator, every period type."""
    spec = indicator.computation
    if spec is None:
        raise ValueError(f"indicator {indicator.id!r} is imported, not computed")
    sides = {}
    for side, count in (("numerator", spec.numerator), ("denominator", spec.denominator)):
        per_type = [
            banded(base_cells(count, sources, period_type), indicator)
            for period_type in indicator.periods
        ]
        union = ibis.union(*per_type, distinct=False) if len(per_type) > 1 else per_type[0]
        sides[side] = union.mutate(indicator_id=ibis.literal(indicator.id)).rename(**{side: "x"})
    return sides


def filled_cells(indicator: Indicator, sources: Sources, areas: ir.Table) -> ir.Table:
    """Return one indicator's base grid (municipality × K/M × band) with both counts, cached."""
    keys = ["indicator_id", "year", "period", "municipality_code", "sex", "age_group"]
    sides = indicator_sides(indicator, sources)
    slots = grid([indicator], sources.periods, areas)
    filled = slots.left_join(sides["numerator"], keys).select(*slots.columns, "numerator")
    joined = filled.left_join(sides["denominator"], keys)
    filled = joined.select(*filled.columns, "denominator")
    filled = filled.mutate(
        numerator=filled.numerator.fill_null(0),
        denominator=filled.denominator.fill_null(0).cast("int64"),
    )
    # Materialised: the roll-up's twelve sums then read a small table, not twelve copies of
    # the whole expression (which also keeps Ibis's compile time down).
    return sources.cache(filled)


def all_cells(
    indicators: list[Indicator], filled: list[ir.Table], full_years: list[int]
) -> ir.Table:
    """Return every cell of the indicators (raw, before suppression), in one query."""
    union = ibis.union(*filled, distinct=False) if len(filled) > 1 else filled[0]
    cells = roll_up(union, full_years)
    factor = ibis.cases(
        *[(cells.indicator_id == i.id, ibis.literal(float(i.factor))) for i in indicators]
    )
    value = cells.numerator.cast("float64") / cells.denominator.cast("float64") * factor
    return cells.select(
        *CELL_KEYS,
        numerator=cells.numerator.cast("float64"),
        denominator=cells.denominator,
        value=ibis.ifelse(cells.denominator == 0, ibis.null("float64"), value),
    )


__all__ = ["Run", "all_cells", "compute", "filled_cells"]
