"""FHIR R4 bulk-data export: the same dataset as NDJSON, one file per resource type.

The Parquet tables are written first (into a scratch folder); DuckDB then builds each resource's
JSON text in SQL, column at a time, and the text is written batch by batch straight from Arrow's
buffers, with no Python object per row (the row-by-row export it replaces made about 30 000
resources a second; ``benchmarks/fhir.py``). DuckDB spills to the scratch folder, so a county's
year never has to fit in memory.

Everything in the contract travels, so ``fardplan fhir import`` gives the same dataset back
(docs/fhir.md lists each column's place). Pseudonyms are identifiers under project systems
(:data:`BASE`); no resource carries a name of a person. Validated against ``fhir.resources.R4B``
in the tests.
"""

from __future__ import annotations

import json
import shutil
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any, BinaryIO

import numpy as np
import pyarrow as pa

from fardplan.synth.municipality import Run

BASE = "https://fardplan.se/fhir"
ICD10SE = f"{BASE}/CodeSystem/icd-10-se"  # project URI: HL7 registers no ICD-10-SE system URI
ACT_CODE = "http://terminology.hl7.org/CodeSystem/v3-ActCode"
PRIORITY = "http://terminology.hl7.org/CodeSystem/v3-ActPriority"
CONDITION_CATEGORY = "http://terminology.hl7.org/CodeSystem/condition-category"
RESOURCES = (
    "Patient",
    "Organization",
    "Practitioner",
    "Encounter",
    "Condition",
    "CarePlan",
    "EpisodeOfCare",
)
STEPS = (
    "population",
    "units",
    "clinicians",
    "contacts",
    "admissions",
    "care plans",
    "home health care",
)
BATCH_ROWS = 100_000
MEMORY_LIMIT = "512MB"  # DuckDB spills beyond it (the population's grouping by person)
Row = dict[str, Any]


def _system(name: str) -> str:
    return f"{BASE}/CodeSystem/{name}"


def _sid(name: str) -> str:
    return f"{BASE}/sid/{name}"


def _url(name: str) -> str:
    return f"{BASE}/StructureDefinition/{name}"


# SQL fragments. A resource is one concat() of parts, so its line is allocated once (chained
# `||` copied the line at every step: twice the time). A part is a JSON constant (:class:`Lit`,
# pasted into an SQL literal) or an SQL expression; values from the data are escaped by
# DuckDB's to_json. An optional element is '' when its column is null (:func:`_optional`).
class Lit(str):
    """JSON text that is the same in every line."""


Parts = list[str]


def _lit(text: str) -> str:
    return "'" + text.replace("'", "''") + "'"


def _sql(parts: Parts) -> str:
    """Return the SQL expression concatenating ``parts`` (adjacent constants merged)."""
    merged: list[str] = []
    constant = ""
    for part in parts:
        if isinstance(part, Lit):
            constant += part
            continue
        if constant:
            merged.append(_lit(constant))
            constant = ""
        merged.append(part)
    if constant:
        merged.append(_lit(constant))
    return merged[0] if len(merged) == 1 else "concat(" + ", ".join(merged) + ")"


def _coding(system: str, code_sql: str) -> Parts:
    return [
        Lit(f'{{"coding":[{{"system":"{_system(system)}","code":'),
        f"to_json({code_sql})",
        Lit("}]}"),
    ]


def _ref(kind: str, ident_sql: str) -> Parts:
    return [Lit('{"reference":'), f"to_json(concat('{kind}/', {ident_sql}))", Lit("}")]


def _day(date_sql: str) -> Parts:
    return [Lit('"'), f"CAST({date_sql} AS VARCHAR)", Lit('"')]


def _number(value_sql: str) -> str:
    return f"CAST({value_sql} AS VARCHAR)"


def _ident(system: str, value_sql: str) -> Parts:
    return [Lit(f'[{{"system":"{_sid(system)}","value":"'), _number(value_sql), Lit('"}]')]


def _ext(name: str, key: str, value: Parts) -> Parts:
    return [Lit(f'{{"url":"{_url(name)}","{key}":'), *value, Lit("}")]


def _optional(column_sql: str, parts: Parts) -> Parts:
    return [f"CASE WHEN {column_sql} IS NULL THEN '' ELSE {_sql(parts)} END"]


def _date_extension(name: str, column: str) -> Parts:
    """An ``extension`` list of one date, written only when ``column`` holds one."""
    extension = [Lit(',"extension":['), *_ext(name, "valueDate", _day(column)), Lit("]")]
    return _optional(column, extension)


def _line(parts: Parts) -> str:
    """Return SQL making one NDJSON line of ``parts``."""
    return _sql([*parts, Lit("\n")])


def _population_sql(path: str) -> str:
    """One Patient per person; a ``residence`` extension per population year carries the
    year's municipality, nursing home, listing and named physician (the contract's rows)."""
    residence = [
        Lit(f'{{"url":"{_url("residence")}","extension":[{{"url":"year","valueInteger":'),
        _number("year"),
        Lit('},{"url":"municipality","valueCode":'),
        "to_json(municipality_code)",
        Lit('},{"url":"nursing-home","valueBoolean":'),
        _number("nursing_home"),
        Lit("}"),
        *_optional(
            "listed_unit_id",
            [
                Lit(',{"url":"listed-unit","valueReference":'),
                *_ref("Organization", "listed_unit_id"),
                Lit("}"),
            ],
        ),
        *_optional(
            "named_physician_id",
            [
                Lit(',{"url":"named-physician","valueReference":'),
                *_ref("Practitioner", "named_physician_id"),
                Lit("}"),
            ],
        ),
        Lit("]}"),
    ]
    listed = _optional("listed_unit_id", _ref("Organization", "listed_unit_id"))[0]
    named = _optional("named_physician_id", _ref("Practitioner", "named_physician_id"))[0]
    gp = f"""CASE WHEN listed_unit_id IS NULL AND named_physician_id IS NULL THEN ''
        ELSE concat(',"generalPractitioner":[',
            concat_ws(',', nullif({listed}, ''), nullif({named}, '')), ']') END"""
    line = _line(
        [
            Lit('{"resourceType":"Patient","id":"'),
            _number("person_id"),
            Lit('","identifier":'),
            *_ident("person-pseudonym", "person_id"),
            Lit(',"gender":'),
            "CASE sex WHEN 'K' THEN '\"female\"' ELSE '\"male\"' END",
            Lit(',"birthDate":'),
            *_day("birth_date"),
            Lit(',"extension":['),
            "residences",
            Lit("]"),
            "gp",
            Lit("}"),
        ]
    )
    return f"""
        WITH years AS (
            SELECT person_id, year, sex, birth_date, {_sql(residence)} AS residence, {gp} AS gp
            FROM read_parquet({_lit(path)})
        ), persons AS (
            SELECT person_id, arg_max(sex, year) AS sex, arg_max(birth_date, year) AS birth_date,
                string_agg(residence, ',' ORDER BY year) AS residences,
                arg_max(gp, year) AS gp
            FROM years GROUP BY person_id
        )
        SELECT {line} FROM persons ORDER BY person_id"""


def _units_sql(path: str) -> str:
    line = _line(
        [
            Lit('{"resourceType":"Organization","id":'),
            "to_json(unit_id)",
            Lit(',"identifier":[{"system":"' + _sid("unit-id") + '","value":'),
            "to_json(unit_id)",
            Lit('}],"active":true,"name":'),
            "to_json(name)",
            Lit(',"type":['),
            *_coding("unit-kind", "kind"),
            Lit('],"extension":['),
            *_ext("principal", "valueCode", ["to_json(principal)"]),
            Lit(","),
            *_ext("municipality-code", "valueCode", ["to_json(municipality_code)"]),
            Lit("]}"),
        ]
    )
    return f"SELECT {line} FROM read_parquet({_lit(path)})"


def _condition_sql(path: str, prefix: str, key: str, diagnosis: str) -> str:
    ident = f"concat('{prefix}', {key})"
    line = _line(
        [
            Lit('{"resourceType":"Condition","id":"'),
            ident,
            Lit(
                f'","category":[{{"coding":[{{"system":"{CONDITION_CATEGORY}",'
                f'"code":"encounter-diagnosis"}}]}}],"code":{{"coding":[{{"system":"{ICD10SE}",'
                '"code":'
            ),
            f"to_json({diagnosis})",
            Lit('}]},"subject":'),
            *_ref("Patient", "person_id"),
            Lit(',"encounter":'),
            *_ref("Encounter", ident),
            Lit("}"),
        ]
    )
    return f"SELECT {line} FROM read_parquet({_lit(path)}) WHERE {diagnosis} IS NOT NULL"


def _diagnosis(prefix: str, key: str, diagnosis: str) -> Parts:
    return _optional(
        diagnosis,
        [
            Lit(f',"diagnosis":[{{"condition":{{"reference":"Condition/{prefix}'),
            _number(key),
            Lit('"},"rank":1}]'),
        ],
    )


def _contacts_sql(path: str) -> str:
    klass = """CASE WHEN care_level = 'emergency' THEN 'EMER' ELSE CASE mode
        WHEN 'in_person' THEN 'AMB' WHEN 'home_visit' THEN 'HH' ELSE 'VR' END END"""
    line = _line(
        [
            Lit('{"resourceType":"Encounter","id":"c'),
            _number("contact_id"),
            Lit('","identifier":'),
            *_ident("contact-id", "contact_id"),
            Lit(f',"status":"finished","class":{{"system":"{ACT_CODE}","code":"'),
            klass,
            Lit('"},"type":['),
            *_coding("care-level", "care_level"),
            Lit(","),
            *_coding("contact-mode", "mode"),
            Lit('],"subject":'),
            *_ref("Patient", "person_id"),
            Lit(',"participant":[{"type":['),
            *_coding("profession", "profession"),
            Lit("]"),
            *_optional(
                "clinician_id",
                [Lit(',"individual":'), *_ref("Practitioner", "clinician_id")],
            ),
            Lit('}],"period":{"start":'),
            *_day("date"),
            Lit(',"end":'),
            *_day("date"),
            Lit('},"serviceProvider":'),
            *_ref("Organization", "unit_id"),
            *_date_extension("requested-on", "requested_on"),
            *_diagnosis("c", "contact_id", "diagnosis"),
            Lit("}"),
        ]
    )
    return f"SELECT {line} FROM read_parquet({_lit(path)})"


def _admissions_sql(path: str) -> str:
    line = _line(
        [
            Lit('{"resourceType":"Encounter","id":"a'),
            _number("admission_id"),
            Lit('","identifier":'),
            *_ident("admission-id", "admission_id"),
            Lit(
                f',"status":"finished","class":{{"system":"{ACT_CODE}","code":"IMP"}},'
                f'"priority":{{"coding":[{{"system":"{PRIORITY}","code":"'
            ),
            "CASE WHEN acute THEN 'EM' ELSE 'EL' END",
            Lit('"}]},"subject":'),
            *_ref("Patient", "person_id"),
            Lit(',"period":{"start":'),
            *_day("admitted_on"),
            Lit(',"end":'),
            *_day("discharged_on"),
            Lit('},"serviceProvider":'),
            *_ref("Organization", "unit_id"),
            *_date_extension("discharge-ready-on", "discharge_ready_on"),
            *_diagnosis("a", "admission_id", "main_diagnosis"),
            Lit("}"),
        ]
    )
    return f"SELECT {line} FROM read_parquet({_lit(path)})"


def _care_plans_sql(path: str) -> str:
    line = _line(
        [
            Lit('{"resourceType":"CarePlan","id":"p'),
            _number("plan_id"),
            Lit('","identifier":'),
            *_ident("care-plan-id", "plan_id"),
            Lit(',"status":"active","intent":"plan","category":['),
            *_coding("care-plan-kind", "'sip'"),
            Lit('],"subject":'),
            *_ref("Patient", "person_id"),
            Lit(',"created":'),
            *_day("created_on"),
            Lit(',"extension":['),
            *_ext("municipality-code", "valueCode", ["to_json(municipality_code)"]),
            Lit("]}"),
        ]
    )
    return f"SELECT {line} FROM read_parquet({_lit(path)})"


def _episodes_sql(path: str) -> str:
    # The file's own row number makes the serial: the same bytes on every run.
    line = _line(
        [
            Lit('{"resourceType":"EpisodeOfCare","id":"h'),
            _number("file_row_number + 1"),
            Lit('","status":'),
            """CASE WHEN end_on IS NULL THEN '"active"' ELSE '"finished"' END""",
            Lit(',"type":['),
            *_coding("episode-kind", "'home-health-care'"),
            Lit('],"patient":'),
            *_ref("Patient", "person_id"),
            Lit(',"managingOrganization":'),
            *_ref("Organization", "concat(municipality_code, '-KOM')"),
            Lit(',"period":{"start":'),
            *_day("start_on"),
            *_optional("end_on", [Lit(',"end":'), *_day("end_on")]),
            Lit('},"extension":['),
            *_ext("municipality-code", "valueCode", ["to_json(municipality_code)"]),
            Lit("]}"),
        ]
    )
    return (
        f"SELECT {line} FROM read_parquet({_lit(path)}, file_row_number = true) "
        "ORDER BY file_row_number"
    )


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
                    "identifier": [{"system": _sid("clinician-pseudonym"), "value": clinician}],
                    "active": True,
                    "qualification": [
                        {
                            "code": {
                                "coding": [{"system": _system("profession"), "code": profession}]
                            }
                        }
                    ],
                    "extension": [
                        {"url": _url("unit-id"), "valueString": catalogue.unit_ids[unit]}
                    ],
                }


def _write_text(handle: BinaryIO, column: pa.Array) -> int:
    """Write a column of newline-terminated lines as they lie in Arrow's data buffer."""
    lines = column.cast(pa.large_string()) if column.type != pa.large_string() else column
    if lines.null_count:
        raise ValueError("a resource's JSON text came out null")  # a bug in the SQL above
    offsets = np.frombuffer(lines.buffers()[1], dtype=np.int64)
    first, last = int(offsets[lines.offset]), int(offsets[lines.offset + len(lines)])
    handle.write(memoryview(lines.buffers()[2])[first:last])
    return len(lines)


def _copy(connection: Any, sql: str, handle: BinaryIO) -> int:
    written = 0
    for batch in connection.sql(sql).to_arrow_reader(BATCH_ROWS):
        written += _write_text(handle, batch.column(0))
    return written


def write_fhir(
    folder: Path,
    run: Run,
    codes: list[tuple[str, str]],
    progress: Callable[[str, int, int], None] | None,
) -> dict[str, int]:
    """Write ``<Resource>.ndjson`` files into ``folder``; return resources per type."""
    import duckdb

    from fardplan.synth.generate import write_parquet

    scratch = folder / "_parquet"
    scratch.mkdir()
    write_parquet(scratch, run, codes, progress)
    counts = dict.fromkeys(RESOURCES, 0)
    connection = duckdb.connect()
    connection.execute(f"SET temp_directory = {_lit(str(scratch / 'spill'))}")
    connection.execute(f"SET memory_limit = '{MEMORY_LIMIT}'")
    connection.execute("SET enable_progress_bar = false")
    handles = {name: (folder / f"{name}.ndjson").open("wb") for name in RESOURCES}

    def table(name: str) -> str:
        return str(scratch / f"{name}.parquet")

    steps: list[tuple[str, str, str | None]] = [
        ("Patient", STEPS[0], _population_sql(table("population"))),
        ("Organization", STEPS[1], _units_sql(table("units"))),
        ("Practitioner", STEPS[2], None),
        ("Encounter", STEPS[3], _contacts_sql(table("contacts"))),
        ("Condition", STEPS[3], _condition_sql(table("contacts"), "c", "contact_id", "diagnosis")),
        ("Encounter", STEPS[4], _admissions_sql(table("admissions"))),
        (
            "Condition",
            STEPS[4],
            _condition_sql(table("admissions"), "a", "admission_id", "main_diagnosis"),
        ),
        ("CarePlan", STEPS[5], _care_plans_sql(table("care_plans"))),
        ("EpisodeOfCare", STEPS[6], _episodes_sql(table("home_health_care"))),
    ]
    try:
        for resource, step, sql in steps:
            if progress:
                progress(f"FHIR {step}", STEPS.index(step), len(STEPS))
            if sql is not None:
                counts[resource] += _copy(connection, sql, handles[resource])
                continue
            for practitioner in _practitioners(run):
                text = json.dumps(practitioner, ensure_ascii=False, separators=(",", ":"))
                handles[resource].write(text.encode() + b"\n")
                counts[resource] += 1
    finally:
        connection.close()
        for handle in handles.values():
            handle.close()
    shutil.rmtree(scratch)
    return counts
