"""Fetch the catalogue's imported indicators from Kolada for a county and store them.

A county's areas are its municipalities, its region (``"00"`` + the county: ``"0025"``) and
Sweden (``"0000"``), the codes the engine writes too. Every value Kolada gives is kept, a
missing one with its status (``..`` suppressed). Everything is fetched and checked first and
then stored in one transaction, a batch per KPI with the KPI's publication date: when Kolada
cannot be reached or answers something unexpected, nothing is saved.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from fardplan.catalogue import Indicator, load_catalogue
from fardplan.reference.sweden import municipalities, regions
from fardplan.sources.imported import (
    MAX_TEXT,
    Import,
    ImportedValue,
    ImportSummary,
    Provenance,
    Status,
    replace_imported_many,
)
from fardplan.sources.kolada import Entry, KoladaClient, KoladaError, Kpi

SOURCE = "kolada"
SWEDEN = "0000"
SUPPRESSED = ".."  # Kolada's status of a value withheld for disclosure control
FIRST_YEAR = 1990
MAX_YEARS = 40


@dataclass(frozen=True)
class Fetched:
    """One KPI's import: the catalogue's indicator, Kolada's metadata, what was stored."""

    indicator: Indicator
    kpi: Kpi
    summary: ImportSummary


def county_areas(county: str) -> list[str]:
    """Return the county's municipalities, its region and Sweden, as Kolada codes."""
    known = {region.code for region in regions()}
    if county not in known:
        raise KoladaError(
            f"county {county!r} is not one of Sweden's county codes ({', '.join(sorted(known))})",
            f"länet {county!r} är ingen av Sveriges länskoder ({', '.join(sorted(known))})",
        )
    own = [m.code for m in municipalities() if m.region_code == county]
    return [*own, f"00{county}", SWEDEN]


def imported_indicators(kpi_ids: Sequence[str]) -> list[Indicator]:
    """Return the catalogue's imported indicator of each Kolada id, in order."""
    by_kpi = {i.kolada_id: i for i in load_catalogue().imported if i.kolada_id}
    unknown = [kpi for kpi in kpi_ids if kpi not in by_kpi]
    if unknown or not kpi_ids:
        known = ", ".join(sorted(by_kpi))
        raise KoladaError(
            f"{', '.join(unknown) or 'no KPI'}: not an imported indicator of the catalogue "
            f"(known: {known})",
            f"{', '.join(unknown) or 'inget nyckeltal'}: ingen importerad indikator i "
            f"katalogen (kända: {known})",
        )
    return [by_kpi[kpi] for kpi in dict.fromkeys(kpi_ids)]


def check_years(years: Sequence[int]) -> list[int]:
    """Return ``years`` sorted, refusing an empty, implausible or too long span."""
    latest = datetime.now(UTC).year + 1
    wrong = [year for year in years if not FIRST_YEAR <= year <= latest]
    if not years or wrong or len(set(years)) > MAX_YEARS:
        raise KoladaError(
            f"years {list(years)}: between 1 and {MAX_YEARS} years from {FIRST_YEAR} to {latest}",
            f"åren {list(years)}: mellan 1 och {MAX_YEARS} år från {FIRST_YEAR} till {latest}",
        )
    return sorted(set(years))


def fetch_county(
    kpi_ids: Sequence[str],
    county: str,
    years: Sequence[int],
    *,
    fetched_by: str,
    client: KoladaClient | None = None,
    store_path: Path | None = None,
    progress: Callable[[int, int], None] | None = None,
) -> list[Fetched]:
    """Fetch ``kpi_ids`` for the county's areas and ``years`` and store them (all or none)."""
    indicators = imported_indicators(kpi_ids)
    areas = county_areas(county)
    wanted = check_years(years)
    own = client or KoladaClient()
    try:
        kpis = {kpi.id: kpi for kpi in own.kpis([i.kolada_id or "" for i in indicators])}
        entries = own.data(list(kpis), areas, wanted, progress)
    finally:
        if client is None:
            own.close()
    fetched_at = datetime.now(UTC)
    periods = [str(year) for year in wanted]
    imports = []
    for indicator in indicators:
        kpi = kpis[indicator.kolada_id or ""]
        values = [
            _value(indicator, entry, areas, wanted) for entry in entries if entry.kpi == kpi.id
        ]
        location = f"{own.base_url}/data/kpi/{kpi.id}/municipality/{','.join(areas)}/year/"
        location += ",".join(periods)
        provenance = Provenance(
            SOURCE,
            location if len(location) <= MAX_TEXT else f"{own.base_url}/data/kpi/{kpi.id}",
            fetched_at,
            fetched_by,
            kpi.publication_date,
        )
        imports.append(Import(values, provenance, [indicator.id], periods, areas))
    unexpected = sorted({entry.kpi for entry in entries} - set(kpis))
    if unexpected:
        raise KoladaError(
            f"Kolada answered values of KPIs not asked for: {', '.join(unexpected)}",
            "Kolada svarade med värden för nyckeltal som inte efterfrågades: "
            + ", ".join(unexpected),
        )
    summaries = replace_imported_many(imports, store_path=store_path)
    return [
        Fetched(indicator, kpis[indicator.kolada_id or ""], summary)
        for indicator, summary in zip(indicators, summaries, strict=True)
    ]


def _value(indicator: Indicator, entry: Entry, areas: list[str], years: list[int]) -> ImportedValue:
    if entry.area_code not in areas or entry.year not in years:
        raise KoladaError(
            f"Kolada answered {entry.kpi} for {entry.area_code} {entry.year}, not asked for",
            f"Kolada svarade med {entry.kpi} för {entry.area_code} {entry.year}, "
            "som inte efterfrågades",
        )
    status, note = Status.OK, entry.status or None
    if entry.value is None:
        status = Status.SUPPRESSED if entry.status.strip() == SUPPRESSED else Status.MISSING
    return ImportedValue(
        indicator_id=indicator.id,
        period=str(entry.year),
        area_code=entry.area_code,
        sex=entry.gender,
        value=entry.value,
        status=status,
        note=note,
    )


__all__ = ["Fetched", "check_years", "county_areas", "fetch_county", "imported_indicators"]
