"""Load the counties and their organisations into the database.

Two sources: the SCB reference lists shipped in :mod:`fardplan.reference.sweden` (21 counties,
21 regions, 290 municipalities, 2024 population) and the example organisations of the three
starting counties in ``data/examples.yaml`` (collaboration bodies and hospitals).

Every row is written with ``update_or_create`` keyed on its code, inside one transaction, so a
second run changes nothing and a failure leaves the database as it was.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from importlib import resources
from importlib.resources.abc import Traversable
from pathlib import Path
from typing import Any

from django.db import transaction

from fardplan.content.yaml_bounds import YamlLimitError, read_bounded_text
from fardplan.reference import sweden
from fardplan.web.organisations.examples import (
    CareUnitEntry,
    CollaborationEntry,
    ExampleDataError,
    read_examples,
)
from fardplan.web.organisations.models import County, Organisation, OrganisationKind

EXAMPLES = resources.files("fardplan.web.organisations") / "data" / "examples.yaml"
POPULATION_YEAR = 2024

# Region Gotland is one body: a municipality (kommun, SCB 0980) that also carries the tasks of a
# region. We keep it as two rows, a region "Region Gotland" (09) and the municipality "Gotland"
# (0980), so that every county has exactly one regional principal and the municipality list
# stays SCB's 290; both rows say in their description that they are the same organisation.
GOTLAND_NOTE = (
    "Region Gotland är en kommun som också har regionens uppgifter: "
    "regionen och kommunen är samma organisation."
)
GOTLAND_REGION = "09"
GOTLAND_MUNICIPALITY = "0980"


@dataclass(frozen=True)
class LoadSummary:
    """How many rows of each kind exist after loading, and how many were new."""

    counts: dict[str, int]
    created: int


def region_name(region: sweden.Region) -> str:
    """Return the name of the region that runs a county: "Region Norrbotten", with the one
    exception that Västra Götaland's region is called "Västra Götalandsregionen"."""
    if region.code == "14":
        return "Västra Götalandsregionen"
    return f"Region {region.short_name}"


class _Writer:
    """Write organisations and count the rows that were new."""

    def __init__(self) -> None:
        self.created = 0

    def county(self, region: sweden.Region) -> County:
        defaults = {"name": region.name, "short_name": region.short_name}
        county, created = County.objects.update_or_create(code=region.code, defaults=defaults)
        self.created += created
        return county

    def organisation(self, kind: str, code: str, **defaults: Any) -> Organisation:
        organisation, created = Organisation.objects.update_or_create(
            kind=kind, code=code, defaults=defaults
        )
        self.created += created
        return organisation


def _load_reference(writer: _Writer) -> dict[str, County]:
    """Write the counties, regions and municipalities; return the counties by code."""
    people = sweden.municipality_totals(POPULATION_YEAR)
    counties = {region.code: writer.county(region) for region in sweden.regions()}
    region_people: Counter[str] = Counter()
    for municipality in sweden.municipalities():
        region_people[municipality.region_code] += people[municipality.code]
        writer.organisation(
            OrganisationKind.MUNICIPALITY,
            municipality.code,
            name=municipality.name,
            county=counties[municipality.region_code],
            population=people[municipality.code],
            description=GOTLAND_NOTE if municipality.code == GOTLAND_MUNICIPALITY else "",
        )
    for region in sweden.regions():
        writer.organisation(
            OrganisationKind.REGION,
            region.code,
            name=region_name(region),
            county=counties[region.code],
            population=region_people[region.code],
            description=GOTLAND_NOTE if region.code == GOTLAND_REGION else "",
        )
    return counties


def _principals(county: County) -> list[Organisation]:
    return list(county.organisations.principals())


def _load_collaboration(writer: _Writer, entry: CollaborationEntry, county: County) -> None:
    body = writer.organisation(
        OrganisationKind.COLLABORATION,
        entry.code,
        name=entry.name,
        county=county,
        description=entry.description,
    )
    if entry.members == "all":
        body.members.set(_principals(county))
    else:
        body.members.set(Organisation.objects.principals().filter(code__in=entry.members))


# Stored as the unit's description (content is Swedish, like the names), shown on its page.
EXAMPLE_NOTE = "Exempeldata för demon: enheten är inte hämtad från en källa."


def _load_care_unit(writer: _Writer, entry: CareUnitEntry) -> None:
    municipality = Organisation.objects.get(
        kind=OrganisationKind.MUNICIPALITY, code=entry.municipality
    )
    writer.organisation(
        OrganisationKind.CARE_UNIT,
        entry.code,
        name=entry.name,
        county=municipality.county,
        municipality=municipality,
        unit_kind=entry.unit_kind,
        principal=entry.principal,
        description=EXAMPLE_NOTE if entry.example else "",
    )


def _counts() -> dict[str, int]:
    counts = {"county": County.objects.count()}
    for kind in OrganisationKind:
        counts[kind.value] = Organisation.objects.filter(kind=kind).count()
    return counts


def _read(examples_file: Traversable | Path) -> str:
    """Return the file's text; a file given by path is refused unread when it is too big."""
    if not isinstance(examples_file, Path):
        return examples_file.read_text(encoding="utf-8")
    try:
        return read_bounded_text(examples_file)
    except YamlLimitError as error:
        raise ExampleDataError(f"{examples_file}: {error.message}") from None


def load_organisations(examples_file: Traversable | Path = EXAMPLES) -> LoadSummary:
    """Load counties, regions, municipalities and the example organisations of
    ``examples_file`` (the shipped file by default); return the row counts afterwards.
    Raises :class:`~fardplan.web.organisations.examples.ExampleDataError` (and writes
    nothing) when the example file is malformed or names an unknown code."""
    examples = read_examples(_read(examples_file), source=str(examples_file))
    writer = _Writer()
    with transaction.atomic():
        counties = _load_reference(writer)
        for collaboration in examples.collaborations:
            _load_collaboration(writer, collaboration, counties[collaboration.county])
        for unit in examples.care_units:
            _load_care_unit(writer, unit)
    return LoadSummary(_counts(), writer.created)
