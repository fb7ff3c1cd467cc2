"""The FHIR export: one NDJSON file per resource type, every resource valid FHIR R4B.

fhir.resources 8 ships R5 by default and R4B beside it (no plain R4), so R4B models validate.
"""

from __future__ import annotations

import json
from pathlib import Path

import pyarrow.parquet as pq
import pytest
from fhir.resources.R4B import get_fhir_model_class
from pydantic import ValidationError

from fardplan.synth import generate
from fardplan.synth.fhir import BASE, RESOURCES


@pytest.fixture(scope="module")
def exports(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    root = tmp_path_factory.mktemp("fhir")
    args = {"counties": ["23"], "years": [2024], "scale": 0.003, "seed": 5}
    generate(root / "fhir", fmt="fhir", **args)  # type: ignore[arg-type]
    generate(root / "parquet", **args)  # type: ignore[arg-type]
    return root / "fhir", root / "parquet"


def test_it_writes_one_file_per_resource_type(exports: tuple[Path, Path]) -> None:
    assert sorted(p.name for p in exports[0].iterdir()) == sorted(f"{r}.ndjson" for r in RESOURCES)


def test_it_writes_only_valid_r4b_resources(exports: tuple[Path, Path]) -> None:
    for resource in RESOURCES:
        model = get_fhir_model_class(resource)
        lines = (exports[0] / f"{resource}.ndjson").read_text(encoding="utf-8").splitlines()
        assert lines, resource
        for line in lines:
            assert json.loads(line)["resourceType"] == resource
            model.model_validate_json(line)


def test_it_would_catch_an_invalid_resource() -> None:
    with pytest.raises(ValidationError):
        get_fhir_model_class("Patient").model_validate_json(
            '{"resourceType": "Patient", "gender": "K", "birthDate": "not a date"}'
        )


def test_it_carries_the_same_data_as_the_parquet_tables(exports: tuple[Path, Path]) -> None:
    fhir, parquet = exports

    def count(name: str) -> int:
        return len((fhir / f"{name}.ndjson").read_text(encoding="utf-8").splitlines())

    contacts = pq.read_table(parquet / "contacts.parquet").num_rows
    admissions = pq.read_table(parquet / "admissions.parquet").num_rows
    persons = len(
        set(pq.read_table(parquet / "population.parquet").column("person_id").to_pylist())
    )
    assert count("Encounter") == contacts + admissions
    assert count("Patient") == persons
    assert count("Organization") == pq.read_table(parquet / "units.parquet").num_rows
    assert count("CarePlan") == pq.read_table(parquet / "care_plans.parquet").num_rows
    assert count("EpisodeOfCare") == pq.read_table(parquet / "home_health_care.parquet").num_rows


def test_it_uses_project_identifiers_and_no_names(exports: tuple[Path, Path]) -> None:
    for line in (exports[0] / "Patient.ndjson").read_text(encoding="utf-8").splitlines():
        patient = json.loads(line)
        assert "name" not in patient and "telecom" not in patient
        assert patient["identifier"][0]["system"] == f"{BASE}/sid/person-pseudonym"
    practitioner = json.loads((exports[0] / "Practitioner.ndjson").open().readline())
    assert "name" not in practitioner


def test_it_carries_every_population_year(exports: tuple[Path, Path]) -> None:
    fhir, parquet = exports
    residences = sum(
        1
        for line in (fhir / "Patient.ndjson").read_text(encoding="utf-8").splitlines()
        for extension in json.loads(line)["extension"]
        if extension["url"] == f"{BASE}/StructureDefinition/residence"
    )
    assert residences == pq.read_table(parquet / "population.parquet").num_rows
