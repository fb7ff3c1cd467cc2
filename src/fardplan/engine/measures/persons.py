"""Persons: the population meeting a count's filters (a denominator), once per year.

Persons are counted in their year and every period of a year takes its count, so the count is
kept once per year and spread over the periods only once banded and summed
(``assembly.all_cells``), not repeated per period by single year of age.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import ibis.expr.types as ir

from fardplan.catalogue import Count
from fardplan.engine.schema import EXACT, YEARLY_KEYS

if TYPE_CHECKING:
    from fardplan.engine.compile import Sources


def yearly_cells(count: Count, sources: Sources) -> ir.Table:
    """Return the base cells of a count of persons, per year (``YEARLY_KEYS``), ``x`` exact."""
    if count.measure != "persons":
        raise ValueError(f"only counts of persons are yearly, not {count.measure!r}")
    cells = sources.person_counts(count.where)
    return cells.select(*YEARLY_KEYS, x=cells.x.cast(EXACT))


__all__ = ["yearly_cells"]
