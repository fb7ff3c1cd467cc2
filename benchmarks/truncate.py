"""A dataset as it was known on an earlier day, for the incremental benchmark.

    python benchmarks/truncate.py /tmp/sweden2024 /tmp/sweden2024-11 2024-11-30

Rows become known on their own date (admissions once discharged, home health care once
started); a spell ending after the day is still open then. Copied with DuckDB, Parquet to
Parquet, so the national dataset takes seconds and little memory.
"""

from __future__ import annotations

import argparse
import shutil
from datetime import date
from pathlib import Path

import duckdb

KNOWN_ON = {
    "contacts": "date",
    "admissions": "discharged_on",
    "care_plans": "created_on",
    "home_health_care": "start_on",
}


def truncate(source: Path, target: Path, day: date) -> None:
    """Write ``source`` as known on ``day`` into ``target``; other tables are copied as they are."""
    target.mkdir(parents=True, exist_ok=True)
    with duckdb.connect() as con:
        for file in sorted(source.glob("*.parquet")):
            table = file.stem
            if table not in KNOWN_ON:
                shutil.copyfile(file, target / file.name)
                continue
            query = f"SELECT * FROM read_parquet('{file}') WHERE {KNOWN_ON[table]} <= DATE '{day}'"
            if table == "home_health_care":
                query = query.replace(
                    "SELECT *",
                    f"SELECT * REPLACE (CASE WHEN end_on > DATE '{day}' THEN NULL "
                    "ELSE end_on END AS end_on)",
                )
            con.execute(f"COPY ({query}) TO '{target / file.name}' (FORMAT parquet)")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("source", type=Path)
    parser.add_argument("target", type=Path)
    parser.add_argument("day", type=date.fromisoformat)
    args = parser.parse_args()
    truncate(args.source, args.target, args.day)


if __name__ == "__main__":
    main()
