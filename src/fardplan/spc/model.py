"""The values of statistical process control: the chart kinds, a series' points, the results.

Every value in a result is in the chart's own units: a proportion 0–1 on a p or p′ chart, a
rate per one unit of the denominator on a u or u′ chart (admissions per inhabitant), the value
as given on a run or I chart. ``Analysis.scale`` is the factor that shows them in the
indicator's unit (100 for per cent, 100 000 for "per 100 000 inhabitants").
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum


class SeriesError(ValueError):
    """A series the analysis cannot chart as given (a period twice, months out of order, a
    break or freeze outside it): the user's input, refused by name."""


class Chart(StrEnum):
    """The chart kinds, named as qicharts2 names them (``pp`` is Laney's p′, ``up`` his u′)."""

    RUN = "run"
    I = "i"  # noqa: E741 - qicharts2's name of the individuals chart
    P = "p"
    U = "u"
    PP = "pp"
    UP = "up"

    @property
    def uses_counts(self) -> bool:
        """True for p, u, p′ and u′: they chart numerator / denominator, not the value."""
        return self in (Chart.P, Chart.U, Chart.PP, Chart.UP)

    @property
    def is_proportion(self) -> bool:
        """True for p and p′: the numerator is part of the denominator, values lie in 0–1."""
        return self in (Chart.P, Chart.PP)

    @property
    def has_limits(self) -> bool:
        return self is not Chart.RUN


@dataclass(frozen=True)
class Point:
    """One period of a series, as the store publishes it.

    ``value`` is the measure in the indicator's unit (a percentage, a rate per 100 000): run
    and I charts chart it. p, u, p′ and u′ charts chart ``numerator / denominator`` instead (a
    proportion 0–1, a rate per one unit of the denominator); multiply by ``Analysis.scale``
    (the catalogue's ``factor``) to show them in the indicator's unit. ``value`` None (a
    suppressed or missing cell), or for those charts a missing numerator or a denominator
    that is missing or 0, makes the point a gap: left out of every computation, kept in the
    output.
    """

    period: str
    value: float | None
    numerator: float | None = None
    denominator: float | None = None


@dataclass(frozen=True)
class PointResult:
    """A point as charted. ``value`` is what the chart shows (seasonally adjusted when the
    analysis is); ``observed`` the value before adjustment. ``centre``, ``lower`` and ``upper``
    are None for a gap's limits on a chart that has none (run chart, or a p/u gap whose
    limits depend on its denominator). ``sigma_signal``: the value lies strictly outside the
    limits."""

    period: str
    value: float | None
    centre: float | None
    lower: float | None
    upper: float | None
    sigma_signal: bool
    observed: float | None
    part: int  # 0 for the first part, 1 after the first break …


@dataclass(frozen=True)
class Part:
    """One part of a series (the whole series unless broken), analysed on its own.

    ``n_periods``: its periods, gaps included; ``n_points``: those with a value;
    ``n_baseline``: those the centre and limits were computed from (all, or the first
    ``freeze``); ``n_useful``: points not on the centre line, which the runs analysis
    counts. The runs fields are None when ``n_useful`` is 0, and ``runs_signal`` is then
    False. ``sigma_z`` is Laney's factor (None on other charts).
    """

    first_period: str
    last_period: str
    centre: float | None
    n_periods: int
    n_points: int
    n_baseline: int
    n_useful: int
    longest_run: int | None
    longest_run_max: int | None
    crossings: int | None
    crossings_min: int | None
    runs_signal: bool
    sigma_z: float | None = None
    # Which side (+1 above, -1 below the centre) a runs signal points to, and the period it
    # is dated by: the end of the most recent run longer than allowed, else of the last run
    # (a signal of too few crossings). None without a runs signal.
    signal_side: int | None = None
    signal_period: str | None = None


@dataclass(frozen=True)
class Season:
    """Month-of-year factors of a seasonal pattern, January first, averaging 1.

    A factor 1.10 for January means January runs 10 % above the level of the year; an
    adjusted value is the observed one divided by its month's factor. ``source`` names the
    series the factors were estimated on (for the page to say so), ``first_period`` and
    ``last_period`` the span of data they come from.
    """

    factors: tuple[float, ...]
    source: str
    first_period: str
    last_period: str

    def factor(self, period: str) -> float:
        """Return the factor of a monthly period ``"YYYY-MM"``."""
        return self.factors[int(period[5:7]) - 1]


@dataclass(frozen=True)
class Analysis:
    """A series analysed on one chart: its parts and its points in period order.

    ``scale`` multiplies every value, centre and limit to show it in the indicator's unit.
    ``season`` is the pattern the values were adjusted by, or None when not adjusted (not
    asked, or too short a series to estimate one: see ``seasonal.estimate_season``).
    """

    chart: Chart
    parts: list[Part]
    points: list[PointResult]
    scale: float = 1.0
    season: Season | None = None
    frozen: int | None = None

    @property
    def last_part(self) -> Part | None:
        return self.parts[-1] if self.parts else None

    def sigma_signal_periods(self) -> list[str]:
        """Return the periods whose value lies outside the limits, in order."""
        return [point.period for point in self.points if point.sigma_signal]
