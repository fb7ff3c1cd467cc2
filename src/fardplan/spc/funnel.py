"""Funnel plots: control limits around a target (the county's value) that narrow as the
denominator grows, so that a small municipality is not called an outlier by chance.

After Spiegelhalter, *Funnel plots for comparing institutional performance* (Statistics in
Medicine 2005;24:1185–1202):

- a proportion (numerator persons or events among the denominator's): Binomial(n, θ);
- a rate per population (events per inhabitant): Poisson(θ·n).

The limit of probability ``q`` at denominator ``n`` is the interpolated quantile of the count
(the paper's appendix): with ``r`` the smallest count whose distribution function ``F(r) ≥ q``,
``α = (F(r) − q) / (F(r) − F(r − 1))`` and the limit ``(r − α) / n``, so the limits run smooth
instead of in steps. This is exact while the expected count (the smaller of θ·n and
(1 − θ)·n for a proportion) is at most ``EXACT_UP_TO``; above it the normal approximation
``θ ± z·√(θ(1 − θ)/n)`` (or ``√(θ/n)``) is used, which there differs from the exact limit by
well under a hundredth of the limit's distance from θ. Limits are in numerator per
denominator (a proportion 0–1, a rate per inhabitant); a caller scales them to the unit.

Analytics core: no web code.
"""

from __future__ import annotations

import math
from collections.abc import Iterator
from dataclasses import dataclass
from enum import StrEnum

from fardplan.catalogue import Indicator
from fardplan.spc.choice import default_chart
from fardplan.spc.model import Chart

EXACT_UP_TO = 500.0  # expected count up to which the limits are computed exactly
# Two-sided 95 % and 99.8 % limits: the normal quantiles of 0.975 and 0.999.
Z95, Z998 = 1.959963984540054, 3.090232306167813
PROBABILITIES = (0.001, 0.025, 0.975, 0.999)  # lower 99.8, lower 95, upper 95, upper 99.8


class FunnelKind(StrEnum):
    PROPORTION = "proportion"  # binomial
    RATE = "rate"  # Poisson


class Position(StrEnum):
    """Where a value lies against the funnel at its own denominator."""

    ABOVE_998 = "above_998"
    ABOVE_95 = "above_95"
    WITHIN = "within"
    BELOW_95 = "below_95"
    BELOW_998 = "below_998"


@dataclass(frozen=True)
class Limits:
    """The four limits at one denominator, in numerator per denominator."""

    denominator: float
    lower_998: float
    lower_95: float
    upper_95: float
    upper_998: float

    def position(self, value: float) -> Position:
        """Return where ``value`` (same scale as the limits) lies; on a limit is within."""
        if value > self.upper_998:
            return Position.ABOVE_998
        if value > self.upper_95:
            return Position.ABOVE_95
        if value < self.lower_998:
            return Position.BELOW_998
        if value < self.lower_95:
            return Position.BELOW_95
        return Position.WITHIN


def funnel_kind(indicator: Indicator) -> FunnelKind | None:
    """Return the distribution that fits ``indicator``'s counts, or None when no funnel fits:
    an imported indicator (no counts), an age-standardised one (its value is not numerator
    over denominator), a mean per person such as COC, or a sum such as days (one person's
    many days are not independent events, so Poisson limits would be far too narrow)."""
    chart = default_chart(indicator)
    computation = indicator.computation
    if computation is None or computation.numerator.measure == "sum":
        return None
    if chart is Chart.PP:
        return FunnelKind.PROPORTION
    if chart is Chart.UP:
        return FunnelKind.RATE
    return None


def limits(target: float, denominator: float, kind: FunnelKind) -> Limits:
    """Return the 95 % and 99.8 % limits around ``target`` at ``denominator``.

    ``target`` is a proportion in [0, 1] or a rate ≥ 0 per unit of denominator; raises
    ValueError for a denominator ≤ 0 or a target out of range. A proportion's limits are
    clipped to [0, 1], a rate's lower limits at 0. A target of 0 (or 1) gives limits equal
    to it: no count can then differ by chance.
    """
    if not denominator > 0:
        raise ValueError(f"the denominator must be above 0, not {denominator!r}")
    if target < 0 or (kind is FunnelKind.PROPORTION and target > 1):
        raise ValueError(f"the target {target!r} is out of range for a {kind.value}")
    if kind is FunnelKind.PROPORTION:
        found = _binomial_limits(target, denominator)
    else:
        found = _poisson_limits(target, denominator)
    return Limits(denominator, *found)


def curve(
    target: float, kind: FunnelKind, smallest: float, largest: float, steps: int = 60
) -> list[Limits]:
    """Return the limits at ``steps`` denominators spaced evenly on a log scale from
    ``smallest`` to ``largest`` (both > 0; one point when they are equal)."""
    if smallest <= 0 or largest < smallest:
        raise ValueError(f"bad denominator range {smallest!r}–{largest!r}")
    if largest == smallest:
        return [limits(target, smallest, kind)]
    ratio = math.log(largest / smallest) / (steps - 1)
    return [limits(target, smallest * math.exp(ratio * i), kind) for i in range(steps)]


def _normal(target: float, sigma: float) -> tuple[float, float, float, float]:
    return (
        target - Z998 * sigma,
        target - Z95 * sigma,
        target + Z95 * sigma,
        target + Z998 * sigma,
    )


def _binomial_limits(theta: float, n: float) -> tuple[float, float, float, float]:
    if theta in (0.0, 1.0):
        return (theta, theta, theta, theta)
    if theta > 0.5:
        # The failures are Binomial(n, 1 − θ): their limits mirrored, so the counts summed
        # stay on the smaller side (and their first probability well above the smallest float).
        low998, low95, up95, up998 = _binomial_limits(1 - theta, n)
        return (1 - up998, 1 - up95, 1 - low95, 1 - low998)
    if theta * n > EXACT_UP_TO:
        found = _normal(theta, math.sqrt(theta * (1 - theta) / n))
    else:
        # A denominator is a count; the curve's denominators need not be whole.
        size = max(1, round(n))
        found = _scaled(_interpolated(_binomial_pmf(size, theta)), 1 / n)
    low998, low95, up95, up998 = (min(1.0, max(0.0, x)) for x in found)
    return (low998, low95, up95, up998)


def _poisson_limits(theta: float, n: float) -> tuple[float, float, float, float]:
    mean = theta * n
    if mean == 0:
        return (0.0, 0.0, 0.0, 0.0)
    if mean > EXACT_UP_TO:
        found = _normal(theta, math.sqrt(theta / n))
    else:
        found = _scaled(_interpolated(_poisson_pmf(mean)), 1 / n)
    low998, low95, up95, up998 = (max(0.0, x) for x in found)
    return (low998, low95, up95, up998)


def _scaled(
    values: tuple[float, float, float, float], factor: float
) -> tuple[float, float, float, float]:
    return (values[0] * factor, values[1] * factor, values[2] * factor, values[3] * factor)


def _interpolated(pmf: Iterator[float]) -> tuple[float, float, float, float]:
    """Return the interpolated quantile counts ``r − α`` of ``PROBABILITIES``, reading the
    probabilities of 0, 1, 2 … only as far as the last quantile needs."""
    found: list[float] = []
    wanted = list(PROBABILITIES)
    cumulative, r = 0.0, -1
    for r, mass in enumerate(pmf):
        previous, cumulative = cumulative, cumulative + mass
        while wanted and cumulative >= wanted[0]:
            q = wanted.pop(0)
            found.append(r - (cumulative - q) / (cumulative - previous))
        if not wanted:
            break
    found += [float(r)] * len(wanted)  # rounding left the total mass a hair short of 1
    return (found[0], found[1], found[2], found[3])


def _poisson_pmf(mean: float) -> Iterator[float]:
    """Yield P(X = k) for k = 0, 1, … by the recurrence from e^−mean (a mean of at most
    EXACT_UP_TO keeps e^−mean well above the smallest float)."""
    mass, k = math.exp(-mean), 0
    while True:
        yield mass
        k += 1
        mass *= mean / k


def _binomial_pmf(n: int, p: float) -> Iterator[float]:
    """Yield P(X = k) for k = 0 … n by the recurrence from (1 − p)^n (p at most one half)."""
    mass, odds = math.exp(n * math.log1p(-p)), p / (1 - p)
    for k in range(n + 1):
        yield mass
        mass *= (n - k) / (k + 1) * odds
