"""A tiny hand-made care-data dataset builder for engine tests (not the synthetic generator).

Every table of the contract is written, empty when nothing was added, with the contract's types.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

import pyarrow as pa
import pyarrow.parquet as pq

SCHEMAS: dict[str, pa.Schema] = {
    "population": pa.schema(
        [
            ("year", pa.int16()),
            ("person_id", pa.int64()),
            ("sex", pa.string()),
            ("birth_date", pa.date32()),
            ("municipality_code", pa.string()),
            ("listed_unit_id", pa.string()),
            ("named_physician_id", pa.string()),
            ("nursing_home", pa.bool_()),
        ]
    ),
    "units": pa.schema(
        [
            ("unit_id", pa.string()),
            ("name", pa.string()),
            ("kind", pa.string()),
            ("principal", pa.string()),
            ("municipality_code", pa.string()),
        ]
    ),
    "contacts": pa.schema(
        [
            ("contact_id", pa.int64()),
            ("person_id", pa.int64()),
            ("date", pa.date32()),
            ("unit_id", pa.string()),
            ("care_level", pa.string()),
            ("profession", pa.string()),
            ("clinician_id", pa.string()),
            ("mode", pa.string()),
            ("diagnosis", pa.string()),
            ("requested_on", pa.date32()),
        ]
    ),
    "admissions": pa.schema(
        [
            ("admission_id", pa.int64()),
            ("person_id", pa.int64()),
            ("unit_id", pa.string()),
            ("admitted_on", pa.date32()),
            ("discharged_on", pa.date32()),
            ("main_diagnosis", pa.string()),
            ("acute", pa.bool_()),
            ("discharge_ready_on", pa.date32()),
        ]
    ),
    "care_plans": pa.schema(
        [
            ("plan_id", pa.int64()),
            ("person_id", pa.int64()),
            ("created_on", pa.date32()),
            ("municipality_code", pa.string()),
        ]
    ),
    "home_health_care": pa.schema(
        [
            ("person_id", pa.int64()),
            ("municipality_code", pa.string()),
            ("start_on", pa.date32()),
            ("end_on", pa.date32()),
        ]
    ),
}

HOSPITAL, HEALTH_CENTRE, PSYCHIATRY = "H1", "V1", "P1"


@dataclass
class Dataset:
    """Rows per table; ``person`` and friends fill in the contract's other columns."""

    rows: dict[str, list[dict[str, Any]]] = field(
        default_factory=lambda: {table: [] for table in SCHEMAS}
    )

    def __post_init__(self) -> None:
        self.unit(HOSPITAL, "hospital")
        self.unit(HEALTH_CENTRE, "health_centre")
        self.unit(PSYCHIATRY, "psychiatry")

    def unit(self, unit_id: str, kind: str, municipality: str = "2480") -> Dataset:
        row = {"unit_id": unit_id, "name": unit_id, "kind": kind, "principal": "region"}
        self.rows["units"].append({**row, "municipality_code": municipality})
        return self

    def person(
        self,
        person_id: int,
        year: int,
        *,
        born: int,
        sex: str = "K",
        municipality: str = "2480",
        physician: str | None = None,
    ) -> Dataset:
        self.rows["population"].append(
            {
                "year": year,
                "person_id": person_id,
                "sex": sex,
                "birth_date": date(born, 6, 15),
                "municipality_code": municipality,
                "listed_unit_id": HEALTH_CENTRE,
                "named_physician_id": physician,
                "nursing_home": False,
            }
        )
        return self

    def contact(self, person_id: int, on: date, **columns: Any) -> Dataset:
        row = {
            "contact_id": len(self.rows["contacts"]) + 1,
            "person_id": person_id,
            "date": on,
            "unit_id": HEALTH_CENTRE,
            "care_level": "primary",
            "profession": "physician",
            "clinician_id": None,
            "mode": "in_person",
            "diagnosis": None,
            "requested_on": None,
        }
        self.rows["contacts"].append({**row, **columns})
        return self

    def admission(
        self, person_id: int, admitted: date, discharged: date, **columns: Any
    ) -> Dataset:
        row = {
            "admission_id": columns.pop("admission_id", len(self.rows["admissions"]) + 1),
            "person_id": person_id,
            "unit_id": HOSPITAL,
            "admitted_on": admitted,
            "discharged_on": discharged,
            "main_diagnosis": "S720",
            "acute": True,
            "discharge_ready_on": None,
        }
        self.rows["admissions"].append({**row, **columns})
        return self

    def care_plan(self, person_id: int, on: date, municipality: str = "2480") -> Dataset:
        plan_id = len(self.rows["care_plans"]) + 1
        row = {"plan_id": plan_id, "person_id": person_id, "created_on": on}
        self.rows["care_plans"].append({**row, "municipality_code": municipality})
        return self

    def home_health_care(self, person_id: int, start: date, end: date | None) -> Dataset:
        row = {"person_id": person_id, "municipality_code": "2480"}
        self.rows["home_health_care"].append({**row, "start_on": start, "end_on": end})
        return self

    def tables(self) -> dict[str, pa.Table]:
        return {
            name: pa.Table.from_pylist(rows, schema=SCHEMAS[name])
            for name, rows in self.rows.items()
        }

    def write(self, folder: Path, replace: dict[str, pa.Table] | None = None) -> Path:
        """Write one Parquet file per table into ``folder`` (``replace`` overrides tables)."""
        folder.mkdir(parents=True, exist_ok=True)
        tables = {**self.tables(), **(replace or {})}
        for name, table in tables.items():
            pq.write_table(table, folder / f"{name}.parquet")
        return folder
