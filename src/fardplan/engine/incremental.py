"""The incremental case: a dataset that adds months to a stored run recomputes only those.

A month's cells depend on the events of that month, except readmissions: an admission
discharged up to ``READMISSION_DAYS`` before the new month can become a readmission's index
stay, so the months of that window are recomputed too, and so is every year that contains a
recomputed month (a year is the sum of its months, and its per-person measures span them).
A stay known on discharge counts in its month of admission, which may lie in an earlier year,
and it can make a stay discharged up to ``READMISSION_DAYS`` before its admission an index
stay: the years from there on are recomputed too (``changes_from``, see ``first_new_day``).
These are the ``affected`` periods. They suffice for indicators on contacts and care plans;
an indicator on admissions recomputes every period of the affected years, since a stay known
on discharge counts in its month of admission, which may lie months back (see
``scope.scope_of``). Suppression then runs again on every year of an indicator with a
recomputed period, since secondary suppression crosses periods (year = Σ months); the other
years keep their stored flags (``merge``).

The assumption, as with any incremental load: the new dataset only adds events, and leaves the
population of earlier years unchanged. With a stored state this is checked (``state``).
"""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

from fardplan.engine.attribution import READMISSION_DAYS
from fardplan.engine.errors import EngineError
from fardplan.engine.relations import numbered

Periods = dict[str, list[Any]]


def affected(
    periods: Periods,
    previous: pa.Table,
    changes_from: date | None = None,
    since: date | None = None,
) -> Periods:
    """Return the rows of the period table ``periods`` to recompute, given the previous results.

    New periods (absent from ``previous``), the months whose readmission window reaches into
    the earliest new month, every month that ends on or after ``since`` (the first day of
    which rows may be new to the stored run), and the years of all of these; with
    ``changes_from`` (the earliest day an older event may change, see the module docstring)
    also every year that ends on or after it. Raises ``ValueError`` when nothing is new, or
    when ``previous`` has a period the dataset no longer has (not an extension).
    """
    rows = _rows(periods)  # period_type, year, period, start, end
    new = _new_rows(rows, previous)
    first_new = _first_month(new)
    chosen = {row[2] for row in new}
    starts = [day for day in (first_new, since) if day is not None]
    if first_new is not None:
        starts[0] = first_new - timedelta(days=READMISSION_DAYS)
    if starts:
        window = min(starts)
        chosen |= {row[2] for row in rows if row[0] == "month" and row[4] >= window}
    years = {row[1] for row in rows if row[2] in chosen}
    if changes_from is not None:
        years |= {row[1] for row in rows if row[0] == "year" and row[4] >= changes_from}
    chosen |= {row[2] for row in rows if row[0] == "year" and row[1] in years}
    kept = [row for row in rows if row[2] in chosen]
    return {name: [row[i] for row in kept] for i, name in enumerate(periods)}


def first_new_day(periods: Periods, previous: pa.Table) -> date | None:
    """Return the first day of the earliest month absent from ``previous`` (None: no month).

    Every row the previous run did not know is dated on or after ``READMISSION_DAYS`` before
    it: that run's data ended in the month before, on its first day at the earliest, at most
    31 days earlier.
    """
    return _first_month(_new_rows(_rows(periods), previous))


def _first_month(new: list[tuple[Any, ...]]) -> date | None:
    months = [row[3] for row in new if row[0] == "month"]
    return min(months) if months else None


def _rows(periods: Periods) -> list[tuple[Any, ...]]:
    return list(zip(*periods.values(), strict=True))


def _new_rows(rows: list[tuple[Any, ...]], previous: pa.Table) -> list[tuple[Any, ...]]:
    known = set(pc.unique(previous["period"]).to_pylist())
    missing = known - {row[2] for row in rows}
    if missing:
        listed = ", ".join(sorted(missing)[:5])
        raise EngineError(
            f"the stored run has periods the dataset lacks ({listed}): not an extension, "
            "run a full computation",
            f"den lagrade körningen har perioder som datasetet saknar ({listed}): datasetet "
            f"bygger inte vidare på den, kör en fullständig beräkning",
        )
    new = [row for row in rows if row[2] not in known]
    if not new:
        raise EngineError(
            "the dataset adds no period to the stored run: nothing to recompute",
            "datasetet tillför ingen period till den lagrade körningen: inget att räkna om",
        )
    return new


def merge(previous: pa.Table, fresh: pa.Table, recomputed: dict[str, list[str]]) -> pa.Table:
    """Return ``previous`` without the ``recomputed`` periods, plus ``fresh``, with two flags.

    ``recomputed`` gives each indicator's recomputed periods, whose cells ``fresh`` holds.
    Every sum secondary suppression protects lies within one indicator and year
    (indicators.md, Suppression), so each year of an indicator is suppressed on its own.
    ``again`` marks the cells of the years with a recomputed period: suppressed again whole,
    their ``suppressed`` is false. Every other cell keeps its stored flag (all are suppressed
    again when ``previous`` has none). Raises ``ValueError`` when the two cover different
    indicators (the stored run is not comparable).
    """
    before = set(pc.unique(previous["indicator_id"]).to_pylist())
    now = set(pc.unique(fresh["indicator_id"]).to_pylist())
    if before != now:
        differing = ", ".join(sorted(before ^ now)[:5])
        raise EngineError(
            f"the stored run has other indicators ({differing}): run in full",
            f"den lagrade körningen har andra indikatorer ({differing}): "
            "kör en fullständig beräkning",
        )
    replaced, again = _recomputed(previous, recomputed)
    if "suppressed" in previous.column_names:
        stored = previous["suppressed"].to_numpy(zero_copy_only=False) & ~again
    else:
        stored, again = np.zeros(len(previous), dtype=bool), np.ones(len(previous), dtype=bool)
    kept = previous.select(fresh.schema.names).cast(fresh.schema)
    kept = kept.append_column("suppressed", pa.array(stored)).append_column(
        "again", pa.array(again)
    )
    kept = kept.filter(pa.array(~replaced))
    fresh = fresh.append_column("suppressed", pa.array(np.zeros(len(fresh), dtype=bool)))
    fresh = fresh.append_column("again", pa.array(np.ones(len(fresh), dtype=bool)))
    return pa.concat_tables([kept, fresh])


def _recomputed(cells: pa.Table, recomputed: dict[str, list[str]]) -> tuple[np.ndarray, np.ndarray]:
    """Return per cell whether its period was recomputed, and whether a period of its year was.

    Looked up by the cell's indicator and period numbers: a few hundred pairs, not a string
    per cell.
    """
    indicator, indicators = numbered(cells["indicator_id"])
    period, periods = numbered(cells["period"])
    labels = periods.to_pylist()
    replaced = np.zeros((len(indicators), len(labels)), dtype=bool)
    again = np.zeros_like(replaced)
    for i, name in enumerate(indicators.to_pylist()):
        chosen = set(recomputed.get(name, ()))
        years = {label[:4] for label in chosen}
        replaced[i] = [label in chosen for label in labels]
        again[i] = [label[:4] in years for label in labels]
    return replaced[indicator, period], again[indicator, period]


__all__ = ["affected", "first_new_day", "merge"]
