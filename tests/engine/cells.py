"""Look up one cell of an engine result in tests."""

from __future__ import annotations

from typing import Any

import pyarrow as pa
import pyarrow.compute as pc


def cell(
    results: pa.Table,
    indicator: str,
    period: str,
    area: str = "2480",
    sex: str = "T",
    age: str = "all",
) -> dict[str, Any]:
    """Return the row of that cell as a dict; fails the test when it is missing or repeated."""
    mask = pc.and_(
        pc.and_(pc.equal(results["indicator_id"], indicator), pc.equal(results["period"], period)),
        pc.and_(
            pc.and_(pc.equal(results["area_code"], area), pc.equal(results["sex"], sex)),
            pc.equal(results["age_group"], age),
        ),
    )
    rows = results.filter(mask).to_pylist()
    assert len(rows) == 1, f"{len(rows)} rows for {indicator} {period} {area} {sex} {age}"
    row: dict[str, Any] = rows[0]
    return row


def counts(results: pa.Table, indicator: str, period: str, **keys: str) -> tuple[Any, Any]:
    """Return (numerator, denominator) of a cell."""
    row = cell(results, indicator, period, **keys)
    return row["numerator"], row["denominator"]
