"""Write ``kolada-demo.json``: Kolada-shaped answers for the demo counties, ILLUSTRATIVE values.

The demo has no internet: ``fardplan demo`` serves this recording on loopback and fetches it
with the real client. The values are invented around plausible national levels (seeded, so
the file is the same on every run); they are not Kolada's figures. The shapes are Kolada's
(API version 2): a KPI's metadata, and per KPI, area and year a ``values`` list by gender
with ``value``, ``count`` and ``status``; a value withheld is null with status ``..``.
A year Kolada has not published yet is absent (the pages show it as not yet published).

    python -m fardplan.sources.recordings.generate
"""

from __future__ import annotations

import json
import random
from pathlib import Path
from typing import Any

from fardplan.reference.sweden import municipalities

COUNTIES = ("22", "24", "25")  # the demo's counties
YEARS = range(2019, 2026)
OUT = Path(__file__).with_name("kolada-demo.json")

# id, title, municipality type, published through year, level, spread, publication date
KPIS: tuple[tuple[str, str, str, int, float, float, str], ...] = (
    (
        "U70447",
        "Förtroende för hälso- och sjukvården, andel (%)",
        "L",
        2025,
        62.0,
        4.0,
        "2025-11-20",
    ),
    ("U71458", "Förtroende för vårdcentralerna, andel (%)", "L", 2025, 58.0, 5.0, "2025-11-20"),
    (
        "N79173",
        "Medicinsk bedömning inom tre dagar i primärvården, andel (%)",
        "L",
        2025,
        82.0,
        6.0,
        "2026-02-15",
    ),
    (
        "U79133",
        "Påverkbar slutenvård vid kronisk sjukdom, antal/100 000 inv 20+ (åldersstandardiserat)",
        "A",
        2024,
        640.0,
        90.0,
        "2025-09-30",
    ),
    (
        "U79092",
        "Oplanerade återinskrivningar inom 30 dagar, 65+, andel (%)",
        "A",
        2024,
        17.5,
        2.0,
        "2025-09-30",
    ),
)
SMALL = 8  # municipalities with the lowest codes of a county get a few withheld values


def _kpi(kpi_id: str, title: str, kind: str, published: str) -> dict[str, Any]:
    return {
        "id": kpi_id,
        "title": title,
        "description": f"{title}. ILLUSTRATIVT VÄRDE I FÄRDPLANS DEMO, INTE KOLADAS.",
        "municipality_type": kind,
        "is_divided_by_gender": 1,
        "publication_date": published,
        "auspice": "X",
        "operating_area": "Hälso- och sjukvård",
        "perspective": "Resultat",
        "ou_publication_date": None,
    }


def _areas(kind: str) -> list[str]:
    regions = [f"00{county}" for county in COUNTIES] + ["0000"]
    if kind == "L":
        return regions
    return [m.code for m in municipalities() if m.region_code in COUNTIES] + regions


def main() -> None:
    rng = random.Random(2026)
    kpis, data = [], []
    for kpi_id, title, kind, last, level, spread, published in KPIS:
        kpis.append(_kpi(kpi_id, title, kind, published))
        for area in _areas(kind):
            offset = rng.gauss(0, spread)
            small = area[2:] < "85" and not area.startswith("00") and rng.random() < 0.25
            for year in YEARS:
                if year > last:
                    continue  # not published yet
                total = round(
                    level + offset + rng.gauss(0, spread / 4) - (year - 2019) * spread / 20, 1
                )
                values = []
                for gender, shift in (("K", 1.0), ("M", -1.0), ("T", 0.0)):
                    withheld = small and gender != "T" and kpi_id == "U79092"
                    value = None if withheld else round(total + shift * spread / 6, 1)
                    status = ".." if withheld else ""
                    values.append({"count": 1, "gender": gender, "status": status, "value": value})
                if kpi_id == "U79133" and area.endswith("82") and year == 2020:
                    values = [{"count": 0, "gender": "T", "status": "Missing", "value": None}]
                data.append({"kpi": kpi_id, "municipality": area, "period": year, "values": values})
    OUT.write_text(
        json.dumps({"kpi": kpis, "data": data}, ensure_ascii=False, indent=0) + "\n",
        encoding="utf-8",
    )


if __name__ == "__main__":
    main()
