"""The incremental case: a dataset that adds months to a stored run recomputes only those.

A month's cells depend on the events of that month, except readmissions: an admission
discharged up to ``READMISSION_DAYS`` before the new month can become a readmission's index
stay, so the months of that window are recomputed too, and so is every year that contains a
recomputed month (a year is the sum of its months, and its per-person measures span them).
These are the ``affected`` periods. They suffice for indicators on contacts and care plans;
an indicator on admissions recomputes every period of the affected years, since a stay known
on discharge counts in its month of admission, which may lie months back (see
``run._scope``). Suppression then runs again on the whole merged table, since secondary
suppression crosses periods (year = Σ months).

The assumption, as with any incremental load: the new dataset only adds events, and leaves the
population of earlier years unchanged. With a stored state this is checked (``state``).
"""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pyarrow as pa
import pyarrow.compute as pc

from fardplan.engine.attribution import READMISSION_DAYS

Periods = dict[str, list[Any]]


def affected(periods: Periods, previous: pa.Table) -> Periods:
    """Return the rows of the period table ``periods`` to recompute, given the previous results.

    New periods (absent from ``previous``), the months whose readmission window reaches into
    the earliest new month, and the years of all of these. Raises ``ValueError`` when nothing
    is new, or when ``previous`` has a period the dataset no longer has (not an extension).
    """
    labels = periods["period"]
    known = set(pc.unique(previous["period"]).to_pylist())
    missing = known - set(labels)
    if missing:
        raise ValueError(
            "the stored run has periods the dataset lacks "
            f"({', '.join(sorted(missing)[:5])}): not an extension, run a full computation"
        )
    rows = list(zip(*periods.values(), strict=True))  # period_type, year, period, start, end
    new = [row for row in rows if row[2] not in known]
    if not new:
        raise ValueError("the dataset adds no period to the stored run: nothing to recompute")
    first_new = min(row[3] for row in new if row[0] == "month") if _has_month(new) else None
    chosen = {row[2] for row in new}
    if first_new is not None:
        window = first_new - timedelta(days=READMISSION_DAYS)
        chosen |= {row[2] for row in rows if row[0] == "month" and row[4] >= window}
    years = {row[1] for row in rows if row[2] in chosen}
    chosen |= {row[2] for row in rows if row[0] == "year" and row[1] in years}
    kept = [row for row in rows if row[2] in chosen]
    return {name: [row[i] for row in kept] for i, name in enumerate(periods)}


def _has_month(rows: list[tuple[Any, ...]]) -> bool:
    return any(row[0] == "month" for row in rows)


def merge(previous: pa.Table, fresh: pa.Table, recomputed: dict[str, list[str]]) -> pa.Table:
    """Return ``previous`` without the ``recomputed`` periods, plus ``fresh``, unsuppressed.

    ``recomputed`` gives each indicator's recomputed periods.

    The ``suppressed`` flag is dropped: suppression must run again on the whole table. Raises
    ``ValueError`` when the two cover different indicators (the stored run is not comparable).
    """
    before = set(pc.unique(previous["indicator_id"]).to_pylist())
    now = set(pc.unique(fresh["indicator_id"]).to_pylist())
    if before != now:
        differing = ", ".join(sorted(before ^ now)[:5])
        raise ValueError(f"the stored run has other indicators ({differing}): run in full")
    raw_schema = fresh.schema
    pairs = pc.binary_join_element_wise(previous["indicator_id"], previous["period"], "\t")
    stale = [
        f"{indicator}\t{period}" for indicator, periods in recomputed.items() for period in periods
    ]
    kept = previous.filter(pc.invert(pc.is_in(pairs, pa.array(stale, pa.string()))))
    kept = kept.select(raw_schema.names).cast(raw_schema)
    return pa.concat_tables([kept, fresh])


__all__ = ["affected", "merge"]
