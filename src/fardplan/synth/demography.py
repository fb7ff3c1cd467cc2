"""Population sizes and age structure of each municipality, from the shipped reference data.

Ages 15–74 use the municipality's own 2022 sex × 5-year profile; ages 0–14 and 75–99 use the
national profile in ``rates.yaml``, tilted by the municipality's share of adjacent bands.
"""

from __future__ import annotations

from functools import cache

import numpy as np

from fardplan.reference.sweden import municipality_totals, population
from fardplan.synth.rates import Rates
from fardplan.synth.types import FloatArray

MAX_AGE = 100  # ages 0–99; the national 95–99 band ends the profile
SEXES = ("M", "K")  # row 0 men, row 1 women


def _band_range(label: str) -> range:
    low, high = (int(part) for part in label.split("-"))
    return range(low, high + 1)


@cache
def _observed_bands() -> dict[str, FloatArray]:
    """Return per municipality a (2, 100) array of 2022 counts for ages 15–74 (others 0)."""
    result: dict[str, FloatArray] = {}
    for row in population():
        if row.year != 2022 or row.sex == "total":
            continue
        counts = result.setdefault(row.municipality_code, np.zeros((2, MAX_AGE)))
        ages = _band_range(row.age_group)
        counts[0 if row.sex == "male" else 1, ages.start : ages.stop] = row.population / len(ages)
    return result


def _national_outer(rates: Rates) -> tuple[FloatArray, FloatArray]:
    """Return (young, old): (2, 100) national weights for ages 0–14 and 75–99."""
    young, old = np.zeros((2, MAX_AGE)), np.zeros((2, MAX_AGE))
    for label, (men, women) in rates.raw("national_bands_thousands").items():
        ages = _band_range(str(label))
        target = young if ages.start < 15 else old
        target[0, ages.start : ages.stop] = float(men) / len(ages)
        target[1, ages.start : ages.stop] = float(women) / len(ages)
    return young, old


def age_profile(rates: Rates, code: str) -> FloatArray:
    """Return the (2, 100) probabilities of sex × single year of age in municipality ``code``."""
    observed = _observed_bands()
    counts = observed[code]
    nation: FloatArray = np.sum(list(observed.values()), axis=0)
    young, old = _national_outer(rates)
    total_2022 = _totals(2022)[code]
    remainder = max(total_2022 - counts.sum(), 0.0)
    young_w, old_w = young.sum(), old.sum()
    if rates.raw("tilt_by_neighbour_bands"):
        young_w *= _share(counts, nation, 25, 45)
        old_w *= _share(counts, nation, 65, 75)
    outer = (young * young_w / young.sum() + old * old_w / old.sum()) / (young_w + old_w)
    profile = counts + outer * remainder
    result: FloatArray = profile / profile.sum()
    return result


def _share(counts: FloatArray, nation: FloatArray, low: int, high: int) -> float:
    """Return the municipality's share of ages low..high-1 relative to the nation's."""
    own = counts[:, low:high].sum() / counts.sum()
    national = nation[:, low:high].sum() / nation.sum()
    return float(own / national)


@cache
def _totals(year: int) -> dict[str, int]:
    return municipality_totals(year)


def target_total(code: str, year: int, scale: float) -> int:
    """Return the scaled population of ``code`` at 31 Dec ``year``: the real 2024 total,
    moved by the municipality's own 2022–2024 yearly change; never below 1."""
    t22, t24 = _totals(2022)[code], _totals(2024)[code]
    real = t24 + (t24 - t22) / 2 * (year - 2024)
    return max(1, round(real * scale))
