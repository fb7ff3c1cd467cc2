"""A benchmark-only synthetic care dataset, made quickly with numpy (simple distributions).

Not the project's synthetic generator (fardplan.synth): no realism beyond plausible volumes,
only enough rows of the right shape to time the engine. One year (2024) of population.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.parquet as pq

from fardplan.reference.sweden import municipalities, municipality_totals

YEAR = 2024
EPOCH = np.datetime64(f"{YEAR}-01-01")
DIAGNOSES = np.array(
    [
        "J069",
        "I10",
        "M545",
        "F329",
        "F411",
        "I509",
        "J441",
        "J459",
        "E119",
        "E109",
        "S720",
        "N390",
        "R074",
        "Z000",
        "K590",
        "L309",
        "H109",
        "G439",
        "R51",
        "I489",
    ]
)


def _text(prefix: str, values: np.ndarray) -> pa.Array:
    return pc.binary_join_element_wise(prefix, pc.cast(pa.array(values), pa.string()), "")


def _dates(days: np.ndarray) -> pa.Array:
    return pa.array((EPOCH + days.astype("timedelta64[D]")).astype("datetime64[D]"))


def make_dataset(persons: int, folder: Path, seed: int = 1) -> Path:
    """Write a dataset of ``persons`` persons to ``folder`` and return it."""
    rng = np.random.default_rng(seed)
    folder.mkdir(parents=True, exist_ok=True)
    codes = np.array([m.code for m in municipalities()])
    totals = municipality_totals(YEAR)
    weights = np.array([totals[c] for c in codes], dtype=float)
    muni_index = rng.choice(len(codes), size=persons, p=weights / weights.sum())
    age = np.minimum(rng.gamma(2.2, 19.0, size=persons).astype(int), 104)
    sex = np.where(rng.random(persons) < 0.5, "K", "M")
    birth = np.array([f"{YEAR - a}-06-15" for a in range(105)], dtype="datetime64[D]")[age]
    _population(folder, rng, persons, codes, muni_index, age, sex, birth)
    _units(folder, codes)
    _contacts(folder, rng, codes, muni_index, age)
    _admissions(folder, rng, age)
    _small_tables(folder, rng, codes, muni_index, age)
    return folder


def _population(
    folder: Path,
    rng: np.random.Generator,
    n: int,
    codes: np.ndarray,
    muni: np.ndarray,
    age: np.ndarray,
    sex: np.ndarray,
    birth: np.ndarray,
) -> None:
    physician = rng.random(n) < 0.6
    table = pa.table(
        {
            "year": pa.array(np.full(n, YEAR, dtype=np.int16)),
            "person_id": pa.array(np.arange(1, n + 1, dtype=np.int64)),
            "sex": pa.array(sex),
            "birth_date": pa.array(birth),
            "municipality_code": pa.array(codes[muni]),
            "listed_unit_id": _text("HC", muni * 2 + rng.integers(0, 2, n)),
            "named_physician_id": pc.if_else(
                pa.array(physician), _text("D", rng.integers(0, 9999, n)), None
            ),
            "nursing_home": pa.array((age > 85) & (rng.random(n) < 0.2)),
        }
    )
    pq.write_table(table, folder / "population.parquet")


def _units(folder: Path, codes: np.ndarray) -> None:
    rows = []
    for i, code in enumerate(codes):
        rows += [
            (f"HC{2 * i}", "health_centre", "region", code),
            (f"HC{2 * i + 1}", "health_centre", "private", code),
            (f"MC{i}", "municipal_care", "municipality", code),
        ]
    for region in sorted({c[:2] for c in codes}):
        first = next(c for c in codes if c.startswith(region))
        rows += [
            (f"H{region}", "hospital", "region", first),
            (f"E{region}", "emergency", "region", first),
            (f"P{region}", "psychiatry", "region", first),
        ]
    ids, kinds, principals, munis = zip(*rows, strict=True)
    table = pa.table(
        {
            "unit_id": ids,
            "name": ids,
            "kind": kinds,
            "principal": principals,
            "municipality_code": munis,
        }
    )
    pq.write_table(table, folder / "units.parquet")


def _contacts(
    folder: Path, rng: np.random.Generator, codes: np.ndarray, muni: np.ndarray, age: np.ndarray
) -> None:
    per_person = rng.poisson(2.5 + age / 15.0)
    person = np.repeat(np.arange(len(age)), per_person)
    n = len(person)
    level = rng.choice(4, size=n, p=[0.55, 0.25, 0.08, 0.12])
    region = np.array([int(c[:2]) for c in codes])[muni[person]]
    unit = np.select(
        [level == 0, level == 1, level == 2],
        [
            np.char.add("HC", (muni[person] * 2).astype(str)),
            np.char.add("H", np.char.zfill(region.astype(str), 2)),
            np.char.add("E", np.char.zfill(region.astype(str), 2)),
        ],
        np.char.add("MC", muni[person].astype(str)),
    )
    day = rng.integers(0, 366, n)
    requested = np.where((level == 0) & (rng.random(n) < 0.5), day - rng.integers(0, 10, n), -9999)
    table = pa.table(
        {
            "contact_id": pa.array(np.arange(1, n + 1, dtype=np.int64)),
            "person_id": pa.array(person + 1, type=pa.int64()),
            "date": _dates(day),
            "unit_id": pa.array(unit),
            "care_level": pa.array(
                np.array(["primary", "specialist", "emergency", "municipal"])[level]
            ),
            "profession": pa.array(
                np.array(["physician", "nurse", "other"])[rng.choice(3, size=n, p=[0.5, 0.4, 0.1])]
            ),
            "clinician_id": _text("C", muni[person] * 8 + rng.integers(0, 8, n)),
            "mode": pa.array(
                np.array(["in_person", "digital", "home_visit", "phone"])[
                    rng.choice(4, size=n, p=[0.7, 0.12, 0.05, 0.13])
                ]
            ),
            "diagnosis": pa.array(DIAGNOSES[rng.integers(0, len(DIAGNOSES), n)]),
            "requested_on": pc.if_else(
                pa.array(requested > -9999), _dates(np.maximum(requested, -300)), None
            ),
        }
    )
    pq.write_table(table, folder / "contacts.parquet")


def _admissions(folder: Path, rng: np.random.Generator, age: np.ndarray) -> None:
    per_person = rng.poisson(0.02 + age / 600.0)
    person = np.repeat(np.arange(len(age)), per_person)
    n = len(person)
    admitted = rng.integers(0, 366, n)
    discharged = admitted + rng.geometric(0.25, n) - 1
    ready = np.where(
        (age[person] >= 65) & (rng.random(n) < 0.3), discharged - rng.integers(0, 5, n), -9999
    )
    table = pa.table(
        {
            "admission_id": pa.array(np.arange(1, n + 1, dtype=np.int64)),
            "person_id": pa.array(person + 1, type=pa.int64()),
            "unit_id": pa.array(np.full(n, "H01")),
            "admitted_on": _dates(admitted),
            "discharged_on": _dates(discharged),
            "main_diagnosis": pa.array(DIAGNOSES[rng.integers(0, len(DIAGNOSES), n)]),
            "acute": pa.array(rng.random(n) < 0.75),
            "discharge_ready_on": pc.if_else(
                pa.array(ready > -9999), _dates(np.maximum(ready, admitted)), None
            ),
        }
    )
    pq.write_table(table, folder / "admissions.parquet")


def _small_tables(
    folder: Path, rng: np.random.Generator, codes: np.ndarray, muni: np.ndarray, age: np.ndarray
) -> None:
    planned = np.flatnonzero(rng.random(len(age)) < 0.01)
    pq.write_table(
        pa.table(
            {
                "plan_id": pa.array(np.arange(1, len(planned) + 1, dtype=np.int64)),
                "person_id": pa.array(planned + 1, type=pa.int64()),
                "created_on": _dates(rng.integers(0, 366, len(planned))),
                "municipality_code": pa.array(codes[muni[planned]]),
            }
        ),
        folder / "care_plans.parquet",
    )
    enrolled = np.flatnonzero((age >= 65) & (rng.random(len(age)) < 0.08))
    start = rng.integers(-1500, 366, len(enrolled))
    end = start + rng.integers(10, 900, len(enrolled))
    pq.write_table(
        pa.table(
            {
                "person_id": pa.array(enrolled + 1, type=pa.int64()),
                "municipality_code": pa.array(codes[muni[enrolled]]),
                "start_on": _dates(start),
                "end_on": pc.if_else(pa.array(end < 400), _dates(end), None),
            }
        ),
        folder / "home_health_care.parquet",
    )


__all__ = ["date", "make_dataset"]
