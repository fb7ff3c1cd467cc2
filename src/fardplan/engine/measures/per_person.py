"""The per-person measures of one event table, all from one scan: persons with events, COC.

Each count's value for a person needs all of that person's events in the period, so the events
are summed per person (and clinician) first, with one column per count, and only then joined
with the population and summed into cells. Every per-person count on one (table, date column)
shares that scan; the result is one small table of cells with a column ``x{i}`` per count.
"""

from __future__ import annotations

import ibis
import ibis.expr.types as ir

from fardplan.catalogue import Count
from fardplan.engine.attribution import decode, person_cells
from fardplan.engine.filters import all_of, columns_used
from fardplan.engine.periods import period_label
from fardplan.engine.schema import BASE_KEYS as KEYS
from fardplan.engine.schema import EXACT

MEASURES = ("persons_with_events", "continuity_index")


def clinician_of(counts: list[Count]) -> str | None:
    """Return the clinician column the continuity counts group by (``Sources`` plans one)."""
    columns = sorted({str(c.clinician) for c in counts if c.measure == "continuity_index"})
    if len(columns) > 1:
        raise ValueError(f"one shared scan cannot group by several clinicians: {columns}")
    return columns[0] if columns else None


def clinician_counts(
    events: ir.Table, date: str, counts: list[Count], periods: ir.Column, label: str
) -> ir.Table:
    """Return the rows each count keeps per person, period (and clinician): ``n0``, ``n1``, ….

    These are additive: the counts of two sets of rows are the sums of each set's counts,
    which lets an incremental run add new rows to a stored run's (see ``person_state``).
    """
    clinician = clinician_of(counts)
    needed = {"person_id", date} | {c for count in counts for c in columns_used(count)}
    if clinician:
        needed.add(clinician)
    rows = events.select(*sorted(needed))
    keeps = [all_of(rows, count.where) for count in counts]
    if all(keep is not None for keep in keeps):
        # Only rows that some count keeps are read on.
        rows = rows.filter(ibis.or_(*[keep for keep in keeps if keep is not None]))
    # Grouped by integers (year, month) and labelled afterwards: a label is made per group,
    # not per row, and the group hashes integers instead of a string.
    month = rows[date].month() if label == "month" else ibis.literal(1)
    rows = rows.mutate(year=rows[date].year().cast("int64"), month=month)
    flags = {
        f"n{i}": (ibis.literal(1) if keep is None else ibis.ifelse(keep, 1, 0)).cast("int64")
        for i, keep in enumerate(all_of(rows, count.where) for count in counts)
    }
    rows = rows.mutate(**flags)
    keys = [c if c != "period" else "month" for c in grain_of(counts)]
    grouped = rows.group_by(*keys).agg(**{name: rows[name].sum() for name in flags})
    grouped = grouped.mutate(period=period_label(grouped.year, grouped.month, label))
    grouped = grouped.filter(grouped.period.isin(periods))
    return grouped.select(*grain_of(counts), *flags)


def grain_of(counts: list[Count]) -> tuple[str, ...]:
    """Return the columns ``clinician_counts`` groups by."""
    clinician = clinician_of(counts)
    return ("person_id", "year", "period", *([clinician] if clinician else []))


def measure_cells(
    per_clinician: ir.Table, counts: list[Count], persons: ir.Table, codes: ir.Table
) -> ir.Table:
    """Return the cells of the ``counts`` from their per-clinician counts (``clinician_counts``).

    ``persons`` carry ``cell``, which ``codes`` decodes (see ``attribution.cell_codes``).
    ``x{i}`` is a decimal(38, 12): a number of persons, or a sum of COC indices rounded once
    to 12 places, so every backend adds them up to the same last digit.
    """
    return totals_cells(person_totals(per_clinician, counts), counts, persons, codes)


PERSON_GRAIN = ("person_id", "year", "period")


def person_totals(per_clinician: ir.Table, counts: list[Count]) -> ir.Table:
    """Return per person and period ``t{i}`` = Σ n and, for continuity, ``s{i}`` = Σ n²."""
    sums = {}
    for i, count in enumerate(counts):
        n = per_clinician[f"n{i}"]
        sums[f"t{i}"] = n.sum()
        if count.measure == "continuity_index":
            sums[f"s{i}"] = (n * n).sum()
    return per_clinician.group_by(PERSON_GRAIN).agg(**sums)


def totals_cells(
    totals: ir.Table, counts: list[Count], persons: ir.Table, codes: ir.Table
) -> ir.Table:
    """Return the cells of the persons' values from their totals (``person_totals``)."""
    return valued_cells(
        totals.select(*PERSON_GRAIN, **person_values(totals, counts)), persons, codes
    )


def person_values(totals: ir.Table, counts: list[Count], prefix: str = "") -> dict[str, ir.Value]:
    """Return each person's value ``x{i}`` of the counts, from columns ``{prefix}t{i}``, …."""
    values = {}
    for i, count in enumerate(counts):
        squares = totals[f"{prefix}s{i}"] if count.measure == "continuity_index" else None
        values[f"x{i}"] = person_value(totals[f"{prefix}t{i}"], squares, count)
    return values


def valued_cells(valued: ir.Table, persons: ir.Table, codes: ir.Table) -> ir.Table:
    """Return the sums of the persons' values ``x{i}`` (``PERSON_GRAIN``, ``x…``) per cell."""
    names = [c for c in valued.columns if c not in PERSON_GRAIN]
    people = person_cells(persons)
    joined = valued.join(
        people, [valued.person_id == people.p_person_id, valued.year == people.p_year]
    )
    cells = joined.group_by("year", "period", "cell").agg(
        **{name: joined[name].sum() for name in names}
    )
    return decode(cells, codes).select(*KEYS, *names)


def person_value(
    total: ir.IntegerValue, squares: ir.IntegerValue | None, count: Count
) -> ir.DecimalValue:
    """Return one person's contribution to a count: 1 or 0 persons, or their COC.

    ``total`` is the person's rows (Σ n_j), ``squares`` Σ n_j² over clinicians (continuity).
    """
    eligible = total >= count.min_events
    if count.measure == "persons_with_events" or squares is None:
        return ibis.ifelse(eligible, 1, 0).cast(EXACT)
    # COC = (Σ n_j² − N) / (N (N − 1)); undefined for N < 2, so such a person adds nothing.
    pairs = ibis.ifelse(total >= 2, total * (total - 1), 1)
    coc = (squares - total).cast("float64") / pairs.cast("float64")
    return ibis.ifelse(eligible & (total >= 2), coc.cast(EXACT), ibis.literal(0).cast(EXACT))


__all__ = [
    "MEASURES",
    "PERSON_GRAIN",
    "clinician_counts",
    "clinician_of",
    "grain_of",
    "measure_cells",
    "person_totals",
    "person_value",
    "person_values",
    "totals_cells",
    "valued_cells",
]
