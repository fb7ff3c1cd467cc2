"""Inpatient admissions: other diagnoses, avoidable (acsc_chronic) ones, and readmissions.

Lengths of stay are geometric; persons 65+ may wait as ready for discharge, and a share of their
stays is followed by a short home-health-care episode (returned for the home-care table).
"""

from __future__ import annotations

from dataclasses import dataclass, fields

import numpy as np

from fardplan.synth.codes import draw_diagnoses
from fardplan.synth.context import YearContext, choose, draw_events
from fardplan.synth.types import BoolArray, IntArray


@dataclass
class Admissions:
    person: IntArray
    unit: IntArray
    admitted: IntArray
    discharged: IntArray
    diagnosis: IntArray
    acute: BoolArray
    ready: IntArray  # discharge-ready day, -1 for null

    @staticmethod
    def concat(parts: list[Admissions]) -> Admissions:
        return Admissions(
            **{
                f.name: np.concatenate([getattr(p, f.name) for p in parts])
                for f in fields(Admissions)
            }
        )

    def take(self, keep: IntArray | BoolArray) -> Admissions:
        return Admissions(**{f.name: getattr(self, f.name)[keep] for f in fields(self)})


def _stays(
    ctx: YearContext,
    rng: np.random.Generator,
    person: IntArray,
    admitted: IntArray,
    diagnosis: IntArray,
    acute: BoolArray,
) -> Admissions:
    """Return stays with units, lengths of stay and discharge-ready days filled in."""
    n = person.size
    old = ctx.ages[person] >= 65
    means = ctx.rates.mapping("admissions.mean_length_of_stay")
    mean = np.where(old, means["from_65"], means["under_65"])
    length = rng.geometric(1 / (mean + 1)) - 1
    discharged = admitted + length
    cfg = ctx.rates.mapping("admissions.discharge_ready")
    judged = old & (rng.random(n) < cfg["share"] * ctx.factors["admissions"])
    waiting = judged & (rng.random(n) < cfg["waiting_share"])
    wait = np.minimum(rng.geometric(1 / cfg["mean_days"], size=n), length)
    ready = np.where(judged, discharged - np.where(waiting, wait, 0), -1)
    unit = choose(rng, ctx.local.hospitals, ctx.local.hospital_weights, n)
    return Admissions(person, unit, admitted, discharged, diagnosis, acute, ready)


def _index_stays(ctx: YearContext, rng: np.random.Generator) -> Admissions:
    lam = ctx.rate("admissions.other") * ctx.people.frailty * ctx.level("admissions")
    person, day = draw_events(ctx, rng, lam, "winter", "always")
    acute = (
        rng.random(person.size) < ctx.rates.bands("admissions.other.acute_share")[ctx.band[person]]
    )
    other = _stays(ctx, rng, person, day, draw_diagnoses(rng, "admission", person.size), acute)
    lam = ctx.rate("admissions.acsc") * ctx.people.frailty * ctx.level("acsc")
    person, day = draw_events(ctx, rng, lam, "winter", "always", ctx.boost("avoidable_admissions"))
    acsc = _stays(
        ctx,
        rng,
        person,
        day,
        draw_diagnoses(rng, "acsc", person.size),
        np.ones(person.size, dtype=bool),
    )
    return Admissions.concat([other, acsc])


def _readmissions(ctx: YearContext, rng: np.random.Generator, index: Admissions) -> Admissions:
    """Return related acute readmissions 0–30 days after discharge (one level, no chains)."""
    cfg = ctx.rates.mapping("admissions.readmission")
    old = ctx.ages[index.person] >= 65
    chance = np.where(old, cfg["from_65"], cfg["under_65"]) * ctx.factors["readmission"]
    effect = ctx.effects.get("readmission_30d_65")
    if effect is not None:
        after = old & (index.discharged >= effect.start_day())
        chance = np.where(after, np.minimum(chance * effect.factor, 1.0), chance)
    hit = rng.random(index.person.size) < chance
    person = index.person[hit]
    gap = np.minimum(rng.geometric(1 / 9, size=person.size) - 1, 30)
    same = rng.random(person.size) < 0.5
    diagnosis = np.where(same, index.diagnosis[hit], draw_diagnoses(rng, "admission", person.size))
    return _stays(
        ctx, rng, person, index.discharged[hit] + gap, diagnosis, np.ones(person.size, dtype=bool)
    )


def all_admissions(ctx: YearContext, continues: BoolArray) -> Admissions:
    """Return the year's admissions sorted by admission day. Readmissions falling after 31 Dec
    are kept only for persons in next year's population (``continues``), so that no event
    belongs to a person missing from the population of its year."""
    rng = ctx.rng("admissions")
    index = _index_stays(ctx, rng)
    again = _readmissions(ctx, ctx.rng("readmission"), index)
    again = again.take((again.admitted <= ctx.last_day) | continues[again.person])
    batch = Admissions.concat([index, again])
    return batch.take(np.argsort(batch.admitted, kind="stable"))
