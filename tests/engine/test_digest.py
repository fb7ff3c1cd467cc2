"""An incremental run after any edit of old rows equals a full run, or is refused.

Property test (hypothesis) on DuckDB: the hand-made world stored as known at the end of
August, then September added to it after random edits of rows the stored run read (values,
codes, dates, deletions, insertions). The row digests per month (``state.monthly_digests``)
must catch every edit that would make the incremental run differ from a full one.
"""

from __future__ import annotations

import itertools
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import ibis
import pyarrow as pa
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from fardplan.engine import DatasetError, Run, compute
from fardplan.engine.errors import EngineError
from fardplan.engine.state import monthly_digests
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
    },
    "admissions": {
        "main_diagnosis": ["S720", "I509", "J441"],
        "acute": [True, False],
        "person_id": [1, 2, 3],
    },
    "care_plans": {"municipality_code": ["2480", "2482"], "person_id": [1, 2]},
}
_folders = itertools.count()


@pytest.fixture(scope="module")
def august(tmp_path_factory: pytest.TempPathFactory) -> Run:
    folder = as_of(STORED_DAY, tmp_path_factory.mktemp("august") / "data")
    return compute(folder, keep_state=folder.parent / "state")


@dataclass(frozen=True)
class Edit:
    """One edit of an old row of ``table``: ``kind`` with its ``row`` (an index) and value."""

    table: str
    kind: str  # value, date, delete, insert
    row: int
    column: str = ""
    value: Any = None

    def apply(self, rows: list[dict[str, Any]]) -> None:
        old = [i for i, r in enumerate(rows) if r[KNOWN_ON[self.table]] <= STORED_DAY]
        if not old:
            return
        index = old[self.row % len(old)]
        if self.kind == "delete":
            del rows[index]
        elif self.kind == "insert":
            key = {"contacts": "contact_id", "admissions": "admission_id"}.get(
                self.table, "plan_id"
            )
            rows.append({**rows[index], key: 10_000 + len(rows)})
        elif self.kind == "date":
            row = rows[index]
            for column in DATES[self.table]:
                if row[column] is not None:
                    row[column] = row[column] - timedelta(days=int(self.value))
        else:
            rows[index][self.column] = self.value


DATES = {
    "contacts": ("date",),
    "admissions": ("admitted_on", "discharged_on"),
    "care_plans": ("created_on",),
}


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


@pytest.mark.slow
@settings(
    max_examples=15,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture],
)
@given(changes=st.lists(edits(), min_size=1, max_size=3))
def test_an_incremental_run_after_edits_equals_a_full_run_or_is_refused(
    august: Run, tmp_path: Path, changes: list[Edit]
) -> None:
    dataset = world()
    for edit in changes:
        edit.apply(dataset.rows[edit.table])
    folder = as_of(NEW_DAY, tmp_path / f"september-{next(_folders)}", dataset)
    try:
        full: Run | None = compute(folder)
    except REFUSALS:
        full = None
    try:
        grown = compute(folder, previous=august.results, previous_state=august.state)
    except REFUSALS:
        return  # refused: a full run is needed
    assert full is not None, f"accepted incrementally, refused in full: {changes}"
    assert grown.results.equals(full.results), changes


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
