"""Per-person means, such as the continuity of care index (COC) per person.

A person's COC is (Σ n_c² − N) / (N (N − 1)) over their eligible visits per clinician c
(N = Σ n_c, at least ``min_events``): ``per_person.person_values`` computes it from the
per-clinician counts of the shared per-person scan, and the cell's value is the mean of its
persons' indices (a decimal sum with 12 places over the persons counted).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import ibis.expr.types as ir

from fardplan.catalogue import Count

if TYPE_CHECKING:
    from fardplan.engine.compile import Sources


def cells(count: Count, sources: Sources, period_type: str) -> ir.Table:
    """Return the base cells of a per-person mean (``x``: the sum of the persons' values)."""
    return sources.person_cells(count, period_type)


__all__ = ["cells"]
