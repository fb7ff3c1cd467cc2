"""Sums: a column of an event table added up over the rows meeting a count's filters.

Shares the monthly scan of ``events`` (one column per count, ``compile.Sources.monthly``): an
empty value counts as 0, and every sum is an exact integer, so backends agree to the digit.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import ibis.expr.types as ir

from fardplan.catalogue import Count

if TYPE_CHECKING:
    from fardplan.engine.compile import Sources


def cells(count: Count, sources: Sources, period_type: str) -> ir.Table:
    """Return the base cells of a sum for one period type (``x``: the sum of ``count.column``)."""
    return sources.monthly(count, period_type)


__all__ = ["cells"]
