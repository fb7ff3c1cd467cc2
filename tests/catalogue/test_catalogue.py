from __future__ import annotations

from fardplan.catalogue import load_catalogue


def test_it_ships_the_fifteen_computed_indicators_of_the_spec() -> None:
    catalogue = load_catalogue()
    assert [i.id for i in catalogue.computed] == [
        "avoidable_admissions",
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
