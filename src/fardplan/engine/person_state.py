"""Extend a stored run's per-person measures with new rows, touching only their persons.

A person's measure in a year needs all their rows of that year: ``t`` = Σ n_j rows and, for
continuity, ``s`` = Σ n_j² over clinicians j. Both grow by what new rows add: Δt = Σ new_j and
Δs = Σ (2·old_j·new_j + new_j²), where old_j is the person's stored count with clinician j.
So a run keeps, per scan, layers of per-clinician counts and of per-person totals (the full
run's, then each incremental run's increments) and the cells of the measures. An incremental
run looks up the old counts of the (person, clinician) pairs its new rows have, and changes
the cells by the touched persons' new values minus their old ones: persons without new rows
are not read again. The arithmetic is exact (integers, and values summed as decimals).
"""

from __future__ import annotations

import ibis
import ibis.expr.datatypes as dt
import ibis.expr.types as ir

from fardplan.catalogue import Count
from fardplan.engine.measures.per_person import (
    PERSON_GRAIN,
    clinician_of,
    grain_of,
    person_values,
)
from fardplan.engine.periods import period_label
from fardplan.engine.schema import EXACT


def increments(new: ir.Table, layers: list[ir.Table], counts: list[Count]) -> ir.Table:
    """Return per touched person the increments ``t{i}`` and ``s{i}`` that ``new`` rows add.

    ``new`` and ``layers`` are per-clinician counts (``clinician_counts``); ``layers`` are the
    stored ones, whose sum is each pair's old count.
    """
    grain = _joined_on(grain_of(counts))
    clinician = clinician_of(counts)
    names = [f"n{i}" for i in range(len(counts))]
    old = _looked_up(new, layers, grain, {f"o{i}": n for i, n in enumerate(names)}, clinician)
    pairs = new.left_join(
        old,
        [
            new[c].identical_to(old[f"k_{c}"]) if c == clinician else new[c] == old[f"k_{c}"]
            for c in grain
        ],
    )
    sums = {}
    for i, count in enumerate(counts):
        n, o = pairs[f"n{i}"], pairs[f"o{i}"].fill_null(0)
        sums[f"t{i}"] = n.sum()
        if count.measure == "continuity_index":
            sums[f"s{i}"] = (2 * o * n + n * n).sum()
    grouped = pairs.group_by(*_joined_on(PERSON_GRAIN)).agg(**sums)
    # The year's label, made per person after the group (see ``_joined_on``), not carried
    # through it as a string per pair.
    grouped = grouped.mutate(period=period_label(grouped.year, ibis.literal(1), "year"))
    return grouped.select(*PERSON_GRAIN, *sums)


def changed_values(delta: ir.Table, totals: list[ir.Table], counts: list[Count]) -> ir.Table:
    """Return the touched persons' new values minus their old ones (``x{i}``, per person).

    ``delta`` holds the increments (``increments``), ``totals`` the stored layers of totals.
    Persons whose values do not change (most, for a count of persons) are left out, so
    ``valued_cells`` sums them into the cells' change. Materialise the result before that:
    with its true size known, the join with the population hashes these few persons, not
    the ten million.
    """
    names = [c for c in delta.columns if c not in PERSON_GRAIN]
    grain = _joined_on(PERSON_GRAIN)
    found_old = _looked_up(delta, totals, grain, {f"o_{n}": n for n in names})
    joined = delta.left_join(found_old, [delta[c] == found_old[f"k_{c}"] for c in grain])
    both = joined.select(
        *PERSON_GRAIN,
        **{f"o_{name}": joined[f"o_{name}"].fill_null(0) for name in names},
        **{f"n_{name}": joined[f"o_{name}"].fill_null(0) + joined[name] for name in names},
    )
    # Integers first: most touched persons provably keep every value (a count of persons
    # already reached, or too few rows for a COC), so only the rest get the decimal arithmetic.
    both = both.filter(ibis.or_(*[_may_change(both, i, count) for i, count in enumerate(counts)]))
    now, old = person_values(both, counts, "n_"), person_values(both, counts, "o_")
    change = both.select(*PERSON_GRAIN, **{name: _minus(now[name], old[name]) for name in now})
    return change.filter(ibis.or_(*[change[name] != 0 for name in now]))


def _may_change(both: ir.Table, i: int, count: Count) -> ir.BooleanValue:
    """Return whether the person's value of count ``i`` can differ between ``o_`` and ``n_``.

    False only where ``person_value`` is provably equal: a count of persons counts a person
    once ``min_events`` is reached; a COC is 0 below its threshold and the same where
    neither its rows nor its squares changed.
    """
    old_total, new_total = both[f"o_t{i}"], both[f"n_t{i}"]
    if count.measure != "continuity_index":
        return (old_total >= count.min_events) != (new_total >= count.min_events)
    least = max(count.min_events, 2)
    moved = (new_total != old_total) | (both[f"n_s{i}"] != both[f"o_s{i}"])
    return moved & ((new_total >= least) | (old_total >= least))


def _minus(now: ir.Value, old: ir.Value) -> ir.Value:
    """Return ``now − old`` of two person values, exact to the last of their 12 places.

    Spark gives a difference of two decimal(38, 12) only 11 places; one digit less on each
    side (a person's value is at most 1) leaves room for all 12.
    """
    narrower = dt.Decimal(37, 12)
    return (now.cast(narrower) - old.cast(narrower)).cast(EXACT)


def _joined_on(grain: tuple[str, ...]) -> tuple[str, ...]:
    """Return the columns a lookup matches on: ``grain`` but the period label.

    StoredSums per-person counts are yearly (``Sources`` refuses others), so the period is the
    year's label: matching on the year alone, an integer, is much faster than on a string.
    """
    return tuple(c for c in grain if c != "period")


def _looked_up(
    keys: ir.Table,
    layers: list[ir.Table],
    grain: tuple[str, ...],
    sums: dict[str, str],
    nullable: str | None = None,
) -> ir.Table:
    """Return the stored sums (``sums``: new name → column) for the ``grain`` keys in ``keys``.

    Key columns come back as ``k_<column>``. One layer holds each key once and is returned
    whole, for a left join without a group; several are joined with the keys and summed. The
    ``nullable`` column matches null to null (a clinician that counts of persons do not need).
    """
    if len(layers) == 1:
        layer = layers[0]
        return layer.select(
            *[layer[c].name(f"k_{c}") for c in grain],
            **{name: layer[column] for name, column in sums.items()},
        )
    stored = ibis.union(*[layer.select(*grain, *sums.values()) for layer in layers], distinct=False)
    wanted = keys.select(*[keys[c].name(f"k_{c}") for c in grain])
    matches = [
        stored[c].identical_to(wanted[f"k_{c}"]) if c == nullable else stored[c] == wanted[f"k_{c}"]
        for c in grain
    ]
    found = stored.join(wanted, matches)
    return found.group_by(*[f"k_{c}" for c in grain]).agg(
        **{name: found[column].sum() for name, column in sums.items()}
    )


def summed(parts: list[ir.Table], grain: tuple[str, ...]) -> ir.Table:
    """Return the columns of ``parts`` beyond ``grain`` summed per ``grain``.

    Sums of rows are additive: stored cells plus their change, layers of counts, monthly sums
    plus those of new rows. The parts need those columns, in any order.
    """
    names = [c for c in parts[0].columns if c not in grain]
    union = ibis.union(*[part.select(*grain, *names) for part in parts], distinct=False)
    return union.group_by(*grain).agg(**{name: union[name].sum() for name in names})


__all__ = ["changed_values", "increments", "summed"]
