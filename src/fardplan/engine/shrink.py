"""A dataset much smaller than the stored run's is refused unless the user says it is meant.

A failed or partial extract (a month missing, one file of a folder lost) gives a dataset that
passes every rule of the contract and publishes indicators that fell by half. So each run
keeps its tables' rows per period (``rows_by_period``: events per month, the population per
year, the other tables in all), and the next is compared with the current one: a period
whose rows fell under half of the stored run's is refused (``EngineError``) with both counts,
unless its table is named in ``allow_shrink`` (``--allow-shrink TABLE``).
"""

from __future__ import annotations

from collections.abc import Collection, Mapping

import ibis.expr.types as ir

from fardplan.engine.errors import EngineError

# The column that places a row of each table in a period; tables not listed count in all.
PERIOD_OF = {
    "population": "year",
    "contacts": "date",
    "admissions": "admitted_on",
    "care_plans": "created_on",
    "home_health_care": "start_on",
}
ALL = "all"
SHRINK = 0.5  # fewer rows than this share of the stored run's is refused
LEAST = 10  # a period the stored run had fewer rows of is not compared (noise, not loss)
SHOWN = 5

Profile = dict[str, dict[str, int]]


def rows_by_period(tables: Mapping[str, ir.Table]) -> Profile:
    """Return each table's rows per period: "2024-10" for events, "2024" for the population.

    One count per table, grouped by one column: the date column only is read.
    """
    profile: Profile = {}
    for table, rows in tables.items():
        column = PERIOD_OF.get(table)
        if column is None:
            profile[table] = {ALL: int(rows.count().to_pyarrow().as_py())}
            continue
        value = rows[column]
        if column == "year":
            counts = rows.group_by(year=value).aggregate(rows=rows.count())
        else:
            counts = rows.group_by(year=value.year(), month=value.month()).aggregate(
                rows=rows.count()
            )
        profile[table] = {_label(found): int(found["rows"] or 0) for found in _rows(counts)}
    return profile


def _rows(counts: ir.Table) -> list[dict[str, int | None]]:
    found: list[dict[str, int | None]] = counts.to_pyarrow().to_pylist()
    return found


def _label(found: Mapping[str, int | None]) -> str:
    if found["year"] is None:
        return "(no date)"
    if "month" not in found:
        return str(found["year"])
    return f"{found['year']:04d}-{found['month']:02d}"


def check_no_shrink(now: Profile, stored: Profile, allow: Collection[str] = ()) -> None:
    """Raise ``EngineError`` naming every period that fell under ``SHRINK`` of ``stored``.

    Tables in ``allow`` are not compared; nor are periods ``stored`` had under ``LEAST`` rows
    of. A period missing now counts as 0 rows.
    """
    fallen = [
        (table, period, before, now.get(table, {}).get(period, 0))
        for table, periods in sorted(stored.items())
        if table not in allow and table in now
        for period, before in sorted(periods.items())
        if before >= LEAST and now.get(table, {}).get(period, 0) < before * SHRINK
    ]
    if not fallen:
        return
    tables = sorted({table for table, *_ in fallen})
    flags = " ".join(f"--allow-shrink {table}" for table in tables)
    shown = fallen[:SHOWN]
    listed = "; ".join(f"{t} {p}: {b} rows then, {n} now" for t, p, b, n in shown)
    listed_sv = "; ".join(f"{t} {p}: {b} rader då, {n} nu" for t, p, b, n in shown)
    more = len(fallen) - len(shown)
    extra, extra_sv = (f" (and {more} more)", f" (och {more} till)") if more else ("", "")
    raise EngineError(
        f"the dataset has under half the rows of the current run in {listed}{extra}: an "
        f"extract that failed? Give {flags} if it is meant",
        f"datasetet har färre än hälften av den aktuella körningens rader i {listed_sv}"
        f"{extra_sv}: ett uttag som misslyckades? Ange {flags} om det är avsett",
    )


__all__ = ["check_no_shrink", "rows_by_period"]
