"""Age-standardised values (direct method), and the banding and summing they share with crude ones.

An indicator with a ``standard_population`` takes as value the rates of its cells in each
band of the standard population weighted by the band's weight (``standardised_values``).
``filled`` bands and sums base cells into a grid: the crude cells (``assembly``) use it too.
"""

from __future__ import annotations

import ibis
import ibis.expr.types as ir
import pyarrow as pa

from fardplan.catalogue import Indicator
from fardplan.engine.backends import upload
from fardplan.engine.cells import band_table, grid, roll_up, standard_slots, standard_weights
from fardplan.engine.compile import Sources
from fardplan.engine.schema import EXACT

SIDES = ("numerator", "denominator")


def factors(indicators: list[Indicator], indicator_id: ir.StringColumn) -> ir.FloatingValue:
    """Return each cell's factor (100 for a percentage, 1000 per thousand…) by its indicator."""
    factor: ir.FloatingValue = ibis.cases(
        *[(indicator_id == i.id, ibis.literal(float(i.factor))) for i in indicators]
    )
    return factor


def filled(sides: list[dict[str, ir.Table]], bands: ir.Table, slotted: ir.Table) -> ir.Table:
    """Return the grid ``slotted`` with each side's base cells banded by ``bands`` and summed.

    Cells without base cells are 0.
    """
    keys = ["indicator_id", "year", "period", "municipality_code", "sex", "age_group"]
    filled = slotted.mutate(**{side: ibis.null().cast(EXACT) for side in SIDES})
    # Counts of persons are banded and summed once per year, then spread over the year's
    # periods by the join with the grid: the rest, per period. A side has its sums in one.
    for periodic, on in ((True, keys), (False, [key for key in keys if key != "period"])):
        parts = [
            (side, cells)
            for each in sides
            for side, cells in each.items()
            if ("period" in cells.columns) == periodic
        ]
        if not parts:
            continue
        found = _banded_sums(parts, bands, on)
        joined = filled.left_join(found, [filled[key] == found[f"found_{key}"] for key in on])
        filled = joined.select(
            *slotted.columns,
            **{side: ibis.coalesce(joined[side], joined[f"found_{side}"]) for side in SIDES},
        )
    return filled.select(
        *slotted.columns,
        numerator=filled.numerator.fill_null(0),
        denominator=filled.denominator.fill_null(0).cast("int64"),
    )


def standardised_values(
    chosen: list[tuple[Indicator, dict[str, ir.Table]]],
    slots: pa.Table,
    areas: ir.Table,
    ages: list[int],
    full_years: list[int],
    sources: Sources,
) -> ir.Table:
    """Return the age-standardised value of every cell of the ``chosen`` indicators.

    Direct method: the cell's rate in each band of the standard population (numerator and
    denominator summed over its areas and sexes as the crude ones are) weighted by the band's
    weight, over the bands with persons in them (``std_`` + each cell key, ``std_value``).
    A band without persons has no rate; when no band has one the value is null, as a crude
    rate on no persons is.
    """
    con = areas.get_backend()
    indicators = [indicator for indicator, _ in chosen]
    bands = upload(con, band_table(indicators, ages, standard=True))
    slotted = grid(standard_slots(slots, indicators), areas)
    banded = sources.cache(filled([sides for _, sides in chosen], bands, slotted))
    # Per band only: a sum over the bands is no rate to weight.
    by_band = roll_up(banded, full_years, age_totals=False)
    by_band = by_band.filter(by_band.denominator > 0)
    weights = upload(con, standard_weights(indicators))
    weights = weights.rename(w_indicator_id="indicator_id", group="age_group")
    joined = by_band.join(
        weights,
        [by_band.indicator_id == weights.w_indicator_id, by_band.age_group == weights.band],
    )
    rate = joined.numerator.cast("float64") / joined.denominator.cast("float64")
    keys = {"indicator_id": joined.indicator_id, "period": joined.period}
    keys |= {"area_code": joined.area_code, "sex": joined.sex, "age_group": joined.group}
    # Each weighted rate is summed as an exact decimal: a sum of floats depends on the order
    # of its terms, which differs between threads and backends; this one is the same on both.
    sums = joined.group_by(**keys).agg(
        weighted=(joined.weight * rate).cast(EXACT).sum(), weights=joined.weight.sum()
    )
    weighted = sums.weighted.cast("float64")
    value = weighted / sums.weights * factors(indicators, sums.indicator_id)
    return sums.select(**{f"std_{key}": sums[key] for key in keys}, std_value=value)


def _banded_sums(parts: list[tuple[str, ir.Table]], bands: ir.Table, keys: list[str]) -> ir.Table:
    """Return the (side, base cells) ``parts`` banded by one join and summed by one group.

    Columns: ``found_`` + each of ``keys`` and of the sides (null for a side without cells).
    """
    absent = ibis.null().cast(EXACT)
    base = [key for key in ("age", *keys) if key not in ("indicator_id", "age_group")]
    union = ibis.union(
        *[
            cells.select(
                "indicator_id",
                *base,
                **{other: cells.x if other == side else absent for other in SIDES},
            )
            for side, cells in parts
        ],
        distinct=False,
    )
    banded = union.join(bands, ["indicator_id", "age"])
    sums = banded.group_by(keys).agg(**{side: banded[side].sum() for side in SIDES})
    return sums.rename({f"found_{column}": column for column in sums.columns})


__all__ = ["SIDES", "factors", "filled", "standardised_values"]
