"""Intervals: persons with a spell (home health care) running at some time in the period.

An open spell (no end) is still running; a person counts once per period however many of
their spells overlap it. Read whole in every run: its few rows cost little.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import ibis.expr.types as ir

from fardplan.catalogue import Count
from fardplan.engine.attribution import decode
from fardplan.engine.filters import where

if TYPE_CHECKING:
    from fardplan.engine.compile import Sources


def cells(count: Count, sources: Sources, period_type: str) -> ir.Table:
    """Return the base cells of a count of persons with a spell (``x``: persons)."""
    spells = where(sources.events[str(count.table)], count.where)
    periods = sources.periods.filter(sources.periods.period_type == period_type)
    start, end = spells[str(count.start)], spells[str(count.end)]
    overlapping = spells.join(
        periods, [start <= periods.end, end.isnull() | (end >= periods.start)]
    ).select("person_id", "year", "period")
    people = overlapping.distinct().join(sources.persons, ["person_id", "year"])
    counts = people.group_by("year", "period", "cell").agg(x=people.count())
    return decode(counts, sources.codes)


__all__ = ["cells"]
