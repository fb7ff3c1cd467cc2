"""The assessment in the manner of Making Data Count, the default charts and seasonality."""

from __future__ import annotations

import math
import random

import pytest

from fardplan.catalogue import load_catalogue
from fardplan.spc import Assessment, Chart, Point, analyse, assess, default_chart, scale
from fardplan.spc.assessment import long_run_points
from fardplan.spc.seasonal import estimate_season
from tests.spc.test_charts import month, values

STEADY = [5.0, 6.0, 5.0, 6.0, 5.0, 6.0, 5.0, 6.0, 5.0, 6.0, 5.0, 6.0]


def test_a_steady_series_is_common_cause() -> None:
    assert assess(analyse(values(*STEADY), Chart.I), "higher") is Assessment.COMMON_CAUSE


def test_a_point_above_the_limits_is_improvement_when_higher_is_good() -> None:
    analysis = analyse(values(*STEADY, 20), Chart.I)
    assert analysis.sigma_signal_periods() == ["2025-01"]
    assert assess(analysis, "higher") is Assessment.IMPROVEMENT
    assert assess(analysis, "lower") is Assessment.DETERIORATION
    assert assess(analysis, "neutral") is Assessment.SPECIAL_CAUSE
    assert assess(analysis, None) is Assessment.SPECIAL_CAUSE


def test_the_most_recent_signal_decides() -> None:
    # A high point first, then a long run below the frozen centre.
    numbers = [*STEADY, 30, *[4.8] * 8]
    analysis = analyse(values(*numbers), Chart.I, freeze=12)
    assert analysis.parts[0].runs_signal and analysis.parts[0].signal_side == -1
    assert assess(analysis, "higher") is Assessment.DETERIORATION


def test_only_the_last_part_is_assessed() -> None:
    numbers = [*STEADY, 40, *STEADY]
    analysis = analyse(values(*numbers), Chart.I, breaks=[month(14)])
    flagged = [p for p in analysis.points if p.sigma_signal]
    assert flagged and all(p.part == 0 for p in flagged)
    assert assess(analysis, "higher") is Assessment.COMMON_CAUSE


def test_too_few_points_or_too_many_gaps_is_no_data() -> None:
    assert assess(analyse(values(1, 9, 1), Chart.I), "higher") is Assessment.NO_DATA
    gappy = [*STEADY, 20.0] + [None] * 5  # type: ignore[list-item]
    assert assess(analyse(values(*gappy), Chart.I), "higher") is Assessment.NO_DATA


def test_the_default_chart_fits_the_catalogue() -> None:
    catalogue = load_catalogue()
    assert default_chart(catalogue.get("readmission_30d_65")) is Chart.PP
    assert default_chart(catalogue.get("avoidable_admissions")) is Chart.UP
    assert default_chart(catalogue.get("discharge_ready_days_65")) is Chart.UP
    assert default_chart(catalogue.get("continuity_coc")) is Chart.I
    assert default_chart(catalogue.get("avoidable_admissions_std")) is Chart.I
    assert default_chart(catalogue.get("kolada_u79133")) is Chart.RUN
    assert scale(catalogue.get("avoidable_admissions"), Chart.UP) == 100_000
    assert scale(catalogue.get("avoidable_admissions"), Chart.I) == 1


def seasonal_counts(level: float, months: int = 36) -> list[Point]:
    """Counts per 10 000 with a winter peak (+30 % in January), a July dip and some noise."""
    noise = random.Random(3)
    points = []
    for i in range(1, months + 1):
        factor = 1 + 0.3 * math.cos(2 * math.pi * ((i - 1) % 12) / 12)
        count = max(0, round(level * factor + noise.gauss(0, math.sqrt(level))))
        points.append(Point(month(i), 0.0, count, 10_000))
    return points


def test_a_season_is_estimated_and_adjusted_away() -> None:
    points = seasonal_counts(100)
    season = estimate_season(points, Chart.UP)
    assert season is not None
    assert season.factors[0] == pytest.approx(1.3, abs=0.06)
    assert season.factors[6] == pytest.approx(0.7, abs=0.06)
    raw, adjusted = analyse(points, Chart.UP), analyse(points, Chart.UP, seasonal=True)
    # Raw, the series crosses its centre about twice a year: too few crossings.
    assert raw.parts[0].crossings < raw.parts[0].crossings_min  # type: ignore[operator]
    assert adjusted.parts[0].crossings >= adjusted.parts[0].crossings_min  # type: ignore[operator]
    assert adjusted.season == season.__class__(season.factors, "own", "2024-01", "2026-12")


def test_a_series_too_short_for_a_season_is_analysed_unadjusted() -> None:
    analysis = analyse(seasonal_counts(100, months=30), Chart.UP, seasonal=True)
    assert analysis.season is None
    assert analysis.points[0].value == analysis.points[0].observed


def test_a_given_season_adjusts_the_values_and_numerators() -> None:
    season = estimate_season(seasonal_counts(1000), Chart.UP, source="regions")
    assert season is not None
    analysis = analyse(seasonal_counts(100, months=12), Chart.UP, seasonal=True, season=season)
    assert analysis.season is season
    first = analysis.points[0]
    assert first.value == pytest.approx(first.observed / season.factors[0])  # type: ignore[operator]


def test_the_points_of_a_run_longer_than_allowed_are_the_ones_coloured() -> None:
    # 12 alternating baseline points (mean 5.5), then 8 below it with one exactly on the
    # centre in between: 20 useful points allow runs of round(log2 20) + 3 = 7.
    numbers = [*STEADY, 4.8, 4.8, 4.8, 4.8, 5.5, 4.8, 4.8, 4.8, 4.8]
    analysis = analyse(values(*numbers), Chart.I, freeze=12)
    assert analysis.parts[0].longest_run == 8 and analysis.parts[0].longest_run_max == 7
    members = long_run_points(analysis)
    # The point on the centre line neither breaks the run nor is part of it.
    assert members == dict.fromkeys([12, 13, 14, 15, 17, 18, 19, 20], -1)


def test_no_point_is_coloured_without_a_long_run() -> None:
    assert long_run_points(analyse(values(*STEADY), Chart.I)) == {}
    # A run of exactly the allowed length is not a signal.
    numbers = [*STEADY, 4.8, 4.8, 4.8, 4.8, 4.8, 4.8, 4.8, 6.0]
    analysis = analyse(values(*numbers), Chart.I, freeze=12)
    assert analysis.parts[0].longest_run == 7 and analysis.parts[0].longest_run_max == 7
    assert long_run_points(analysis) == {}
