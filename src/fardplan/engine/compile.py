"""Compile a catalogue ``Count`` into an Ibis expression of base cells.

A base cell is (year, period, municipality_code, sex, age) with the counted quantity ``x`` (a
count of persons has no period: ``yearly_cells``); ``cells`` turns them into bands, totals and
areas. Counts are exact integers and the COC sum is a
decimal with 12 places, so every backend adds them up to the same last digit.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import ibis
import ibis.expr.types as ir

from fardplan.catalogue import Count, Filter
from fardplan.engine.attribution import attribute, decode
from fardplan.engine.backends import materialise
from fardplan.engine.filters import all_of, columns_used, filter_id
from fardplan.engine.measures.per_person import (
    MEASURES,
    PERSON_GRAIN,
    clinician_counts,
    grain_of,
    measure_cells,
    person_totals,
    totals_cells,
    valued_cells,
)
from fardplan.engine.periods import period_label
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


@dataclass(frozen=True)
class _Layer:
    """A per-person scan's layer to keep: per-clinician counts, per-person totals, older files."""

    counts: ir.Table
    totals: ir.Table
    older: list[tuple[Path, Path]]


@dataclass
class Sources:
    """The shared, attributed tables every indicator is derived from (built once per run)."""

    persons: ir.Table  # person_id, year, cell and the columns counts of persons filter on
    events: dict[str, ir.Table]  # derived event tables, not yet attributed
    periods: ir.Table  # period_type, year, period, start, end
    codes: ir.Table  # cell → municipality_code, sex, age (see attribution.cell_codes)
    use_cache: bool = True
    period_labels: tuple[str, ...] = ()  # the labels ``periods`` holds (a cache key)
    all_persons: ir.Table | None = None  # ``persons`` before any cut to some years
    planned: dict[tuple[str, str], list[Count]] = field(default_factory=dict)
    monthly_sums: dict[tuple[str, str], tuple[ir.Table, int]] = field(default_factory=dict)
    fresh_sums: dict[tuple[str, str], ir.Table] = field(default_factory=dict)  # new rows'
    # The monthly sums per period: (table, date column, period type, periods) → table, counts
    by_period: dict[tuple[str, str, str, tuple[str, ...]], tuple[ir.Table, int]] = field(
        default_factory=dict
    )
    # Per-person counts share a scan per (table, date column, clinician column or "").
    planned_per_person: dict[tuple[str, str, str], list[Count]] = field(default_factory=dict)
    per_person: dict[tuple[str, str, str, str, tuple[str, ...]], tuple[ir.Table, int]] = field(
        default_factory=dict
    )
    persons_by_filter: dict[tuple[Filter, ...], ir.Table] = field(default_factory=dict)
    releases: list[Callable[[], None]] = field(default_factory=list)
    # Incremental runs (see ``state``): the stored run, the tables whose ``events`` are only
    # the rows dated after it (their sums are added to the stored ones), the tables whose
    # sums this run keeps for the next, and those kept per-person counts by scan.
    state: State | None = None
    extended: dict[str, TableState] = field(default_factory=dict)
    to_store: frozenset[str] = frozenset()
    person_layers: dict[tuple[str, str, str], PersonLayer] = field(default_factory=dict)
    # Of an extended table in ``PERSON_ROWS``: the derived older rows of the persons with new
    # rows, whose stored sums are replaced by those of ``events`` (their rows and the new).
    taken_out: dict[str, ir.Table] = field(default_factory=dict)
    signed: dict[str, ir.Table] = field(default_factory=dict)  # see ``_rows``

    def use_periods(self, periods: ir.Table, labels: tuple[str, ...]) -> None:
        """Compute the next counts over ``periods`` (a period table) labelled ``labels``."""
        self.periods, self.period_labels = periods, labels

    def plan(self, counts: list[Count]) -> None:
        """Register the counts of a run, so each event table is scanned as few times as possible.

        Event counts and sums on one (table, date column) share one monthly scan; the
        per-person measures on it (persons with events, continuity) share another.
        """
        for count in counts:
            if count.measure in ("events", "sum"):
                planned = self.planned.setdefault((str(count.table), str(count.date)), [])
            elif count.measure in MEASURES:
                planned = self.planned_per_person.setdefault(self._person_group(count), [])
            else:
                continue
            if count not in planned:
                planned.append(count)

    def all_planned(self) -> list[Count]:
        """Return every count planned so far."""
        groups = [*self.planned.values(), *self.planned_per_person.values()]
        return [count for planned in groups for count in planned]

    def attributed_rows(self, table: str, date: str) -> int:
        """Return how many rows of ``table`` the attribution by ``date`` kept (all periods).

        Of a table extended from a stored run, only its new rows are read and counted.

        The rows not kept are events of persons missing from the population of the event's
        year; validation compares this with the rows read instead of scanning again.
        """
        every_row = every_row_count(table, date)
        self.plan([every_row])
        key = (table, date)
        sums = self._monthly_sums(key)
        if table in self.extended:
            sums = self.fresh_sums[key]  # the rows read are the new ones
        column = f"c{self.planned[key].index(every_row)}"
        total = sums[column].sum().to_pyarrow().as_py()
        return int(total or 0)

    def changed_months(self, table: str) -> set[tuple[int, int]]:
        """Return the (year, month) whose sums of ``table`` the new rows change.

        Of a table extended from a stored run: a month where some cell's sum of the new rows
        is not 0. Its older rows taken out and derived again (``taken_out``) mostly cancel.
        """
        months: set[tuple[int, int]] = set()
        for key in [key for key in self.planned if key[0] == table]:
            self._monthly_sums(key)
            fresh = self.fresh_sums[key]
            names = _sums_of(fresh)
            moved = fresh.filter(ibis.or_(*[fresh[name] != 0 for name in names]))
            found = moved.select("year", "month").distinct().to_pyarrow().to_pydict()
            months |= set(zip(found["year"], found["month"], strict=True))
        return months

    def monthly(self, count: Count, period_type: str) -> ir.Table:
        """Return the base cells of an event count or sum, from the shared monthly table.

        All planned counts on one (table, date column) come from one scan, summed per month
        and person attributes; a year is the sum of its months.
        """
        key = (str(count.table), str(count.date))
        self.plan([count])
        sums = self._monthly_sums(key)
        planned = self.planned[key]
        cached = (*key, period_type, self.period_labels)  # periods differ by indicator
        if cached not in self.by_period or len(planned) > self.by_period[cached][1]:
            # Every count on the table is summed per period at once, not each on its own.
            columns = [f"c{i}" for i in range(len(planned))]
            labelled = sums.mutate(period=period_label(sums.year, sums.month, period_type))
            labelled = labelled.filter(labelled.period.isin(self._periods(period_type)))
            if period_type == "month":
                # A month's sums are its row of the monthly table already (one per cell): a
                # filter of that materialised table, with nothing to group or keep.
                per_period = labelled.select(*KEYS, *columns)
            else:
                per_period = self.cache(
                    labelled.group_by(KEYS).agg(**{name: labelled[name].sum() for name in columns})
                )
            self.by_period[cached] = (per_period, len(planned))
        per_period = self.by_period[cached][0]
        return per_period.select(*KEYS, x=per_period[f"c{planned.index(count)}"])

    def _monthly_sums(self, key: tuple[str, str]) -> ir.Table:
        planned = self.planned[key]
        if key not in self.monthly_sums or len(planned) > self.monthly_sums[key][1]:
            sums = self._sum_by_month(key, planned, self._rows(key[0]))
            if key[0] in self.extended:
                self.fresh_sums[key] = self.cache(sums)
                sums = self._plus_stored_months(key[0], self.fresh_sums[key], planned)
            self.monthly_sums[key] = (self.cache(sums), len(planned))
        return self.monthly_sums[key][0]

    def _plus_stored_months(self, table: str, sums: ir.Table, counts: list[Count]) -> ir.Table:
        """Return the monthly sums of the new rows plus those the stored run kept.

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

    def _kept_person_cells(
        self, key: tuple[str, str, str], planned: list[Count], counts: ir.Table
    ) -> ir.Table:
        """Return every kept year's cells of a per-person scan and record what it keeps.

        ``counts`` are the per-clinician counts of the rows read: all rows in a full run, the
        new rows when the stored run's layers are extended (see ``person_state``).
        """
        counts = self.cache(counts)
        if key[0] in self.extended:
            cells, layer = self._extended_person_cells(key, planned, counts)
        else:
            totals = self.cache(person_totals(counts, planned))
            cells = totals_cells(totals, planned, self.persons, self.codes)
            layer = _Layer(counts, totals, [])
        cells = self.cache(cells)
        self.person_layers[key] = PersonLayer(
            ids=[count_id(c) for c in planned],
            older=layer.older,
            counts=layer.counts.select(
                *grain_of(planned),
                **{count_id(c): layer.counts[f"n{i}"] for i, c in enumerate(planned)},
            ),
            totals=layer.totals.select(*PERSON_GRAIN, **_total_names(layer.totals, planned)),
            cells=cells.select(
                *KEYS, **{count_id(c): cells[f"x{i}"] for i, c in enumerate(planned)}
            ),
        )
        return cells

    def _extended_person_cells(
        self, key: tuple[str, str, str], planned: list[Count], counts: ir.Table
    ) -> tuple[ir.Table, _Layer]:
        """Return the stored cells changed by the new rows' ``counts``, and the layer to keep."""
        table, _, clinician = key
        older = self._stored_layers(table, clinician)
        stored_counts = [self._stored_counts(table, files[0], planned) for files in older]
        stored_totals = [self._stored_totals(table, files[1], planned) for files in older]
        totals = self.cache(increments(counts, stored_counts, planned))
        change = self.cache(changed_values(totals, stored_totals, planned))
        change = valued_cells(change, self.persons, self.codes)
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
        return self.events[table].get_backend().read_parquet(str(file))

    def _state(self) -> State:
        if self.state is None:
            raise ValueError("no stored run to extend")
        return self.state

    def sums_to_store(self) -> dict[str, tuple[ir.Table | None, dict[str, PersonLayer]]]:
        """Return, per kept table, its monthly sums (columns by count id) and per-person scans.

        A table counted by several dates (admissions) keeps one table: each count's sums
        stand in the month of its own date.
        """
        kept: dict[str, tuple[ir.Table | None, dict[str, PersonLayer]]] = {}
        for table in sorted(self.to_store):
            parts = []
            for (name, _date), (sums, _) in self.monthly_sums.items():
                if name == table:
                    planned = self.planned[(name, _date)]
                    ids = {count_id(c): sums[f"c{i}"] for i, c in enumerate(planned)}
                    parts.append(sums.select(*MONTHLY_GRAIN, **ids))
            monthly = next(iter(parts), None)
            if len(parts) > 1:
                # Materialised: the table's types, not DuckDB's wider sums, go to Parquet.
                monthly = self.cache(summed(_side_by_side(parts), MONTHLY_GRAIN))
            persons = {
                clinician: layer
                for (name, _date, clinician), layer in self.person_layers.items()
                if name == table
            }
            kept[table] = (monthly, persons)
        return kept

    def _person_group(self, count: Count) -> tuple[str, str, str]:
        """Return the shared scan of a per-person count.

        A continuity count groups by its clinician column; a count of persons joins any scan
        on its table and date column (it sums over clinicians), so COC's numerator and
        denominator are read together.
        """
        table, date = str(count.table), str(count.date)
        for key, planned in self.planned_per_person.items():
            if count in planned:
                return key
        if count.clinician and count.measure == "continuity_index":
            return (table, date, str(count.clinician))
        shared = [key for key in self.planned_per_person if key[:2] == (table, date)]
        return shared[0] if shared else (table, date, "")

    def person_cells(self, count: Count, period_type: str) -> ir.Table:
        """Return the base cells of a per-person count, from the shared per-person table.

        All planned per-person counts on one (table, date column) come from one scan per
        period type (see ``measures.per_person``).
        """
        self.plan([count])
        key = self._person_group(count)
        planned = self.planned_per_person[key]
        cached = (*key, period_type, self.period_labels)  # periods differ by indicator
        if cached not in self.per_person or len(planned) > self.per_person[cached][1]:
            periods = self._periods(period_type)
            counts = clinician_counts(self.events[key[0]], key[1], planned, periods, period_type)
            if key[0] in self.extended or key[0] in self.to_store:
                if period_type != "year":
                    raise StateMismatch(
                        f"{key[0]}: monthly per-person counts are not kept",
                        f"{key[0]}: antal per person och månad sparas inte",
                    )
                # StoredSums whole (every year) for the next run; only this run's periods are used.
                cells = self._kept_person_cells(key, planned, counts)
                cells = cells.filter(cells.period.isin(periods))
            else:
                cells = self.cache(measure_cells(counts, planned, self.persons, self.codes))
            self.per_person[cached] = (cells, len(planned))
        cells = self.per_person[cached][0]
        return cells.select(*KEYS, x=cells[f"x{planned.index(count)}"])

    def _rows(self, table: str) -> ir.Table:
        """Return the rows of ``table`` whose monthly sums this run adds.

        Of a table in ``taken_out``: the derived rows with ``sign`` 1 and the rows taken out
        with ``sign`` −1, materialised once, so every date's sums come from one attribution
        and the readmissions are derived once, not once per date and side.
        """
        if table not in self.taken_out:
            return self.events[table]
        if table not in self.signed:
            events, older = self.events[table], self.taken_out[table]
            both = ibis.union(
                events.mutate(sign=ibis.literal(1, "int64")),
                older.mutate(sign=ibis.literal(-1, "int64")),
                distinct=False,
            )
            self.signed[table] = self.cache(both)
        return self.signed[table]

    def _sum_by_month(self, key: tuple[str, str], counts: list[Count], table: ir.Table) -> ir.Table:
        # Each count becomes a number per event before the join with the population, so only
        # the person id, the date and those numbers travel through it (a narrow, fast join).
        needed = {"person_id", key[1]} | {c for count in counts for c in columns_used(count)}
        events = table.select(*sorted(needed | ({"sign"} & set(table.columns))))
        columns = {}
        for i, count in enumerate(counts):
            keep = all_of(events, count.where)
            amount = ibis.literal(1) if count.measure == "events" else events[str(count.column)]
            amount = amount.fill_null(0).cast("int64")
            if "sign" in events.columns:
                amount = amount * events.sign
            columns[f"c{i}"] = amount if keep is None else ibis.ifelse(keep, amount, 0)
        numbers = events.select("person_id", key[1], **columns)
        attributed = attribute(numbers, key[1], self.persons)
        sums = attributed.group_by("year", "month", "cell").agg(
            **{name: attributed[name].sum() for name in columns}
        )
        return decode(sums, self.codes)

    def person_counts(self, filters: tuple[Filter, ...]) -> ir.Table:
        """Return persons per (year, municipality, sex, age) meeting ``filters``, cached."""
        if filters not in self.persons_by_filter:
            # The persons carry a flag per filter (see ``with_cell``).
            people = (
                self.persons.filter(self.persons[filter_id(filters)]) if filters else self.persons
            )
            counts = decode(people.group_by("year", "cell").agg(x=people.count()), self.codes)
            self.persons_by_filter[filters] = self.cache(counts)
        return self.persons_by_filter[filters]

    def _periods(self, period_type: str) -> ir.Column:
        return self.periods.filter(self.periods.period_type == period_type).period

    def cache(self, table: ir.Table) -> ir.Table:
        """Return ``table`` materialised in the backend when caching is on."""
        if not self.use_cache:
            return table
        cached, release = materialise(table)
        self.releases.append(release)
        return cached

    def release(self) -> None:
        """Drop the materialised tables (call when the run is over)."""
        for release in self.releases:
            release()
        self.releases.clear()


def every_row_count(table: str, date: str) -> Count:
    """Return the count of every row of ``table`` by ``date`` (what attribution kept)."""
    return Count(measure="events", table=table, date=date)  # type: ignore[arg-type]


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


__all__ = ["Sources", "every_row_count"]
