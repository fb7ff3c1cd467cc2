"""FHIR R4 MeasureReport export: a Bundle with one summary report per period.

Each report has one group per indicator; its stratifier "area-sex-age" has one stratum per cell,
with components for area (Kolada code), sex (T/K/M) and age group, the numerator and
denominator as populations and the value as measure score. A suppressed stratum carries the
``suppressed`` extension and neither the hidden counts nor the score.
"""

from __future__ import annotations

import calendar
import json
import uuid
from collections import defaultdict
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pyarrow as pa

from fardplan.catalogue import Catalogue

BASE = "https://fardplan.se/fhir"
POPULATION_SYSTEM = "http://terminology.hl7.org/CodeSystem/measure-population"
SUPPRESSED_EXTENSION = f"{BASE}/StructureDefinition/suppressed"
DIMENSIONS = (("area", "area_code"), ("sex", "sex"), ("age-group", "age_group"))


def _concept(code: str, system: str | None = None, display: str | None = None) -> dict[str, Any]:
    coding: dict[str, Any] = {"code": code}
    if system:
        coding["system"] = system
    if display:
        coding["display"] = display
    return {"coding": [coding], "text": display or code}


def _populations(numerator: Any, denominator: Any) -> list[dict[str, Any]]:
    populations = []
    for code, count in (("numerator", numerator), ("denominator", denominator)):
        population: dict[str, Any] = {"code": _concept(code, POPULATION_SYSTEM)}
        if count is not None:
            # FHIR counts are integers; a COC numerator (a sum of indices) is rounded here
            # and its exact mean is the measure score.
            population["count"] = round(count)
        populations.append(population)
    return populations


def _stratum(row: dict[str, Any]) -> dict[str, Any]:
    stratum: dict[str, Any] = {
        "component": [
            {"code": _concept(name), "value": _concept(str(row[column]))}
            for name, column in DIMENSIONS
        ],
        "population": _populations(row["numerator"], row["denominator"]),
    }
    if row["value"] is not None:
        stratum["measureScore"] = {"value": row["value"]}
    if row["suppressed"]:
        stratum["extension"] = [{"url": SUPPRESSED_EXTENSION, "valueBoolean": True}]
    return stratum


def _period(label: str) -> dict[str, str]:
    year = int(label[:4])
    if len(label) == 4:
        return {"start": f"{year}-01-01", "end": f"{year}-12-31"}
    month = int(label[5:7])
    last = calendar.monthrange(year, month)[1]
    return {"start": f"{label}-01", "end": f"{label}-{last:02d}"}


def measure_reports(table: pa.Table, catalogue: Catalogue) -> dict[str, Any]:
    """Return a FHIR R4 Bundle (collection) of summary MeasureReports, one per period."""
    names = {i.id: i.name.sv for i in catalogue.indicators}
    cells: dict[str, dict[str, list[dict[str, Any]]]] = defaultdict(lambda: defaultdict(list))
    for row in table.to_pylist():
        cells[row["period"]][row["indicator_id"]].append(row)
    now = datetime.now(UTC).isoformat(timespec="seconds")
    entries = []
    for period in sorted(cells):
        groups = [
            {
                "code": _concept(indicator, f"{BASE}/CodeSystem/indicator", names.get(indicator)),
                "stratifier": [
                    {
                        "code": [_concept("area-sex-age")],
                        "stratum": [_stratum(row) for row in rows],
                    }
                ],
            }
            for indicator, rows in sorted(cells[period].items())
        ]
        report = {
            "resourceType": "MeasureReport",
            "id": f"fardplan-{period}",
            "status": "complete",
            "type": "summary",
            "measure": f"{BASE}/Measure/catalogue|{catalogue.version}",
            "date": now,
            "period": _period(period),
            "group": groups,
        }
        identifier = uuid.uuid5(uuid.NAMESPACE_URL, f"{BASE}/MeasureReport/{period}")
        entries.append({"fullUrl": f"urn:uuid:{identifier}", "resource": report})
    return {"resourceType": "Bundle", "type": "collection", "timestamp": now, "entry": entries}


def write_measure_report(table: pa.Table, out: Path, catalogue: Catalogue) -> None:
    document = measure_reports(table, catalogue)
    out.write_text(json.dumps(document, ensure_ascii=False), encoding="utf-8")
