"""Event dates: sampling days of a year with a month (season) and weekday profile."""

from __future__ import annotations

import datetime as dt
from functools import cache

import numpy as np

from fardplan.synth.rates import Rates
from fardplan.synth.types import FloatArray, IntArray

EPOCH = dt.date(1970, 1, 1)


def day_number(day: dt.date) -> int:
    """Return ``day`` as days since 1970-01-01 (the value Parquet stores in a date32)."""
    return (day - EPOCH).days


def year_bounds(year: int) -> tuple[int, int]:
    """Return the day numbers of 1 January and 31 December of ``year``."""
    return day_number(dt.date(year, 1, 1)), day_number(dt.date(year, 12, 31))


@cache
def _cdf(year: int, months: tuple[float, ...], weekdays: tuple[float, ...]) -> FloatArray:
    first, last = year_bounds(year)
    days = [EPOCH + dt.timedelta(days=d) for d in range(first, last + 1)]
    weights = np.array([months[d.month - 1] * weekdays[d.weekday()] for d in days])
    cdf = np.cumsum(weights)
    result: FloatArray = cdf / cdf[-1]
    return result


class DaySampler:
    """Draw event days of a year, weighted by a named season and weekday profile (rates.yaml)."""

    def __init__(self, rates: Rates) -> None:
        self._rates = rates

    def sample(
        self, rng: np.random.Generator, year: int, season: str, weekday: str, n: int
    ) -> IntArray:
        """Return ``n`` day numbers within ``year`` (1 Jan … 31 Dec)."""
        months = tuple(float(v) for v in self._rates.raw(f"seasons.{season}"))
        weeks = tuple(float(v) for v in self._rates.raw(f"weekdays.{weekday}"))
        cdf = _cdf(year, months, weeks)
        offsets = np.searchsorted(cdf, rng.random(n), side="right")
        first, _ = year_bounds(year)
        result: IntArray = np.minimum(offsets, cdf.size - 1).astype(np.int64) + first
        return result
