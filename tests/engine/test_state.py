"""A run's kept sums: an incremental run that reads only the new rows equals a full run.

The generator's data (one county, a sample of its people) cut at month ends stands for the
monthly deliveries of a region: every month has contacts, admissions and care plans.
"""

from __future__ import annotations

import os
import shutil
from datetime import date
from pathlib import Path

import duckdb
import pyarrow as pa
import pyarrow.parquet as pq
import pytest
from benchmarks.truncate import keep_earlier_files, truncate

from fardplan.engine import DatasetError, Run, compute, dataset, extender, extension, validation
from fardplan.engine.errors import Violation
from fardplan.engine.state import Covered, StateMismatch, added_files, file_listing, read_state
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
    assert grown.extended == ("admissions", "care_plans", "contacts")
    # The persons and their cells are read back, not built again: the same population.
    assert october.state is not None and grown.state is not None
    person_layers = (october.state / "persons.parquet").stat()
    assert (grown.state / "persons.parquet").stat().st_ino == person_layers.st_ino
    assert read_state(october.state).stored_persons("another population", []) is None
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


def test_many_layers_are_compacted_into_one(
    year: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(extender, "MAX_LAYERS", 2)
    september = known_on(year, date(2024, 9, 30), tmp_path / "data-9")
    run = compute(september, keep_state=tmp_path / "state-9")
    # October adds a second layer; November would add a third: the run writes all three
    # summed as one; December extends that one like any other.
    expected = {10: 2, 11: 1, 12: 2}
    for month, day in ((10, 31), (11, 30), (12, 31)):
        data = known_on(year, date(2024, month, day), tmp_path / f"data-{month}")
        state = tmp_path / f"state-{month}"
        run = compute(data, previous=run.results, previous_state=run.state, keep_state=state)
        assert run.results.equals(compute(data).results)
        layers = read_state(state).tables["contacts"].layers
        assert set(layers.values()) == {expected[month]}


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


def test_a_full_run_keeps_a_state_to_extend(year: Path, october: Run, tmp_path: Path) -> None:
    november = known_on(year, date(2024, 11, 30), tmp_path / "november")
    with pytest.raises(StateMismatch, match="kept no state"):
        compute(november, previous=october.results, keep_state=tmp_path / "refused")
    assert not (tmp_path / "refused").exists()
    plain = compute(november, keep_state=tmp_path / "state")
    assert plain.extended == () and plain.state is not None
    stored = read_state(plain.state)
    assert set(stored.tables) == {"admissions", "care_plans", "contacts"}
    # Every event table read is digested, home health care too (read whole by the next run).
    assert set(stored.rows) == {"admissions", "care_plans", "contacts", "home_health_care"}
    grown = compute(year, previous=plain.results, previous_state=plain.state)
    assert grown.extended == ("admissions", "care_plans", "contacts")
    assert grown.results.equals(compute(year).results)


def test_a_state_needs_the_results_it_belongs_to(october: Run, year: Path) -> None:
    with pytest.raises(ValueError, match="give previous too"):
        compute(year, previous_state=october.state)


def test_a_missing_state_is_refused(october: Run, year: Path, tmp_path: Path) -> None:
    with pytest.raises(StateMismatch, match="no run state"):
        compute(year, previous=october.results, previous_state=tmp_path / "nothing")


def test_the_report_adds_the_stored_findings_to_the_new_ones() -> None:
    rule = ("contacts", "unit_id", "unit id not in units")
    sv = "med en enhet som saknas i units"
    stored = DataQualityReport(
        rows_read={"contacts": 10, "population": 5},
        dropped=[Violation(*rule, 2, ("U1", "U2"), sv)],
        excluded=[Violation("admissions", "person_id", "old", 1, ("2023",))],
    ).to_dict()
    fresh = DataQualityReport(
        rows_read={"contacts": 4, "population": 5, "admissions": 3},
        dropped=[Violation(*rule, 1, ("U2", "U3"), sv)],
    )
    merged = fresh.with_stored(stored, ["contacts"])
    assert merged.rows_read == {"contacts": 14, "population": 5, "admissions": 3}
    assert merged.dropped == [Violation(*rule, 3, ("U1", "U2", "U3"), sv)]
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
    assert november / "admissions.parquet" in scanned  # new keys not above: checked as before
    assert grown.results.equals(compute(november).results)


# A register that delivers a file a month: contacts/2024-01.parquet, … (benchmarks.truncate).


@pytest.fixture(scope="module")
def monthly_october(year: Path, tmp_path_factory: pytest.TempPathFactory) -> Run:
    folder = tmp_path_factory.mktemp("monthly") / "data"
    truncate(year, folder, date(2024, 10, 31), monthly=True)
    return compute(folder, keep_state=folder.parent / "state")


def monthly_november(year: Path, folder: Path, october: Run | None = None) -> Path:
    """Write the data known on 30 November; with ``october``, its files are the run's files.

    truncate writes every file anew: the same rows, but other modification times.
    """
    truncate(year, folder, date(2024, 11, 30), monthly=True)
    if october is not None and october.state is not None:
        keep_earlier_files(october.state.parent / "data" / "contacts", folder / "contacts")
    return folder


def test_unchanged_monthly_files_need_no_look_at_their_rows(
    year: Path, monthly_october: Run, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    november = monthly_november(year, tmp_path / "november", monthly_october)
    scanned: list[object] = []
    real = dataset.keys_ascending

    def watched(path: object, columns: tuple[str, ...], above: object = None) -> bool:
        scanned.append(path)
        return real(path, columns, above)  # type: ignore[arg-type]

    def unread(table: str, *_: object) -> None:
        # Admissions and care plans come in one file each, which grows: checked row by row.
        assert table != "contacts", "the stored contacts were checked row by row"

    monkeypatch.setattr(validation, "keys_ascending", watched)
    monkeypatch.setattr(extension, "check_unchanged", unread)
    grown = compute(
        november, previous=monthly_october.results, previous_state=monthly_october.state
    )
    # Only the new file's keys were read, as a proof that they follow the old ones.
    assert [november / "contacts" / "2024-11.parquet"] in scanned
    assert november / "contacts" not in scanned
    assert grown.results.equals(compute(november).results)


def test_a_rewritten_monthly_file_is_checked_row_by_row(
    year: Path, monthly_october: Run, tmp_path: Path
) -> None:
    november = monthly_november(year, tmp_path / "november")
    grown = compute(
        november, previous=monthly_october.results, previous_state=monthly_october.state
    )
    assert grown.results.equals(compute(november).results)
    _rewrite(
        november / "contacts",
        "2024-03",
        "SELECT * FROM {file} WHERE contact_id <> (SELECT min(contact_id) FROM {file})",
    )
    with pytest.raises(StateMismatch, match="rows dated up to 2024-10-31"):
        compute(november, previous=monthly_october.results, previous_state=monthly_october.state)


def test_a_file_written_again_with_its_size_and_time_kept_is_not_trusted(tmp_path: Path) -> None:
    folder = tmp_path / "contacts"
    folder.mkdir()
    january = folder / "2024-01.parquet"
    pq.write_table(pa.table({"contact_id": pa.array([1, 2], pa.int64())}), january)
    before = file_listing(folder)
    covered = Covered("date", date(2024, 1, 31), rows=2, keys=3, files=before)
    assert added_files(covered, file_listing(folder)) == []
    # A correction with the same byte count, its time set back as a copy preserving it would.
    written = january.stat()
    pq.write_table(pa.table({"contact_id": pa.array([1, 3], pa.int64())}), january)
    os.utime(january, ns=(written.st_atime_ns, written.st_mtime_ns))
    assert january.stat().st_size == written.st_size
    assert added_files(covered, file_listing(folder)) is None
    # A state from before footers were listed: its files are checked row by row, once.
    assert (
        added_files(
            Covered("date", date(2024, 1, 31), 2, 3, files={"2024-01.parquet": [1, 2]}),
            file_listing(folder),
        )
        is None
    )


def test_a_new_file_with_earlier_rows_is_refused(
    year: Path, monthly_october: Run, tmp_path: Path
) -> None:
    november = monthly_november(year, tmp_path / "november", monthly_october)
    late = november / "contacts" / "2024-11-late.parquet"
    with duckdb.connect() as con:
        # A contact of October delivered in November: the stored October sums miss it.
        con.execute(
            "COPY (SELECT * REPLACE (contact_id + 10000000 AS contact_id) "
            f"FROM read_parquet('{november}/contacts/2024-10.parquet') LIMIT 1) "
            f"TO '{late}' (FORMAT parquet)"
        )
    with pytest.raises(StateMismatch, match="rows dated earlier or undated need a full run"):
        compute(november, previous=monthly_october.results, previous_state=monthly_october.state)


def test_persons_gone_from_the_state_are_built_again(october: Run, tmp_path: Path) -> None:
    assert october.state is not None
    copy = tmp_path / "state"
    shutil.copytree(october.state, copy)
    stored = read_state(copy)
    assert stored.persons is not None
    population = stored.persons["inputs"]["population"]
    assert stored.stored_persons(population, stored.persons["flags"]) is not None
    (copy / "persons.parquet").unlink()
    assert read_state(copy).stored_persons(population, []) is None


def test_it_refuses_a_correction_of_old_rows_naming_table_and_month(
    year: Path, october: Run, tmp_path: Path
) -> None:
    # The reproduction of issue 18: care_level changed on 200 October contacts, then
    # November added. Same rows, same keys: only their content changed.
    november = known_on(year, date(2024, 11, 30), tmp_path / "november")
    _rewrite(
        november,
        "contacts",
        "SELECT * REPLACE (CASE WHEN contact_id IN (SELECT contact_id FROM {file} "
        "WHERE date BETWEEN '2024-10-01' AND '2024-10-31' AND care_level <> 'primary' "
        "ORDER BY contact_id LIMIT 200) THEN 'primary' ELSE care_level END AS care_level) "
        "FROM {file}",
    )
    with pytest.raises(StateMismatch) as caught:
        compute(november, previous=october.results, previous_state=october.state)
    message = str(caught.value)
    assert message.startswith(
        "contacts: the rows dated up to 2024-10-31 are not those of the stored run: changed in "
        "2024-10 ("
    ), message
    assert "ändrade i 2024-10 (" in caught.value.describe("sv")
    assert "2024-09" not in message


def test_the_digest_of_a_month_is_the_sum_of_its_parts() -> None:
    first = Covered("date", date(2024, 10, 15), 1, 1, months={"2024-10": [1, 5]})
    later = Covered("date", date(2024, 11, 2), 2, 2, months={"2024-10": [1, 7], "2024-11": [1, 3]})
    assert first.plus(later).months == {"2024-10": [2, 12], "2024-11": [1, 3]}


def test_the_reviews_example_a_changed_care_level_in_october_is_refused(
    year: Path, october: Run, tmp_path: Path
) -> None:
    # The review's case: care_level changed on 200 October contacts of the stored county
    # dataset, November added. It was accepted and gave other numbers than a full run.
    november = known_on(year, date(2024, 11, 30), tmp_path / "november")
    _rewrite(
        november,
        "contacts",
        "SELECT * REPLACE (CASE WHEN contact_id IN (SELECT contact_id FROM {file} "
        "WHERE date BETWEEN DATE '2024-10-01' AND DATE '2024-10-31' ORDER BY contact_id "
        "LIMIT 200) THEN (CASE WHEN care_level = 'primary' THEN 'specialist' ELSE 'primary' "
        "END) ELSE care_level END AS care_level) FROM {file}",
    )
    # The edit changes the numbers: a run that kept October's sums would be wrong.
    full = compute(november).results
    assert not full.equals(compute(known_on(year, date(2024, 11, 30), tmp_path / "n")).results)
    with pytest.raises(StateMismatch, match=r"^contacts: .*changed in 2024-10 \("):
        compute(november, previous=october.results, previous_state=october.state)
