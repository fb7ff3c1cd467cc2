"""The canonical order of the result cells, and the numbering the suppression groups use."""

from __future__ import annotations

import numpy as np
import pyarrow as pa
from hypothesis import given
from hypothesis import strategies as st

from fardplan.engine.relations import _dense
from fardplan.engine.schema import CELL_KEYS, sort_cells

VALUES = st.one_of(st.none(), st.sampled_from(["", "0000", "2480", "2024-01", "K", "T", "Å", "a"]))


@given(st.lists(st.tuples(*[VALUES] * len(CELL_KEYS), st.integers(0, 100)), max_size=60))
def test_cells_sort_as_by_their_keys_one_after_another(rows: list[tuple[object, ...]]) -> None:
    names = [*CELL_KEYS, "numerator"]
    table = pa.table({name: [row[i] for row in rows] for i, name in enumerate(names)})
    table = table.cast(
        pa.schema([*[(key, pa.string()) for key in CELL_KEYS], ("numerator", pa.int64())])
    )
    expected = table.sort_by([(key, "ascending") for key in CELL_KEYS])
    # Ties (equal keys) keep their order in both.
    assert sort_cells(table).equals(expected)


@given(st.lists(st.integers(0, 1000), max_size=200), st.booleans())
def test_numbers_are_renumbered_densely_in_ascending_order(values: list[int], sort: bool) -> None:
    numbers = np.array(values, dtype=np.int64)
    limit = 1001 if not sort else 1 << 30  # above the limit: by sorting instead
    _, expected = np.unique(numbers, return_inverse=True)
    assert np.array_equal(_dense(numbers, limit), expected)
