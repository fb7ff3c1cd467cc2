"""Stage 2, attribute: persons and events placed in their cells; the periods to compute.

Every event is attributed to its person's residence, sex and age in the population of the
event's year (``attribution``); the scans of every count are planned once (``compile.Sources``).
A full run computes every period; an incremental one the periods its new rows can change
(``incremental.affected``), whatever an ``Extension`` proved of the rest.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import ibis.expr.types as ir
import pyarrow as pa
import pyarrow.compute as pc

from fardplan.catalogue import Count, Filter, Indicator
from fardplan.contract import EVENT_DATES
from fardplan.engine.attribution import (
    READMISSION_DAYS,
    cell_codes,
    decode,
    derive,
    persons,
    with_cell,
)
from fardplan.engine.backends import upload
from fardplan.engine.compile import Sources, every_row_count
from fardplan.engine.errors import EngineError
from fardplan.engine.extension import Extension
from fardplan.engine.filters import filter_id
from fardplan.engine.incremental import Periods, affected, first_new_day
from fardplan.engine.periods import periods_of
from fardplan.engine.state import PERSON_ROWS, extendable
from fardplan.engine.validation import DataQualityReport, settle_persons
from fardplan.reference.sweden import municipalities

PeriodRow = tuple[str, int, str]  # period type, year, label
PeriodSet = tuple[ir.Table, list[PeriodRow]]  # the periods as a table and as rows


@dataclass(frozen=True)
class Request:
    """What the run was asked for: the counts, the years, the results it extends."""

    counts: list[Count]
    years: Sequence[int] | None
    previous: pa.Table | None
    lenient: bool
    storing: bool  # whether this run stores its sums for the next


@dataclass(frozen=True)
class Scope:
    """The attributed sources and where and when to compute: the measures' input.

    ``periods``: ``"years"`` every period of the years computed, ``"new"`` those an
    incremental run's new rows affect (all in a full run), ``"changed"`` those besides whose
    admissions sums changed (``changed_periods``).
    """

    sources: Sources
    areas: ir.Table  # municipality codes per year computed
    full_years: list[int]  # years with every municipality (regions and Sweden are summed)
    periods: Mapping[str, PeriodSet]
    report: DataQualityReport
    flags: list[str]  # the filter ids the persons carry (``with_cell``)
    stored_persons: tuple[Path, Path] | None  # read back from the stored run, if so


def attribute(
    tables: dict[str, ir.Table],
    report: DataQualityReport,
    extension: Extension,
    request: Request,
    digests: Mapping[str, str],
) -> Scope:
    """Return the scope of a run on the validated ``tables``; settles the person checks."""
    filters = person_filters(request.counts)
    flags = [filter_id(chosen) for chosen in filters if chosen]
    stored = None if request.years else extension.stored_persons(digests, flags)
    try:
        sources = _people(tables, request.years, filters, stored)
    except BaseException:
        extension.release()
        raise
    try:
        areas, full_years, periods = _periods(sources, tables, extension, request)
        if stored is not None:
            _hold_persons(sources)
        extension.attach(sources, tables, _to_store(sources, extension, request))
        _plan(sources, request)
        report = _settled(sources, tables, report, request.lenient)
        if PERSON_ROWS.keys() & extension.extended.keys():
            periods = {**periods, "changed": _changed(sources, extension, periods)}
        if extension.state is not None and extension.extended:
            report = report.with_stored(extension.state.report, extension.extended)
    except BaseException:
        sources.release()
        extension.release()
        raise
    return Scope(sources, areas, full_years, periods, report, flags, stored)


def _people(
    tables: Mapping[str, ir.Table],
    years: Sequence[int] | None,
    filters: Iterable[tuple[Filter, ...]],
    stored: tuple[Path, Path] | None,
) -> Sources:
    """Return the sources with the persons and their cell numbers, built or read back.

    Read back, the persons are held in memory only for the years computed (``_periods``).
    """
    people = persons(tables["population"])
    if years:
        people = people.filter(people.year.isin(list(years)))
    sources = Sources(persons=people, events=derive(dict(tables)), periods=people, codes=people)
    if stored is None:
        sources.codes = sources.cache(cell_codes(people))
        sources.persons = sources.all_persons = sources.cache(
            with_cell(people, sources.codes, filters)
        )
        return sources
    persons_file, codes_file = (str(file) for file in stored)
    con = people.get_backend()
    sources.codes = sources.cache(con.read_parquet(codes_file))
    sources.persons = sources.all_persons = con.read_parquet(persons_file)
    return sources


def _present(sources: Sources, years: Sequence[int] | None) -> pa.Table:
    """Return the municipality codes of each year with persons; refuses years without any."""
    cells = sources.persons.select("year", "cell").distinct()
    present = decode(cells, sources.codes).select("year", "municipality_code").distinct()
    present = present.to_pyarrow()
    if years and not present.num_rows:
        listed = ", ".join(map(str, years))
        raise EngineError(
            f"no population for year(s) {listed}", f"ingen befolkning för år {listed}"
        )
    return present


def _full_years(present: pa.Table) -> list[int]:
    """Return the years with every municipality (regions and Sweden are their sums)."""
    by_year: dict[int, set[str]] = {}
    for year, code in zip(*present.to_pydict().values(), strict=True):
        by_year.setdefault(int(year), set()).add(str(code))
    all_codes = {m.code for m in municipalities()}
    return sorted(year for year, codes in by_year.items() if all_codes <= codes)


def _periods(
    sources: Sources, tables: Mapping[str, ir.Table], extension: Extension, request: Request
) -> tuple[ir.Table, list[int], dict[str, PeriodSet]]:
    """Return the areas, the full years and the periods to compute; cut the persons to them."""
    present = _present(sources, request.years)
    full_years = _full_years(present)
    years = sorted(set(present["year"].to_pylist()))
    last_day = _last_event_day(dict(tables), extension.stored_days())
    every = new = periods_of(years, last_day)
    if request.previous is not None:
        # Only the years of the affected periods are attributed and gridded.
        stays = extension.stays(tables)
        changes_from = _changes_from(stays, every, request.previous, extension.since)
        new = affected(every, request.previous, changes_from, extension.since)
        chosen = sorted(set(new["year"]))
        every = {
            name: [v for v, y in zip(values, every["year"], strict=True) if y in chosen]
            for name, values in every.items()
        }
        if set(chosen) != set(years):
            sources.persons = sources.persons.filter(sources.persons.year.isin(chosen))
        present = present.filter(pc.is_in(present["year"], pa.array(chosen, present["year"].type)))
        full_years = [year for year in full_years if year in chosen]
    con = sources.persons.get_backend()
    years_table = upload(con, every)
    new_table = years_table if new is every else upload(con, new)
    sources.periods = years_table
    periods = {
        "years": (years_table, period_rows(every)),
        "new": (new_table, period_rows(new)),
    }
    return upload(con, present), full_years, periods


def _hold_persons(sources: Sources) -> None:
    """Hold persons read back from a stored run in memory, for the years computed only."""
    every_year = sources.persons is sources.all_persons
    sources.persons = sources.cache(sources.persons)
    if every_year:
        sources.all_persons = sources.persons


def _to_store(sources: Sources, extension: Extension, request: Request) -> frozenset[str]:
    """Return the tables whose sums this run stores for the next (none unless storing).

    Sums are complete for the tables extended from the stored run, and for every table when
    all years were computed.
    """
    if not request.storing:
        return frozenset()
    every_year = not request.years and sources.persons is sources.all_persons
    return frozenset(extension.extended) | frozenset(
        extendable(request.counts) if every_year else ()
    )


def _plan(sources: Sources, request: Request) -> None:
    """Plan every count's scan once, and the row counts a stored table stores beside them."""
    sources.plan(request.counts)
    # A stored table stores its row count too, which settles the next run's person checks.
    dates = extendable(request.counts)
    to_store = sources.extender.to_store
    sources.plan(
        [
            every_row_count(t, d)
            for t, d in EVENT_DATES.items()
            if t in to_store and (dates[t] == d or t in PERSON_ROWS)
        ]
    )


def _settled(
    sources: Sources, tables: dict[str, ir.Table], report: DataQualityReport, lenient: bool
) -> DataQualityReport:
    """Return ``report`` with the person checks validation deferred, settled.

    A table whose rows were all attributed has no event of a missing person. The persons may
    be cut down to some years (those an incremental run recomputes): then fewer rows can be
    attributed, never more, and a shortfall runs the checks. Of a table extended from a
    stored run, only the new rows are read and counted (they fall in the recomputed years).
    """
    attributed = {
        table: sources.attributed_rows(table, date) for table, date in EVENT_DATES.items()
    }
    settle_persons(tables, report, attributed, lenient=lenient)
    return report


def _changed(sources: Sources, extension: Extension, periods: Mapping[str, PeriodSet]) -> PeriodSet:
    extended_stays = sorted(PERSON_ROWS.keys() & extension.extended.keys())
    months = [sources.changed_months(table) for table in extended_stays]
    return changed_periods(dict(periods), set().union(*months))


def period_rows(periods: dict[str, list[Any]]) -> list[PeriodRow]:
    return list(zip(periods["period_type"], periods["year"], periods["period"], strict=True))


def person_filters(counts: Iterable[Count]) -> list[tuple[Filter, ...]]:
    """Return the filters of the counts of persons (each once, in the order given)."""
    return list(dict.fromkeys(c.where for c in counts if c.measure == "persons"))


def scope_of(indicator: Indicator, extended: Mapping[str, object]) -> str:
    """Return which periods an incremental run recomputes for ``indicator``.

    ``"new"`` when every count reads the population or a table of which only the rows after
    the stored run are read (their sums grow only in the months of those rows), ``"changed"``
    when such a table is one of ``PERSON_ROWS`` (admissions: ``_changed``). Otherwise
    ``"years"``: admissions may change any month of a year, as a stay known once discharged
    counts in its month of admission, and a new stay can make an older one a readmission's
    index stay.
    """
    spec = indicator.computation
    sides = (spec.numerator, spec.denominator) if spec else ()
    read = {str(c.table) for c in sides if c.measure != "persons"}
    if not read <= extended.keys():
        return "years"
    return "changed" if read & PERSON_ROWS.keys() else "new"


def changed_periods(
    periods: dict[str, tuple[ir.Table, list[PeriodRow]]], months: set[tuple[int, int]]
) -> tuple[ir.Table, list[PeriodRow]]:
    """Return the new periods and those of ``months``, whose sums the new rows changed.

    Every other month of an admissions indicator keeps its stored cells: its sums and its
    population are as the stored run had them.
    """
    years, rows = periods["years"]
    new = {label for _, _, label in periods["new"][1]}
    changed = {f"{year}-{month:02d}" for year, month in months}
    years_changed = {year for year, _ in months}
    chosen = [
        row
        for row in rows
        if row[2] in new or row[2] in changed or (row[0] == "year" and row[1] in years_changed)
    ]
    labels = [label for _, _, label in chosen]
    return years.filter(years.period.isin(labels)), chosen


def _changes_from(
    stays: ir.Table, periods: Periods, previous: pa.Table, since: date | None = None
) -> date | None:
    """Return the earliest day on which stays unknown to ``previous`` can change a cell.

    The unknown stays are among those discharged from ``READMISSION_DAYS`` before the first
    new month on (``first_new_day``), or from ``since`` (the first day of which rows may be
    new to the stored run) when that is earlier. Each counts in its month of admission, and
    can make a stay of its person discharged up to ``READMISSION_DAYS`` before that admission
    an index stay, which counts in its own months of admission and discharge.
    """
    first_new = first_new_day(periods, previous)
    if first_new is None:
        return None
    window = timedelta(days=READMISSION_DAYS)
    unknown = stays.filter(stays.discharged_on >= min(first_new - window, since or first_new))
    earliest: date | None = unknown.admitted_on.min().to_pyarrow().as_py()
    if earliest is None:
        return None
    index_stays = stays.filter(stays.discharged_on >= earliest - window)
    admitted: date = index_stays.admitted_on.min().to_pyarrow().as_py()
    return min(earliest - window, admitted)


def _last_event_day(tables: dict[str, ir.Table], stored_days: Sequence[Any]) -> Any:
    days = [
        tables[name][column].max().to_pyarrow().as_py()
        for name, column in (("contacts", "date"), ("admissions", "discharged_on"))
    ] + list(stored_days)
    known = [day for day in days if day is not None]
    return max(known) if known else None


__all__ = [
    "PeriodRow",
    "PeriodSet",
    "Request",
    "Scope",
    "attribute",
    "changed_periods",
    "period_rows",
    "person_filters",
    "scope_of",
]
