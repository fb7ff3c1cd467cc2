"""Runs analysis with the Anhøj rules, as qicharts2's ``runs.analysis`` does it.

The points on the centre line are left out; of the others (the *useful* ones, n of them) a
run is a sequence on one side, a crossing a change of side. A signal (non-random variation):
the longest run is longer than round(log2(n)) + 3 (Schilling), or there are fewer crossings
than the 5th percentile of Binomial(n − 1, 0.5) (Chen), R's ``qbinom(0.05, n - 1, 0.5)``.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache


@dataclass(frozen=True)
class Runs:
    """The runs analysis of one part. Every field but ``n_useful`` and ``signal`` is None when
    no point lies off the centre line (and ``signal`` is then False)."""

    n_useful: int
    longest_run: int | None
    longest_run_max: int | None
    crossings: int | None
    crossings_min: int | None
    signal: bool
    # With a signal: the side (+1 above, -1 below) and the index (in the values given) of the
    # last point of the most recent run longer than allowed, else of the last run (a signal
    # of too few crossings): what an assessment dates a runs signal by.
    signal_side: int | None = None
    signal_index: int | None = None


def runs_analysis(values: Sequence[float | None], centres: Sequence[float | None]) -> Runs:
    """Return the runs analysis of ``values`` against ``centres`` (one centre per value).

    A value or centre None (or NaN) is skipped, so a run continues across a gap, as in
    qicharts2.
    """
    sides: list[int] = []
    indices: list[int] = []
    for index, (value, centre) in enumerate(zip(values, centres, strict=True)):
        if _missing(value) or _missing(centre):
            continue
        assert value is not None and centre is not None
        side = (value > centre) - (value < centre)
        if side:
            sides.append(side)
            indices.append(index)
    n = len(sides)
    if n == 0:
        return Runs(0, None, None, None, None, False)
    lengths, ends = _run_lengths(sides)
    longest = max(lengths)
    longest_max = longest_run_limit(n)
    crossings = len(lengths) - 1
    crossings_min = crossings_limit(n)
    signal = longest > longest_max or crossings < crossings_min
    # Date the signal by the last long run when one is too long, else by the last run.
    long_runs = [i for i, length in enumerate(lengths) if length > longest_max]
    end = ends[long_runs[-1] if long_runs else len(lengths) - 1]
    if not signal:
        return Runs(n, longest, longest_max, crossings, crossings_min, False)
    return Runs(n, longest, longest_max, crossings, crossings_min, True, sides[end], indices[end])


def _missing(value: float | None) -> bool:
    return value is None or math.isnan(value)


def _run_lengths(sides: list[int]) -> tuple[list[int], list[int]]:
    """Return the lengths of the runs of equal sides and the index of each run's last side."""
    lengths: list[int] = []
    ends: list[int] = []
    for index, side in enumerate(sides):
        if index and side == sides[index - 1]:
            lengths[-1] += 1
            ends[-1] = index
        else:
            lengths.append(1)
            ends.append(index)
    return lengths, ends


def longest_run_limit(n_useful: int) -> int:
    """Return the longest run allowed among ``n_useful`` points: round(log2(n)) + 3.

    Python's ``round`` rounds half to even as R's does; log2 of a whole number is never
    exactly half-way anyway.
    """
    return round(math.log2(n_useful)) + 3


@cache
def crossings_limit(n_useful: int) -> int:
    """Return the fewest crossings expected of ``n_useful`` points, qbinom(0.05, n − 1, 0.5).

    Computed exactly: the smallest k with P(X ≤ k) ≥ 0.05 for X ~ Binomial(n − 1, 1/2), that
    is 20 · Σ_{i ≤ k} C(n − 1, i) ≥ 2^(n − 1) in whole numbers (never an exact tie: 5 does
    not divide a power of 2).
    """
    trials = max(n_useful - 1, 0)
    total = 1 << trials
    cumulative = 0
    term = 1  # C(trials, k)
    for k in range(trials + 1):
        cumulative += term
        if 20 * cumulative >= total:
            return k
        term = term * (trials - k) // (k + 1)
    return trials  # not reached: the whole distribution sums to 1
