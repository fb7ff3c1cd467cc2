"""The band and slot tables every indicator's cells are banded by and filled into."""

from __future__ import annotations

from fardplan.catalogue import load_catalogue
from fardplan.engine.cells import band_table, slot_table

CATALOGUE = load_catalogue()


def test_each_age_falls_in_one_band_of_each_indicator_inside_its_population() -> None:
    everyone, from_20, children = (
        CATALOGUE.get(i)
        for i in ("inpatient_admissions", "avoidable_admissions", "mental_ill_health_0_17")
    )
    ages = [-1, 0, 17, 18, 19, 20, 64, 65, 79, 80, 104]
    rows = band_table([everyone, from_20, children], ages).to_pylist()
    found = {(row["indicator_id"], row["age"]): row["age_group"] for row in rows}
    assert len(found) == len(rows)  # no age in two bands of an indicator
    assert found[("inpatient_admissions", 0)] == "0-17"
    assert found[("inpatient_admissions", 18)] == "18-64"
    assert found[("inpatient_admissions", 104)] == "80+"
    assert ("inpatient_admissions", -1) not in found  # born after the year: no band
    # A population from 20 clips its first band and leaves the younger out.
    assert found[("avoidable_admissions", 20)] == "20-64"
    assert ("avoidable_admissions", 19) not in found
    assert {age for (i, age) in found if i == "mental_ill_health_0_17"} == {0, 17}


def test_an_indicators_slots_are_its_period_types_times_its_bands() -> None:
    periods = [("year", 2024, "2024"), ("month", 2024, "2024-11"), ("month", 2024, "2024-12")]
    yearly = slot_table(CATALOGUE.get("home_health_care_65"), periods).to_pylist()
    assert {(row["period"], row["age_group"]) for row in yearly} == {
        ("2024", "65-79"),
        ("2024", "80+"),
    }
    monthly = slot_table(CATALOGUE.get("emergency_visits_80"), periods).to_pylist()
    assert [row["period"] for row in monthly] == ["2024", "2024-11", "2024-12"]
    assert {row["year"] for row in monthly} == {2024}
