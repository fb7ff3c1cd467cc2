"""Generate every table's rows for one municipality over all years, as Arrow tables."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

import numpy as np
import pyarrow as pa

from fardplan.synth import people as persons
from fardplan.synth import tables as t
from fardplan.synth.admissions import Admissions, all_admissions
from fardplan.synth.calendar import DaySampler, year_bounds
from fardplan.synth.codes import ALL_DIAGNOSES, CARE_LEVELS, MODES, PROFESSIONS
from fardplan.synth.contacts import Contacts, all_contacts
from fardplan.synth.context import UnitArrays, YearContext, municipality_factors
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


def generate_municipality(
    run: Run, code: str, region: str, counters: Counters
) -> Iterator[tuple[str, pa.Table]]:
    """Yield (table name, Arrow table) batches of municipality ``code`` for every year."""
    muni = int(code)
    rng = np.random.default_rng(np.random.SeedSequence([run.seed, muni, 0, 0]))
    local = run.catalogue.local[code]
    ages, female = persons.draw_ages(
        rng, age_profile(run.rates, code), target_total(code, run.years[0], run.scale)
    )
    people = persons.create(rng, run.rates, ages, female, run.years[0], 0, muni, run.seed)
    assign(rng, run.rates, people, local, run.units)
    factors = municipality_factors(run.rates, run.seed, muni)
    effects = {e.target: e for e in run.effects if e.municipality_code == code}
    data_end = year_bounds(run.years[-1])[1]
    episodes: list[Episodes] = []
    for year in run.years:
        final = year == run.years[-1]
        ctx = YearContext(
            run.seed,
            code,
            year,
            people,
            run.rates,
            local,
            run.units,
            run.sampler,
            run.named_share[region],
            factors,
            effects,
        )
        demography = ctx.rng("demography")
        leaving = (
            np.zeros(len(people), dtype=bool)
            if final
            else persons.leavers(
                demography, run.rates, people, year, target_total(code, year + 1, run.scale)
            )
        )
        start_long_term(ctx, year == run.years[0])
        yield "population", _population(run, ctx, code)
        yield "contacts", _contacts(run, ctx, all_contacts(ctx), counters)
        stays = all_admissions(ctx, ~leaving & (not final))
        yield "admissions", _admissions(run, ctx, stays, counters)
        yield "care_plans", _care_plans(ctx, code, counters)
        episodes += [after_discharge(ctx, stays, data_end), ended_long_term(ctx, leaving, final)]
        if not final:
            people = _next_year(run, people, leaving, demography, year + 1, code, ctx)
    yield "home_health_care", _home_care(Episodes.concat(episodes), code)


def _next_year(
    run: Run,
    people: People,
    leaving: BoolArray,
    rng: np.random.Generator,
    year: int,
    code: str,
    ctx: YearContext,
) -> People:
    staying = people.take(~leaving)
    ages, female = persons.newcomers(
        rng, run.rates, staying, year, target_total(code, year, run.scale)
    )
    first_serial = int(people.serial.max()) + 1 if len(people) else 0
    new = persons.create(rng, run.rates, ages, female, year, first_serial, int(code), run.seed)
    assign(rng, run.rates, new, ctx.local, run.units)
    return People.concat([staying, new])


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
