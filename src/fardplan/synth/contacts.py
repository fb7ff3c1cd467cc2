"""Contact streams: health-centre, digital, specialist, emergency, mental-health and home visits.

Each stream returns a :class:`Contacts` batch of parallel arrays (indices into the unit,
clinician and code dictionaries; -1 for null). The caller concatenates, sorts and numbers them.
"""

from __future__ import annotations

from dataclasses import dataclass, fields

import numpy as np

from fardplan.synth.codes import CARE_LEVELS, MODES, PROFESSIONS, draw_categories, draw_diagnoses
from fardplan.synth.context import YearContext, choose, draw_events, pick_staff
from fardplan.synth.types import IntArray

PRIMARY, SPECIALIST, EMERGENCY, MUNICIPAL = (CARE_LEVELS.index(v) for v in CARE_LEVELS)
PHYSICIAN, NURSE, OTHER = range(len(PROFESSIONS))
IN_PERSON, DIGITAL, HOME_VISIT, PHONE = range(len(MODES))


@dataclass
class Contacts:
    person: IntArray
    day: IntArray
    unit: IntArray
    level: IntArray
    profession: IntArray
    clinician: IntArray
    mode: IntArray
    diagnosis: IntArray
    requested: IntArray  # day the need was made known, -1 for null

    @staticmethod
    def concat(parts: list[Contacts]) -> Contacts:
        return Contacts(
            **{
                f.name: np.concatenate([getattr(p, f.name) for p in parts])
                for f in fields(Contacts)
            }
        )

    def take(self, order: IntArray) -> Contacts:
        return Contacts(**{f.name: getattr(self, f.name)[order] for f in fields(self)})


def _full(n: int, value: int) -> IntArray:
    return np.full(n, value, dtype=np.int64)


def _waits(rng: np.random.Generator, within_3: np.ndarray) -> IntArray:
    """Return waiting days: 0–3 with the unit's probability ``within_3``, else 4 or more."""
    short = rng.integers(0, 4, size=within_3.size)
    long = 3 + rng.geometric(0.2, size=within_3.size)
    result: IntArray = np.where(rng.random(within_3.size) < within_3, short, long)
    return result


def _health_centre(ctx: YearContext, rng: np.random.Generator, person: IntArray) -> IntArray:
    """Return the listed unit, or another local health centre for a share of contacts."""
    listed = ctx.people.listed[person]
    other = (listed < 0) | (
        rng.random(person.size) < ctx.rates.value("units.other_health_centre_share")
    )
    elsewhere = choose(rng, ctx.local.health_centres, ctx.local.hc_weights, person.size)
    result: IntArray = np.where(other, elsewhere, listed)
    return result


def _own_physician(
    ctx: YearContext,
    rng: np.random.Generator,
    person: IntArray,
    unit: IntArray,
    clinician: IntArray,
    profession: IntArray,
) -> IntArray:
    """Replace the clinician by the person's own physician with the unit's continuity, higher
    for persons whose own physician is their named one (fast läkarkontakt)."""
    own = ctx.people.physician[person]
    chance = ctx.units.continuity[unit] * np.where(ctx.named[person], 1.15, 0.85)
    hit = (profession == PHYSICIAN) & (unit == ctx.people.listed[person]) & (own >= 0)
    hit &= rng.random(person.size) < np.minimum(chance, 0.95)
    result: IntArray = np.where(hit, own, clinician)
    return result


def primary(ctx: YearContext) -> Contacts:
    """Health-centre contacts in person or by phone, with care-guarantee request dates."""
    rng, cfg = ctx.rng("primary"), "contacts.primary"
    lam = ctx.rate(cfg) * ctx.people.frailty * ctx.level("primary")
    person, day = draw_events(ctx, rng, lam, "office", "office")
    n = person.size
    unit = _health_centre(ctx, rng, person)
    profession = draw_categories(rng, ctx.rates.mapping(f"{cfg}.profession"), PROFESSIONS, n)
    clinician = _own_physician(
        ctx, rng, person, unit, pick_staff(rng, ctx.units, unit, profession), profession
    )
    mode = draw_categories(rng, ctx.rates.mapping(f"{cfg}.mode"), MODES, n)
    diagnosis = np.where(rng.random(n) < 0.9, draw_diagnoses(rng, "primary", n), -1)
    asked = (profession != OTHER) & (rng.random(n) < ctx.rates.value(f"{cfg}.requested_share"))
    wait = _waits(rng, ctx.units.assessed_in_3_days[unit])
    # A newborn's need cannot be known before birth.
    born = ctx.people.birth_day[person]
    requested = np.where(asked, np.maximum(day - wait, born), -1)
    return Contacts(
        person, day, unit, _full(n, PRIMARY), profession, clinician, mode, diagnosis, requested
    )


def digital(ctx: YearContext) -> Contacts:
    """Video and chat contacts with the region's or a national digital provider."""
    rng, cfg = ctx.rng("digital"), "contacts.digital"
    lam = ctx.rate(cfg) * ctx.people.frailty * ctx.level("digital")
    person, day = draw_events(ctx, rng, lam, "winter", "always", ctx.boost("digital_visits"))
    n = person.size
    national = rng.random(n) < ctx.rates.value(f"{cfg}.national_provider_share")
    providers = choose(rng, ctx.local.digital_national, None, n)
    unit = np.where(national, providers, ctx.local.digital_region)
    profession = np.where(rng.random(n) < 0.5, PHYSICIAN, NURSE).astype(np.int64)
    clinician = pick_staff(rng, ctx.units, unit, profession)
    diagnosis = draw_diagnoses(rng, "primary", n)
    wait = np.where(rng.random(n) < 0.85, 0, rng.integers(1, 3, size=n))
    requested = np.maximum(day - wait, ctx.people.birth_day[person])
    return Contacts(
        person,
        day,
        unit,
        _full(n, PRIMARY),
        profession,
        clinician,
        _full(n, DIGITAL),
        diagnosis,
        requested,
    )


def specialist(ctx: YearContext) -> Contacts:
    """Hospital outpatient contacts."""
    rng, cfg = ctx.rng("specialist"), "contacts.specialist"
    lam = ctx.rate(cfg) * ctx.people.frailty * ctx.level("specialist")
    person, day = draw_events(ctx, rng, lam, "office", "office")
    n = person.size
    unit = choose(rng, ctx.local.hospitals, ctx.local.hospital_weights, n)
    profession = draw_categories(rng, ctx.rates.mapping(f"{cfg}.profession"), PROFESSIONS, n)
    clinician = pick_staff(rng, ctx.units, unit, profession)
    mode = draw_categories(rng, ctx.rates.mapping(f"{cfg}.mode"), MODES, n)
    diagnosis = draw_diagnoses(rng, "specialist", n)
    return Contacts(
        person,
        day,
        unit,
        _full(n, SPECIALIST),
        profession,
        clinician,
        mode,
        diagnosis,
        _full(n, -1),
    )


def emergency(ctx: YearContext) -> Contacts:
    """Emergency-department visits; the effect ``emergency_visits_80`` acts on ages 80+."""
    rng, cfg = ctx.rng("emergency"), "contacts.emergency"
    lam = ctx.rate(cfg) * ctx.people.frailty * ctx.level("emergency")
    boost = ctx.boost("emergency_visits_80", ctx.ages >= 80)
    person, day = draw_events(ctx, rng, lam, "winter", "always", boost)
    n = person.size
    # Emergency departments sit beside the hospitals, in the same order.
    unit = choose(rng, ctx.local.emergency, ctx.local.hospital_weights, n)
    profession = _full(n, PHYSICIAN)
    clinician = pick_staff(rng, ctx.units, unit, profession)
    diagnosis = draw_diagnoses(rng, "emergency", n)
    return Contacts(
        person,
        day,
        unit,
        _full(n, EMERGENCY),
        profession,
        clinician,
        _full(n, IN_PERSON),
        diagnosis,
        _full(n, -1),
    )


def mental(ctx: YearContext) -> Contacts:
    """Contacts of persons with a mental-health need: psychiatry or a health centre, F codes.

    Frailty is left out so that nearly everyone with a need has at least one contact."""
    rng, cfg = ctx.rng("mental"), "contacts.mental"
    lam = np.where(ctx.mental_need, ctx.rates.bands(f"{cfg}.rate")[ctx.band], 0.0)
    person, day = draw_events(ctx, rng, lam * ctx.level("mental"), "office", "office")
    n = person.size
    psychiatry = rng.random(n) < ctx.rates.value(f"{cfg}.psychiatry_share")
    unit = np.where(
        psychiatry, choose(rng, ctx.local.psychiatry, None, n), _health_centre(ctx, rng, person)
    )
    level = np.where(psychiatry, SPECIALIST, PRIMARY).astype(np.int64)
    profession = draw_categories(
        rng, {"physician": 0.4, "nurse": 0.3, "other": 0.3}, PROFESSIONS, n
    )
    clinician = pick_staff(rng, ctx.units, unit, profession)
    mode = np.where(rng.random(n) < 0.85, IN_PERSON, PHONE).astype(np.int64)
    diagnosis = draw_diagnoses(rng, "mental", n)
    return Contacts(person, day, unit, level, profession, clinician, mode, diagnosis, _full(n, -1))


def home_visits(ctx: YearContext) -> Contacts:
    """Municipal home-health-care visits, nursing-home contacts and physician home visits 80+;
    the effect ``home_visits_80`` acts on home visits to persons aged 80+."""
    rng, cfg = ctx.rng("home_visits"), "contacts.home_visits"
    old = ctx.ages >= 80
    level = ctx.level("home_visits")
    at_home = ctx.home_care & ~ctx.nursing_home
    lam_home = np.where(at_home, ctx.rates.value(f"{cfg}.at_home"), 0.0) * level
    person, day = draw_events(
        ctx, rng, lam_home, "flat", "always", ctx.boost("home_visits_80", old)
    )
    lam_nh = np.where(ctx.nursing_home, ctx.rates.value(f"{cfg}.nursing_home"), 0.0) * level
    nh_person, nh_day = draw_events(ctx, rng, lam_nh, "flat", "always")
    n, m = person.size, nh_person.size
    municipal_unit = _full(n + m, ctx.local.municipal)
    profession = np.where(rng.random(n + m) < 0.6, NURSE, OTHER).astype(np.int64)
    municipal = Contacts(
        np.concatenate([person, nh_person]),
        np.concatenate([day, nh_day]),
        municipal_unit,
        _full(n + m, MUNICIPAL),
        profession,
        pick_staff(rng, ctx.units, municipal_unit, profession),
        np.concatenate([_full(n, HOME_VISIT), _full(m, IN_PERSON)]),
        _full(n + m, -1),
        _full(n + m, -1),
    )
    lam_doc = np.where(old, ctx.rates.value(f"{cfg}.physician_home_visit_80"), 0.0) * level
    d_person, d_day = draw_events(
        ctx, rng, lam_doc * ctx.people.frailty, "office", "office", ctx.boost("home_visits_80", old)
    )
    k = d_person.size
    unit = _health_centre(ctx, rng, d_person)
    profession = _full(k, PHYSICIAN)
    clinician = _own_physician(
        ctx, rng, d_person, unit, pick_staff(rng, ctx.units, unit, profession), profession
    )
    doctor = Contacts(
        d_person,
        d_day,
        unit,
        _full(k, PRIMARY),
        profession,
        clinician,
        _full(k, HOME_VISIT),
        draw_diagnoses(rng, "primary", k),
        _full(k, -1),
    )
    return Contacts.concat([municipal, doctor])


STREAMS = (primary, digital, specialist, emergency, mental, home_visits)


def all_contacts(ctx: YearContext) -> Contacts:
    """Return every contact of the year, sorted by day (stable, so the output is reproducible)."""
    batch = Contacts.concat([stream(ctx) for stream in STREAMS])
    return batch.take(np.argsort(batch.day, kind="stable"))
