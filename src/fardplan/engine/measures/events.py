"""Events: how many rows of an event table meet a count's filters, per month and cell.

Every event count and sum on one (table, date column) comes from one scan, summed per month
and person attributes (``compile.Sources.monthly``); a quarter or a year is the sum of its
months. In an incremental run the stored months plus the new rows' months give the same sums.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import ibis.expr.types as ir

from fardplan.catalogue import Count

if TYPE_CHECKING:
    from fardplan.engine.compile import Sources


def cells(count: Count, sources: Sources, period_type: str) -> ir.Table:
    """Return the base cells of an event count for one period type (``x``: the rows)."""
    return sources.monthly(count, period_type)


__all__ = ["cells"]
