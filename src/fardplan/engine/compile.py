"""Compile a catalogue ``Count`` into an Ibis expression of base cells.

A base cell is (year, period, municipality_code, sex, age) with the counted quantity ``x`` (a
count of persons has no period: ``yearly_cells``); ``cells`` turns them into bands, totals and
areas. Counts are exact integers and the COC sum is a
decimal with 12 places, so every backend adds them up to the same last digit.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

import ibis
import ibis.expr.types as ir

from fardplan.catalogue import Count, Filter
from fardplan.engine.attribution import attribute, decode
from fardplan.engine.backends import materialise
from fardplan.engine.extender import Attributed, Extender
from fardplan.engine.filters import all_of, columns_used, filter_id
from fardplan.engine.measures.per_person import MEASURES, clinician_counts
from fardplan.engine.periods import period_label
from fardplan.engine.schema import BASE_KEYS as KEYS


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
    # Stored sums in, stored sums out: an incremental run's stored sums and the sums this
    # run stores (``Extension.attach``); the empty one lets the sums pass through.
    extender: Extender = field(default_factory=Extender)

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
        sums = self.extender.read_sums(key, self._monthly_sums(key))
        column = f"c{self.planned[key].index(every_row)}"
        total = sums[column].sum().to_pyarrow().as_py()
        return int(total or 0)

    def changed_months(self, table: str) -> set[tuple[int, int]]:
        """Return the (year, month) whose sums of an extended ``table`` the new rows change."""
        for key in [key for key in self.planned if key[0] == table]:
            self._monthly_sums(key)  # every scan of the table has run
        return self.extender.changed_months(table)

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
            rows = self.extender.rows(key[0], self.events[key[0]])
            sums = self.extender.monthly_sums(key, planned, self._sum_by_month(key, planned, rows))
            self.monthly_sums[key] = (sums, len(planned))
        return self.monthly_sums[key][0]

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
            attributed = Attributed(self.persons, self.codes)
            cells = self.extender.person_cells(
                key, planned, counts, attributed, (period_type, periods)
            )
            self.per_person[cached] = (cells, len(planned))
        cells = self.per_person[cached][0]
        return cells.select(*KEYS, x=cells[f"x{planned.index(count)}"])

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


__all__ = ["Sources", "every_row_count"]
