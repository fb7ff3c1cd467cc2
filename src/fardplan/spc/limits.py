"""Centre lines and 3-sigma limits of each chart, as qicharts2 0.7.5 computes them.

Every function takes the part's values ``y`` (NaN for a gap), denominators ``n`` (p and u
family) and ``base``, the points the centre and limits come from (the frozen baseline, or the
whole part). Moving ranges are taken between neighbouring periods of the baseline: a gap
breaks them, as ``diff`` over NA does in R. Before sigma is taken, moving ranges of 3.267 times
their mean or more are dropped and the mean taken again (Nelson's screening, which qicharts2
applies to I, p′ and u′ charts once the package is attached: option ``qic.screenedmr``).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from fardplan.spc.model import Chart

D2 = 1.128  # E[moving range] / sigma for two points of a normal distribution
SCREEN = 3.267  # D4 for moving ranges of two: the upper limit of a moving range


@dataclass(frozen=True)
class Limits:
    """A part's centre (NaN when the baseline has no value) and per-point limits (NaN where
    undefined: a run chart, a gap without denominator, too short a baseline for sigma)."""

    centre: float
    lower: np.ndarray
    upper: np.ndarray
    sigma_z: float | None = None


def limits(chart: Chart, y: np.ndarray, n: np.ndarray, base: np.ndarray) -> Limits:
    """Return the centre and limits of ``chart`` for one part (arrays of equal length)."""
    if chart is Chart.RUN:
        return _run(y, base)
    if chart is Chart.I:
        return _individuals(y, base)
    return _counts(chart, y, n, base)


def _run(y: np.ndarray, base: np.ndarray) -> Limits:
    known = y[base & ~np.isnan(y)]
    centre = float(np.median(known)) if known.size else np.nan
    blank = np.full(y.shape, np.nan)
    return Limits(centre, blank, blank.copy())


def _individuals(y: np.ndarray, base: np.ndarray) -> Limits:
    known = y[base & ~np.isnan(y)]
    centre = float(known.mean()) if known.size else np.nan
    sigma = screened_mean_range(y[base]) / D2
    return Limits(
        centre, np.full(y.shape, centre - 3 * sigma), np.full(y.shape, centre + 3 * sigma)
    )


def _counts(chart: Chart, y: np.ndarray, n: np.ndarray, base: np.ndarray) -> Limits:
    known = base & ~np.isnan(y) & (n > 0)
    total = n[known].sum()
    centre = float((y[known] * n[known]).sum() / total) if total > 0 else np.nan
    with np.errstate(divide="ignore", invalid="ignore"):
        spread = centre * (1 - centre) if chart.is_proportion else centre
        sigma = np.where(n > 0, np.sqrt(spread / n), np.nan)
        sigma_z = None
        if chart in (Chart.PP, Chart.UP):
            z = (y[base] - centre) / sigma[base]
            sigma_z = screened_mean_range(z) / D2
            sigma = sigma * sigma_z
    lower = np.maximum(centre - 3 * sigma, 0.0)  # NaN stays NaN
    upper = centre + 3 * sigma
    if chart.is_proportion:
        upper = np.minimum(upper, 1.0)
    return Limits(centre, lower, upper, None if sigma_z is None else float(sigma_z))


def screened_mean_range(values: np.ndarray) -> float:
    """Return the mean moving range of ``values`` after Nelson's screening (NaN when there
    is no moving range). A series whose neighbours are all equal gives 0."""
    ranges = np.abs(np.diff(values))
    ranges = ranges[np.isfinite(ranges)]
    if not ranges.size:
        return np.nan
    mean = float(ranges.mean())
    if mean == 0:
        return 0.0  # qicharts2 screens every range away here and returns NaN: no limits
    return float(ranges[ranges < SCREEN * mean].mean())
