"""A run's kept sums: an incremental run that reads only the new rows equals a full run.

The generator's data (one county, a sample of its people) cut at month ends stands for the
monthly deliveries of a region: every month has contacts, admissions and care plans.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

import duckdb
import pytest
from benchmarks.truncate import truncate

from fardplan.engine import DatasetError, Run, compute, dataset, validation
from fardplan.engine.errors import Violation
from fardplan.engine.state import StateMismatch, read_state
from fardplan.engine.validation import DataQualityReport
from fardplan.synth import generate


@pytest.fixture(scope="module")
def year(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("state") / "2024"
    generate(out, counties=["24"], years=[2024], scale=0.01, seed=11)
    return out


def known_on(year: Path, day: date, folder: Path) -> Path:
    truncate(year, folder, day)
    return folder


@pytest.fixture(scope="module")
def october(year: Path, tmp_path_factory: pytest.TempPathFactory) -> Run:
    folder = known_on(year, date(2024, 10, 31), tmp_path_factory.mktemp("october") / "data")
    return compute(folder, keep_state=folder.parent / "state")


def test_a_chain_of_monthly_runs_equals_full_runs(year: Path, october: Run, tmp_path: Path) -> None:
    november = known_on(year, date(2024, 11, 30), tmp_path / "november")
    grown = compute(
        november,
        previous=october.results,
        previous_state=october.state,
        keep_state=tmp_path / "state-november",
    )
    assert grown.extended == ("care_plans", "contacts")
    full = compute(november)
    assert grown.results.equals(full.results)
    assert grown.report.to_dict() == full.report.to_dict()
    december = compute(
        year,
        previous=grown.results,
        previous_state=grown.state,
        keep_state=tmp_path / "state-december",
    )
    assert december.results.equals(compute(year).results)
    # Each run adds a layer of per-person counts to the stored ones.
    assert december.state is not None
    assert set(read_state(december.state).tables["contacts"].layers.values()) == {3}


def _rewrite(folder: Path, table: str, query: str) -> None:
    file = folder / f"{table}.parquet"
    with duckdb.connect() as con:
        changed = con.sql(query.format(file=f"read_parquet('{file}')")).arrow()
    file.unlink()
    with duckdb.connect() as con:
        con.register("changed", changed)
        con.execute(f"COPY changed TO '{file}' (FORMAT parquet)")


def test_it_refuses_when_old_rows_changed(year: Path, october: Run, tmp_path: Path) -> None:
    november = known_on(year, date(2024, 11, 30), tmp_path / "november")
    _rewrite(
        november,
        "contacts",
        "SELECT * FROM {file} WHERE contact_id <> (SELECT min(contact_id) FROM {file})",
    )
    with pytest.raises(StateMismatch, match=r"rows dated up to 2024-10-31 .*corrections need"):
        compute(november, previous=october.results, previous_state=october.state)


def test_it_refuses_when_the_population_changed(year: Path, october: Run, tmp_path: Path) -> None:
    november = known_on(year, date(2024, 11, 30), tmp_path / "november")
    _rewrite(
        november,
        "population",
        "SELECT * REPLACE (CASE WHEN person_id = (SELECT min(person_id) FROM {file}) "
        "THEN NOT nursing_home ELSE nursing_home END AS nursing_home) FROM {file}",
    )
    with pytest.raises(StateMismatch, match="population has changed"):
        compute(november, previous=october.results, previous_state=october.state)


def test_a_new_row_may_not_repeat_an_old_key(year: Path, october: Run, tmp_path: Path) -> None:
    november = known_on(year, date(2024, 11, 30), tmp_path / "november")
    # A November contact takes the key of the first (October or earlier) contact.
    _rewrite(
        november,
        "contacts",
        "SELECT * REPLACE (CASE WHEN contact_id = (SELECT max(contact_id) FROM {file}) "
        "THEN (SELECT min(contact_id) FROM {file}) ELSE contact_id END AS contact_id) "
        "FROM {file}",
    )
    with pytest.raises(DatasetError, match="duplicate key"):
        compute(november, previous=october.results, previous_state=october.state)


def test_the_same_data_again_adds_nothing(october: Run) -> None:
    # Only new rows are read, yet the run knows the stored rows reach to October.
    assert october.state is not None
    folder = october.state.parent / "data"
    with pytest.raises(ValueError, match="adds no period"):
        compute(folder, previous=october.results, previous_state=october.state)


def test_a_run_without_a_usable_state_keeps_one(year: Path, october: Run, tmp_path: Path) -> None:
    november = known_on(year, date(2024, 11, 30), tmp_path / "november")
    plain = compute(november, previous=october.results, keep_state=tmp_path / "state")
    assert plain.extended == () and plain.state is not None
    assert set(read_state(plain.state).tables) == {"care_plans", "contacts"}
    grown = compute(year, previous=plain.results, previous_state=plain.state)
    assert grown.extended == ("care_plans", "contacts")
    assert grown.results.equals(compute(year).results)


def test_a_state_needs_the_results_it_belongs_to(october: Run, year: Path) -> None:
    with pytest.raises(ValueError, match="give previous too"):
        compute(year, previous_state=october.state)


def test_a_missing_state_is_refused(october: Run, year: Path, tmp_path: Path) -> None:
    with pytest.raises(StateMismatch, match="no run state"):
        compute(year, previous=october.results, previous_state=tmp_path / "nothing")


def test_the_report_adds_the_stored_findings_to_the_new_ones() -> None:
    stored = DataQualityReport(
        rows_read={"contacts": 10, "population": 5},
        dropped=[Violation("contacts", "unit_id", "unit id not in units", 2, ("U1", "U2"))],
        excluded=[Violation("admissions", "person_id", "old", 1, ("2023",))],
    ).to_dict()
    fresh = DataQualityReport(
        rows_read={"contacts": 4, "population": 5, "admissions": 3},
        dropped=[Violation("contacts", "unit_id", "unit id not in units", 1, ("U2", "U3"))],
    )
    merged = fresh.with_stored(stored, ["contacts"])
    assert merged.rows_read == {"contacts": 14, "population": 5, "admissions": 3}
    assert merged.dropped == [
        Violation("contacts", "unit_id", "unit id not in units", 3, ("U1", "U2", "U3"))
    ]
    # Admissions were read whole: the stored finding on them is not carried over.
    assert merged.excluded == []


def test_new_keys_above_the_old_ones_need_no_scan_of_every_key(
    year: Path, october: Run, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    november = known_on(year, date(2024, 11, 30), tmp_path / "november")
    # Keys as a producer appending a month writes them: the new ones after the old ones.
    _rewrite(
        november,
        "contacts",
        "SELECT * REPLACE (CASE WHEN date > DATE '2024-10-31' THEN contact_id + 10000000 "
        "ELSE contact_id END AS contact_id) FROM {file} ORDER BY date, contact_id",
    )
    scanned: list[Path] = []
    real = dataset.keys_ascending

    def watched(path: Path, columns: tuple[str, ...]) -> bool:
        scanned.append(path)
        return real(path, columns)

    monkeypatch.setattr(validation, "keys_ascending", watched)
    grown = compute(november, previous=october.results, previous_state=october.state)
    assert november / "contacts.parquet" not in scanned
    assert november / "admissions.parquet" in scanned  # read whole, checked as before
    assert grown.results.equals(compute(november).results)
