"""The engine's output: one long table, one row per cell (indicators.md, Output)."""

from __future__ import annotations

import ibis.expr.datatypes as dt
import pyarrow as pa

# A base cell, before bands, totals and areas: what every count is first summed into.
BASE_KEYS = ("year", "period", "municipality_code", "sex", "age")
# Counts are exact integers and the COC sum a decimal with 12 places, so that every backend
# adds them up to the same last digit.
EXACT = dt.Decimal(38, 12)

RESULT_SCHEMA = pa.schema(
    [
        ("indicator_id", pa.string()),
        ("period", pa.string()),
        ("area_code", pa.string()),
        ("sex", pa.string()),
        ("age_group", pa.string()),
        ("numerator", pa.float64()),
        ("denominator", pa.int64()),
        ("value", pa.float64()),
        ("suppressed", pa.bool_()),
    ]
)
CELL_KEYS = ("indicator_id", "period", "area_code", "sex", "age_group")


def sort_cells(table: pa.Table) -> pa.Table:
    """Return ``table`` in the canonical order (by the cell keys), the same on every backend."""
    return table.sort_by([(key, "ascending") for key in CELL_KEYS])
