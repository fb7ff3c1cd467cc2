"""Care units and their clinicians, derived from the real population of the chosen counties.

Unit ids are stable, readable strings (``"2480-VC-01"``, ``"2480-SJH"``, ``"24-DIG"``); they
depend on the counties only, not on ``--scale`` or ``--seed``. Clinician ids are opaque
pseudonyms derived from the unit id and a serial number.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field

import numpy as np

from fardplan.reference.sweden import Municipality, municipalities, municipality_totals, regions
from fardplan.synth.rates import Rates
from fardplan.synth.types import FloatArray, IntArray

PROFESSIONS = ("physician", "nurse", "other")
# (physicians, nurses, others) per unit of each fixed-size kind [assumption]
STAFF = {
    "hospital": (40, 30, 10),
    "emergency": (15, 15, 2),
    "psychiatry": (12, 10, 10),
    "digital_region": (10, 10, 0),
    "digital_national": (30, 30, 0),
}
NATIONAL_DIGITAL_SITES = ("0180", "1280")  # Stockholm, Malmö


@dataclass
class LocalUnits:
    """The units a municipality's residents use, as indices into :class:`UnitCatalogue`."""

    health_centres: IntArray
    hc_weights: FloatArray
    hospitals: IntArray
    hospital_weights: FloatArray
    emergency: IntArray
    psychiatry: IntArray
    municipal: int
    digital_region: int
    digital_national: IntArray


@dataclass
class UnitCatalogue:
    """Every unit (parallel lists) with its staff and per-unit care-quality traits."""

    unit_ids: list[str] = field(default_factory=list)
    names: list[str] = field(default_factory=list)
    kinds: list[str] = field(default_factory=list)
    principals: list[str] = field(default_factory=list)
    municipality_codes: list[str] = field(default_factory=list)
    clinician_ids: list[str] = field(default_factory=list)
    staff: list[tuple[int, int, int]] = field(default_factory=list)  # first clinician, per prof
    staff_counts: list[tuple[int, int, int]] = field(default_factory=list)
    continuity: list[float] = field(default_factory=list)
    assessed_in_3_days: list[float] = field(default_factory=list)
    local: dict[str, LocalUnits] = field(default_factory=dict)

    def add(
        self,
        unit_id: str,
        name: str,
        kind: str,
        principal: str,
        muni: str,
        staff: tuple[int, int, int],
        traits: tuple[float, float] = (0.0, 0.0),
    ) -> int:
        """Append a unit with ``staff`` (physicians, nurses, others); return its index."""
        starts = []
        for profession, count in zip(PROFESSIONS, staff, strict=True):
            starts.append(len(self.clinician_ids))
            self.clinician_ids.extend(_clinician_id(unit_id, profession, j) for j in range(count))
        for column, value in (
            (self.unit_ids, unit_id),
            (self.names, name),
            (self.kinds, kind),
            (self.principals, principal),
            (self.municipality_codes, muni),
        ):
            column.append(value)
        self.staff.append((starts[0], starts[1], starts[2]))
        self.staff_counts.append(staff)
        self.continuity.append(traits[0])
        self.assessed_in_3_days.append(traits[1])
        return len(self.unit_ids) - 1

    def arrays(self) -> tuple[IntArray, IntArray, FloatArray, FloatArray]:
        """Return staff starts and counts (units × 3), continuity and 3-day share per unit."""
        return (
            np.asarray(self.staff, dtype=np.int64),
            np.asarray(self.staff_counts, dtype=np.int64),
            np.asarray(self.continuity),
            np.asarray(self.assessed_in_3_days),
        )


def _clinician_id(unit_id: str, profession: str, serial: int) -> str:
    digest = hashlib.blake2b(f"{unit_id}/{profession}/{serial}".encode(), digest_size=6)
    return "P" + digest.hexdigest()


def build_units(rates: Rates, county_codes: list[str], seed: int) -> UnitCatalogue:
    """Return the units of the given counties plus the national digital providers."""
    catalogue = UnitCatalogue()
    totals = municipality_totals(2024)
    short = {r.code: r.short_name for r in regions()}
    national = [
        catalogue.add(
            f"SE-DIG-{k + 1}",
            f"Nationell digital vårdgivare {k + 1}",
            "digital",
            "private",
            site,
            STAFF["digital_national"],
        )
        for k, site in enumerate(
            NATIONAL_DIGITAL_SITES[: int(rates.value("units.national_digital_providers"))]
        )
    ]
    for county in county_codes:
        members = [m for m in municipalities() if m.region_code == county]
        _add_county(
            catalogue,
            rates,
            county,
            short[county],
            members,
            totals,
            seed,
            np.asarray(national, dtype=np.int64),
        )
    return catalogue


def _add_county(
    catalogue: UnitCatalogue,
    rates: Rates,
    county: str,
    county_name: str,
    members: list[Municipality],
    totals: dict[str, int],
    seed: int,
    national: IntArray,
) -> None:
    largest = max(members, key=lambda m: totals[m.code])
    hospital_limit = rates.value("units.hospital_from_inhabitants")
    psychiatry_limit = rates.value("units.psychiatry_from_inhabitants")
    hospitals: dict[str, int] = {}
    emergency: dict[str, int] = {}
    psychiatry: dict[str, int] = {}
    for m in members:
        if m is largest or totals[m.code] >= hospital_limit:
            hospitals[m.code] = catalogue.add(
                f"{m.code}-SJH",
                f"{m.name} sjukhus",
                "hospital",
                "region",
                m.code,
                STAFF["hospital"],
            )
            emergency[m.code] = catalogue.add(
                f"{m.code}-AKM",
                f"Akutmottagningen {m.name}",
                "emergency",
                "region",
                m.code,
                STAFF["emergency"],
            )
        if m is largest or totals[m.code] >= psychiatry_limit:
            psychiatry[m.code] = catalogue.add(
                f"{m.code}-PSY",
                f"Psykiatrin {m.name}",
                "psychiatry",
                "region",
                m.code,
                STAFF["psychiatry"],
            )
    digital = catalogue.add(
        f"{county}-DIG",
        f"Digital vårdcentral {county_name}",
        "digital",
        "region",
        largest.code,
        STAFF["digital_region"],
    )
    for m in members:
        rng = np.random.default_rng(np.random.SeedSequence([seed, int(m.code), 0, 1]))
        centres, weights = _add_health_centres(catalogue, rates, m, totals[m.code], rng)
        municipal_staff = max(3, totals[m.code] // 3000)
        municipal = catalogue.add(
            f"{m.code}-KOM",
            f"{m.name} kommunal hälso- och sjukvård",
            "municipal_care",
            "municipality",
            m.code,
            (0, municipal_staff, municipal_staff),
        )
        own_share = rates.value("units.own_hospital_share")
        catalogue.local[m.code] = LocalUnits(
            health_centres=centres,
            hc_weights=weights,
            hospitals=np.asarray(list(hospitals.values()), dtype=np.int64),
            hospital_weights=_site_weights(hospitals, totals, m.code, own_share),
            emergency=np.asarray(list(emergency.values()), dtype=np.int64),
            psychiatry=np.asarray(
                [psychiatry.get(m.code, psychiatry[largest.code])], dtype=np.int64
            ),
            municipal=municipal,
            digital_region=digital,
            digital_national=national,
        )


def _site_weights(
    sites: dict[str, int], totals: dict[str, int], home: str, own_share: float
) -> FloatArray:
    """Return choice weights over ``sites``: the home municipality's own site gets
    ``own_share``, the rest is split by the sites' populations."""
    pops = np.asarray([totals[code] for code in sites], dtype=np.float64)
    own = np.asarray([code == home for code in sites])
    weights = pops / pops.sum()
    if own.any() and len(sites) > 1:
        others = np.where(own, 0.0, pops)
        weights = np.where(own, own_share, (1 - own_share) * others / others.sum())
    result: FloatArray = weights / weights.sum()
    return result


def _add_health_centres(
    catalogue: UnitCatalogue, rates: Rates, m: Municipality, total: int, rng: np.random.Generator
) -> tuple[IntArray, FloatArray]:
    count = max(1, round(total / rates.value("units.inhabitants_per_health_centre")))
    shares = rates.mapping("units.private_health_centre_share")
    private_share = shares.get(m.region_code, shares["default"])
    weights = rng.gamma(4.0, size=count)
    weights /= weights.sum()
    continuity = rng.uniform(*rates.pair("contacts.continuity"), size=count)
    assessed = rng.uniform(*rates.pair("contacts.assessment_within_3_days"), size=count)
    private = rng.random(count) < private_share
    per_physician = rates.value("units.inhabitants_per_hc_physician")
    indices = []
    for k in range(count):
        physicians = max(2, round(total * weights[k] / per_physician))
        principal = "private" if private[k] else "region"
        indices.append(
            catalogue.add(
                f"{m.code}-VC-{k + 1:02d}",
                f"Vårdcentral {m.name} {k + 1}",
                "health_centre",
                principal,
                m.code,
                (physicians, physicians + 1, max(1, physicians // 2)),
                (float(continuity[k]), float(assessed[k])),
            )
        )
    return np.asarray(indices, dtype=np.int64), weights
