"""Persons with events: the persons with at least ``min_events`` rows in the period.

A person's count needs all their events of the period, so it is computed from the per-person
scan (``per_person``: rows per person, summed first), shared with the per-person means.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import ibis.expr.types as ir

from fardplan.catalogue import Count

if TYPE_CHECKING:
    from fardplan.engine.compile import Sources


def cells(count: Count, sources: Sources, period_type: str) -> ir.Table:
    """Return the base cells of a count of persons with events (``x``: persons)."""
    return sources.person_cells(count, period_type)


__all__ = ["cells"]
