"""The assessment of a series in the manner of NHS England's *Making Data Count*.

Only the last part counts (the present process; an earlier part is history). Its
special-cause signals are:

- every point strictly outside the limits (``sigma_signal``), dated by its period and
  pointing to its side of the centre line;
- a runs signal (Anhøj rules), dated by the end of the most recent run longer than allowed,
  pointing to that run's side; when the signal is too few crossings only, by the end of the
  last run, pointing to its side.

The most recent of these decides (on the same period a point outside the limits wins, being
the more direct evidence). Its side against the indicator's good direction gives
improvement or deterioration; an indicator without a good direction ("neutral") gets
``special_cause``. No signal: ``common_cause``.

``no_data``, whatever else: fewer than ``MIN_POINTS`` points with a value in the last part, or
more than ``MAX_GAPS`` of its periods gaps. Suppression hides the small values (a numerator of
1–4), so a series with many suppressed cells is not merely shorter but biased upwards, and
its zeros and fives make limits and runs meaningless. A colour shown for an assessment comes from
this alone, never from a rank among areas.
"""

from __future__ import annotations

from enum import StrEnum
from typing import Literal

from fardplan.spc.model import Analysis

# Points a part needs before its signals are read: the runs rules have little power below
# about ten useful points, and three yearly values are no process to judge.
MIN_POINTS = 10
MAX_GAPS = 0.25  # share of a part's periods


class Assessment(StrEnum):
    IMPROVEMENT = "improvement"
    DETERIORATION = "deterioration"
    SPECIAL_CAUSE = "special_cause"  # a signal, on an indicator where neither way is better
    COMMON_CAUSE = "common_cause"
    NO_DATA = "no_data"


def assess(
    analysis: Analysis, good_direction: Literal["higher", "lower", "neutral"] | None
) -> Assessment:
    """Return the assessment of ``analysis`` (see the module's text for the rules).

    ``good_direction`` is the catalogue's ``good``; None or ``"neutral"`` gives
    ``special_cause`` for a signal.
    """
    part = analysis.last_part
    if part is None or part.n_points < MIN_POINTS:
        return Assessment.NO_DATA
    if part.n_periods - part.n_points > MAX_GAPS * part.n_periods:
        return Assessment.NO_DATA
    side = latest_signal_side(analysis)
    if side is None:
        return Assessment.COMMON_CAUSE
    if good_direction not in ("higher", "lower"):
        return Assessment.SPECIAL_CAUSE
    good = 1 if good_direction == "higher" else -1
    return Assessment.IMPROVEMENT if side == good else Assessment.DETERIORATION


def latest_signal_side(analysis: Analysis) -> int | None:
    """Return the side (+1 above, -1 below the centre) of the last part's most recent
    special-cause signal, or None without one."""
    part = analysis.last_part
    if part is None:
        return None
    number = len(analysis.parts) - 1
    signals: list[tuple[str, int, int]] = []  # (period, priority, side)
    for point in analysis.points:
        if point.part == number and point.sigma_signal:
            assert point.value is not None and point.centre is not None
            signals.append((point.period, 1, 1 if point.value > point.centre else -1))
    if part.runs_signal and part.signal_period is not None and part.signal_side is not None:
        signals.append((part.signal_period, 0, part.signal_side))
    return max(signals)[2] if signals else None


def long_run_points(analysis: Analysis) -> dict[int, int]:
    """Return the points (index → side, +1 above and -1 below the centre) of every run longer
    than its part allows: the runs a chart colours as a signal, as *Making Data Count* does.

    A point without a value or on the centre line is skipped, as the runs analysis skips
    it: it neither extends nor breaks a run, and is not coloured. A part whose only runs
    signal is too few crossings has no such run: nothing is returned for it.
    """
    members: dict[int, int] = {}
    for number, part in enumerate(analysis.parts):
        limit = part.longest_run_max
        if not part.runs_signal or limit is None or (part.longest_run or 0) <= limit:
            continue
        run: list[int] = []
        side = 0
        for index, point in enumerate(analysis.points):
            if point.part != number or point.value is None or point.centre is None:
                continue
            here = (point.value > point.centre) - (point.value < point.centre)
            if here == 0:
                continue
            if here != side:
                if len(run) > limit:
                    members.update(dict.fromkeys(run, side))
                run, side = [], here
            run.append(index)
        if len(run) > limit:
            members.update(dict.fromkeys(run, side))
    return members
