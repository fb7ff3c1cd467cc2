"""The additive relations between cells that secondary suppression must protect.

Each relation is returned as two aligned arrays: cell row numbers and the id of the sum
(group) the cell takes part in. A group holds the total and its parts; a group with a single
cell relates nothing and is left out.
"""

from __future__ import annotations

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

Relation = tuple[np.ndarray, np.ndarray]


def numbered(values: pa.Array | pa.ChunkedArray) -> tuple[np.ndarray, pa.Array]:
    """Return dense integer codes of ``values`` (equal values, equal codes) and the distinct
    values, each at its code."""
    encoded = pc.dictionary_encode(values)
    if isinstance(encoded, pa.ChunkedArray):
        encoded = encoded.combine_chunks()
    codes = np.asarray(encoded.indices.to_numpy(zero_copy_only=False), dtype=np.int64)
    return codes, encoded.dictionary


def _codes(values: pa.Array | pa.ChunkedArray) -> np.ndarray:
    return numbered(values)[0]


def _flag(values: pa.Array | pa.ChunkedArray) -> np.ndarray:
    return np.asarray(values.to_numpy(zero_copy_only=False), dtype=bool)


def memberships(table: pa.Table) -> list[Relation]:
    """Return the five relations of the spec over ``table``'s cells (see module docstring)."""
    area_codes = table["area_code"]
    indicator, period, area = (_codes(table[c]) for c in ("indicator_id", "period", "area_code"))
    sex, age = _codes(table["sex"]), _codes(table["age_group"])
    year = _codes(pc.utf8_slice_codeunits(table["period"], 0, 4))
    is_month = _flag(pc.match_substring(table["period"], "-"))
    is_sweden = _flag(pc.equal(area_codes, "0000"))
    is_region = _flag(pc.starts_with(area_codes, "00")) & ~is_sweden
    # A municipality's region is "00" + its first two digits; a region is its own.
    prefix = pc.binary_join_element_wise("00", pc.utf8_slice_codeunits(area_codes, 0, 2), "")
    region_of = _codes(pc.if_else(pa.array(is_region), area_codes, prefix))
    everything = np.ones(len(table), dtype=bool)
    relations = [
        _groups(everything, [indicator, period, area, age]),  # T = K + M
        _groups(everything, [indicator, period, area, sex]),  # all = Σ bands
        _groups(~is_sweden, [indicator, period, region_of, sex, age]),  # region = Σ municipalities
        _groups(is_sweden | is_region, [indicator, period, sex, age], must_have=is_sweden),
        _groups(
            everything, [indicator, year, area, sex, age], must_have=~is_month
        ),  # year = Σ months
    ]
    return [relation for relation in relations if relation[0].size]


def _groups(
    member: np.ndarray, keys: list[np.ndarray], must_have: np.ndarray | None = None
) -> Relation:
    """Group the ``member`` cells by ``keys``; keep groups of ≥ 2 cells holding a ``must_have``."""
    cells = np.flatnonzero(member)
    if cells.size == 0:
        return cells, cells
    combined = np.zeros(cells.size, dtype=np.int64)
    radix = 1
    for key in keys:
        # Codes are dense and small, so the mixed-radix number stays far below 2**63.
        combined = combined * (int(key.max()) + 1) + key[cells]
        radix *= int(key.max()) + 1
    group = _dense(combined, radix)
    size = np.bincount(group)
    keep = size[group] >= 2
    if must_have is not None:
        has = np.bincount(group, weights=must_have[cells]) > 0
        keep &= has[group]
    cells, group = cells[keep], group[keep]
    return cells, _dense(group, int(group.max()) + 1 if group.size else 0)


DENSE_LIMIT = 1 << 24  # a flag per possible number up to this, 128 MB of sums at most


def _dense(numbers: np.ndarray, limit: int) -> np.ndarray:
    """Return ``numbers`` (each in 0 … ``limit`` − 1) renumbered 0, 1, … in ascending order.

    A count per possible number, where there are few possible numbers (a few million for a
    national run), is a pass over the cells; ``np.unique`` sorts them instead.
    """
    if limit > DENSE_LIMIT:
        _, inverse = np.unique(numbers, return_inverse=True)
        return np.asarray(inverse, dtype=np.int64)
    present = np.zeros(limit, dtype=bool)
    present[numbers] = True
    return np.asarray((np.cumsum(present) - 1)[numbers], dtype=np.int64)
