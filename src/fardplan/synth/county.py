"""Generate a county: its municipalities year by year, with moves between them.

A county is the unit of work: persons who move to another municipality of the same county keep
their pseudonym (and are listed anew where they arrive). Memory is bounded by the largest
county's persons plus one municipality-year of events.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterator

import numpy as np
import pyarrow as pa

from fardplan.synth.calendar import day_number
from fardplan.synth.context import STREAMS
from fardplan.synth.demography import target_total
from fardplan.synth.listing import assign
from fardplan.synth.municipality import (
    Counters,
    MunicipalityState,
    Run,
    arrive,
    home_care_table,
    simulate_year,
    start,
)
from fardplan.synth.people import People
from fardplan.synth.types import BoolArray


def generate_county(
    run: Run,
    county: str,
    codes: list[str],
    counters: Counters,
    tick: Callable[[str], None] | None = None,
) -> Iterator[tuple[str, pa.Table]]:
    """Yield (table, batch) for every municipality-year of the county, then its home-care
    episodes; call ``tick(municipality)`` after each municipality-year."""
    states = [start(run, code, county) for code in codes]
    for year in run.years:
        departures: list[tuple[BoolArray, BoolArray]] = []
        for state in states:
            batches, gone, relocating = simulate_year(run, state, year, counters, len(states) > 1)
            yield from batches
            departures.append((gone, relocating))
            if tick:
                tick(state.code)
        if year != run.years[-1]:
            _move(run, county, states, departures, year + 1)
    for state in states:
        yield "home_health_care", home_care_table(state)


def _move(
    run: Run,
    county: str,
    states: list[MunicipalityState],
    departures: list[tuple[BoolArray, BoolArray]],
    year: int,
) -> None:
    """Carry every municipality over into ``year``: remove who left, move the relocating to
    another municipality of the county (weighted by its size), then add babies and in-movers."""
    rng = np.random.default_rng(
        np.random.SeedSequence([run.seed, int(county), year, STREAMS.index("demography")])
    )
    sizes = np.asarray([target_total(s.code, year, run.scale) for s in states], dtype=np.float64)
    arriving: list[list[People]] = [[] for _ in states]
    staying: list[People] = []
    for origin, (state, (gone, relocating)) in enumerate(zip(states, departures, strict=True)):
        staying.append(state.people.take(~(gone | relocating)))
        movers = state.people.take(relocating)
        if not len(movers):
            continue
        weights = sizes.copy()
        weights[origin] = 0.0
        destination = rng.choice(len(states), size=len(movers), p=weights / weights.sum())
        for target in np.unique(destination):
            arriving[int(target)].append(movers.take(destination == target))
    first_day = day_number(dt.date(year, 1, 1))
    for state, stay, incoming in zip(states, staying, arriving, strict=True):
        parts = [stay]
        if incoming:
            moved = People.concat(incoming)
            # A home-care enrolment ends where the person left and starts anew on arrival.
            moved.home_care_start = np.where(moved.home_care_start >= 0, first_day, -1)
            assign(rng, run.rates, moved, run.catalogue.local[state.code], run.units)
            parts.append(moved)
        arrive(run, state, People.concat(parts), year)
