"""The persons of one municipality, year by year: creation, ageing, deaths, births, moves.

Arrays are parallel (one element per person). Persons who leave (die or move away) are decided at
the end of a year: they are in that year's population extract and absent from the next.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, fields

import numpy as np

from fardplan.synth.calendar import day_number
from fardplan.synth.demography import MAX_AGE
from fardplan.synth.rates import Rates
from fardplan.synth.types import BoolArray, FloatArray, IntArray

_MASK62 = np.uint64((1 << 62) - 1)
# Columns of People.trait: one uniform per trait, drawn once, so a trait whose probability rises
# with age (nursing home, home care) persists from year to year instead of flickering.
TRAITS = ("named_physician", "nursing_home", "mental_need", "home_care", "listing")
NAMED, NURSING_HOME, MENTAL_NEED, HOME_CARE, LISTING = range(len(TRAITS))


@dataclass
class People:
    serial: IntArray  # per-municipality serial, the source of the pseudonym
    person_id: IntArray
    female: BoolArray
    birth_day: IntArray  # days since 1970-01-01
    birth_year: IntArray
    frailty: FloatArray  # individual care-use propensity, mean 1
    trait: FloatArray  # (n, 5) uniforms, columns NAMED … LISTING below
    listed: IntArray  # unit index of the listed health centre, -1 if not listed
    physician: IntArray  # clinician index of the person's own physician at that unit, or -1
    home_care_start: IntArray  # day the long-term home-health-care episode began, or -1

    def __len__(self) -> int:
        return int(self.serial.size)

    def take(self, keep: IntArray | BoolArray) -> People:
        """Return the persons selected by an index or mask."""
        return People(**{f.name: getattr(self, f.name)[keep] for f in fields(self)})

    @staticmethod
    def concat(parts: list[People]) -> People:
        return People(
            **{f.name: np.concatenate([getattr(p, f.name) for p in parts]) for f in fields(People)}
        )

    def ages(self, year: int) -> IntArray:
        """Return ages at 31 December of ``year`` (year − birth year)."""
        result: IntArray = year - self.birth_year
        return result


def pseudonyms(serial: IntArray, municipality: int, seed: int) -> IntArray:
    """Return int64 pseudonyms: a bijective 62-bit mix of (seed key, municipality, serial), so
    ids are unique across municipalities and reveal nothing by their order."""
    key = np.uint64(np.random.SeedSequence([seed, 62]).generate_state(1, np.uint64)[0]) & _MASK62
    x = ((np.uint64(municipality) << np.uint64(32)) | serial.astype(np.uint64)) ^ key
    with np.errstate(over="ignore"):
        x = (x * np.uint64(0x9E3779B97F4A7C15)) & _MASK62
        x ^= x >> np.uint64(29)
        x = (x * np.uint64(0xBF58476D1CE4E5B9)) & _MASK62
        x ^= x >> np.uint64(32)
    return x.astype(np.int64)


def create(
    rng: np.random.Generator,
    rates: Rates,
    ages: IntArray,
    female: BoolArray,
    year: int,
    first_serial: int,
    municipality: int,
    seed: int,
) -> People:
    """Return new persons aged ``ages`` at 31 Dec ``year``, born on a uniform day of their
    birth year; they are not yet listed (see :func:`fardplan.synth.listing.assign`)."""
    n = ages.size
    birth_year = (year - ages).astype(np.int64)
    starts = np.asarray(
        [day_number(dt.date(int(y), 1, 1)) for y in range(year - MAX_AGE, year + 1)]
    )
    lengths = np.diff(np.append(starts, day_number(dt.date(year + 1, 1, 1))))
    slot = birth_year - (year - MAX_AGE)
    birth_day = starts[slot] + (rng.random(n) * lengths[slot]).astype(np.int64)
    serial = np.arange(first_serial, first_serial + n, dtype=np.int64)
    shape = rates.value("traits.frailty_shape")
    return People(
        serial=serial,
        person_id=pseudonyms(serial, municipality, seed),
        female=female,
        birth_day=birth_day,
        birth_year=birth_year,
        frailty=rng.gamma(shape, 1 / shape, size=n),
        trait=rng.random((n, len(TRAITS))),
        listed=np.full(n, -1, dtype=np.int64),
        physician=np.full(n, -1, dtype=np.int64),
        home_care_start=np.full(n, -1, dtype=np.int64),
    )


def draw_ages(rng: np.random.Generator, profile: FloatArray, n: int) -> tuple[IntArray, BoolArray]:
    """Return (ages, female) of ``n`` persons drawn from a (2, 100) sex × age profile."""
    cells = rng.choice(profile.size, size=n, p=profile.ravel())
    return (cells % MAX_AGE).astype(np.int64), cells >= MAX_AGE


def leavers(
    rng: np.random.Generator, rates: Rates, people: People, year: int, next_target: int
) -> tuple[BoolArray, BoolArray]:
    """Return (dies, moves): who dies and who moves out at the end of ``year``.

    Deaths go by age and sex. Moves are the usual out-moves by age, plus as many more (mostly
    young adults) as needed to bring the expected next-year total down to ``next_target``.
    """
    band = rates.band_of(people.ages(year))
    sex = rates.mapping("demography.death_sex_factor")
    factor = np.where(people.female, sex["K"], sex["M"])
    dies = rng.random(len(people)) < rates.bands("demography.deaths_per_1000")[band] * factor / 1000
    moves = ~dies & (
        rng.random(len(people)) < rates.bands("demography.moves_per_1000")[band] / 1000
    )
    births = expected_births(rates, people, year + 1)
    surplus = round(float(len(people) - dies.sum() - moves.sum()) + births - next_target)
    weights = np.where(dies | moves, 0.0, rates.bands("demography.migrant_age_weights")[band])
    if surplus > 0 and weights.sum() > 0:
        count = min(surplus, int((weights > 0).sum()))
        extra = rng.choice(len(people), size=count, replace=False, p=weights / weights.sum())
        moves[extra] = True
    return dies, moves


def expected_births(rates: Rates, people: People, year: int) -> float:
    ages = people.ages(year)
    women = people.female & (ages >= 15) & (ages <= 44)
    return float(women.sum() * rates.value("demography.births_per_woman_15_44"))


def newcomers(
    rng: np.random.Generator, rates: Rates, staying: People, year: int, target: int
) -> tuple[IntArray, BoolArray]:
    """Return (ages, female) of the babies born in ``year`` and of the in-movers needed to
    reach ``target``; babies are age 0."""
    babies = rng.poisson(expected_births(rates, staying, year))
    baby_girls = rng.random(babies) >= rates.value("demography.boys_share")
    movers = max(0, target - len(staying) - babies)
    weights = rates.bands("demography.migrant_age_weights")
    band = rng.choice(weights.size, size=movers, p=weights / weights.sum())
    edges = np.append(rates.band_edges, MAX_AGE)
    ages = edges[band] + (rng.random(movers) * (edges[band + 1] - edges[band])).astype(np.int64)
    return (
        np.concatenate([np.zeros(babies, dtype=np.int64), ages]),
        np.concatenate([baby_girls, rng.random(movers) < 0.5]),
    )
