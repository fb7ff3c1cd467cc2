"""An incremental run after any edit of old rows equals a full run, or is refused.

Property test (hypothesis) on every backend: the hand-made world stored as known at the end of
August, then September added to it after random edits of rows the stored run read (values,
codes, dates, deletions, insertions, in every table, the population and units too), with
contacts in one file or in a folder of monthly files. The content checks (``state``: row
digests per month, the bytes of monthly files and side tables) must catch every edit that
would make the incremental run differ from a full one.
"""

from __future__ import annotations

import itertools
import os
import shutil
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import ibis
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.parquet as pq
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from fardplan.engine import DatasetError, Run, compute
from fardplan.engine.backends import connect
from fardplan.engine.errors import EngineError
from fardplan.engine.state import StateMismatch, file_listing, monthly_digests
from tests.engine.builder import Dataset
from tests.engine.world import KNOWN_ON, as_of, world

STORED_DAY = date(2024, 8, 31)
NEW_DAY = date(2024, 9, 30)
EDITABLE: dict[str, dict[str, list[Any]]] = {
    "contacts": {
        "care_level": ["primary", "specialist", "emergency", "municipal"],
        "mode": ["in_person", "digital", "home_visit", "phone"],
        "profession": ["physician", "nurse", "other"],
        "clinician_id": [None, "C1", "C7"],
        "diagnosis": [None, "F329", "J069", "I509"],
        "person_id": [1, 2, 5, 7],
        "unit_id": ["V1", "P1", "H1"],
    },
    "admissions": {
        "main_diagnosis": ["S720", "I509", "J441"],
        "acute": [True, False],
        "person_id": [1, 2, 3],
    },
    "care_plans": {"municipality_code": ["2480", "2482"], "person_id": [1, 2]},
    "home_health_care": {"municipality_code": ["2480", "2482"], "person_id": [1, 2, 12]},
    "population": {"sex": ["K", "M"], "municipality_code": ["2480", "2482", "0180"]},
    "units": {"kind": ["hospital", "health_centre", "psychiatry"]},
}
KEY = {"contacts": "contact_id", "admissions": "admission_id", "care_plans": "plan_id"}
DATES = {
    "contacts": ("date",),
    "admissions": ("admitted_on", "discharged_on"),
    "care_plans": ("created_on",),
    "home_health_care": ("start_on", "end_on"),
    "population": ("birth_date",),
    "units": (),
}
LAYOUTS = ("file", "monthly")
BACKENDS = ["duckdb", pytest.param("pyspark", marks=pytest.mark.spark)]
_folders = itertools.count()


@dataclass(frozen=True)
class Edit:
    """One edit of an old row of ``table``: ``kind`` with its ``row`` (an index) and value."""

    table: str
    kind: str  # value, date, delete, insert
    row: int
    column: str = ""
    value: Any = None

    def apply(self, rows: list[dict[str, Any]]) -> None:
        known_on = KNOWN_ON.get(self.table)  # the population and units: every row is old
        old = [i for i, r in enumerate(rows) if known_on is None or r[known_on] <= STORED_DAY]
        if not old:
            return
        index = old[self.row % len(old)]
        if self.kind == "delete":
            del rows[index]
        elif self.kind == "insert":
            copy = dict(rows[index])
            if self.table in KEY:
                copy[KEY[self.table]] = 10_000 + len(rows)
            rows.append(copy)
        elif self.kind == "date":
            row = rows[index]
            for column in DATES[self.table]:
                if row[column] is not None:
                    row[column] = row[column] - timedelta(days=int(self.value))
        else:
            rows[index][self.column] = self.value


@st.composite
def edits(draw: st.DrawFn) -> Edit:
    table = draw(st.sampled_from(sorted(EDITABLE)))
    kind = draw(st.sampled_from(["value", "value", "date", "delete", "insert"]))
    row = draw(st.integers(0, 50))
    if kind == "value":
        column = draw(st.sampled_from(sorted(EDITABLE[table])))
        return Edit(table, kind, row, column, draw(st.sampled_from(EDITABLE[table][column])))
    return Edit(table, kind, row, value=draw(st.integers(0, 40)))


REFUSALS = (EngineError, DatasetError)


def known_on(day: date, folder: Path, dataset: Dataset | None, layout: str) -> Path:
    """Write the world as known on ``day``, contacts in one file or a file per month."""
    folder = as_of(day, folder, dataset)
    if layout == "monthly":
        contacts = pq.read_table(folder / "contacts.parquet")
        (folder / "contacts.parquet").unlink()
        (folder / "contacts").mkdir()
        months = pc.strftime(contacts["date"], format="%Y-%m")
        for month in sorted(set(months.to_pylist())):
            chosen = contacts.filter(pc.equal(months, month))
            pq.write_table(chosen, folder / "contacts" / f"{month}.parquet")
    return folder


def run_on(backend: str, folder: Path, spark: Any = None, **options: Any) -> Run:
    """Return the run on ``backend``: every indicator on DuckDB, one per kind on Spark."""
    if backend != "pyspark":
        return compute(folder, **options)
    from tests.engine.test_backends import COVERING

    ids = [*COVERING, "sip_plans"]  # and care plans, the one table COVERING leaves out
    return compute(folder, con=connect("pyspark", session=spark), indicator_ids=ids, **options)


_stored: dict[tuple[str, str], Run] = {}


def stored_august(backend: str, layout: str, folder: Path, spark: Any) -> Run:
    """Return the August run (with its state) of ``backend`` and ``layout``, made once."""
    if (backend, layout) not in _stored:
        data = known_on(STORED_DAY, folder / "data", None, layout)
        _stored[backend, layout] = run_on(backend, data, spark, keep_state=folder / "state")
    return _stored[backend, layout]


@pytest.fixture(scope="module")
def august_folder(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("august")


def spark_if(backend: str, request: pytest.FixtureRequest) -> Any:
    return request.getfixturevalue("spark") if backend == "pyspark" else None


@pytest.mark.slow
@pytest.mark.parametrize("backend", BACKENDS)
def test_an_incremental_run_after_edits_equals_a_full_run_or_is_refused(
    backend: str, august_folder: Path, tmp_path: Path, request: pytest.FixtureRequest
) -> None:
    spark = spark_if(backend, request)

    # Spark runs a JVM query per step: a few examples only.
    @settings(max_examples=8 if spark else 25, deadline=None, database=None)
    @given(changes=st.lists(edits(), min_size=1, max_size=3), layout=st.sampled_from(LAYOUTS))
    def equal_or_refused(changes: list[Edit], layout: str) -> None:
        august = stored_august(backend, layout, august_folder / f"{backend}-{layout}", spark)
        dataset = world()
        for edit in changes:
            edit.apply(dataset.rows[edit.table])
        folder = known_on(NEW_DAY, tmp_path / f"september-{next(_folders)}", dataset, layout)
        try:
            full: Run | None = run_on(backend, folder, spark)
        except REFUSALS:
            full = None
        try:
            grown = run_on(
                backend, folder, spark, previous=august.results, previous_state=august.state
            )
        except REFUSALS:
            return  # refused: a full run is needed
        assert full is not None, f"accepted incrementally, refused in full: {changes}"
        assert grown.results.equals(full.results), changes

    equal_or_refused()


@pytest.mark.parametrize("backend", BACKENDS)
@pytest.mark.parametrize("layout", LAYOUTS)
def test_an_unedited_month_is_extended_not_refused(
    backend: str, layout: str, august_folder: Path, tmp_path: Path, request: pytest.FixtureRequest
) -> None:
    # The other side of the property: without an edit the run extends the stored one, reads
    # only new rows and equals a full run (a test that refused everything would pass above).
    spark = spark_if(backend, request)
    august = stored_august(backend, layout, august_folder / f"{backend}-{layout}", spark)
    folder = known_on(NEW_DAY, tmp_path / "september", None, layout)
    grown = run_on(backend, folder, spark, previous=august.results, previous_state=august.state)
    assert "contacts" in grown.extended
    assert grown.results.equals(run_on(backend, folder, spark).results)


def test_the_same_rows_in_another_order_have_the_same_digests() -> None:
    rows = world().tables()["contacts"]
    reversed_rows = rows.take(pa.array(range(len(rows) - 1, -1, -1)))
    one = monthly_digests("contacts", ibis.memtable(rows), "date")
    other = monthly_digests("contacts", ibis.memtable(reversed_rows), "date")
    assert one == other and set(one) >= {"2023-12", "2024-09"}


@pytest.mark.spark
def test_the_digests_are_the_same_integers_on_duckdb_and_spark(world_dir: Path, spark: Any) -> None:
    from fardplan.engine.backends import connect
    from fardplan.engine.dataset import locate, open_tables

    paths = locate(world_dir)
    on_duckdb = open_tables(ibis.duckdb.connect(), paths)
    on_spark = open_tables(connect("pyspark", session=spark), paths)
    for table, column in (("contacts", "date"), ("admissions", "discharged_on")):
        expected = monthly_digests(table, on_duckdb[table], column)
        assert monthly_digests(table, on_spark[table], column) == expected


@pytest.mark.spark
def test_spark_refuses_a_correction_of_old_rows(tmp_path: Path, spark: Any) -> None:
    from fardplan.engine.state import StateMismatch
    from tests.engine.test_backends import on_spark

    stored = on_spark(as_of(STORED_DAY, tmp_path / "august"), spark, keep_state=tmp_path / "s")
    dataset = world()
    Edit("contacts", "value", 0, "care_level", "specialist").apply(dataset.rows["contacts"])
    september = as_of(NEW_DAY, tmp_path / "september", dataset)
    with pytest.raises(StateMismatch, match=r"^contacts: .* changed in 20"):
        on_spark(september, spark, previous=stored.results, previous_state=stored.state)


def test_a_corrected_home_health_care_spell_is_refused(tmp_path: Path) -> None:
    # Home health care is read whole, yet the years not recomputed keep their stored cells:
    # its rows up to the stored day are checked by their digests like every event table's.
    august = known_on(STORED_DAY, tmp_path / "august", None, "file")
    stored = compute(august, keep_state=tmp_path / "state")
    dataset = world()
    spell = next(r for r in dataset.rows["home_health_care"] if r["person_id"] == 12)
    # The 2023 spell was one of 2024: 2023, which no new month recomputes, loses it.
    spell["start_on"], spell["end_on"] = date(2024, 1, 1), date(2024, 1, 31)
    september = known_on(NEW_DAY, tmp_path / "september", dataset, "file")
    full = compute(september).results
    assert not full.equals(compute(known_on(NEW_DAY, tmp_path / "plain", None, "file")).results)
    with pytest.raises(StateMismatch, match=r"^home_health_care: .*changed in 2023-01"):
        compute(september, previous=stored.results, previous_state=stored.state)
    # A spell open on the stored day and closed since is no correction.
    dataset = world()
    open_spell = next(r for r in dataset.rows["home_health_care"] if r["person_id"] == 1)
    open_spell["end_on"] = date(2024, 9, 15)
    closed = known_on(NEW_DAY, tmp_path / "closed", dataset, "file")
    grown = compute(closed, previous=stored.results, previous_state=stored.state)
    assert grown.results.equals(compute(closed).results)


def _write_plain(table: pa.Table, file: Path) -> None:
    # No compression, dictionary or statistics: a changed value keeps the size and footer.
    pq.write_table(table, file, compression="none", use_dictionary=False, write_statistics=False)


def test_a_monthly_file_rewritten_with_its_size_time_and_footer_is_checked(
    tmp_path: Path,
) -> None:
    def monthly(day: date, folder: Path) -> Path:
        folder = as_of(day, folder)
        contacts = pq.read_table(folder / "contacts.parquet")
        (folder / "contacts.parquet").unlink()
        (folder / "contacts").mkdir()
        months = pc.strftime(contacts["date"], format="%Y-%m")
        for month in sorted(set(months.to_pylist())):
            file = folder / "contacts" / f"{month}.parquet"
            _write_plain(contacts.filter(pc.equal(months, month)), file)
        return folder

    august = monthly(STORED_DAY, tmp_path / "august")
    stored = compute(august, keep_state=tmp_path / "state")
    september = monthly(NEW_DAY, tmp_path / "september")
    for file in (august / "contacts").iterdir():  # as delivered: the older files left alone
        shutil.copy2(file, september / "contacts" / file.name)
    old = september / "contacts" / "2024-07.parquet"
    # Person 1's emergency visit of July becomes a municipal one: as many bytes.
    contacts = pq.read_table(old)
    levels = pc.if_else(
        pc.equal(contacts["care_level"], "emergency"), "municipal", contacts["care_level"]
    )
    written = old.stat()
    footer = old.read_bytes()[-200:]
    index = contacts.schema.get_field_index("care_level")
    _write_plain(contacts.set_column(index, "care_level", levels), old)
    os.utime(old, ns=(written.st_atime_ns, written.st_mtime_ns))
    assert old.stat().st_size == written.st_size and old.read_bytes()[-200:] == footer
    assert file_listing(september / "contacts") != file_listing(august / "contacts")
    unedited = monthly(NEW_DAY, tmp_path / "unedited")
    assert not compute(september).results.equals(compute(unedited).results)
    with pytest.raises(StateMismatch, match=r"^contacts: .*changed in 2024-07"):
        compute(september, previous=stored.results, previous_state=stored.state)


def test_new_rows_dated_before_another_tables_last_day_are_counted(tmp_path: Path) -> None:
    # The stored contacts end in June, the admissions in August: a contact of 15 July is new
    # to the stored run, in a month before September's readmission window.
    dataset = world().admission(5, date(2024, 8, 10), date(2024, 8, 31))
    dataset.contact(5, date(2024, 7, 15))
    stored_data = as_of(STORED_DAY, tmp_path / "august", dataset)
    contacts = pq.read_table(stored_data / "contacts.parquet")
    early = contacts.filter(pc.less_equal(contacts["date"], pa.scalar(date(2024, 6, 30))))
    pq.write_table(early, stored_data / "contacts.parquet")
    stored = compute(stored_data, keep_state=tmp_path / "state")
    september = as_of(NEW_DAY, tmp_path / "september", dataset)
    grown = compute(september, previous=stored.results, previous_state=stored.state)
    assert grown.results.equals(compute(september).results)
