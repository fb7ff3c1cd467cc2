"""Read the shipped reference data: regions, municipalities, population and boundaries.

Codes stay text (``"0114"``, ``"01"``): reading them as numbers would drop the leading zero.
"""

from __future__ import annotations

import csv
import io
import json
from dataclasses import dataclass
from functools import cache
from importlib import resources
from typing import Any

DATA = resources.files("fardplan.reference") / "data"


@dataclass(frozen=True)
class Region:
    code: str
    name: str
    short_name: str


@dataclass(frozen=True)
class Municipality:
    code: str
    name: str
    region_code: str


@dataclass(frozen=True)
class PopulationRow:
    municipality_code: str
    year: int
    sex: str  # "total", "male" or "female"
    age_group: str  # "total" or a 5-year band "15-19" … "70-74"
    population: int


def _rows(name: str) -> list[dict[str, str]]:
    text = (DATA / name).read_text(encoding="utf-8")
    return list(csv.DictReader(io.StringIO(text, newline="")))


@cache
def regions() -> tuple[Region, ...]:
    """Return the 21 regions (län) sorted by code."""
    return tuple(Region(r["code"], r["name"], r["short_name"]) for r in _rows("regions.csv"))


@cache
def municipalities() -> tuple[Municipality, ...]:
    """Return the 290 municipalities sorted by code."""
    return tuple(
        Municipality(r["code"], r["name"], r["region_code"]) for r in _rows("municipalities.csv")
    )


@cache
def population() -> tuple[PopulationRow, ...]:
    """Return every population row; see SOURCES.md for which slices exist (do not sum them all)."""
    return tuple(
        PopulationRow(
            r["municipality_code"], int(r["year"]), r["sex"], r["age_group"], int(r["population"])
        )
        for r in _rows("population.csv")
    )


def municipality_totals(year: int) -> dict[str, int]:
    """Return each municipality's total population at 31 December of ``year`` (2022 or 2024)."""
    totals = {
        row.municipality_code: row.population
        for row in population()
        if row.year == year and row.sex == "total" and row.age_group == "total"
    }
    if not totals:
        raise ValueError(f"no municipality totals for {year}; the shipped years are 2022 and 2024")
    return totals


@cache
def region_boundaries() -> dict[str, Any]:
    """Return the GeoJSON FeatureCollection of the 21 län (WGS 84)."""
    data: dict[str, Any] = json.loads((DATA / "regions.geojson").read_text(encoding="utf-8"))
    return data


@cache
def municipality_boundaries() -> dict[str, Any]:
    """Return the GeoJSON FeatureCollection of the 290 municipalities (WGS 84); each
    feature's properties hold ``code``, ``name`` and ``region_code``."""
    data: dict[str, Any] = json.loads((DATA / "municipalities.geojson").read_text(encoding="utf-8"))
    return data
