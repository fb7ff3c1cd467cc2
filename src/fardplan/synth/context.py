"""What every event stream of one municipality and year needs: persons, units, rates, effects.

Each stream draws from its own random generator, keyed by (seed, municipality, year, stream),
so output does not depend on how municipalities are chunked or in which order streams run.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np

from fardplan.synth.calendar import DaySampler, year_bounds
from fardplan.synth.effects import Effect
from fardplan.synth.people import HOME_CARE, MENTAL_NEED, NAMED, NURSING_HOME, People
from fardplan.synth.rates import Rates
from fardplan.synth.types import BoolArray, FloatArray, IntArray
from fardplan.synth.units import LocalUnits, UnitCatalogue

STREAMS = (
    "primary",
    "digital",
    "specialist",
    "emergency",
    "mental",
    "home_visits",
    "admissions",
    "acsc",
    "readmission",
    "sip",
    "home_care",
    "demography",
    "listing",
    "home_care_after_discharge",  # appended last: adding a stream must not renumber the others
)
TREND_BASE_YEAR = 2024


@dataclass(frozen=True)
class Boost:
    """An effect on one stream: ``factor`` for the persons in ``who`` from day ``start`` on."""

    who: BoolArray
    factor: float
    start: int


@dataclass
class UnitArrays:
    """The unit catalogue as arrays, built once per run."""

    staff_start: IntArray
    staff_count: IntArray
    continuity: FloatArray
    assessed_in_3_days: FloatArray

    @staticmethod
    def of(catalogue: UnitCatalogue) -> UnitArrays:
        return UnitArrays(*catalogue.arrays())


def municipality_factors(rates: Rates, seed: int, municipality: int) -> dict[str, float]:
    """Return a lognormal factor (mean 1) per stream for one municipality: the between-
    municipality variation, the same in every year."""
    rng = np.random.default_rng(np.random.SeedSequence([seed, municipality, 0, 3]))
    sigma = rates.value("municipality_sigma")
    draws = rng.lognormal(-(sigma**2) / 2, sigma, size=len(STREAMS))
    return {name: float(value) for name, value in zip(STREAMS, draws, strict=True)}


@dataclass
class YearContext:
    seed: int
    municipality: str
    year: int
    people: People
    rates: Rates
    local: LocalUnits
    units: UnitArrays
    sampler: DaySampler
    named_share: float  # the region's named-physician share
    factors: dict[str, float]
    effects: dict[str, Effect] = field(default_factory=dict)

    def __post_init__(self) -> None:
        self.ages = self.people.ages(self.year)
        self.band = self.rates.band_of(self.ages)
        trait = self.people.trait
        self.named = self.people.physician >= 0
        self.named &= (
            trait[:, NAMED]
            < self.named_share * self.rates.bands("traits.named_physician_age")[self.band]
        )
        self.nursing_home = (
            trait[:, NURSING_HOME] < self.rates.bands("traits.nursing_home")[self.band]
        )
        self.mental_need = trait[:, MENTAL_NEED] < self.rates.bands("traits.mental_need")[self.band]
        self.home_care = (
            trait[:, HOME_CARE] < self.rates.bands("traits.home_health_care")[self.band]
        )
        self.first_day, self.last_day = year_bounds(self.year)

    def rng(self, stream: str) -> np.random.Generator:
        key = [self.seed, int(self.municipality), self.year, STREAMS.index(stream)]
        return np.random.default_rng(np.random.SeedSequence(key))

    def level(self, stream: str, trend: str | None = None) -> float:
        """Return the stream's municipality factor times its trend since 2024."""
        growth = self.rates.value(f"trend.{trend or stream}")
        return self.factors[stream] * (1 + growth) ** (self.year - TREND_BASE_YEAR)

    def rate(self, path: str) -> FloatArray:
        """Return each person's base rate from a band list and an optional sex factor."""
        rate = self.rates.bands(f"{path}.rate")[self.band]
        sex = self.rates.raw(path).get("sex")
        if sex:
            rate = rate * np.where(self.people.female, float(sex["K"]), float(sex["M"]))
        result: FloatArray = rate
        return result

    def boost(self, target: str, who: BoolArray | None = None) -> Boost | None:
        """Return the effect on ``target`` for ``who`` (default everyone), or None."""
        effect = self.effects.get(target)
        if effect is None:
            return None
        mask = np.ones(len(self.people), dtype=bool) if who is None else who
        return Boost(mask, effect.factor, effect.start_day())


def draw_events(
    ctx: YearContext,
    rng: np.random.Generator,
    lam: FloatArray,
    season: str,
    weekday: str,
    boost: Boost | None = None,
) -> tuple[IntArray, IntArray]:
    """Return (person index, day) of Poisson events with yearly intensity ``lam`` per person.

    Events before a person's birth are dropped (newborns are exposed only part of the year).
    A boost draws from its own generator, so the events without it are exactly those of a run
    without the effect: a lowering thins the affected events from the start day on (kept with
    probability ``factor``), a raising adds events of intensity ``(factor − 1) · lam`` from the
    start day on. Both are exact for a Poisson process.
    """
    person, day = _poisson(ctx, rng, lam, season, weekday)
    if boost is None:
        return person, day
    extra = np.random.default_rng(rng.bit_generator.seed_seq.spawn(1)[0])  # type: ignore[attr-defined]
    if boost.factor < 1:
        hit = boost.who[person] & (day >= boost.start)
        keep = ~hit | (extra.random(person.size) < boost.factor)
        return person[keep], day[keep]
    more_person, more_day = _poisson(
        ctx, extra, np.where(boost.who, lam * (boost.factor - 1), 0.0), season, weekday
    )
    after = more_day >= boost.start
    return np.concatenate([person, more_person[after]]), np.concatenate([day, more_day[after]])


def _poisson(
    ctx: YearContext, rng: np.random.Generator, lam: FloatArray, season: str, weekday: str
) -> tuple[IntArray, IntArray]:
    counts = rng.poisson(lam)
    person = np.repeat(np.arange(lam.size, dtype=np.int64), counts)
    day = ctx.sampler.sample(rng, ctx.year, season, weekday, person.size)
    keep = day >= ctx.people.birth_day[person]
    return person[keep], day[keep]


def pick_staff(
    rng: np.random.Generator, units: UnitArrays, unit: IntArray, profession: IntArray
) -> IntArray:
    """Return a random clinician of ``profession`` at each ``unit``; -1 where it has none."""
    start = units.staff_start[unit, profession]
    count = units.staff_count[unit, profession]
    pick = start + (rng.random(unit.size) * count).astype(np.int64)
    result: IntArray = np.where(count > 0, pick, -1)
    return result


def choose(
    rng: np.random.Generator, options: IntArray, weights: FloatArray | None, n: int
) -> IntArray:
    """Return ``n`` draws from ``options`` (uniform when ``weights`` is None)."""
    if options.size == 1:
        return np.full(n, options[0], dtype=np.int64)
    p = None if weights is None else weights / weights.sum()
    result: IntArray = options[rng.choice(options.size, size=n, p=p)]
    return result
