"""One municipality's year: its persons, their events as Arrow tables, who leaves."""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
import pyarrow as pa

from fardplan.synth import people as persons
from fardplan.synth import tables as t
from fardplan.synth.admissions import Admissions, all_admissions
from fardplan.synth.calendar import DaySampler, year_bounds
from fardplan.synth.codes import ALL_DIAGNOSES, CARE_LEVELS, MODES, PROFESSIONS
from fardplan.synth.contacts import Contacts, all_contacts
from fardplan.synth.context import STREAMS, UnitArrays, YearContext, municipality_factors
from fardplan.synth.demography import age_profile, target_total
from fardplan.synth.effects import Effect
from fardplan.synth.listing import assign
from fardplan.synth.municipal import (
    Episodes,
    after_discharge,
    care_plans,
    ended_long_term,
    start_long_term,
)
from fardplan.synth.people import People
from fardplan.synth.rates import Rates
from fardplan.synth.types import BoolArray
from fardplan.synth.units import UnitCatalogue


@dataclass
class Run:
    """What stays the same for every municipality of a run."""

    rates: Rates
    seed: int
    years: tuple[int, ...]
    scale: float
    catalogue: UnitCatalogue
    units: UnitArrays
    named_share: dict[str, float]  # per region code
    effects: tuple[Effect, ...]
    sampler: DaySampler

    def __post_init__(self) -> None:
        self.unit_dict = pa.array(self.catalogue.unit_ids)
        self.clinician_dict = pa.array(self.catalogue.clinician_ids)
        self.diagnosis_dict = pa.array(ALL_DIAGNOSES)
        self.level_dict = pa.array(CARE_LEVELS)
        self.profession_dict = pa.array(PROFESSIONS)
        self.mode_dict = pa.array(MODES)


class Counters:
    """Running ids of events, so ids are unique across the whole dataset."""

    def __init__(self) -> None:
        self.contact = self.admission = self.plan = 1

    def take(self, kind: str, n: int) -> np.ndarray:
        first = getattr(self, kind)
        setattr(self, kind, first + n)
        return np.arange(first, first + n, dtype=np.int64)


@dataclass
class MunicipalityState:
    """One municipality's persons and what carries over from year to year."""

    code: str
    region: str
    people: People
    next_serial: int
    factors: dict[str, float]
    effects: dict[str, Effect]
    episodes: list[Episodes] = field(default_factory=list)


def start(run: Run, code: str, region: str) -> MunicipalityState:
    """Return the municipality's population at 31 Dec of the first year, listed."""
    muni = int(code)
    rng = np.random.default_rng(np.random.SeedSequence([run.seed, muni, 0, 0]))
    profile = age_profile(run.rates, code)
    ages, female = persons.draw_ages(rng, profile, target_total(code, run.years[0], run.scale))
    people = persons.create(rng, run.rates, ages, female, run.years[0], 0, muni, run.seed)
    assign(rng, run.rates, people, run.catalogue.local[code], run.units)
    effects = {e.target: e for e in run.effects if e.municipality_code == code}
    return MunicipalityState(
        code, region, people, len(people), municipality_factors(run.rates, run.seed, muni), effects
    )


def simulate_year(
    run: Run, state: MunicipalityState, year: int, counters: Counters, can_relocate: bool
) -> tuple[list[tuple[str, pa.Table]], BoolArray, BoolArray]:
    """Return the year's batches (population, contacts, admissions, care plans), who leaves
    the data at its end (dies or moves out of the county) and who moves to another municipality
    of the county (only if ``can_relocate``). Nobody leaves in the final year."""
    code, people = state.code, state.people
    final = year == run.years[-1]
    ctx = YearContext(
        run.seed,
        code,
        year,
        people,
        run.rates,
        run.catalogue.local[code],
        run.units,
        run.sampler,
        run.named_share[state.region],
        state.factors,
        state.effects,
    )
    gone = relocating = np.zeros(len(people), dtype=bool)
    if not final:
        rng = ctx.rng("demography")
        dies, moves = persons.leavers(
            rng, run.rates, people, year, target_total(code, year + 1, run.scale)
        )
        within = run.rates.value("demography.within_county_share") if can_relocate else 0.0
        relocating = moves & (rng.random(len(people)) < within)
        gone = dies | (moves & ~relocating)
    start_long_term(ctx, year == run.years[0])
    # Readmissions after 31 Dec are kept for persons who are in next year's population.
    stays = all_admissions(ctx, ~gone & (not final))
    batches = [
        ("population", _population(run, ctx, code)),
        ("contacts", _contacts(run, ctx, all_contacts(ctx), counters)),
        ("admissions", _admissions(run, ctx, stays, counters)),
        ("care_plans", _care_plans(ctx, code, counters)),
    ]
    data_end = year_bounds(run.years[-1])[1]
    state.episodes += [
        after_discharge(ctx, stays, data_end),
        ended_long_term(ctx, gone | relocating, final),
    ]
    return batches, gone, relocating


def arrive(run: Run, state: MunicipalityState, staying: People, year: int) -> None:
    """Set ``state.people`` for ``year``: those staying or moving in (listed anew here), plus
    the year's babies and the in-movers from elsewhere needed to reach the real total."""
    rng = np.random.default_rng(
        np.random.SeedSequence([run.seed, int(state.code), year, STREAMS.index("listing")])
    )
    local = run.catalogue.local[state.code]
    ages, female = persons.newcomers(
        rng, run.rates, staying, year, target_total(state.code, year, run.scale)
    )
    new = persons.create(
        rng, run.rates, ages, female, year, state.next_serial, int(state.code), run.seed
    )
    state.next_serial += len(new)
    assign(rng, run.rates, new, local, run.units)
    state.people = People.concat([staying, new])


def home_care_table(state: MunicipalityState) -> pa.Table:
    return _home_care(Episodes.concat(state.episodes), state.code)


def _population(run: Run, ctx: YearContext, code: str) -> pa.Table:
    p, n = ctx.people, len(ctx.people)
    sex = pa.DictionaryArray.from_arrays(pa.array(p.female.astype(np.int32)), pa.array(["M", "K"]))
    named = np.where(ctx.named, p.physician, -1)
    return t.table(
        "population",
        {
            "year": pa.array(np.full(n, ctx.year, dtype=np.int16)),
            "person_id": t.ints(p.person_id),
            "sex": sex,
            "birth_date": t.dates(p.birth_day, nullable=False),
            "municipality_code": t.constant_text(code, n),
            "listed_unit_id": t.text(p.listed, run.unit_dict),
            "named_physician_id": t.text(named, run.clinician_dict),
            "nursing_home": t.bools(ctx.nursing_home),
        },
    )


def _contacts(run: Run, ctx: YearContext, c: Contacts, counters: Counters) -> pa.Table:
    return t.table(
        "contacts",
        {
            "contact_id": t.ints(counters.take("contact", c.person.size)),
            "person_id": t.ints(ctx.people.person_id[c.person]),
            "date": t.dates(c.day),
            "unit_id": t.text(c.unit, run.unit_dict),
            "care_level": t.text(c.level, run.level_dict),
            "profession": t.text(c.profession, run.profession_dict),
            "clinician_id": t.text(c.clinician, run.clinician_dict),
            "mode": t.text(c.mode, run.mode_dict),
            "diagnosis": t.text(c.diagnosis, run.diagnosis_dict),
            "requested_on": t.dates(c.requested),
        },
    )


def _admissions(run: Run, ctx: YearContext, a: Admissions, counters: Counters) -> pa.Table:
    return t.table(
        "admissions",
        {
            "admission_id": t.ints(counters.take("admission", a.person.size)),
            "person_id": t.ints(ctx.people.person_id[a.person]),
            "unit_id": t.text(a.unit, run.unit_dict),
            "admitted_on": t.dates(a.admitted),
            "discharged_on": t.dates(a.discharged),
            "main_diagnosis": t.text(a.diagnosis, run.diagnosis_dict),
            "acute": t.bools(a.acute),
            "discharge_ready_on": t.dates(a.ready),
        },
    )


def _care_plans(ctx: YearContext, code: str, counters: Counters) -> pa.Table:
    person, day = care_plans(ctx)
    return t.table(
        "care_plans",
        {
            "plan_id": t.ints(counters.take("plan", person.size)),
            "person_id": t.ints(ctx.people.person_id[person]),
            "created_on": t.dates(day),
            "municipality_code": t.constant_text(code, person.size),
        },
    )


def _home_care(e: Episodes, code: str) -> pa.Table:
    order = np.lexsort((e.person_id, e.start))
    return t.table(
        "home_health_care",
        {
            "person_id": t.ints(e.person_id[order]),
            "municipality_code": t.constant_text(code, order.size),
            "start_on": t.dates(e.start[order]),
            "end_on": t.dates(e.end[order]),
        },
    )
