"""The hand-made dataset the engine's indicator tests compute from, with its edge cases.

Umeå (2480) and Skellefteå (2482) in Västerbotten (24), Stockholm (0180) in Stockholm (01).
The expected values in test_indicators.py are counted by hand from the rows below.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pyarrow as pa
import pyarrow.compute as pc

from tests.engine.builder import PSYCHIATRY, Dataset

UMEA, SKELLEFTEA, STOCKHOLM = "2480", "2482", "0180"


def world() -> Dataset:
    d = Dataset()
    _population(d)
    _admissions(d)
    _contacts(d)
    d.care_plan(1, date(2024, 2, 10))
    d.home_health_care(1, date(2022, 1, 1), None)
    d.home_health_care(2, date(2024, 12, 31), date(2025, 1, 10))
    d.home_health_care(12, date(2023, 1, 1), date(2023, 12, 31))
    return d


def _population(d: Dataset) -> None:
    people = [  # id, born, sex, physician
        (1, 1940, "K", "D1"),
        (2, 1950, "M", None),
        (3, 1960, "K", None),
        (4, 1990, "M", "D2"),
        (5, 1985, "K", "D2"),
        (6, 2000, "M", None),
        (9, 2010, "K", None),
        (10, 2012, "M", None),
        (11, 2015, "M", None),
        (12, 1950, "K", None),
    ]
    for person_id, born, sex, physician in people:
        d.person(person_id, 2024, born=born, sex=sex, physician=physician)
    d.person(1, 2023, born=1940, sex="K", physician="D1")
    d.person(12, 2023, born=1950, sex="K")
    # Person 7 moved from Stockholm (2023) to Skellefteå (2024).
    d.person(7, 2023, born=1980, sex="K", municipality=STOCKHOLM)
    d.person(7, 2024, born=1980, sex="K", municipality=SKELLEFTEA)
    # Person 8 is only in the 2024 population; their 2023 contact is excluded.
    d.person(8, 2024, born=1970, sex="M", municipality=SKELLEFTEA)


def _admissions(d: Dataset) -> None:
    # Person 1 (84): A2 on A1's discharge day (day 0), A3 on day 30 after A2, A4 on day 31.
    d.admission(1, date(2024, 3, 1), date(2024, 3, 10), main_diagnosis="I509")
    d.admission(1, date(2024, 3, 10), date(2024, 3, 15), main_diagnosis="J441")
    d.admission(1, date(2024, 4, 14), date(2024, 4, 20))
    d.admission(
        1,
        date(2024, 5, 21),
        date(2024, 5, 25),
        main_diagnosis="E119",
        discharge_ready_on=date(2024, 5, 22),
    )
    # Person 2 (74): planned stays never make a readmission.
    d.admission(2, date(2024, 6, 1), date(2024, 6, 5), main_diagnosis="I500", acute=False)
    d.admission(2, date(2024, 6, 10), date(2024, 6, 12), acute=False)
    # Person 3 (64): admitted in January, discharged in February; under 65.
    d.admission(
        3,
        date(2024, 1, 31),
        date(2024, 2, 1),
        main_diagnosis="I509",
        discharge_ready_on=date(2024, 1, 31),
    )


def _contacts(d: Dataset) -> None:
    day = date(2024, 9, 2)
    # Person 4: N = 3 eligible (C1, C1, C2) → COC 1/3; a phone call and a nurse do not count.
    d.contact(4, day, clinician_id="C1").contact(4, day, clinician_id="C1")
    d.contact(4, day, clinician_id="C2")
    d.contact(4, day, clinician_id="C3", mode="phone")
    d.contact(4, day, clinician_id="N1", profession="nurse")
    # Person 5: four with C1 → COC 1; two asked for 3 and 4 days before.
    d.contact(5, day, clinician_id="C1", requested_on=date(2024, 8, 30))
    d.contact(5, day, clinician_id="C1", requested_on=date(2024, 8, 29))
    d.contact(5, day, clinician_id="C1").contact(5, day, clinician_id="C1")
    # Person 6: two digital primary contacts (not eligible for COC: N = 2) and a specialist.
    d.contact(6, day, clinician_id="C9", mode="digital")
    d.contact(6, day, clinician_id="C9", mode="digital")
    d.contact(6, day, care_level="specialist")
    # Children: an F diagnosis, a psychiatry unit, and a cold.
    d.contact(9, day, diagnosis="F329")
    d.contact(10, day, unit_id=PSYCHIATRY, care_level="specialist")
    d.contact(11, day, diagnosis="J069")
    # Person 1 (84): an emergency visit and a home visit by the municipality's nurse.
    d.contact(1, date(2024, 7, 1), care_level="emergency")
    d.contact(1, date(2024, 7, 2), care_level="municipal", profession="nurse", mode="home_visit")
    # Person 7 around the turn of the year; person 8 in a year they are not in the population.
    d.contact(7, date(2023, 12, 31)).contact(7, date(2024, 1, 1))
    d.contact(8, date(2023, 5, 5))


# The date a row becomes known: events by their own date, admissions once discharged.
KNOWN_ON = {
    "contacts": "date",
    "admissions": "discharged_on",
    "care_plans": "created_on",
    "home_health_care": "start_on",
}


def as_of(day: date, folder: Path, dataset: Dataset | None = None) -> Path:
    """Write the world (or ``dataset``) as known on ``day``: later rows absent, ends open."""
    dataset = dataset or world()
    tables = dataset.tables()
    cut = {}
    for name, column in KNOWN_ON.items():
        table = tables[name]
        cut[name] = table.filter(pc.less_equal(table[column], pa.scalar(day)))
    spells = cut["home_health_care"]
    end = spells["end_on"]
    still_open = pc.if_else(pc.greater(end, pa.scalar(day)), pa.scalar(None, end.type), end)
    cut["home_health_care"] = spells.set_column(
        spells.schema.get_field_index("end_on"), "end_on", still_open
    )
    return dataset.write(folder, replace=cut)
