"""The row-by-row FHIR export that ``fardplan.synth.fhir`` replaced, kept as the baseline of
``benchmarks/fhir.py`` (a Python dict and ``json.dumps`` per resource; a Patient carries only
its latest year). Not used by the product.

The Parquet tables are written first (into a scratch folder) and then read batch by batch and
turned into resources. Pseudonyms are identifiers under project systems (:data:`BASE`); no
resource carries a name of a person. Validated against ``fhir.resources.R4B`` in the tests.
"""

from __future__ import annotations

import json
import shutil
from collections.abc import Callable, Iterator, Mapping
from pathlib import Path
from typing import Any, TextIO

import pyarrow.parquet as pq

from fardplan.synth.municipality import Run

BASE = "https://fardplan.se/fhir"
ICD10SE = f"{BASE}/CodeSystem/icd-10-se"  # project URI: HL7 registers no ICD-10-SE system URI
ACT_CODE = "http://terminology.hl7.org/CodeSystem/v3-ActCode"
PRIORITY = "http://terminology.hl7.org/CodeSystem/v3-ActPriority"
CLASS = {"in_person": "AMB", "digital": "VR", "phone": "VR", "home_visit": "HH"}
RESOURCES = (
    "Patient",
    "Organization",
    "Practitioner",
    "Encounter",
    "Condition",
    "CarePlan",
    "EpisodeOfCare",
)
Row = dict[str, Any]


def _coding(system: str, code: str) -> dict[str, Any]:
    return {"coding": [{"system": f"{BASE}/CodeSystem/{system}", "code": code}]}


def _ref(kind: str, ident: object) -> dict[str, str]:
    return {"reference": f"{kind}/{ident}"}


def _ext(name: str, key: str, value: object) -> dict[str, Any]:
    return {"url": f"{BASE}/StructureDefinition/{name}", key: value}


def _ident(system: str, value: object) -> list[dict[str, str]]:
    return [{"system": f"{BASE}/sid/{system}", "value": str(value)}]


def _day(value: Any) -> str:
    return str(value.isoformat())


def patients(rows: Iterator[Row]) -> Iterator[Row]:
    """Yield a Patient per person from population rows sorted by person and year (the
    latest year wins: residence, listing and named physician are as of that year)."""
    last: Row | None = None
    for row in rows:
        if last is not None and last["person_id"] != row["person_id"]:
            yield _patient(last)
        last = row
    if last is not None:
        yield _patient(last)


def _patient(row: Row) -> Row:
    practitioners = []
    if row["listed_unit_id"]:
        practitioners.append(_ref("Organization", row["listed_unit_id"]))
    if row["named_physician_id"]:
        practitioners.append(_ref("Practitioner", row["named_physician_id"]))
    patient: Row = {
        "resourceType": "Patient",
        "id": str(row["person_id"]),
        "identifier": _ident("person-pseudonym", row["person_id"]),
        "gender": "female" if row["sex"] == "K" else "male",
        "birthDate": _day(row["birth_date"]),
        "extension": [
            _ext("municipality-code", "valueCode", row["municipality_code"]),
            _ext("nursing-home", "valueBoolean", bool(row["nursing_home"])),
            _ext("population-year", "valueInteger", int(row["year"])),
        ],
    }
    if practitioners:
        patient["generalPractitioner"] = practitioners
    return patient


def organization(row: Row) -> Row:
    return {
        "resourceType": "Organization",
        "id": row["unit_id"],
        "identifier": _ident("unit-id", row["unit_id"]),
        "active": True,
        "name": row["name"],
        "type": [_coding("unit-kind", row["kind"])],
        "extension": [
            _ext("principal", "valueCode", row["principal"]),
            _ext("municipality-code", "valueCode", row["municipality_code"]),
        ],
    }


def contact(row: Row) -> Iterator[Row]:
    """Yield the contact's Encounter and, when it has a diagnosis, its Condition."""
    ident = f"c{row['contact_id']}"
    participant: Row = {"type": [_coding("profession", row["profession"])]}
    if row["clinician_id"]:
        participant["individual"] = _ref("Practitioner", row["clinician_id"])
    level = row["care_level"]
    encounter: Row = {
        "resourceType": "Encounter",
        "id": ident,
        "identifier": _ident("contact-id", row["contact_id"]),
        "status": "finished",
        "class": {
            "system": ACT_CODE,
            "code": "EMER" if level == "emergency" else CLASS[row["mode"]],
        },
        "type": [_coding("care-level", level), _coding("contact-mode", row["mode"])],
        "subject": _ref("Patient", row["person_id"]),
        "participant": [participant],
        "period": {"start": _day(row["date"]), "end": _day(row["date"])},
        "serviceProvider": _ref("Organization", row["unit_id"]),
    }
    if row["requested_on"]:
        encounter["extension"] = [_ext("requested-on", "valueDate", _day(row["requested_on"]))]
    yield from _with_condition(encounter, row["diagnosis"], row["person_id"])


def admission(row: Row) -> Iterator[Row]:
    """Yield the stay's inpatient Encounter and its main-diagnosis Condition."""
    encounter: Row = {
        "resourceType": "Encounter",
        "id": f"a{row['admission_id']}",
        "identifier": _ident("admission-id", row["admission_id"]),
        "status": "finished",
        "class": {"system": ACT_CODE, "code": "IMP"},
        "priority": {"coding": [{"system": PRIORITY, "code": "EM" if row["acute"] else "EL"}]},
        "subject": _ref("Patient", row["person_id"]),
        "period": {"start": _day(row["admitted_on"]), "end": _day(row["discharged_on"])},
        "serviceProvider": _ref("Organization", row["unit_id"]),
    }
    if row["discharge_ready_on"]:
        encounter["extension"] = [
            _ext("discharge-ready-on", "valueDate", _day(row["discharge_ready_on"]))
        ]
    yield from _with_condition(encounter, row["main_diagnosis"], row["person_id"])


def _with_condition(encounter: Row, diagnosis: str | None, person: int) -> Iterator[Row]:
    if diagnosis:
        encounter["diagnosis"] = [{"condition": _ref("Condition", encounter["id"]), "rank": 1}]
        yield {
            "resourceType": "Condition",
            "id": encounter["id"],
            "category": [
                {
                    "coding": [
                        {
                            "system": "http://terminology.hl7.org/CodeSystem/condition-category",
                            "code": "encounter-diagnosis",
                        }
                    ]
                }
            ],
            "code": {"coding": [{"system": ICD10SE, "code": diagnosis}]},
            "subject": _ref("Patient", person),
            "encounter": _ref("Encounter", encounter["id"]),
        }
    yield encounter


def care_plan(row: Row) -> Row:
    return {
        "resourceType": "CarePlan",
        "id": f"p{row['plan_id']}",
        "identifier": _ident("care-plan-id", row["plan_id"]),
        "status": "active",
        "intent": "plan",
        "category": [_coding("care-plan-kind", "sip")],
        "subject": _ref("Patient", row["person_id"]),
        "created": _day(row["created_on"]),
        "extension": [_ext("municipality-code", "valueCode", row["municipality_code"])],
    }


def episode(row: Row, serial: int) -> Row:
    period = {"start": _day(row["start_on"])}
    if row["end_on"]:
        period["end"] = _day(row["end_on"])
    return {
        "resourceType": "EpisodeOfCare",
        "id": f"h{serial}",
        "status": "finished" if row["end_on"] else "active",
        "type": [_coding("episode-kind", "home-health-care")],
        "patient": _ref("Patient", row["person_id"]),
        "managingOrganization": _ref("Organization", f"{row['municipality_code']}-KOM"),
        "period": period,
    }


def _rows(path: Path, columns: list[str] | None = None) -> Iterator[Row]:
    for batch in pq.ParquetFile(path).iter_batches(batch_size=50_000, columns=columns):
        yield from batch.to_pylist()


def _practitioners(run: Run) -> Iterator[Row]:
    catalogue = run.catalogue
    for unit, (starts, counts) in enumerate(
        zip(catalogue.staff, catalogue.staff_counts, strict=True)
    ):
        for profession, first, count in zip(
            ("physician", "nurse", "other"), starts, counts, strict=True
        ):
            for clinician in catalogue.clinician_ids[first : first + count]:
                yield {
                    "resourceType": "Practitioner",
                    "id": clinician,
                    "identifier": _ident("clinician-pseudonym", clinician),
                    "active": True,
                    "qualification": [{"code": _coding("profession", profession)}],
                    "extension": [_ext("unit-id", "valueString", catalogue.unit_ids[unit])],
                }


def _population_sorted(path: Path) -> Iterator[Row]:
    # Sorting 10 M+ rows by person in Arrow would hold the whole table; DuckDB spills to disk.
    import duckdb

    escaped = str(path).replace("'", "''")
    query = f"SELECT * FROM read_parquet('{escaped}') ORDER BY person_id, year"
    reader = duckdb.connect().sql(query).to_arrow_reader(50_000)
    for batch in reader:
        yield from batch.to_pylist()


def write_fhir(
    folder: Path,
    run: Run,
    codes: list[tuple[str, str]],
    progress: Callable[[str, int, int], None] | None,
) -> dict[str, int]:
    """Write ``<Resource>.ndjson`` files into ``folder``; return resources per type."""
    from fardplan.synth.generate import write_parquet

    scratch = folder / "_parquet"
    scratch.mkdir()
    write_parquet(scratch, run, codes, progress)
    handles = {name: (folder / f"{name}.ndjson").open("w", encoding="utf-8") for name in RESOURCES}
    counts = dict.fromkeys(RESOURCES, 0)
    try:
        for done, (step, resources) in enumerate(_steps(scratch, run)):
            if progress:
                progress(f"FHIR {step}", done, len(STEPS))
            for resource in resources:
                _emit(handles, counts, resource)
    finally:
        for handle in handles.values():
            handle.close()
    shutil.rmtree(scratch)
    return counts


STEPS = (
    "population",
    "units",
    "clinicians",
    "contacts",
    "admissions",
    "care plans",
    "home health care",
)


def _steps(scratch: Path, run: Run) -> Iterator[tuple[str, Iterator[Row]]]:
    """Yield (step, its resources) in :data:`STEPS` order; each step reads one table."""
    yield STEPS[0], patients(_population_sorted(scratch / "population.parquet"))
    yield STEPS[1], map(organization, _rows(scratch / "units.parquet"))
    yield STEPS[2], _practitioners(run)
    yield STEPS[3], (r for row in _rows(scratch / "contacts.parquet") for r in contact(row))
    yield STEPS[4], (r for row in _rows(scratch / "admissions.parquet") for r in admission(row))
    yield STEPS[5], map(care_plan, _rows(scratch / "care_plans.parquet"))
    rows = enumerate(_rows(scratch / "home_health_care.parquet"), start=1)
    yield STEPS[6], (episode(row, serial) for serial, row in rows)


def _emit(handles: Mapping[str, TextIO], counts: dict[str, int], resource: Row) -> None:
    kind = resource["resourceType"]
    handles[kind].write(json.dumps(resource, ensure_ascii=False, separators=(",", ":")) + "\n")
    counts[kind] += 1
