"""Municipal care: home-health-care enrolments and coordinated individual plans (SIP)."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from fardplan.synth.admissions import Admissions
from fardplan.synth.context import YearContext, draw_events
from fardplan.synth.types import BoolArray, IntArray


@dataclass
class Episodes:
    person_id: IntArray
    start: IntArray
    end: IntArray  # -1 while still enrolled at the end of the data

    @staticmethod
    def concat(parts: list[Episodes]) -> Episodes:
        return Episodes(
            *(np.concatenate([getattr(p, k) for p in parts]) for k in ("person_id", "start", "end"))
        )


def care_plans(ctx: YearContext) -> tuple[IntArray, IntArray]:
    """Return (person index, day) of the year's new SIPs, sorted by day."""
    rng = ctx.rng("sip")
    factors = ctx.rates.raw("sip")
    lam = ctx.rates.bands("sip.rate")[ctx.band]
    lam = lam * (1 + (float(factors["mental_need_factor"]) - 1) * ctx.mental_need)
    lam = lam * (1 + (float(factors["home_health_care_factor"]) - 1) * ctx.home_care)
    person, day = draw_events(
        ctx, rng, lam * ctx.level("sip"), "office", "office", ctx.boost("sip_plans")
    )
    order = np.argsort(day, kind="stable")
    return person[order], day[order]


def start_long_term(ctx: YearContext, first_year: bool) -> None:
    """Record the start day of new long-term home-care enrolments in ``ctx.people``: persons
    enrolled in the first generated year began up to three years earlier."""
    new = ctx.home_care & (ctx.people.home_care_start < 0)
    rng = ctx.rng("home_care")
    n = int(new.sum())
    within = ctx.first_day + rng.integers(0, ctx.last_day - ctx.first_day + 1, size=n)
    earlier = ctx.first_day - rng.integers(1, 3 * 365, size=n)
    start = np.maximum(earlier if first_year else within, ctx.people.birth_day[new])
    ctx.people.home_care_start[new] = start


def ended_long_term(ctx: YearContext, leaving: BoolArray, final: bool) -> Episodes:
    """Return the long-term episodes that end this year: persons leaving end on 31 Dec; in the
    final year everyone still enrolled gets an open episode (end null)."""
    enrolled = ctx.people.home_care_start >= 0
    closing = enrolled if final else enrolled & leaving
    end = np.where(leaving[closing], ctx.last_day, -1)
    return Episodes(ctx.people.person_id[closing], ctx.people.home_care_start[closing], end)


def after_discharge(ctx: YearContext, stays: Admissions, data_end: int) -> Episodes:
    """Return short episodes (2–13 weeks) after a share of the stays of persons 65+; an
    episode running past the end of the data is open (end null)."""
    rng = ctx.rng("home_care_after_discharge")
    old = ctx.ages[stays.person] >= 65
    share = ctx.rates.value("admissions.home_health_after_discharge")
    hit = old & (rng.random(stays.person.size) < share) & (stays.discharged <= data_end)
    start = stays.discharged[hit]
    end = start + rng.integers(14, 92, size=start.size)
    return Episodes(
        ctx.people.person_id[stays.person[hit]], start, np.where(end > data_end, -1, end)
    )
