"""Röjandeskydd: primary and secondary suppression of cells (indicators.md, Suppression).

``suppress_cells`` flags cells; ``publish`` blanks what a flagged cell may not show. The stored
result keeps raw numbers and the flag, so a user allowed to see raw counts still can.
"""

from __future__ import annotations

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

from fardplan.catalogue import Catalogue, load_catalogue
from fardplan.catalogue.computation import Suppression
from fardplan.engine.relations import memberships, numbered

SMALL = 5  # 0 < numerator < 5 is suppressed


def primary(table: pa.Table, catalogue: Catalogue) -> np.ndarray:
    """Return the cells the primary rules suppress, as a boolean array in table order."""
    numerator = table["numerator"].to_numpy(zero_copy_only=False)
    denominator = table["denominator"].to_numpy(zero_copy_only=False).astype("float64")
    # Each indicator's rules as arrays indexed by its number in the table: one pass, not one
    # comparison of every cell's id per indicator.
    ids, names = numbered(table["indicator_id"])
    rules = [_rules(catalogue, name) for name in names.to_pylist()]
    small = np.array([r is not None and r.small_numerator for r in rules], dtype=bool)
    complement = np.array([r is not None and r.small_complement for r in rules], dtype=bool)
    least = np.array(
        [r.min_denominator if r and r.min_denominator is not None else 0 for r in rules],
        dtype="float64",
    )
    rest = denominator - numerator
    flagged = small[ids] & (numerator > 0) & (numerator < SMALL)
    flagged |= complement[ids] & (rest > 0) & (rest < SMALL)
    flagged |= (denominator > 0) & (denominator < least[ids])
    return np.asarray(flagged, dtype=bool)


def _rules(catalogue: Catalogue, indicator_id: str) -> Suppression | None:
    found = [i for i in catalogue.computed if i.id == indicator_id]
    return found[0].computation.suppression if found and found[0].computation else None


def suppress_cells(
    table: pa.Table, catalogue: Catalogue | None = None, within: np.ndarray | None = None
) -> pa.Table:
    """Return ``table`` with ``suppressed`` set by the primary and secondary rules.

    Cells already flagged stay flagged, so the function is idempotent. Secondary suppression: in
    every sum of the spec (T = K + M, all = Σ bands, region = Σ municipalities, Sweden = Σ
    regions, year = Σ months) with exactly one suppressed cell, the smallest other cell (by raw
    numerator, ties by table order) is suppressed too; repeated until no sum changes.

    ``within``: a flag per cell; only those cells are suppressed, the others keep their
    ``suppressed`` as it is. Each sum lies within one indicator and year, so ``within`` must
    hold whole years of an indicator.
    """
    if within is not None and not within.any():
        return table
    if within is not None and not within.all():
        rows = pa.array(np.flatnonzero(within))
        part = suppress_cells(table.take(rows), catalogue)["suppressed"]
        flags = table["suppressed"].to_numpy(zero_copy_only=False).copy()
        flags[rows.to_numpy()] = part.to_numpy(zero_copy_only=False)
        index = table.column_names.index("suppressed")
        return table.set_column(index, "suppressed", pa.array(flags))
    catalogue = catalogue or load_catalogue()
    flagged = primary(table, catalogue)
    if "suppressed" in table.column_names:
        flagged |= table["suppressed"].to_numpy(zero_copy_only=False).astype(bool)
        table = table.drop_columns(["suppressed"])
    numerator = table["numerator"].to_numpy(zero_copy_only=False).astype("float64")
    groups = memberships(table)
    changed = True
    while changed:
        changed = False
        for cells, group in groups:
            added = _secondary(cells, group, flagged, numerator)
            if added.size:
                flagged[added] = True
                changed = True
    return table.append_column("suppressed", pa.array(flagged))


def _secondary(
    cells: np.ndarray, group: np.ndarray, flagged: np.ndarray, numerator: np.ndarray
) -> np.ndarray:
    """Return the cells to suppress so no group of this relation has exactly one suppressed."""
    n_groups = int(group.max()) + 1 if group.size else 0
    suppressed_in = np.bincount(group, weights=flagged[cells], minlength=n_groups)
    lonely = suppressed_in[group] == 1
    candidates = lonely & ~flagged[cells]
    if not candidates.any():
        return np.empty(0, dtype=np.int64)
    cand_cells, cand_groups = cells[candidates], group[candidates]
    order = np.lexsort((cand_cells, numerator[cand_cells], cand_groups))
    sorted_groups = cand_groups[order]
    first = np.ones(len(order), dtype=bool)
    first[1:] = sorted_groups[1:] != sorted_groups[:-1]
    return np.asarray(cand_cells[order][first])


def publish(table: pa.Table, catalogue: Catalogue | None = None) -> pa.Table:
    """Return the published form: a suppressed cell's numerator and value null, and its
    denominator null where the catalogue says it would reveal the numerator.

    Idempotent: publishing a published table changes nothing.
    """
    catalogue = catalogue or load_catalogue()
    hide = [
        i.id
        for i in catalogue.computed
        if i.computation and i.computation.suppression.hide_denominator
    ]
    suppressed = table["suppressed"]
    hidden = pc.and_(suppressed, pc.is_in(table["indicator_id"], pa.array(hide, pa.string())))
    replaced = {
        "numerator": suppressed,
        "value": suppressed,
        "denominator": hidden,
    }
    for name, mask in replaced.items():
        column = table[name]
        blank = pa.nulls(len(table), column.type)
        index = table.column_names.index(name)
        table = table.set_column(index, name, pc.if_else(mask, blank, column))
    return table
