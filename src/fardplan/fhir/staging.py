"""Staging tables: the mapped rows as read, in bounded batches to Parquet, each with the file and
line it came from (so that a reference found missing later can still be reported by line)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pyarrow as pa
import pyarrow.parquet as pq

_S, _I, _D, _B = pa.string(), pa.int64(), pa.date32(), pa.bool_()

SCHEMAS: dict[str, list[tuple[str, pa.DataType]]] = {
    "patients": [("resource_id", _S), ("person_id", _I), ("sex", _S), ("birth_date", _D)],
    "residences": [
        ("resource_id", _S),
        ("person_id", _I),
        ("year", _I),
        ("municipality_code", _S),
        ("nursing_home", _B),
        ("listed_ref", _S),
        ("physician_ref", _S),
    ],
    "organizations": [
        ("unit_id", _S),
        ("name", _S),
        ("kind", _S),
        ("principal", _S),
        ("municipality_code", _S),
    ],
    "practitioners": [("resource_id", _S)],
    "conditions": [("resource_id", _S), ("code", _S)],
    "contacts": [
        ("contact_id", _I),
        ("patient_ref", _S),
        ("date", _D),
        ("unit_ref", _S),
        ("care_level", _S),
        ("profession", _S),
        ("clinician_ref", _S),
        ("mode", _S),
        ("condition_ref", _S),
        ("requested_on", _D),
    ],
    "admissions": [
        ("admission_id", _I),
        ("patient_ref", _S),
        ("unit_ref", _S),
        ("admitted_on", _D),
        ("discharged_on", _D),
        ("condition_ref", _S),
        ("acute", _B),
        ("discharge_ready_on", _D),
    ],
    "care_plans": [
        ("plan_id", _I),
        ("patient_ref", _S),
        ("created_on", _D),
        ("municipality_code", _S),
    ],
    "episodes": [
        ("patient_ref", _S),
        ("municipality_code", _S),
        ("start_on", _D),
        ("end_on", _D),
    ],
}
ORIGIN = [("_file", pa.string()), ("_line", pa.int64())]


class Staging:
    """Buffers rows per staging table and writes a row group every :attr:`BATCH` rows."""

    BATCH = 50_000

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self._schemas = {
            name: pa.schema([pa.field(n, t) for n, t in columns + ORIGIN])
            for name, columns in SCHEMAS.items()
        }
        self._rows: dict[str, list[tuple[Any, ...]]] = {name: [] for name in SCHEMAS}
        self._writers = {
            name: pq.ParquetWriter(folder / f"{name}.parquet", schema, compression="zstd")
            for name, schema in self._schemas.items()
        }

    def path(self, name: str) -> Path:
        return self.folder / f"{name}.parquet"

    def add(self, name: str, row: tuple[Any, ...], file: str, line: int) -> None:
        rows = self._rows[name]
        rows.append((*row, file, line))
        if len(rows) >= self.BATCH:
            self._flush(name)

    def _flush(self, name: str) -> None:
        rows = self._rows[name]
        if rows:
            columns = list(zip(*rows, strict=True))
            schema = self._schemas[name]
            arrays = [pa.array(c, type=f.type) for c, f in zip(columns, schema, strict=True)]
            self._writers[name].write_table(pa.Table.from_arrays(arrays, schema=schema))
        self._rows[name] = []

    def close(self) -> None:
        for name, writer in self._writers.items():
            self._flush(name)
            writer.close()
