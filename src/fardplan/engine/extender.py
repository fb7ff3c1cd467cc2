"""Stored sums in, stored sums out: the scans' one interface to a stored run.

``compile.Sources`` sums the rows a run reads, per month (event counts and sums) and per
person (persons with, continuity of care), and hands every such sum to its ``Extender``. The
extender adds the stored run's sums of an extended table (of which only the new rows were
read), and records the sums of every table this run stores for the next. A run that neither
extends nor stores has the empty ``Extender()``: its sums pass through unchanged.
``Extension.attach`` builds the one a run uses.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import NamedTuple

import ibis
import ibis.expr.types as ir

from fardplan.catalogue import Count
from fardplan.engine.measures.per_person import (
    PERSON_GRAIN,
    grain_of,
    measure_cells,
    person_totals,
    totals_cells,
    valued_cells,
)
from fardplan.engine.person_state import changed_values, increments, summed
from fardplan.engine.schema import BASE_KEYS as KEYS
from fardplan.engine.state import (
    MAX_LAYERS,
    MONTHLY_GRAIN,
    PersonLayer,
    State,
    StateMismatch,
    TableState,
    count_id,
)

MonthlyScan = tuple[str, str]  # table, date column
PersonScan = tuple[str, str, str]  # table, date column, clinician column (or "")
# What a run stores of a table: its monthly sums (columns by count id) and per-person layers.
TableSums = tuple[ir.Table | None, dict[str, PersonLayer]]


def _as_is(table: ir.Table) -> ir.Table:
    return table


class Attributed(NamedTuple):
    """The persons and cell codes that per-person sums are attributed with."""

    persons: ir.Table
    codes: ir.Table


@dataclass(frozen=True)
class _Layer:
    """A per-person scan's layer to store: per-clinician counts, per-person totals, older files."""

    counts: ir.Table
    totals: ir.Table
    older: list[tuple[Path, Path]]


@dataclass
class Extender:
    """The stored sums a run extends (``extended``) and the sums it stores (``to_store``)."""

    cache: Callable[[ir.Table], ir.Table] = _as_is  # materialises (``Sources.cache``)
    con: ibis.BaseBackend | None = None  # reads the stored run's files
    state: State | None = None
    extended: Mapping[str, TableState] = field(default_factory=dict)
    to_store: frozenset[str] = frozenset()
    # Of an extended table in ``PERSON_ROWS``: the derived older rows of the persons with new
    # rows, whose stored sums are taken out again (``rows``) and replaced by those derived anew.
    taken_out: Mapping[str, ir.Table] = field(default_factory=dict)
    # Filled as the scans run: the new rows' monthly sums of an extended table, the monthly
    # sums and per-person layers to store, and the signed rows of ``rows``.
    fresh: dict[MonthlyScan, ir.Table] = field(default_factory=dict)
    monthly: dict[MonthlyScan, tuple[ir.Table, list[Count]]] = field(default_factory=dict)
    layers: dict[PersonScan, PersonLayer] = field(default_factory=dict)
    signed: dict[str, ir.Table] = field(default_factory=dict)

    def rows(self, table: str, events: ir.Table) -> ir.Table:
        """Return the rows of ``table`` whose monthly sums this run adds: ``events``.

        Of a table in ``taken_out``: its rows with ``sign`` 1 and the rows taken out with
        ``sign`` −1, materialised once, so every date's sums come from one attribution and
        the readmissions are derived once, not once per date and side.
        """
        if table not in self.taken_out:
            return events
        if table not in self.signed:
            both = ibis.union(
                events.mutate(sign=ibis.literal(1, "int64")),
                self.taken_out[table].mutate(sign=ibis.literal(-1, "int64")),
                distinct=False,
            )
            self.signed[table] = self.cache(both)
        return self.signed[table]

    def monthly_sums(self, scan: MonthlyScan, planned: list[Count], read: ir.Table) -> ir.Table:
        """Return the monthly sums of ``planned``: of the rows ``read``, plus the stored ones.

        The stored run's sums are added for an extended table; the result is recorded when
        this run stores the table.
        """
        sums = read
        if scan[0] in self.extended:
            self.fresh[scan] = self.cache(read)
            sums = self._plus_stored_months(scan[0], self.fresh[scan], planned)
        sums = self.cache(sums)
        if scan[0] in self.to_store:
            self.monthly[scan] = (sums, list(planned))
        return sums

    def read_sums(self, scan: MonthlyScan, sums: ir.Table) -> ir.Table:
        """Return the monthly sums of the rows read: of an extended table, its new rows'."""
        return self.fresh.get(scan, sums)

    def changed_months(self, table: str) -> set[tuple[int, int]]:
        """Return the (year, month) whose sums of an extended ``table`` the new rows change.

        A month where some cell's sum of the new rows is not 0: its older rows taken out and
        derived again (``taken_out``) mostly cancel. The scans must have run
        (``Sources.changed_months``).
        """
        months: set[tuple[int, int]] = set()
        for scan, fresh in self.fresh.items():
            if scan[0] == table:
                moved = fresh.filter(ibis.or_(*[fresh[name] != 0 for name in _sums_of(fresh)]))
                found = moved.select("year", "month").distinct().to_pyarrow().to_pydict()
                months |= set(zip(found["year"], found["month"], strict=True))
        return months

    def _plus_stored_months(self, table: str, sums: ir.Table, counts: list[Count]) -> ir.Table:
        """Return the monthly sums of the new rows plus those the stored run stored.

        Only the months the new rows touch are summed again (a month or two); the stored sums
        of the others pass through as they are, instead of through a group of every cell.
        """
        stored = self._stored(table, self._state().monthly_file(table))
        names = {f"c{i}": _stored_column(stored, count) for i, count in enumerate(counts)}
        stored = stored.select(*MONTHLY_GRAIN, **names)
        months = sums.select("year", "month").distinct()
        touched = summed([stored.semi_join(months, ["year", "month"]), sums], MONTHLY_GRAIN)
        untouched = stored.anti_join(months, ["year", "month"])
        return ibis.union(untouched, touched.select(*untouched.columns), distinct=False)

    def person_cells(
        self,
        scan: PersonScan,
        planned: list[Count],
        counts: ir.Table,
        attributed: Attributed,
        periods: tuple[str, ir.Column],
    ) -> ir.Table:
        """Return the cells of a per-person scan over ``periods`` (a type and its labels).

        ``counts`` are the per-clinician counts of the rows read (``clinician_counts``): all
        rows, or the new rows of an extended table, whose stored layers they extend. A table
        stored or extended is summed per year, every year (the layer stored whole for the
        next run); only ``periods`` are returned. Monthly per-person sums are not stored.
        """
        table = scan[0]
        if table not in self.extended and table not in self.to_store:
            return self.cache(measure_cells(counts, planned, *attributed))
        if periods[0] != "year":
            raise StateMismatch(
                f"{table}: monthly per-person counts are not kept",
                f"{table}: antal per person och månad sparas inte",
            )
        counts = self.cache(counts)
        if table in self.extended:
            cells, layer = self._extended_person_cells(scan, planned, counts, attributed)
        else:
            totals = self.cache(person_totals(counts, planned))
            cells = totals_cells(totals, planned, *attributed)
            layer = _Layer(counts, totals, [])
        cells = self.cache(cells)
        self.layers[scan] = _person_layer(layer, cells, planned)
        return cells.filter(cells.period.isin(periods[1]))

    def _extended_person_cells(
        self, scan: PersonScan, planned: list[Count], counts: ir.Table, attributed: Attributed
    ) -> tuple[ir.Table, _Layer]:
        """Return the stored cells changed by the new rows' ``counts``, and the layer to store."""
        table, _, clinician = scan
        older = self._stored_layers(table, clinician)
        stored_counts = [self._stored_counts(table, files[0], planned) for files in older]
        stored_totals = [self._stored_totals(table, files[1], planned) for files in older]
        totals = self.cache(increments(counts, stored_counts, planned))
        change = self.cache(changed_values(totals, stored_totals, planned))
        change = valued_cells(change, *attributed)
        stored = self._stored(table, self._state().cells_file(table, clinician))
        names = {f"x{i}": _stored_column(stored, c) for i, c in enumerate(planned)}
        cells = summed([stored.select(*KEYS, **names), change], KEYS)
        if len(older) < MAX_LAYERS:
            return cells, _Layer(counts, totals, older)
        # One layer instead of many: every stored layer and this run's, summed per pair and
        # per person (both are sums), so lookups stay cheap all year.
        layer_counts = self.cache(summed([*stored_counts, counts], grain_of(planned)))
        layer_totals = self.cache(summed([*stored_totals, totals], PERSON_GRAIN))
        return cells, _Layer(layer_counts, layer_totals, [])

    def _stored_layers(self, table: str, clinician: str) -> list[tuple[Path, Path]]:
        """Return the files of the stored layers of a per-person scan: (counts, totals)."""
        state = self._state()
        layers = self.extended[table].layers.get(clinician, 0)
        if not layers or self.extended[table].per_person.get(clinician) is None:
            raise StateMismatch(
                f"the stored run kept no per-person sums of {table}: run in full",
                f"den lagrade körningen sparade inga summor per person för {table}: "
                "kör en fullständig beräkning",
            )
        return [
            (state.person_file(table, clinician, k), state.totals_file(table, clinician, k))
            for k in range(layers)
        ]

    def _stored_counts(self, table: str, file: Path, planned: list[Count]) -> ir.Table:
        stored = self._stored(table, file)
        names = {f"n{i}": _stored_column(stored, c) for i, c in enumerate(planned)}
        return stored.select(*grain_of(planned), **names)

    def _stored_totals(self, table: str, file: Path, planned: list[Count]) -> ir.Table:
        stored = self._stored(table, file)
        names = {}
        for i, count in enumerate(planned):
            names[f"t{i}"] = _stored_column(stored, count, "t_")
            if count.measure == "continuity_index":
                names[f"s{i}"] = _stored_column(stored, count, "s_")
        return stored.select(*PERSON_GRAIN, **names)

    def _stored(self, table: str, file: Path) -> ir.Table:
        if not file.exists():  # a file, or a folder of parts as Spark writes them
            raise StateMismatch(
                f"the stored run kept no {file.name} for {table}: run in full",
                f"den lagrade körningen sparade ingen {file.name} för {table}: "
                "kör en fullständig beräkning",
            )
        return self._con().read_parquet(str(file))

    def backend(self) -> str:
        """Return the name of the backend the sums are in (stored with them)."""
        return str(self._con().name)

    def _con(self) -> ibis.BaseBackend:
        if self.con is None:
            raise ValueError("the extender was not attached to a backend (Extension.attach)")
        return self.con

    def _state(self) -> State:
        if self.state is None:
            raise ValueError("no stored run to extend")
        return self.state

    def sums_to_store(self) -> dict[str, TableSums]:
        """Return, per table to store, its monthly sums (columns by count id) and per-person
        layers (by clinician column).

        A table counted by several dates (admissions) stores one table: each count's sums
        stand in the month of its own date.
        """
        stored: dict[str, TableSums] = {}
        for table in sorted(self.to_store):
            parts = []
            for (name, _date), (sums, planned) in self.monthly.items():
                if name == table:
                    ids = {count_id(c): sums[f"c{i}"] for i, c in enumerate(planned)}
                    parts.append(sums.select(*MONTHLY_GRAIN, **ids))
            monthly = next(iter(parts), None)
            if len(parts) > 1:
                # Materialised: the table's types, not DuckDB's wider sums, go to Parquet.
                monthly = self.cache(summed(_side_by_side(parts), MONTHLY_GRAIN))
            persons = {
                clinician: layer
                for (name, _date, clinician), layer in self.layers.items()
                if name == table
            }
            stored[table] = (monthly, persons)
        return stored


def _person_layer(layer: _Layer, cells: ir.Table, planned: list[Count]) -> PersonLayer:
    """Return the per-person layer to store, its columns named by count id."""
    return PersonLayer(
        ids=[count_id(c) for c in planned],
        older=layer.older,
        counts=layer.counts.select(
            *grain_of(planned),
            **{count_id(c): layer.counts[f"n{i}"] for i, c in enumerate(planned)},
        ),
        totals=layer.totals.select(*PERSON_GRAIN, **_total_names(layer.totals, planned)),
        cells=cells.select(*KEYS, **{count_id(c): cells[f"x{i}"] for i, c in enumerate(planned)}),
    )


def _sums_of(monthly: ir.Table) -> list[str]:
    return [c for c in monthly.columns if c not in MONTHLY_GRAIN]


def _side_by_side(parts: list[ir.Table]) -> list[ir.Table]:
    """Return monthly sums of several date columns with the same columns (0 where none)."""
    names = list(dict.fromkeys(c for part in parts for c in _sums_of(part)))
    zero = ibis.literal(0, "int64")
    return [
        part.select(*MONTHLY_GRAIN, **{n: part[n] if n in part.columns else zero for n in names})
        for part in parts
    ]


def _total_names(totals: ir.Table, planned: list[Count]) -> dict[str, ir.Value]:
    names = {}
    for i, count in enumerate(planned):
        names[f"t_{count_id(count)}"] = totals[f"t{i}"]
        if count.measure == "continuity_index":
            names[f"s_{count_id(count)}"] = totals[f"s{i}"]
    return names


def _stored_column(stored: ir.Table, count: Count, prefix: str = "") -> ir.IntegerColumn:
    name = prefix + count_id(count)
    if name not in stored.columns:
        raise StateMismatch(
            "the stored run did not keep every count of this run: run in full",
            "den lagrade körningen sparade inte allt som den här körningen räknar: "
            "kör en fullständig beräkning",
        )
    column: ir.IntegerColumn = stored[name]
    return column


__all__ = ["Attributed", "Extender", "MonthlyScan", "PersonScan", "TableSums"]
