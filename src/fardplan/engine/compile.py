"""Compile a catalogue ``Count`` into an Ibis expression of base cells.

A base cell is (year, period, municipality_code, sex, age) with the counted quantity ``x``;
``cells`` turns them into bands, totals and areas. Counts are exact integers and the COC sum is a
decimal with 12 places, so every backend adds them up to the same last digit.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

import ibis
import ibis.expr.datatypes as dt
import ibis.expr.types as ir

from fardplan.catalogue import Count, Filter, load_value_set
from fardplan.engine.attribution import attribute
from fardplan.engine.backends import materialise

EXACT = dt.Decimal(38, 12)
KEYS = ("year", "period", "municipality_code", "sex", "age")


@dataclass
class Sources:
    """The shared, attributed tables every indicator is derived from (built once per run)."""

    persons: ir.Table  # population with age
    events: dict[str, ir.Table]  # derived event tables, not yet attributed
    periods: ir.Table  # period_type, year, period, start, end
    use_cache: bool = True
    planned: dict[tuple[str, str], list[Count]] = field(default_factory=dict)
    monthly_sums: dict[tuple[str, str], tuple[ir.Table, int]] = field(default_factory=dict)
    persons_by_filter: dict[tuple[Filter, ...], ir.Table] = field(default_factory=dict)
    releases: list[Callable[[], None]] = field(default_factory=list)

    def plan(self, counts: list[Count]) -> None:
        """Register the event counts and sums of a run, so each event table is scanned once."""
        for count in counts:
            if count.measure in ("events", "sum"):
                planned = self.planned.setdefault((str(count.table), str(count.date)), [])
                if count not in planned:
                    planned.append(count)

    def dated(self, table: str, date: str, period_type: str) -> ir.Table:
        """Return ``table`` attributed by ``date`` with its ``period`` label.

        Only periods of this run are kept. Not cached: only the per-person measures read it.
        """
        events = attribute(self.events[table], date, self.persons)
        labelled = events.mutate(period=_label(events, period_type))
        return labelled.filter(labelled.period.isin(self._periods(period_type)))

    def monthly(self, count: Count, period_type: str) -> ir.Table:
        """Return the base cells of an event count or sum, from the shared monthly table.

        All planned counts on one (table, date column) come from one scan, summed per month
        and person attributes; a year is the sum of its months.
        """
        key = (str(count.table), str(count.date))
        self.plan([count])
        planned = self.planned[key]
        if key not in self.monthly_sums or len(planned) > self.monthly_sums[key][1]:
            self.monthly_sums[key] = (self.cache(self._sum_by_month(key, planned)), len(planned))
        sums = self.monthly_sums[key][0]
        column = f"c{planned.index(count)}"
        labelled = sums.mutate(period=_label(sums, period_type), x=sums[column])
        labelled = labelled.filter(labelled.period.isin(self._periods(period_type)))
        return labelled.group_by(KEYS).agg(x=labelled.x.sum())

    def _sum_by_month(self, key: tuple[str, str], counts: list[Count]) -> ir.Table:
        # Only the columns the counts use travel through the join with the population.
        table = self.events[key[0]]
        needed = {"person_id", key[1]} | {c for count in counts for c in columns_used(count)}
        events = attribute(table.select(*sorted(needed)), key[1], self.persons)
        columns = {}
        for i, count in enumerate(counts):
            keep = ibis.and_(*[predicate(events, f) for f in count.where]) if count.where else None
            amount = ibis.literal(1) if count.measure == "events" else events[str(count.column)]
            amount = amount.fill_null(0).cast("int64")
            columns[f"c{i}"] = amount if keep is None else ibis.ifelse(keep, amount, 0)
        flagged = events.mutate(**columns)
        keys = ("year", "month", "municipality_code", "sex", "age")
        return flagged.group_by(keys).agg(**{name: flagged[name].sum() for name in columns})

    def person_counts(self, filters: tuple[Filter, ...]) -> ir.Table:
        """Return persons per (year, municipality, sex, age) meeting ``filters``, cached."""
        if filters not in self.persons_by_filter:
            people = where(self.persons, filters)
            keys = ("year", "municipality_code", "sex", "age")
            counts = people.group_by(keys).agg(x=people.count())
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


def columns_used(count: Count) -> set[str]:
    """Return the event columns a count reads (its filters and its summed column)."""
    used = {count.column} if count.column else set()

    def walk(filters: tuple[Filter, ...]) -> None:
        for condition in filters:
            if condition.column:
                used.add(condition.column)
            walk(condition.any_of or ())

    walk(count.where)
    return {str(name) for name in used}


def _label(table: ir.Table, period_type: str) -> ir.StringValue:
    """Return the period label: ``"2024"`` or ``"2024-03"``."""
    label = table.year.cast("string")
    if period_type == "month":
        label = label + "-" + table.month.cast("string").lpad(2, "0")
    return label


def predicate(table: ir.Table, condition: Filter) -> ir.BooleanValue:
    """Return the Ibis predicate for one catalogue filter (null never matches)."""
    if condition.any_of is not None:
        parts = [predicate(table, part) for part in condition.any_of]
        combined = parts[0]
        for part in parts[1:]:
            combined = combined | part
        return combined.fill_null(False)
    column = table[str(condition.column)]
    if condition.equals is not None:
        result = column == condition.equals
    elif condition.not_equals is not None:
        result = column != condition.not_equals
    elif condition.one_of is not None:
        result = column.isin(condition.one_of)
    elif condition.not_null is not None:
        result = column.notnull() if condition.not_null else column.isnull()
    elif condition.at_most is not None:
        result = column <= condition.at_most
    else:
        prefixes = condition.starts_with or load_value_set(str(condition.in_value_set)).codes
        result = _starts_with_any(column, prefixes)
    return result.fill_null(False)


def _starts_with_any(column: ir.StringValue, prefixes: tuple[str, ...]) -> ir.BooleanValue:
    # A prefix match on the first characters; all prefixes of one length share one IN list.
    by_length: dict[int, list[str]] = {}
    for prefix in prefixes:
        by_length.setdefault(len(prefix), []).append(prefix)
    parts = [column.substr(0, n).isin(sorted(codes)) for n, codes in sorted(by_length.items())]
    combined = parts[0]
    for part in parts[1:]:
        combined = combined | part
    return combined


def where(table: ir.Table, filters: tuple[Filter, ...]) -> ir.Table:
    """Return the rows of ``table`` that satisfy every filter."""
    return table.filter(*[predicate(table, f) for f in filters]) if filters else table


def base_cells(count: Count, sources: Sources, period_type: str) -> ir.Table:
    """Return the base cells of ``count`` for one period type, ``x`` as decimal(38, 12)."""
    compilers = {
        "events": _events,
        "sum": _sum,
        "persons": _persons,
        "persons_with_events": _persons_with_events,
        "persons_with_interval": _persons_with_interval,
        "continuity_index": _continuity_index,
    }
    cells = compilers[count.measure](count, sources, period_type)
    return cells.select(*KEYS, x=cells.x.cast(EXACT))


def _events(count: Count, sources: Sources, period_type: str) -> ir.Table:
    return sources.monthly(count, period_type)


def _sum(count: Count, sources: Sources, period_type: str) -> ir.Table:
    return sources.monthly(count, period_type)


def _persons(count: Count, sources: Sources, period_type: str) -> ir.Table:
    # Persons are counted in their year; a month period reuses its year's population.
    per_year = sources.person_counts(count.where)
    periods = sources.periods.filter(sources.periods.period_type == period_type)
    joined = per_year.join(periods.select("year", "period"), "year")
    return joined.select(*KEYS, "x")


def _qualifying_persons(count: Count, sources: Sources, period_type: str) -> ir.Table:
    rows = where(sources.dated(str(count.table), str(count.date), period_type), count.where)
    per_person = rows.group_by(*KEYS, "person_id").agg(n=rows.count())
    return per_person.filter(per_person.n >= count.min_events)


def _persons_with_events(count: Count, sources: Sources, period_type: str) -> ir.Table:
    people = _qualifying_persons(count, sources, period_type)
    return people.group_by(KEYS).agg(x=people.count())


def _persons_with_interval(count: Count, sources: Sources, period_type: str) -> ir.Table:
    # An open interval (end null) is still running; a person counts once per period.
    spells = where(sources.events[str(count.table)], count.where)
    periods = sources.periods.filter(sources.periods.period_type == period_type)
    start, end = spells[str(count.start)], spells[str(count.end)]
    overlapping = spells.join(
        periods, [start <= periods.end, end.isnull() | (end >= periods.start)]
    ).select("person_id", "year", "period")
    people = overlapping.distinct().join(sources.persons, ["person_id", "year"])
    return people.group_by(KEYS).agg(x=people.count())


def _continuity_index(count: Count, sources: Sources, period_type: str) -> ir.Table:
    rows = where(sources.dated(str(count.table), str(count.date), period_type), count.where)
    per_clinician = rows.group_by(*KEYS, "person_id", str(count.clinician)).agg(n=rows.count())
    per_person = per_clinician.group_by(*KEYS, "person_id").agg(
        total=per_clinician.n.sum(), squares=(per_clinician.n * per_clinician.n).sum()
    )
    eligible = per_person.filter(per_person.total >= count.min_events)
    # COC = (Σ n_j² − N) / (N (N − 1)), rounded once to 12 places so sums are exact.
    coc = (eligible.squares - eligible.total).cast("float64") / (
        eligible.total * (eligible.total - 1)
    ).cast("float64")
    with_coc = eligible.mutate(coc=coc.cast(EXACT))
    return with_coc.group_by(KEYS).agg(x=with_coc.coc.sum())


__all__ = ["Sources", "base_cells", "predicate", "where"]
