"""Broken datasets are refused with a message naming table, column, rows and values."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import ibis
import pyarrow as pa
import pyarrow.compute as pc
import pytest

from fardplan.engine import DatasetError, compute
from fardplan.engine.errors import Violation
from fardplan.engine.rules import ORDER, rules_for
from fardplan.engine.validation import DataQualityReport, validate_dataset
from tests.engine.builder import Dataset


def small() -> Dataset:
    d = Dataset()
    for person_id in range(1, 4):
        d.person(person_id, 2024, born=1950)
    d.contact(1, date(2024, 3, 1)).admission(2, date(2024, 3, 1), date(2024, 3, 2))
    return d


def refusal(folder: Path) -> str:
    with pytest.raises(DatasetError) as caught:
        validate_dataset(folder, ibis.duckdb.connect())
    return str(caught.value)


def test_it_refuses_a_missing_table(tmp_path: Path) -> None:
    folder = small().write(tmp_path)
    (folder / "care_plans.parquet").unlink()
    assert "care_plans: table missing" in refusal(folder)


def test_it_refuses_a_missing_column_and_a_wrong_type(tmp_path: Path) -> None:
    tables = small().tables()
    contacts = tables["contacts"].drop_columns(["mode"])
    population = tables["population"]
    as_text = pc.cast(population["birth_date"], pa.string())
    population = population.set_column(3, "birth_date", as_text)
    message = refusal(small().write(tmp_path, {"contacts": contacts, "population": population}))
    assert "contacts.mode: column missing" in message
    assert "population.birth_date: has type string, the contract says date" in message


@pytest.mark.parametrize(
    ("break_it", "expected"),
    [
        (
            lambda d: d.person(9, 2024, born=1950, municipality="9999"),
            "population.municipality_code: 1 row with an unknown municipality code (first: '9999')",
        ),
        (
            lambda d: d.person(9, 2024, born=1950, sex="X"),
            "population.sex: 1 row with a value not in K, M (first: 'X')",
        ),
        (
            lambda d: d.contact(1, date(2024, 1, 1), unit_id="X9").contact(
                2, date(2024, 1, 1), unit_id="X8"
            ),
            "contacts.unit_id: 2 rows unit id not in units (first: 'X8', 'X9')",
        ),
        (
            lambda d: d.contact(1, date(2024, 1, 1), care_level="dental"),
            "contacts.care_level: 1 row with a value not in primary, specialist, emergency, "
            "municipal (first: 'dental')",
        ),
        (
            lambda d: d.contact(1, date(2024, 1, 1), mode="letter"),
            "contacts.mode: 1 row with a value not in in_person, digital, home_visit, phone "
            "(first: 'letter')",
        ),
        (
            lambda d: d.contact(1, date(2024, 1, 1), profession="dentist"),
            "contacts.profession: 1 row with a value not in physician, nurse, other "
            "(first: 'dentist')",
        ),
        (
            lambda d: d.admission(1, date(2024, 5, 2), date(2024, 5, 1)),
            "admissions.discharged_on: 1 row discharged before admitted (first: 2024-05-01)",
        ),
        (
            lambda d: d.person(9, 2024, born=2025),
            "population.birth_date: 1 row born after the year of the population (a negative "
            "age) (first: 2025-06-15)",
        ),
        (
            lambda d: d.home_health_care(1, date(2024, 5, 2), date(2024, 5, 1)),
            "home_health_care.end_on: 1 row ending before it starts (first: 2024-05-01)",
        ),
        (
            lambda d: d.admission(
                1, date(2024, 5, 2), date(2024, 5, 9), discharge_ready_on=date(2024, 5, 1)
            ),
            "admissions.discharge_ready_on: 1 row ready for discharge before admitted "
            "(first: 2024-05-01)",
        ),
        (
            lambda d: d.admission(
                1, date(2024, 5, 2), date(2024, 5, 9), discharge_ready_on=date(2024, 5, 10)
            ),
            "admissions.discharged_on: 1 row ready for discharge after discharged "
            "(first: 2024-05-09)",
        ),
        (
            lambda d: d.contact(1, date(2024, 1, 1), requested_on=date(2024, 1, 2)),
            "contacts.date: 1 row with the need made known after the contact (first: 2024-01-01)",
        ),
        (
            lambda d: d.contact(1, date(9999, 12, 31)),
            f"contacts.date: 1 row with a date outside 1900-01-01 to {date.today().year + 1}-12-31 "
            "(first: 9999-12-31)",
        ),
        (
            lambda d: d.person(9, 2024, born=1850),
            f"population.birth_date: 1 row with a date outside 1900-01-01 to "
            f"{date.today().year + 1}-12-31 (first: 1850-06-15)",
        ),
        (
            lambda d: d.contact(99, date(2024, 1, 1)),
            "contacts.person_id: 1 row person not in population (any year) (first: 99)",
        ),
        (
            lambda d: d.person(1, 2024, born=1951),
            "population.year, person_id: 2 rows with a duplicate key (first: 1)",
        ),
    ],
)
def test_it_refuses_each_kind_of_broken_row(
    tmp_path: Path, break_it: object, expected: str
) -> None:
    d = small()
    break_it(d)  # type: ignore[operator]
    assert expected in refusal(d.write(tmp_path))


def test_it_drops_and_reports_offending_rows_when_lenient(tmp_path: Path) -> None:
    d = small().contact(99, date(2024, 1, 1)).contact(1, date(2024, 1, 1), mode="letter")
    d.admission(1, date(2024, 5, 2), date(2024, 5, 1)).person(9, 2024, born=1950, sex="X")
    d.person(10, 2024, born=2030).home_health_care(1, date(2024, 5, 2), date(2024, 5, 1))
    tables, report = validate_dataset(d.write(tmp_path), ibis.duckdb.connect(), lenient=True)
    dropped = {(v.table, v.column, v.rows) for v in report.dropped}
    assert dropped == {
        ("population", "sex", 1),
        ("contacts", "mode", 1),
        ("contacts", "person_id", 1),
        ("admissions", "discharged_on", 1),
        ("population", "birth_date", 1),
        ("home_health_care", "end_on", 1),
    }
    summary = report.to_dict()
    assert summary["rows_read"]["contacts"] == 3
    assert summary["rows_used"]["contacts"] == 1
    assert tables["contacts"].count().to_pyarrow().as_py() == 1
    assert tables["population"].count().to_pyarrow().as_py() == 3
    assert tables["home_health_care"].count().to_pyarrow().as_py() == 0


def compute_refusal(folder: Path) -> str:
    with pytest.raises(DatasetError) as caught:
        compute(folder, indicator_ids=["primary_care_visits"])
    return str(caught.value)


def test_compute_refuses_events_of_persons_in_no_population_year(tmp_path: Path) -> None:
    # compute() checks this after attributing (see settle_persons), with the same message.
    message = compute_refusal(small().contact(99, date(2024, 1, 1)).write(tmp_path))
    assert "contacts.person_id: 1 row person not in population (any year) (first: 99)" in message


def test_compute_refuses_home_care_of_a_person_in_no_population_year(tmp_path: Path) -> None:
    # Home care spells have no single date, so their check is not deferred to the attribution.
    d = small().home_health_care(99, date(2024, 1, 1), None)
    message = compute_refusal(d.write(tmp_path))
    assert "home_health_care.person_id: 1 row person not in population (any year)" in message


def test_compute_lists_the_deferred_person_check_beside_other_refusals(tmp_path: Path) -> None:
    d = small().contact(99, date(2024, 1, 1)).contact(1, date(2024, 1, 1), mode="letter")
    message = compute_refusal(d.write(tmp_path))
    assert "contacts.mode: 1 row " in message
    assert "contacts.person_id: 1 row person not in population (any year)" in message


def test_compute_reports_dropped_and_excluded_events_when_lenient(tmp_path: Path) -> None:
    d = small().contact(99, date(2024, 1, 1)).contact(1, date(2023, 6, 1))
    run = compute(d.write(tmp_path), indicator_ids=["primary_care_visits"], lenient=True)
    assert [(v.table, v.column, v.rows) for v in run.report.dropped] == [
        ("contacts", "person_id", 1)
    ]
    assert [(v.table, v.rows, v.examples) for v in run.report.excluded] == [
        ("contacts", 1, (2023,))
    ]


def test_a_clean_dataset_reports_nothing_excluded(tmp_path: Path) -> None:
    run = compute(small().write(tmp_path), indicator_ids=["primary_care_visits"])
    assert run.report.excluded == [] and run.report.dropped == []


def test_it_refuses_a_repeated_key_in_rows_out_of_order(tmp_path: Path) -> None:
    d = small().contact(1, date(2024, 3, 2)).contact(2, date(2024, 3, 3))
    contacts = d.tables()["contacts"]
    ids = pa.array([3, 1, 3], pa.int64())  # not ascending, so the full check runs
    message = refusal(d.write(tmp_path, {"contacts": contacts.set_column(0, "contact_id", ids)}))
    assert "contacts.contact_id: 2 rows with a duplicate key (first: 3)" in message


def test_the_first_values_are_shown_as_a_user_writes_them() -> None:
    found = Violation("contacts", "requested_on", "example rule", 3, (None, date(2024, 5, 1), " "))
    assert found.describe() == (
        "contacts.requested_on: 3 rows example rule (first: null, 2024-05-01, ' ')"
    )
    assert Violation("units", "kind", "example rule", 1, (7,)).describe() == (
        "units.kind: 1 row example rule (first: 7)"
    )


def test_a_refusal_reads_in_swedish_too(tmp_path: Path) -> None:
    d = small().contact(1, date(2024, 1, 1), unit_id="X9")
    d.admission(1, date(2024, 5, 2), date(2024, 5, 1))
    with pytest.raises(DatasetError) as caught:
        validate_dataset(d.write(tmp_path), ibis.duckdb.connect())
    assert caught.value.describe("sv").splitlines() == [
        "datasetet bryter mot kontraktet för vårddata:",
        "  - contacts.unit_id: 1 rad med en enhet som saknas i units (först: 'X9')",
        "  - admissions.discharged_on: 1 rad med utskrivning före inskrivning (först: 2024-05-01)",
    ]
    assert str(caught.value) == caught.value.describe("en")


def test_missing_tables_and_columns_read_in_swedish_too(tmp_path: Path) -> None:
    tables = small().tables()
    folder = small().write(tmp_path, {"contacts": tables["contacts"].drop_columns(["mode"])})
    with pytest.raises(DatasetError) as caught:
        validate_dataset(folder, ibis.duckdb.connect())
    assert "contacts.mode: kolumnen saknas" in caught.value.describe("sv")
    (folder / "units.parquet").unlink()
    with pytest.raises(DatasetError) as caught:
        validate_dataset(folder, ibis.duckdb.connect())
    assert "units: tabellen saknas: varken units.parquet eller units/ finns" in (
        caught.value.describe("sv")
    )


def test_every_rule_is_worded_in_swedish() -> None:
    checked = {table: ibis.memtable(rows) for table, rows in small().tables().items()}
    for table in ORDER:
        for rule in rules_for(table, checked):
            assert rule.description_sv and rule.description_sv != rule.description, rule


def test_a_stored_report_keeps_both_wordings_and_reads_an_older_one() -> None:
    found = Violation("contacts", "mode", "with a value not in x", 2, ("a",), "med ett värde")
    report = DataQualityReport({"contacts": 5}, dropped=[found])
    stored = report.to_dict()
    assert stored["dropped"][0]["rule_sv"] == "med ett värde"
    merged = DataQualityReport({"contacts": 1}).with_stored(stored, ["contacts"])
    assert merged.dropped[0].describe("sv") == "contacts.mode: 2 rader med ett värde (först: 'a')"
    # A report stored before the Swedish wording: its findings read in English.
    del stored["dropped"][0]["rule_sv"]
    older = DataQualityReport({"contacts": 1}).with_stored(stored, ["contacts"])
    assert older.dropped[0].describe("sv") == (
        "contacts.mode: 2 rader with a value not in x (först: 'a')"
    )
