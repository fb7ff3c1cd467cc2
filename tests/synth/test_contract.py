"""The written dataset follows the care-data contract: tables, columns and types exactly."""

from __future__ import annotations

import datetime as dt
import itertools
from pathlib import Path

import duckdb
import numpy as np
import pyarrow as pa
import pyarrow.parquet as pq

from fardplan.reference.sweden import municipalities

EXPECTED = {
    "population": [
        ("year", pa.int16()),
        ("person_id", pa.int64()),
        ("sex", pa.string()),
        ("birth_date", pa.date32()),
        ("municipality_code", pa.string()),
        ("listed_unit_id", pa.string()),
        ("named_physician_id", pa.string()),
        ("nursing_home", pa.bool_()),
    ],
    "units": [
        ("unit_id", pa.string()),
        ("name", pa.string()),
        ("kind", pa.string()),
        ("principal", pa.string()),
        ("municipality_code", pa.string()),
    ],
    "contacts": [
        ("contact_id", pa.int64()),
        ("person_id", pa.int64()),
        ("date", pa.date32()),
        ("unit_id", pa.string()),
        ("care_level", pa.string()),
        ("profession", pa.string()),
        ("clinician_id", pa.string()),
        ("mode", pa.string()),
        ("diagnosis", pa.string()),
        ("requested_on", pa.date32()),
    ],
    "admissions": [
        ("admission_id", pa.int64()),
        ("person_id", pa.int64()),
        ("unit_id", pa.string()),
        ("admitted_on", pa.date32()),
        ("discharged_on", pa.date32()),
        ("main_diagnosis", pa.string()),
        ("acute", pa.bool_()),
        ("discharge_ready_on", pa.date32()),
    ],
    "care_plans": [
        ("plan_id", pa.int64()),
        ("person_id", pa.int64()),
        ("created_on", pa.date32()),
        ("municipality_code", pa.string()),
    ],
    "home_health_care": [
        ("person_id", pa.int64()),
        ("municipality_code", pa.string()),
        ("start_on", pa.date32()),
        ("end_on", pa.date32()),
    ],
}


def test_it_writes_exactly_the_contract_tables_and_types(small_dataset: Path) -> None:
    assert sorted(p.name for p in small_dataset.iterdir()) == sorted(
        f"{name}.parquet" for name in EXPECTED
    )
    for name, columns in EXPECTED.items():
        schema = pq.read_schema(small_dataset / f"{name}.parquet")
        assert [(f.name, f.type) for f in schema] == columns, name


REQUIRED = {
    "population": ["year", "person_id", "sex", "birth_date", "municipality_code", "nursing_home"],
    "units": ["unit_id", "name", "kind", "principal", "municipality_code"],
    "contacts": ["contact_id", "person_id", "date", "unit_id", "care_level", "profession", "mode"],
    "admissions": [
        "admission_id",
        "person_id",
        "unit_id",
        "admitted_on",
        "discharged_on",
        "main_diagnosis",
        "acute",
    ],
    "care_plans": ["plan_id", "person_id", "created_on", "municipality_code"],
    "home_health_care": ["person_id", "municipality_code", "start_on"],
}


def test_it_leaves_no_required_value_empty(small_dataset: Path) -> None:
    for name, columns in REQUIRED.items():
        table = pq.read_table(small_dataset / f"{name}.parquet", columns=columns)
        assert {c: table.column(c).null_count for c in columns} == dict.fromkeys(columns, 0), name


def test_it_writes_a_birth_date_of_31_december_1969_as_a_date() -> None:
    from fardplan.synth.tables import dates

    assert dates(np.asarray([-1]), nullable=False).to_pylist() == [dt.date(1969, 12, 31)]
    assert dates(np.asarray([-1])).to_pylist() == [None]


def _one(con: duckdb.DuckDBPyConnection, sql: str) -> object:
    row = con.execute(sql).fetchone()
    assert row is not None
    return row[0]


def test_it_keeps_codes_ids_and_dates_consistent(small_dataset: Path) -> None:
    con = duckdb.connect()
    for name in EXPECTED:
        con.execute(f"CREATE VIEW {name} AS SELECT * FROM '{small_dataset / name}.parquet'")
    codes = {m.code for m in municipalities()}
    found = {
        r[0] for r in con.execute("SELECT DISTINCT municipality_code FROM population").fetchall()
    }
    assert found and found <= codes and all(c.startswith("24") for c in found)
    assert _one(con, "SELECT count(*) - count(DISTINCT (year, person_id)) FROM population") == 0
    assert _one(con, "SELECT count(*) - count(DISTINCT contact_id) FROM contacts") == 0
    assert _one(con, "SELECT count(*) FROM population WHERE sex NOT IN ('K', 'M')") == 0
    assert _one(con, "SELECT count(*) FROM admissions WHERE discharged_on < admitted_on") == 0
    assert (
        _one(con, "SELECT count(*) FROM admissions WHERE discharge_ready_on > discharged_on") == 0
    )
    assert _one(con, "SELECT count(*) FROM contacts WHERE requested_on > date") == 0
    assert (
        _one(
            con,
            """SELECT count(*) FROM population p JOIN contacts c USING (person_id)
                        WHERE c.requested_on < p.birth_date""",
        )
        == 0
    )
    # Every event belongs to a person in the population of the event's year.
    for table, day in (
        ("contacts", "date"),
        ("admissions", "admitted_on"),
        ("care_plans", "created_on"),
    ):
        orphans = _one(
            con,
            f"""SELECT count(*) FROM {table} e ANTI JOIN population p
                                ON p.person_id = e.person_id AND p.year = year(e.{day})""",
        )
        assert orphans == 0, table
    assert _one(con, "SELECT count(*) FROM contacts c ANTI JOIN units u USING (unit_id)") == 0
    assert (
        _one(
            con,
            """SELECT count(*) FROM population p JOIN contacts c USING (person_id)
                        WHERE c.date < p.birth_date""",
        )
        == 0
    )
    kinds = {r[0] for r in con.execute("SELECT DISTINCT kind FROM units").fetchall()}
    assert kinds == {
        "health_centre",
        "hospital",
        "emergency",
        "psychiatry",
        "municipal_care",
        "digital",
    }
    levels = {r[0] for r in con.execute("SELECT DISTINCT care_level FROM contacts").fetchall()}
    assert levels == {"primary", "specialist", "emergency", "municipal"}
    modes = {r[0] for r in con.execute("SELECT DISTINCT mode FROM contacts").fetchall()}
    assert modes == {"in_person", "digital", "home_visit", "phone"}
    first, last = con.execute("SELECT min(date), max(date) FROM contacts").fetchall()[0]
    assert (first, last) == (dt.date(2023, 1, 1), dt.date(2024, 12, 31))


def test_it_uses_pseudonyms_that_reveal_no_order(small_dataset: Path) -> None:
    ids = pq.read_table(small_dataset / "population.parquet", columns=["person_id"])
    values = ids.column("person_id").to_pylist()
    assert all(v > 0 for v in values)
    increasing = sum(b > a for a, b in itertools.pairwise(values))
    assert 0.3 < increasing / (len(values) - 1) < 0.7  # a running number would be ~1.0
