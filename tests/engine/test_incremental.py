"""The incremental case: a run on a dataset that adds months equals a full recomputation."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pyarrow as pa
import pyarrow.compute as pc
import pytest

from fardplan.engine import DatasetError, compute, scope, validation
from fardplan.engine.backends import connect, upload
from fardplan.engine.incremental import affected, first_new_day, merge
from fardplan.engine.periods import periods_of
from fardplan.engine.schema import RESULT_SCHEMA
from fardplan.engine.state import StateMismatch
from fardplan.engine.validation import DataQualityReport
from tests.engine.world import as_of, world


@pytest.mark.parametrize(
    ("before", "after"),
    [
        # April adds a readmission (day 30) of a stay discharged in March.
        (date(2024, 3, 31), date(2024, 4, 30)),
        (date(2024, 4, 30), date(2024, 6, 30)),
    ],
)
def test_it_equals_a_full_run_when_months_are_added(
    tmp_path: Path, before: date, after: date
) -> None:
    stored = compute(as_of(before, tmp_path / "before"), keep_state=tmp_path / "state")
    grown = as_of(after, tmp_path / "after")
    full = compute(grown).results
    assert full.num_rows > stored.results.num_rows
    # Only the new rows are read (and the older stays of their persons, whose readmissions a
    # new stay can change).
    extended = compute(grown, previous=stored.results, previous_state=stored.state)
    assert "admissions" in extended.extended
    assert extended.results.equals(full)


def test_it_recomputes_the_month_a_later_readmission_changes(tmp_path: Path) -> None:
    # The March cell of readmissions changes when April arrives: the run must not keep it.
    kept = compute(as_of(date(2024, 3, 31), tmp_path / "before"), keep_state=tmp_path / "s")
    stored = kept.results
    grown = as_of(date(2024, 4, 30), tmp_path / "after")
    march = pc.equal(stored["period"], "2024-03")
    before = stored.filter(march)
    after = compute(grown, previous=stored, previous_state=kept.state).results
    assert not after.filter(pc.equal(after["period"], "2024-03")).equals(before)


def test_a_long_stay_known_on_discharge_updates_its_month_of_admission(tmp_path: Path) -> None:
    # Admitted in February, discharged in May: unknown at the end of March, it then counts in
    # February, before the readmission window. Admission indicators recompute the whole year.
    d = world().admission(4, date(2024, 2, 10), date(2024, 5, 5))
    kept = compute(as_of(date(2024, 3, 31), tmp_path / "before", d), keep_state=tmp_path / "s")
    stored = kept.results
    grown = as_of(date(2024, 6, 30), tmp_path / "after", d)
    full = compute(grown).results
    february = pc.and_(
        pc.equal(full["period"], "2024-02"), pc.equal(full["indicator_id"], "inpatient_admissions")
    )
    was = stored.filter(
        pc.and_(
            pc.equal(stored["period"], "2024-02"),
            pc.equal(stored["indicator_id"], "inpatient_admissions"),
        )
    )
    assert not full.filter(february).equals(was)
    extended = compute(grown, previous=stored, previous_state=kept.state)
    assert extended.extended == ("admissions", "care_plans", "contacts")
    assert extended.results.equals(full)


def test_a_stay_known_in_a_new_year_updates_the_year_of_its_admission(tmp_path: Path) -> None:
    # Admitted in December 2023, discharged in March 2024: unknown at the end of February, it
    # then counts in December 2023, a year no new month falls in.
    d = world().admission(1, date(2023, 12, 20), date(2024, 3, 5))
    kept = compute(as_of(date(2024, 2, 29), tmp_path / "before", d), keep_state=tmp_path / "s")
    grown = as_of(date(2024, 3, 31), tmp_path / "after", d)
    full = compute(grown).results

    def december(results: pa.Table) -> pa.Table:
        return results.filter(
            pc.and_(
                pc.equal(results["period"], "2023-12"),
                pc.equal(results["indicator_id"], "inpatient_admissions"),
            )
        )

    assert not december(full).equals(december(kept.results))
    extended = compute(grown, previous=kept.results, previous_state=kept.state)
    assert "admissions" in extended.extended
    assert extended.results.equals(full)


def test_it_refuses_a_dataset_that_adds_nothing(tmp_path: Path) -> None:
    folder = as_of(date(2024, 4, 30), tmp_path / "same")
    stored = compute(folder, keep_state=tmp_path / "state")
    with pytest.raises(ValueError, match="adds no period"):
        compute(folder, previous=stored.results, previous_state=stored.state)


def test_it_refuses_a_dataset_that_lost_periods(tmp_path: Path) -> None:
    stored = compute(as_of(date(2024, 6, 30), tmp_path / "later"), keep_state=tmp_path / "s")
    earlier = as_of(date(2024, 4, 30), tmp_path / "earlier")
    with pytest.raises(StateMismatch, match="not those of the stored run"):
        compute(earlier, previous=stored.results, previous_state=stored.state)
    # Without its stored sums, only the periods can be compared: not an extension either.
    periods = periods_of([2024], date(2024, 4, 30))
    with pytest.raises(ValueError, match="not an extension"):
        affected(periods, stored.results)


def test_results_without_their_state_are_not_extended(tmp_path: Path) -> None:
    # Nothing can prove the data the results were computed from unchanged: refused.
    stored = compute(as_of(date(2024, 3, 31), tmp_path / "before")).results
    with pytest.raises(StateMismatch, match="kept no state"):
        compute(as_of(date(2024, 4, 30), tmp_path / "after"), previous=stored)


def test_the_affected_periods_reach_back_to_the_earliest_change() -> None:
    periods = periods_of([2023, 2024], date(2024, 3, 31))
    known = ["2023", *[f"2023-{m:02d}" for m in range(1, 13)], "2024", "2024-01", "2024-02"]
    previous = pa.table({"period": known})
    assert first_new_day(periods, previous) == date(2024, 3, 1)
    # The readmission window from March reaches into January and February.
    assert affected(periods, previous)["period"] == ["2024", "2024-01", "2024-02", "2024-03"]
    # A change in November 2023 recomputes that year too (its months: see ``scope.scope_of``).
    reached = affected(periods, previous, changes_from=date(2023, 11, 20))["period"]
    assert reached == ["2023", "2024", "2024-01", "2024-02", "2024-03"]


def test_admissions_indicators_recompute_the_new_months_and_those_their_sums_changed() -> None:
    con = connect("duckdb")
    every = periods_of([2024], date(2024, 12, 31))
    known = pa.table({"period": [label for label in every["period"] if label != "2024-12"]})
    new = affected(every, known)
    periods = {
        "years": (upload(con, every), scope.period_rows(every)),
        "new": (upload(con, new), scope.period_rows(new)),
    }
    table, rows = scope.changed_periods(periods, {(2024, 3), (2024, 12)})
    labels = ["2024", "2024-03", "2024-11", "2024-12"]
    assert [label for _, _, label in rows] == labels
    assert sorted(table.period.to_pyarrow().to_pylist()) == labels


def test_new_events_are_checked_against_the_population_of_the_recomputed_year(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # April recomputes 2024 only, so its events are attributed to the 2024 persons alone.
    # Person 13 lives in the 2023 population only: their April contact is excluded, as in a
    # full run; person 99 is in no population at all: refused, as in a full run.
    def known_in_april(folder: str, *contacts: int) -> Path:
        d = world()
        d.person(13, 2023, born=1960)
        for person_id in contacts:
            d.contact(person_id, date(2024, 4, 2))
        return as_of(
            date(2024, 3, 31) if folder == "before" else date(2024, 4, 30), tmp_path / folder, d
        )

    stored = compute(known_in_april("before"), keep_state=tmp_path / "state")
    checks: list[object] = []
    with monkeypatch.context() as patched:
        # Every new row attributed: no deferred person check reads the rows again.
        patched.setattr(validation, "_apply", lambda *args: checks.append(args))
        clean = known_in_april("clean")
        extended = compute(clean, previous=stored.results, previous_state=stored.state)
    assert not checks
    assert extended.extended == ("admissions", "care_plans", "contacts")
    assert extended.results.equals(compute(clean).results)

    moved = known_in_april("moved", 13)
    full = compute(moved)
    extended = compute(moved, previous=stored.results, previous_state=stored.state)
    assert extended.results.equals(full.results)
    assert extended.report.to_dict() == full.report.to_dict()

    def excluded(report: DataQualityReport) -> int:
        return sum(found.rows for found in report.excluded if found.table == "contacts")

    assert excluded(extended.report) == excluded(stored.report) + 1
    broken = known_in_april("broken", 99)
    with pytest.raises(DatasetError, match=r"contacts.person_id: 1 row person not in population"):
        compute(broken, previous=stored.results, previous_state=stored.state)


def test_the_years_not_recomputed_keep_their_stored_flags() -> None:
    def cells(*rows: tuple[str, bool]) -> pa.Table:
        return pa.Table.from_pylist(
            [
                {
                    "indicator_id": "sip_plans",
                    "period": period,
                    "area_code": "2480",
                    "sex": "T",
                    "age_group": "all",
                    "numerator": 3.0,
                    "denominator": 10,
                    "value": 30.0,
                    "suppressed": flag,
                }
                for period, flag in rows
            ],
            schema=RESULT_SCHEMA,
        )

    stored = cells(("2023", True), ("2023-12", True), ("2024", True), ("2024-11", True))
    fresh = cells(("2024", False), ("2024-12", False)).drop_columns(["suppressed"])
    merged = merge(stored, fresh, {"sip_plans": ["2024", "2024-12"]})
    # 2023 keeps its flags; 2024 is suppressed again whole: its stored November (flag
    # dropped) and the fresh cells, which replace the stored year.
    assert merged.select(["period", "suppressed", "again"]).to_pylist() == [
        {"period": "2023", "suppressed": True, "again": False},
        {"period": "2023-12", "suppressed": True, "again": False},
        {"period": "2024-11", "suppressed": False, "again": True},
        {"period": "2024", "suppressed": False, "again": True},
        {"period": "2024-12", "suppressed": False, "again": True},
    ]
    # Without stored flags, every year is suppressed again.
    merged = merge(stored.drop_columns(["suppressed"]), fresh, {"sip_plans": ["2024"]})
    assert merged["again"].to_pylist() == [True] * 5
    assert not any(merged["suppressed"].to_pylist())
