from __future__ import annotations

import pytest
from pydantic import ValidationError

from fardplan.catalogue import Filter, load_catalogue, load_value_set
from fardplan.catalogue.model import Catalogue


def test_it_ships_the_fifteen_computed_indicators_of_the_spec_and_a_standardised_one() -> None:
    catalogue = load_catalogue()
    assert [i.id for i in catalogue.computed] == [
        "avoidable_admissions",
        "avoidable_admissions_std",  # the age-standardised variant the spec welcomes
        "readmission_30d_65",
        "inpatient_admissions",
        "emergency_visits_80",
        "named_physician",
        "continuity_coc",
        "primary_care_visits",
        "primary_care_share",
        "assessment_3_days",
        "discharge_ready_days_65",
        "sip_plans",
        "home_health_care_65",
        "mental_ill_health_0_17",
        "digital_visits",
        "home_visits_80",
    ]


def test_it_keeps_the_kolada_id_of_imported_indicators() -> None:
    catalogue = load_catalogue()
    assert {i.kolada_id for i in catalogue.imported} == {
        "U70447",
        "U71458",
        "N79173",
        "U79133",
        "U79092",
    }
    assert catalogue.get("named_physician").name.sv == "Andel med fast läkarkontakt"


def test_it_describes_every_computed_indicator_as_a_computation() -> None:
    catalogue = load_catalogue()
    assert all(i.computation is not None for i in catalogue.computed)
    assert all(i.computation is None for i in catalogue.imported)
    coc = catalogue.get("continuity_coc").computation
    assert coc is not None and coc.numerator.measure == "continuity_index"
    assert coc.numerator.min_events == 3


def test_it_ships_the_acsc_value_set_with_a_version() -> None:
    value_set = load_value_set("acsc_chronic")
    assert value_set.version
    assert value_set.codes == ("I50", "J45", "J46", "J43", "J44", "E10", "E11", "E12", "E13", "E14")
    with pytest.raises(KeyError, match="unknown value set 'nope'"):
        load_value_set("nope")


def test_it_refuses_a_filter_with_two_operators() -> None:
    with pytest.raises(ValidationError, match="exactly one operator"):
        Filter.model_validate({"column": "mode", "equals": "phone", "not_null": True})


def test_each_pair_of_computed_and_imported_measures_is_named_both_ways() -> None:
    catalogue = load_catalogue()
    pairs = {i.id: i.counterpart for i in catalogue.imported if i.counterpart}
    assert pairs == {
        "kolada_n79173": "assessment_3_days",
        "kolada_u79133": "avoidable_admissions_std",
        "kolada_u79092": "readmission_30d_65",
    }
    twin = catalogue.counterpart_of("avoidable_admissions_std")
    assert twin is not None and twin.id == "kolada_u79133"
    assert catalogue.counterpart_of("kolada_u79133") == catalogue.get("avoidable_admissions_std")
    assert catalogue.counterpart_of("kolada_u70447") is None


def test_a_counterpart_must_be_a_computed_twin_of_the_same_kolada_id() -> None:
    catalogue = load_catalogue()
    imported = catalogue.get("kolada_u79092").model_copy(
        update={"counterpart": "assessment_3_days"}
    )
    others = [i for i in catalogue.indicators if i.id != "kolada_u79092"]
    with pytest.raises(ValueError, match="has Kolada id 'N79173', not 'U79092'"):
        Catalogue(version="x", indicators=(*others, imported))
