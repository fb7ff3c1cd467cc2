"""Every computed indicator against values counted by hand from tests/engine/world.py, on
every backend: ``results`` here is the world computed by ``engine`` (``world_on``)."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pyarrow as pa
import pyarrow.compute as pc
import pytest

from fardplan.engine import Run
from fardplan.reference.sweden import municipalities
from tests.engine.builder import Dataset
from tests.engine.cells import cell, counts
from tests.engine.engines import Engine

YEAR = "2024"


@pytest.fixture
def results(world_on: Run) -> pa.Table:
    return world_on.results


@pytest.mark.parametrize(
    ("indicator", "numerator", "denominator", "value"),
    [
        ("avoidable_admissions", 4, 7, 4 / 7 * 100_000),
        ("inpatient_admissions", 7, 10, 70_000.0),
        ("readmission_30d_65", 2, 6, 2 / 6 * 100),
        ("emergency_visits_80", 1, 1, 1000.0),
        ("named_physician", 3, 10, 30.0),
        ("primary_care_visits", 12, 10, 1.2),
        ("primary_care_share", 12, 14, 12 / 14 * 100),
        ("assessment_3_days", 1, 2, 50.0),
        ("discharge_ready_days_65", 3, 3, 1000.0),
        ("sip_plans", 1, 10, 100.0),
        ("home_health_care_65", 2, 3, 2 / 3 * 100),
        ("mental_ill_health_0_17", 2, 3, 2 / 3 * 100),
        ("digital_visits", 2, 10, 200.0),
        ("home_visits_80", 1, 1, 1000.0),
    ],
)
def test_it_counts_each_indicator_for_the_year(
    results: pa.Table, indicator: str, numerator: int, denominator: int, value: float
) -> None:
    row = cell(results, indicator, YEAR)
    assert (row["numerator"], row["denominator"]) == (numerator, denominator)
    assert row["value"] == pytest.approx(value, rel=1e-12)


def test_it_computes_coc_with_three_contacts_as_one_third(results: pa.Table) -> None:
    # Person 4: C1, C1, C2 → (4 + 1 − 3) / (3 × 2) = 1/3; person 5: four with C1 → 1.
    row = cell(results, "continuity_coc", YEAR)
    assert row["denominator"] == 2
    assert row["numerator"] == pytest.approx(1 / 3 + 1, abs=1e-11)
    assert row["value"] == pytest.approx(2 / 3, abs=1e-11)
    assert counts(results, "continuity_coc", YEAR, sex="M") == (pytest.approx(1 / 3), 1)


def test_it_counts_readmissions_on_day_0_and_day_30_but_not_day_31(results: pa.Table) -> None:
    assert counts(results, "readmission_30d_65", "2024-03") == (2, 2)  # day 0 and day 30
    assert counts(results, "readmission_30d_65", "2024-04") == (0, 1)  # followed on day 31
    assert counts(results, "readmission_30d_65", "2024-05") == (0, 1)
    assert counts(results, "readmission_30d_65", "2024-06") == (0, 2)  # planned stays


def test_it_puts_events_in_the_month_of_their_own_date(results: pa.Table) -> None:
    # Admitted 31 January, discharged 1 February.
    assert counts(results, "avoidable_admissions", "2024-01") == (1, 7)
    assert counts(results, "avoidable_admissions", "2024-02") == (0, 7)
    assert counts(results, "inpatient_admissions", "2024-02") == (0, 10)


def test_it_splits_by_sex_and_age_band(results: pa.Table) -> None:
    assert counts(results, "avoidable_admissions", YEAR, sex="K") == (4, 4)
    assert counts(results, "avoidable_admissions", YEAR, sex="M") == (0, 3)
    assert counts(results, "avoidable_admissions", YEAR, age="20-64") == (1, 4)
    assert counts(results, "avoidable_admissions", YEAR, age="80+") == (3, 1)
    groups = set(pa_column(results, "avoidable_admissions", "age_group"))
    assert groups == {"all", "20-64", "65-79", "80+"}
    assert set(pa_column(results, "mental_ill_health_0_17", "age_group")) == {"all", "0-17"}


def test_it_attributes_a_person_who_moved_to_each_years_residence(results: pa.Table) -> None:
    assert counts(results, "primary_care_visits", "2023-12", area="0180") == (1, 1)
    assert counts(results, "primary_care_visits", "2024-01", area="2482") == (1, 2)
    assert counts(results, "primary_care_visits", "2023", area="0001") == (1, 1)


def test_it_sums_municipalities_into_regions_and_leaves_out_sweden(results: pa.Table) -> None:
    assert counts(results, "named_physician", YEAR, area="0024") == (3, 12)
    assert "0000" not in set(pa_column(results, "named_physician", "area_code"))


def test_it_gives_null_value_when_the_denominator_is_zero(results: pa.Table) -> None:
    row = cell(results, "assessment_3_days", YEAR, area="2482")
    assert (row["numerator"], row["denominator"], row["value"]) == (0, 0, None)


def test_it_counts_home_health_care_overlapping_the_year(results: pa.Table) -> None:
    assert counts(results, "home_health_care_65", "2023") == (2, 2)


def test_it_excludes_and_reports_events_outside_the_persons_years(world_on: Run) -> None:
    (excluded,) = world_on.report.excluded
    assert (excluded.table, excluded.rows, excluded.examples) == ("contacts", 1, (2023,))
    # Nobody lived in Skellefteå in 2023, so the excluded contact made no cell there either.
    assert counts(world_on.results, "primary_care_visits", "2023-05", area="0180") == (0, 1)


def pa_column(results: pa.Table, indicator: str, column: str) -> list[str]:
    rows = results.filter(pc.equal(results["indicator_id"], indicator))
    return [str(value) for value in rows[column].to_pylist()]


def test_it_adds_sweden_when_every_municipality_is_present(tmp_path: Path, engine: Engine) -> None:
    d = Dataset()
    for number, municipality in enumerate(municipalities(), start=1):
        d.person(number, 2024, born=1950, municipality=municipality.code)
    d.care_plan(1, date(2024, 3, 1))
    results = engine.compute(d.write(tmp_path), indicator_ids=["sip_plans"]).results
    assert counts(results, "sip_plans", "2024", area="0000") == (1, 290)
    assert counts(results, "sip_plans", "2024", area="0000", age="65-79") == (1, 290)
