"""The engine's output: one long table, one row per cell (indicators.md, Output)."""

from __future__ import annotations

import pyarrow as pa

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
