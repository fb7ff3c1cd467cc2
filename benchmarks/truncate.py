"""A dataset as it was known on an earlier day, for the incremental benchmark.

    python benchmarks/truncate.py /tmp/sweden2024 /tmp/sweden2024-11 2024-11-30
    python benchmarks/truncate.py /tmp/sweden2024 /tmp/monthly-11 2024-11-30 --monthly

Rows become known on their own date (admissions once discharged, home health care once
started); a spell ending after the day is still open then. Copied with DuckDB, Parquet to
Parquet, so the national dataset takes seconds and little memory.

``--monthly`` writes contacts as a register delivers them: a folder with one file per month
(``contacts/2024-01.parquet``…), each month's contacts numbered after the previous month's
(the generator numbers them by person). Both datasets of a benchmark are cut from the same
source with the same flag, so the earlier one's files are the later one's first files;
``--after EARLIER`` then puts those files back as the earlier cut has them (same bytes and
modification times), as a register that adds a month leaves the earlier files alone:

    python benchmarks/truncate.py /tmp/sweden2024 /tmp/monthly 2024-12-31 --monthly \
        --after /tmp/monthly-11
"""

from __future__ import annotations

import argparse
import filecmp
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


def truncate(source: Path, target: Path, day: date, monthly: bool = False) -> None:
    """Write ``source`` as known on ``day`` into ``target``; other tables are copied as they are."""
    target.mkdir(parents=True, exist_ok=True)
    with duckdb.connect() as con:
        for file in sorted(source.glob("*.parquet")):
            table = file.stem
            if table not in KNOWN_ON:
                shutil.copyfile(file, target / file.name)
                continue
            if table == "contacts" and monthly:
                _monthly_contacts(con, file, target / table, day)
                continue
            query = f"SELECT * FROM read_parquet('{file}') WHERE {KNOWN_ON[table]} <= DATE '{day}'"
            if table == "home_health_care":
                query = query.replace(
                    "SELECT *",
                    f"SELECT * REPLACE (CASE WHEN end_on > DATE '{day}' THEN NULL "
                    "ELSE end_on END AS end_on)",
                )
            con.execute(f"COPY ({query}) TO '{target / file.name}' (FORMAT parquet)")


def _monthly_contacts(con: duckdb.DuckDBPyConnection, file: Path, folder: Path, day: date) -> None:
    """Write the contacts up to ``day`` as one file per month, numbered in date order."""
    folder.mkdir(parents=True, exist_ok=True)
    con.execute(
        "CREATE TEMP TABLE numbered AS SELECT * REPLACE "
        "(row_number() OVER (ORDER BY date, contact_id) AS contact_id) "
        f"FROM read_parquet('{file}')"
    )
    months = con.execute(
        "SELECT DISTINCT strftime(date, '%Y-%m') AS m FROM numbered "
        f"WHERE date <= DATE '{day}' ORDER BY m"
    ).fetchall()
    for (month,) in months:
        con.execute(
            f"COPY (SELECT * FROM numbered WHERE strftime(date, '%Y-%m') = '{month}' "
            f"AND date <= DATE '{day}' ORDER BY contact_id) "
            f"TO '{folder / month}.parquet' (FORMAT parquet)"
        )
    con.execute("DROP TABLE numbered")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("source", type=Path)
    parser.add_argument("target", type=Path)
    parser.add_argument("day", type=date.fromisoformat)
    parser.add_argument("--monthly", action="store_true", help="contacts as one file a month")
    parser.add_argument("--after", type=Path, help="an earlier --monthly cut to keep files of")
    args = parser.parse_args()
    truncate(args.source, args.target, args.day, args.monthly)
    if args.after:
        keep_earlier_files(args.after / "contacts", args.target / "contacts")


def keep_earlier_files(earlier: Path, folder: Path) -> None:
    """Put back the files of ``earlier`` that ``folder`` holds the same bytes of, times too."""
    for old in sorted(earlier.glob("*.parquet")):
        new = folder / old.name
        if new.is_file() and filecmp.cmp(old, new, shallow=False):
            shutil.copy2(old, new)


if __name__ == "__main__":
    main()
