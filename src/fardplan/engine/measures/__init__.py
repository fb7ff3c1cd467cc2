"""Stage 4, the measures: each indicator's numerator and denominator as base cells.

One module per kind of measure (the catalogue's ``Count.measure``): ``events``, ``sums``,
``persons_with`` (persons with events), ``per_person_mean`` (continuity of care),
``intervals`` (spells running in a period), ``persons`` (the population, per year) and
``standardised`` (age-standardised values, applied once the cells are summed). The scans they
read are planned once (``compile.Sources``): every count on a table shares one.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

import ibis
import ibis.expr.types as ir

from fardplan.catalogue import Count, Indicator
from fardplan.engine.measures import (
    events,
    intervals,
    per_person_mean,
    persons,
    persons_with,
    sums,
)
from fardplan.engine.schema import BASE_KEYS, EXACT

if TYPE_CHECKING:
    from fardplan.engine.compile import Sources

PERIODIC: dict[str, Callable[[Count, Sources, str], ir.Table]] = {
    "events": events.cells,
    "sum": sums.cells,
    "persons_with_events": persons_with.cells,
    "continuity_index": per_person_mean.cells,
    "persons_with_interval": intervals.cells,
}


def base_cells(count: Count, sources: Sources, period_type: str) -> ir.Table:
    """Return the base cells of ``count`` for one period type, ``x`` as decimal(38, 12).

    A count of persons has yearly cells instead (``persons.yearly_cells``).
    """
    if count.measure == "persons":
        raise ValueError("a count of persons has yearly cells: see persons.yearly_cells")
    cells = PERIODIC[count.measure](count, sources, period_type)
    return cells.select(*BASE_KEYS, x=cells.x.cast(EXACT))


def indicator_sides(indicator: Indicator, sources: Sources) -> dict[str, ir.Table]:
    """Return the numerator's and denominator's base cells of one indicator, every period type.

    Cells by single year of age, tagged with the indicator: ``assembly.all_cells`` bands them.
    A count of persons has one cell per year and no period (``persons.yearly_cells``).
    """
    spec = indicator.computation
    if spec is None:
        raise ValueError(f"indicator {indicator.id!r} is imported, not computed")
    sides = {}
    for side, count in (("numerator", spec.numerator), ("denominator", spec.denominator)):
        if count.measure == "persons":
            cells = persons.yearly_cells(count, sources)
        else:
            per_type = [base_cells(count, sources, kind) for kind in indicator.periods]
            cells = ibis.union(*per_type, distinct=False) if len(per_type) > 1 else per_type[0]
        sides[side] = cells.mutate(indicator_id=ibis.literal(indicator.id))
    return sides


__all__ = ["PERIODIC", "base_cells", "indicator_sides"]
