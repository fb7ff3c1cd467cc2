"""Analyse a series on a chart: split it into parts, compute centre and limits, run the runs
analysis and flag the points outside the limits (the engine of ``fardplan spc``, ``fardplan
signals`` and the follow-up pages, so that all three agree)."""

from __future__ import annotations

from collections.abc import Sequence
from itertools import pairwise

import numpy as np

from fardplan.spc.limits import Limits, limits
from fardplan.spc.model import (
    Analysis,
    Chart,
    Part,
    Point,
    PointResult,
    Season,
    SeriesError,
)
from fardplan.spc.runs import runs_analysis
from fardplan.spc.seasonal import adjust, estimate_season, month_index


def analyse(
    points: Sequence[Point],
    chart: Chart,
    *,
    freeze: int | None = None,
    breaks: Sequence[str] = (),
    seasonal: bool = False,
    season: Season | None = None,
    scale: float = 1.0,
) -> Analysis:
    """Return the analysis of ``points`` on ``chart``, as qicharts2's ``qic()`` computes it
    by default. The points are charted in the order given.

    - ``freeze``: the centre and limits of the first part come from its first ``freeze``
      points with a value only (the baseline); its runs analysis still covers all its points,
      against that centre. Later parts use all their points.
    - ``breaks``: periods where a new part starts; each part gets its own centre, limits and
      runs analysis (a break at the first period changes nothing).
    - ``seasonal``: divide each month by its month-of-year factor (``seasonal`` module) and
      analyse the adjusted series. The factors are ``season`` when given (the county's
      pattern, say), else estimated on this series (its frozen baseline when frozen). A
      series too short to estimate a pattern is analysed unadjusted: ``Analysis.season`` is
      then None, which the page must say.
    - ``scale``: recorded on the result; multiply values, centres and limits by it to show
      them in the indicator's unit (the catalogue's ``factor`` for p and u charts, else 1).

    A gap (see ``Point``) is skipped in every computation and kept in the output. Raises
    ``ValueError`` for a repeated period, months (``YYYY-MM``) out of order, a break that is
    not a period of the series, or ``freeze`` below 1.
    """
    _check(points, breaks, freeze)
    chart = Chart(chart)
    used_season = None
    if seasonal:
        baseline = _frozen_points(points, freeze) if freeze else points
        used_season = season or estimate_season(baseline, chart, source="own")
    charted = adjust(points, used_season) if used_season else list(points)
    y, n = _chart_values(charted, chart)
    observed, _ = _chart_values(points, chart)
    starts = _part_starts(points, breaks)
    parts: list[Part] = []
    results: list[PointResult] = []
    for number, (start, end) in enumerate(zip(starts, [*starts[1:], len(points)], strict=True)):
        rows = slice(start, end)
        part, part_points = _analyse_part(
            points[rows], chart, (y[rows], n[rows], observed[rows]), number, freeze
        )
        parts.append(part)
        results.extend(part_points)
    return Analysis(chart, parts, results, scale, used_season, freeze)


def _check(points: Sequence[Point], breaks: Sequence[str], freeze: int | None) -> None:
    periods = [point.period for point in points]
    if len(set(periods)) < len(periods):
        raise SeriesError("a period occurs twice in the series")
    months = [month_index(period) for period in periods]
    if None not in months and any(a >= b for a, b in pairwise(months)):  # type: ignore[operator]
        raise SeriesError("the months must be in increasing order")
    unknown = sorted(set(breaks) - set(periods))
    if unknown:
        raise SeriesError(f"break {unknown[0]!r} is not a period of the series")
    if freeze is not None and freeze < 1:
        raise SeriesError(f"freeze must be at least 1, got {freeze}")


def _frozen_points(points: Sequence[Point], freeze: int) -> list[Point]:
    """Return the points up to and including the ``freeze``-th one with a value."""
    known = [i for i, point in enumerate(points) if point.value is not None]
    last = known[freeze - 1] if len(known) >= freeze else len(points) - 1
    return list(points[: last + 1])


def _chart_values(points: Sequence[Point], chart: Chart) -> tuple[np.ndarray, np.ndarray]:
    """Return the charted values (NaN for a gap) and the denominators (NaN where none)."""
    y = np.full(len(points), np.nan)
    n = np.full(len(points), np.nan)
    for i, point in enumerate(points):
        if point.denominator is not None:
            n[i] = point.denominator
        if not chart.uses_counts:
            y[i] = np.nan if point.value is None else point.value
        elif point.value is not None and point.numerator is not None and n[i] > 0:
            y[i] = point.numerator / n[i]
    return y, n


def _part_starts(points: Sequence[Point], breaks: Sequence[str]) -> list[int]:
    index = {point.period: i for i, point in enumerate(points)}
    return sorted({0} | {index[period] for period in breaks})


def _analyse_part(
    points: Sequence[Point],
    chart: Chart,
    arrays: tuple[np.ndarray, np.ndarray, np.ndarray],
    number: int,
    freeze: int | None,
) -> tuple[Part, list[PointResult]]:
    """Return part ``number`` analysed; ``arrays``: its charted values, denominators and
    values before adjustment. Only the first part is frozen."""
    y, n, observed = arrays
    known = ~np.isnan(y)
    base = np.ones(len(y), dtype=bool)
    if freeze is not None and number == 0 and known.sum() > freeze:
        base[np.flatnonzero(known)[freeze] :] = False
    found = limits(chart, y, n, base)
    centres = np.where(np.isnan(found.centre), np.nan, np.full(len(y), found.centre))
    runs = runs_analysis(_floats(y), _floats(centres))
    with np.errstate(invalid="ignore"):
        outside = known & ((y > found.upper) | (y < found.lower))
    part = Part(
        first_period=points[0].period,
        last_period=points[-1].period,
        centre=_float(found.centre),
        n_periods=len(points),
        n_points=int(known.sum()),
        n_baseline=int((known & base).sum()),
        n_useful=runs.n_useful,
        longest_run=runs.longest_run,
        longest_run_max=runs.longest_run_max,
        crossings=runs.crossings,
        crossings_min=runs.crossings_min,
        runs_signal=runs.signal,
        sigma_z=found.sigma_z,
        signal_side=runs.signal_side,
        signal_period=None if runs.signal_index is None else points[runs.signal_index].period,
    )
    return part, _results(points, (y, observed), found, outside, number)


def _results(
    points: Sequence[Point],
    values: tuple[np.ndarray, np.ndarray],
    found: Limits,
    outside: np.ndarray,
    number: int,
) -> list[PointResult]:
    y, observed = values
    return [
        PointResult(
            period=point.period,
            value=_float(y[i]),
            centre=_float(found.centre),
            lower=_float(found.lower[i]),
            upper=_float(found.upper[i]),
            sigma_signal=bool(outside[i]),
            observed=_float(observed[i]),
            part=number,
        )
        for i, point in enumerate(points)
    ]


def _float(value: float | np.floating) -> float | None:
    """Return a finite value as a float, NaN (or infinity) as None."""
    return float(value) if np.isfinite(value) else None


def _floats(values: np.ndarray) -> list[float | None]:
    return [_float(v) for v in values]
