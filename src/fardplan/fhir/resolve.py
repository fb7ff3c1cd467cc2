"""Second pass: resolve references between the staging tables and write the contract's tables.

DuckDB joins the staging Parquet files in a database file beside them, so a county's year is
resolved on disk rather than in memory. A row whose reference points at no resource (or at one
that could not be mapped itself), a resource id seen twice, or a contract key seen twice is left
out and reported with the file and line it came from; the first occurrence of a duplicate wins.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from fardplan.contract import TABLES, arrow_schema
from fardplan.fhir.report import EXAMPLES, Example, Report

MEMORY_LIMIT = "512MB"  # DuckDB spills to the staging folder beyond it
_DUCK_TYPES = {"int64": "BIGINT", "int16": "SMALLINT", "string": "VARCHAR", "date32[day]": "DATE"}


@dataclass(frozen=True)
class Check:
    """A reason to leave a row out: ``condition`` (SQL) makes it so; ``detail`` says which."""

    condition: str
    reason: str
    detail: str


def _lit(text: str) -> str:
    return "'" + text.replace("'", "''") + "'"


def _missing(column: str, kind: str, where: str) -> Check:
    """A reference in ``column`` to a ``kind`` that was not found (NULL after the join)."""
    shown = f"'{where}: {kind}'" if kind == "Patient" else f"'{where}: {kind}/' || {column}"
    return Check(f"{column}_found IS NULL AND {column} IS NOT NULL", "missing reference", shown)


def _unique(connection: Any, report: Report, resource: str, table: str, key: str) -> None:
    """Make ``u_<table>``: the staging rows with the first of each resource id."""
    connection.execute(
        f"""CREATE TABLE u_{table} AS SELECT * EXCLUDE (copy) FROM (
            SELECT *, row_number() OVER (PARTITION BY {key} ORDER BY _file, _line) AS copy
            FROM s_{table}) WHERE copy = 1"""
    )
    detail = "''" if resource == "Patient" else f"'id ' || {key}"
    _report_rows(
        connection,
        report,
        resource,
        f"""SELECT 'duplicate id' AS _reason, {detail} AS _detail, _file, _line FROM (
            SELECT *, row_number() OVER (PARTITION BY {key} ORDER BY _file, _line) AS copy
            FROM s_{table}) WHERE copy > 1""",
    )


def _report_rows(connection: Any, report: Report, resource: str, failed_sql: str) -> None:
    """Add rows of ``failed_sql`` (``_reason``, ``_detail``, ``_file``, ``_line``) to the report:
    the count per reason and its first examples, without fetching them all."""
    rows = connection.execute(
        f"""SELECT _reason, _detail, _file, _line, n FROM (
            SELECT *, row_number() OVER (PARTITION BY _reason ORDER BY _file, _line) AS rank,
                count(*) OVER (PARTITION BY _reason) AS n
            FROM ({failed_sql})) WHERE rank <= {EXAMPLES} ORDER BY _reason, rank"""
    ).fetchall()
    grouped: dict[str, tuple[int, list[Example]]] = {}
    for reason, detail, file, line, count in rows:
        grouped.setdefault(reason, (count, []))[1].append(Example(file, line, detail or ""))
    for reason, (count, examples) in grouped.items():
        report.add_many(resource, reason, count, examples)


def _finish(
    connection: Any,
    report: Report,
    out: Path,
    table: str,
    resource: str,
    source_sql: str,
    checks: list[Check],
) -> None:
    """Leave out the rows of ``source_sql`` that fail a check or repeat a key; write the rest
    as ``out/<table>.parquet`` with the contract's exact types."""
    reason = " ".join(f"WHEN {c.condition} THEN '{c.reason}'" for c in checks)
    detail = " ".join(f"WHEN {c.condition} THEN {c.detail}" for c in checks)
    reason, detail = (f"CASE {reason} END", f"CASE {detail} END") if checks else ("NULL", "NULL")
    key = ", ".join(f"r.{k}" for k in _keys(table))
    duplicate = (
        f"""CASE WHEN _reason IS NULL AND row_number() OVER (
            PARTITION BY _reason IS NULL, {key} ORDER BY _file, _line) > 1"""
        if key
        else "CASE WHEN false"
    )
    connection.execute(
        f"""CREATE TABLE f_{table} AS SELECT r.* EXCLUDE (_reason, _detail),
            {duplicate} THEN 'duplicate key' ELSE _reason END AS _reason,
            {duplicate} THEN 'key ' || concat_ws(' ', {_key_detail(table)}) ELSE _detail END
                AS _detail
        FROM (SELECT *, {reason} AS _reason, {detail} AS _detail FROM ({source_sql})) AS r"""
    )
    _report_rows(
        connection,
        report,
        resource,
        f"SELECT _reason, _detail, _file, _line FROM f_{table} WHERE _reason IS NOT NULL",
    )
    columns = ", ".join(
        f"CAST({f.name} AS {_DUCK_TYPES.get(str(f.type), 'BOOLEAN')}) AS {f.name}"
        for f in arrow_schema(table)
    )
    target = _lit(str(out / f"{table}.parquet"))
    connection.execute(
        f"""COPY (SELECT {columns} FROM f_{table} WHERE _reason IS NULL ORDER BY _file, _line)
            TO {target} (FORMAT parquet, COMPRESSION zstd)"""
    )
    count = connection.execute(f"SELECT count(*) FROM f_{table} WHERE _reason IS NULL").fetchone()
    report.mapped[table] = int(count[0]) if count else 0
    connection.execute(f"DROP TABLE f_{table}")


def _keys(table: str) -> tuple[str, ...]:
    from fardplan.contract import KEYS

    return KEYS.get(table, ())


def _key_detail(table: str) -> str:
    # A person's pseudonym is not shown; the year and the event ids are.
    shown = [f"CAST(r.{k} AS VARCHAR)" for k in _keys(table) if k != "person_id"]
    return ", ".join(shown) or "'(person)'"


def resolve(staging: Path, out: Path, report: Report) -> None:
    """Write the six contract tables into ``out`` from the staging files in ``staging``."""
    import duckdb

    connection = duckdb.connect(str(staging / "resolve.duckdb"))
    try:
        connection.execute(f"SET temp_directory = {_lit(str(staging / 'spill'))}")
        connection.execute("SET preserve_insertion_order = false")
        connection.execute(f"SET memory_limit = '{MEMORY_LIMIT}'")
        connection.execute("SET enable_progress_bar = false")
        for path in sorted(staging.glob("*.parquet")):
            connection.execute(
                f"CREATE VIEW s_{path.stem} AS SELECT * FROM read_parquet({_lit(str(path))})"
            )
        _unique(connection, report, "Patient", "patients", "resource_id")
        _unique(connection, report, "Organization", "organizations", "unit_id")
        _unique(connection, report, "Practitioner", "practitioners", "resource_id")
        _unique(connection, report, "Condition", "conditions", "resource_id")
        _unreferenced_conditions(connection, report)
        for table, resource, sql, checks in _tables():
            _finish(connection, report, out, table, resource, sql, checks)
    finally:
        connection.close()
    assert set(report.mapped) == set(TABLES), report.mapped


def _unreferenced_conditions(connection: Any, report: Report) -> None:
    _report_rows(
        connection,
        report,
        "Condition",
        """SELECT 'not referenced by an Encounter' AS _reason, 'id ' || resource_id AS _detail,
            _file, _line FROM u_conditions WHERE resource_id NOT IN (
            SELECT condition_ref FROM s_contacts WHERE condition_ref IS NOT NULL
            UNION ALL SELECT condition_ref FROM s_admissions WHERE condition_ref IS NOT NULL)""",
    )


_PERSON = "LEFT JOIN (SELECT resource_id AS patient_ref_found, person_id FROM u_patients) p "
_PERSON += "ON p.patient_ref_found = e.patient_ref"
_UNIT = "LEFT JOIN (SELECT unit_id AS unit_ref_found FROM u_organizations) o "
_UNIT += "ON o.unit_ref_found = e.unit_ref"


def _tables() -> list[tuple[str, str, str, list[Check]]]:
    """(contract table, resource type, SQL of its rows with ``*_found`` join columns, checks)."""
    patient = _missing("patient_ref", "Patient", "subject")
    unit = _missing("unit_ref", "Organization", "serviceProvider")
    condition = _missing("condition_ref", "Condition", "diagnosis")
    return [
        (
            "population",
            "Patient",
            """SELECT e.year, e.person_id, p.sex, p.birth_date, e.municipality_code,
                e.listed_ref AS listed_unit_id, e.physician_ref AS named_physician_id,
                e.nursing_home, e._file, e._line, o.listed_ref_found, d.physician_ref_found
            FROM s_residences e
            JOIN u_patients p ON p._file = e._file AND p._line = e._line
            LEFT JOIN (SELECT unit_id AS listed_ref_found FROM u_organizations) o
                ON o.listed_ref_found = e.listed_ref
            LEFT JOIN (SELECT resource_id AS physician_ref_found FROM u_practitioners) d
                ON d.physician_ref_found = e.physician_ref""",
            [
                Check(
                    "listed_ref_found IS NULL AND listed_unit_id IS NOT NULL",
                    "missing reference",
                    "'residence.listed-unit: Organization/' || listed_unit_id",
                ),
                Check(
                    "physician_ref_found IS NULL AND named_physician_id IS NOT NULL",
                    "missing reference",
                    "'residence.named-physician: Practitioner/' || named_physician_id",
                ),
            ],
        ),
        (
            "units",
            "Organization",
            "SELECT * FROM u_organizations",
            [],
        ),
        (
            "contacts",
            "Encounter",
            f"""SELECT e.contact_id, p.person_id, e.date, e.unit_ref AS unit_id, e.care_level,
                e.profession, e.clinician_ref AS clinician_id, e.mode, c.code AS diagnosis,
                e.requested_on, e._file, e._line, e.patient_ref, e.unit_ref, e.clinician_ref,
                e.condition_ref, p.patient_ref_found, o.unit_ref_found, d.clinician_ref_found,
                c.condition_ref_found
            FROM s_contacts e {_PERSON} {_UNIT}
            LEFT JOIN (SELECT resource_id AS clinician_ref_found FROM u_practitioners) d
                ON d.clinician_ref_found = e.clinician_ref
            LEFT JOIN (SELECT resource_id AS condition_ref_found, code FROM u_conditions) c
                ON c.condition_ref_found = e.condition_ref""",
            [
                patient,
                unit,
                _missing("clinician_ref", "Practitioner", "participant.individual"),
                condition,
            ],
        ),
        (
            "admissions",
            "Encounter",
            f"""SELECT e.admission_id, p.person_id, e.unit_ref AS unit_id, e.admitted_on,
                e.discharged_on, c.code AS main_diagnosis, e.acute, e.discharge_ready_on,
                e._file, e._line, e.patient_ref, e.unit_ref, e.condition_ref,
                p.patient_ref_found, o.unit_ref_found, c.condition_ref_found
            FROM s_admissions e {_PERSON} {_UNIT}
            LEFT JOIN (SELECT resource_id AS condition_ref_found, code FROM u_conditions) c
                ON c.condition_ref_found = e.condition_ref""",
            [patient, unit, condition],
        ),
        (
            "care_plans",
            "CarePlan",
            f"""SELECT e.plan_id, p.person_id, e.created_on, e.municipality_code, e._file,
                e._line, e.patient_ref, p.patient_ref_found
            FROM s_care_plans e {_PERSON}""",
            [patient],
        ),
        (
            "home_health_care",
            "EpisodeOfCare",
            f"""SELECT p.person_id, e.municipality_code, e.start_on, e.end_on, e._file, e._line,
                e.patient_ref, p.patient_ref_found
            FROM s_episodes e {_PERSON}""",
            [_missing("patient_ref", "Patient", "patient")],
        ),
    ]
