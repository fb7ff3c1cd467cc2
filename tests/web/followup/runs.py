"""Stored runs for the follow-up tests: one written by hand (exact cells and flags) and one
computed by the engine from a small dataset of Luleå and Piteå with many small cells."""

from __future__ import annotations

from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

import pyarrow as pa

from fardplan.engine import Run, compute
from fardplan.engine.validation import DataQualityReport
from tests.engine.builder import Dataset

LULEA, PITEA, REGION = "2580", "2581", "0025"
COLUMNS = {
    "indicator_id": pa.string(),
    "period": pa.string(),
    "area_code": pa.string(),
    "sex": pa.string(),
    "age_group": pa.string(),
    "numerator": pa.float64(),
    "denominator": pa.int64(),
    "value": pa.float64(),
    "suppressed": pa.bool_(),
}


def hand_run(cells: list[tuple[Any, ...]], run_id: str = "hand") -> Run:
    """Return a run of exactly ``cells``: (indicator, period, area, sex, age, numerator,
    denominator, value, suppressed) each."""
    columns = list(zip(*cells, strict=True))
    table = pa.table(
        {
            name: pa.array(col, kind)
            for (name, kind), col in zip(COLUMNS.items(), columns, strict=True)
        }
    )
    moment = datetime(2026, 1, 15, 12, 0, tzinfo=UTC)
    return Run(
        run_id, table, DataQualityReport(), "fingerprint", "2026.1", "duckdb", moment, moment
    )


def small_dataset() -> Dataset:
    """Luleå: 120 inhabitants 20+ with 3–9 avoidable admissions a month in 2024 (some months'
    K or M cells fall under 5); Piteå: 12 inhabitants with one admission every other month."""
    d = Dataset()
    for person in range(1, 121):
        d.person(person, 2024, born=1940 + person % 50, sex="KM"[person % 2], municipality=LULEA)
    for person in range(201, 213):
        d.person(person, 2024, born=1950, sex="KM"[person % 2], municipality=PITEA)
    for month in range(1, 13):
        for k in range(3 + month % 7):
            person = 1 + (month * 7 + k) % 120
            day = date(2024, month, 1 + k)
            d.admission(person, day, day, main_diagnosis="I509")
        if month % 2:
            d.admission(
                201 + month % 12,
                date(2024, month, 10),
                date(2024, month, 12),
                main_diagnosis="J441",
            )
    return d


def computed_run(folder: Path) -> Run:
    return compute(small_dataset().write(folder), indicator_ids=["avoidable_admissions"])
