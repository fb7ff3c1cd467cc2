"""Seasonal patterns of monthly series: estimate month-of-year factors, adjust by them.

Health care has winter peaks and a July dip. Charted raw, a seasonal series crosses its
centre line about twice a year, and its runs analysis signals "too few crossings" whatever
happens; a winter peak may pass a limit. So the follow-up divides each month's value by its
month's factor and analyses the adjusted series. The runs analysis then still runs on single
months, never on rolling sums or moving averages (neighbouring points sharing data would make
nearly every series signal).

The factors come from classical multiplicative decomposition: the trend is the centred
2×12-month moving average (for p and u charts the ratio of the moving sums of numerators and
denominators), each month's factor is its pooled ratio to that trend over the years, and the
twelve factors are scaled to average 1. The moving average is only used to *estimate* the
pattern; a step in the level (an improvement) moves the trend, not the factors. It needs
every calendar month at least twice with a trend, so 36 consecutive months in practice (24
when no month is missing is not enough: the average loses six months at each end).

A pattern estimated on a small area's own series partly fits that series' noise, which
narrows its limits; the ``signals`` command and the follow-up pages therefore adjust a
municipality by the pattern of its county (and a county by Sweden's where the run has it),
which has the same seasons and a fraction of the noise.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

import numpy as np

from fardplan.spc.model import Chart, Point, Season, SeriesError

MONTH = re.compile(r"^(\d{4})-(0[1-9]|1[0-2])$")
MIN_YEARS = 2  # ratios to the trend each calendar month needs


def month_index(period: str) -> int | None:
    """Return months since year 0 of ``"YYYY-MM"``, or None for any other period."""
    match = MONTH.match(period)
    return int(match[1]) * 12 + int(match[2]) - 1 if match else None


def estimate_season(points: Sequence[Point], chart: Chart, source: str = "") -> Season | None:
    """Return the seasonal pattern of a monthly series, or None when it cannot be estimated.

    None: a period that is not a month, fewer than ``MIN_YEARS`` ratios to the trend in some
    calendar month (too short a series, or too many gaps), or a month whose factor is 0 (no
    event at all in it). ``source`` is recorded on the result for the page to name.
    """
    months = [month_index(point.period) for point in points]
    if not points or any(month is None for month in months):
        return None
    first = min(m for m in months if m is not None)
    span = max(m for m in months if m is not None) - first + 1
    numerator, denominator = np.zeros(span), np.full(span, np.nan)
    for point, month in zip(points, months, strict=True):
        assert month is not None
        numerator[month - first], denominator[month - first] = _counts(point, chart)
    trend = _trend(numerator, denominator)
    factors = _factors(numerator, denominator, trend, first)
    if factors is None:
        return None
    periods = sorted(point.period for point in points)
    return Season(tuple(float(f) for f in factors), source, periods[0], periods[-1])


def _counts(point: Point, chart: Chart) -> tuple[float, float]:
    """Return (numerator, denominator) of a point: the value over 1 on a run or I chart; NaN
    denominator for a gap."""
    if chart.uses_counts:
        if point.numerator is None or not point.denominator:
            return 0.0, np.nan
        return point.numerator, point.denominator
    return (0.0, np.nan) if point.value is None else (point.value, 1.0)


def _trend(numerator: np.ndarray, denominator: np.ndarray) -> np.ndarray:
    """Return the centred 2×12 moving ratio of sums (NaN where the window is incomplete)."""
    weights = np.array([0.5] + [1.0] * 11 + [0.5])
    trend = np.full(numerator.shape, np.nan)
    for t in range(6, len(numerator) - 6):
        window = slice(t - 6, t + 7)
        if np.isnan(denominator[window]).any():
            continue
        below = (weights * denominator[window]).sum()
        if below > 0:
            trend[t] = (weights * numerator[window]).sum() / below
    return trend


def _factors(
    numerator: np.ndarray, denominator: np.ndarray, trend: np.ndarray, first: int
) -> np.ndarray | None:
    """Return each calendar month's pooled ratio to the trend, scaled to average 1."""
    usable = ~np.isnan(trend) & ~np.isnan(denominator) & (trend > 0)
    calendar = (np.arange(len(trend)) + first) % 12
    factors = np.empty(12)
    for month in range(12):
        rows = usable & (calendar == month)
        if rows.sum() < MIN_YEARS:
            return None
        factors[month] = numerator[rows].sum() / (trend[rows] * denominator[rows]).sum()
    if not np.all(np.isfinite(factors)) or factors.min() <= 0:
        return None
    return np.asarray(factors / factors.mean())


def adjust(points: Sequence[Point], season: Season) -> list[Point]:
    """Return the points divided by their month's factor: the value and the numerator (so a
    p or u chart keeps its denominators). A period that is not a month is refused."""
    adjusted = []
    for point in points:
        if month_index(point.period) is None:
            raise SeriesError(f"period {point.period!r} is not a month (YYYY-MM)")
        factor = season.factor(point.period)
        adjusted.append(
            Point(
                point.period,
                None if point.value is None else point.value / factor,
                None if point.numerator is None else point.numerator / factor,
                point.denominator,
            )
        )
    return adjusted
