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


def memberships(table: pa.Table) -> list[Relation]:
    """Return the five relations of the spec over ``table``'s cells (see module docstring)."""
    column = {name: table[name].to_numpy(zero_copy_only=False) for name in table.column_names}
    indicator, period, area = column["indicator_id"], column["period"], column["area_code"]
    sex, age = column["sex"], column["age_group"]
    is_month = pc.match_substring(table["period"], "-").to_numpy(zero_copy_only=False)
    year = pc.utf8_slice_codeunits(table["period"], 0, 4).to_numpy(zero_copy_only=False)
    is_sweden = area == "0000"
    is_region = pc.starts_with(table["area_code"], "00").to_numpy(zero_copy_only=False)
    is_region &= ~is_sweden
    region_of = np.where(
        is_region,
        area,
        "00" + pc.utf8_slice_codeunits(table["area_code"], 0, 2).to_numpy(zero_copy_only=False),
    )
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
    group = _factorize(keys, cells)
    size = np.bincount(group)
    keep = size[group] >= 2
    if must_have is not None:
        has = np.bincount(group, weights=must_have[cells]) > 0
        keep &= has[group]
    cells, group = cells[keep], group[keep]
    _, group = np.unique(group, return_inverse=True)
    return cells, group.astype(np.int64)


def _factorize(keys: list[np.ndarray], cells: np.ndarray) -> np.ndarray:
    """Return one integer per distinct combination of ``keys`` among ``cells`` (0, 1, …)."""
    combined = np.zeros(cells.size, dtype=np.int64)
    for key in keys:
        values, codes = np.unique(key[cells], return_inverse=True)
        combined = combined * len(values) + codes
        _, combined = np.unique(combined, return_inverse=True)  # stay small: no overflow
    return combined.astype(np.int64)
