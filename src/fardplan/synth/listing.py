"""Listing at a health centre and the person's own physician there."""

from __future__ import annotations

import numpy as np

from fardplan.synth.context import UnitArrays, choose, pick_staff
from fardplan.synth.people import LISTING, People
from fardplan.synth.rates import Rates
from fardplan.synth.units import LocalUnits


def assign(
    rng: np.random.Generator, rates: Rates, people: People, local: LocalUnits, units: UnitArrays
) -> None:
    """List new persons (in place) at a local health centre, weighted by the centres' sizes,
    and give each one of its physicians as their own; a share stays unlisted (-1)."""
    n = len(people)
    listed = people.trait[:, LISTING] < rates.value("traits.listed_share")
    centre = choose(rng, local.health_centres, local.hc_weights, n)
    physician = pick_staff(rng, units, centre, np.zeros(n, dtype=np.int64))
    people.listed = np.where(listed, centre, -1)
    people.physician = np.where(listed, physician, -1)
