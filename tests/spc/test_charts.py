"""SPC values by hand for each chart kind, as qicharts2 0.7.5 computes them."""

from __future__ import annotations

import math

import pytest

from fardplan.spc import Chart, Point, analyse
from fardplan.spc.runs import crossings_limit, longest_run_limit


def month(i: int) -> str:
    """Return the ``i``-th month from January 2024 (1-based)."""
    return f"{2024 + (i - 1) // 12}-{(i - 1) % 12 + 1:02d}"


def values(*numbers: float | None) -> list[Point]:
    return [Point(month(i), v) for i, v in enumerate(numbers, start=1)]


def counts(*pairs: tuple[float, float]) -> list[Point]:
    return [Point(month(i), n / d, n, d) for i, (n, d) in enumerate(pairs, start=1)]


@pytest.mark.parametrize(
    ("n", "longest", "crossings"),
    # Anhøj & Olesen (2014), table 1: the limits qicharts2 applies.
    [(10, 6, 2), (20, 7, 6), (30, 8, 10), (40, 8, 14), (50, 9, 19), (100, 10, 41)],
)
def test_the_runs_limits_follow_anhoej_s_table(n: int, longest: int, crossings: int) -> None:
    assert longest_run_limit(n) == longest
    assert crossings_limit(n) == crossings


def test_qbinom_of_a_single_point_is_zero() -> None:
    # qbinom(0.05, 0, 0.5) and qbinom(0.05, 3, 0.5): P(X = 0) = 1/8 is already above 0.05.
    assert crossings_limit(1) == 0
    assert crossings_limit(4) == 0


def test_a_run_chart_leaves_the_points_on_the_median_out() -> None:
    # Sorted 1 2 2 2 2 3 4 5: median 2, and the four 2s are not useful.
    analysis = analyse(values(1, 2, 2, 2, 3, 4, 2, 5), Chart.RUN)
    part = analysis.parts[0]
    assert part.centre == 2
    assert (part.n_useful, part.longest_run, part.crossings) == (4, 3, 1)
    assert (part.longest_run_max, part.crossings_min) == (5, 0)
    assert not part.runs_signal
    assert all(p.lower is None and p.upper is None for p in analysis.points)


def test_no_useful_point_gives_no_runs_analysis() -> None:
    part = analyse(values(3, 3, 3, 3), Chart.RUN).parts[0]
    assert part.n_useful == 0
    assert (part.longest_run, part.longest_run_max, part.crossings, part.crossings_min) == (
        None,
        None,
        None,
        None,
    )
    assert part.runs_signal is False


def test_a_long_run_signals() -> None:
    part = analyse(values(1, 1, 1, 9, 9, 9, 9, 9, 9, 9, 1, 1, 1), Chart.RUN).parts[0]
    assert part.centre == 9 and part.n_useful == 6  # the 9s lie on the median
    # Sixteen useful points allow a run of 7: eight above the median (5) signal.
    part = analyse(values(1, 2, 1, 2, 1, 2, 1, 2, 8, 9, 8, 9, 8, 9, 8, 9), Chart.RUN).parts[0]
    assert part.centre == 5 and part.longest_run == 8 and part.longest_run_max == 7
    assert part.runs_signal and part.signal_side == 1 and part.signal_period == "2025-04"


def test_an_i_chart_takes_sigma_from_the_mean_moving_range() -> None:
    analysis = analyse(values(1, 2, 3, 2, 5, 2, 1, 2, 8, 2, 3, 2), Chart.I)
    sigma = (1 + 1 + 1 + 3 + 3 + 1 + 1 + 6 + 6 + 1 + 1) / 11 / 1.128
    point = analysis.points[8]
    assert point.centre == pytest.approx(33 / 12)
    assert point.upper == pytest.approx(33 / 12 + 3 * sigma)
    assert point.lower == pytest.approx(33 / 12 - 3 * sigma)
    assert not point.sigma_signal  # 8 < 8.79


def test_an_i_chart_screens_moving_ranges_as_qicharts2_does() -> None:
    # Moving ranges 1 1 1 1 19: mean 4.6, 19 ≥ 3.267 · 4.6 is dropped, the mean is 1.
    analysis = analyse(values(1, 2, 1, 2, 1, 20), Chart.I)
    assert analysis.points[0].upper == pytest.approx(4.5 + 3 / 1.128)
    # The limits 4.5 ± 2.66 leave the 1s and the 20 outside.
    assert [p.sigma_signal for p in analysis.points] == [True, False, True, False, True, True]


def test_a_gap_is_kept_and_breaks_the_moving_ranges() -> None:
    analysis = analyse(values(1, None, 3, 4), Chart.I)
    assert [p.value for p in analysis.points] == [1, None, 3, 4]
    assert analysis.points[1].centre == pytest.approx(8 / 3)
    # Only 3 → 4 is a moving range: sigma 1 / 1.128.
    assert analysis.points[0].upper == pytest.approx(8 / 3 + 3 / 1.128)
    assert analysis.parts[0].n_points == 3 and analysis.parts[0].n_periods == 4


def test_a_frozen_baseline_gives_centre_and_limits_and_the_runs_use_all_points() -> None:
    analysis = analyse(values(1, 3, 1, 3, 10, 10), Chart.I, freeze=4)
    part = analysis.parts[0]
    assert part.centre == 2 and part.n_baseline == 4
    assert analysis.points[0].upper == pytest.approx(2 + 3 * 2 / 1.128)
    assert [p.sigma_signal for p in analysis.points] == [False] * 4 + [True, True]
    assert part.n_useful == 6 and part.longest_run == 3


def test_freeze_counts_points_with_a_value() -> None:
    frozen = analyse(values(None, 1, 3, None, 1, 3, 10), Chart.RUN, freeze=4)
    assert frozen.parts[0].centre == 2 and frozen.parts[0].n_baseline == 4


def test_a_break_starts_a_part_with_its_own_centre_limits_and_runs() -> None:
    analysis = analyse(values(1, 1, 2, 1, 10, 11, 10, 11), Chart.I, breaks=["2024-05"])
    first, second = analysis.parts
    assert first.centre == pytest.approx(1.25) and second.centre == pytest.approx(10.5)
    assert (first.last_period, second.first_period) == ("2024-04", "2024-05")
    assert [p.part for p in analysis.points] == [0] * 4 + [1] * 4
    assert not any(p.sigma_signal for p in analysis.points)
    assert second.n_useful == 4 and second.crossings == 3


def test_a_p_chart_clips_its_limits_to_0_and_1() -> None:
    analysis = analyse(counts((9, 10), (10, 10), (1, 10), (5, 10)), Chart.P)
    centre, sigma = 25 / 40, math.sqrt(25 / 40 * 15 / 40 / 10)
    point = analysis.points[0]
    assert point.centre == pytest.approx(centre)
    assert point.upper == 1.0  # 0.625 + 3 · 0.153 = 1.08
    assert point.lower == pytest.approx(centre - 3 * sigma)
    assert [p.sigma_signal for p in analysis.points] == [False, False, True, False]
    assert analysis.points[2].value == pytest.approx(0.1)  # a proportion, not per cent


def test_a_u_chart_clips_its_lower_limit_at_0() -> None:
    analysis = analyse(counts((1, 10), (0, 10), (2, 10)), Chart.U)
    point = analysis.points[0]
    assert point.centre == pytest.approx(0.1)
    assert point.lower == 0.0
    assert point.upper == pytest.approx(0.1 + 3 * 0.1)


def test_laney_p_prime_scales_sigma_by_the_moving_range_of_z() -> None:
    analysis = analyse(counts((10, 100), (20, 100), (15, 100), (30, 200)), Chart.PP)
    centre = 75 / 500
    sigma_100 = math.sqrt(centre * (1 - centre) / 100)
    z = [(0.10 - centre) / sigma_100, (0.20 - centre) / sigma_100, 0.0, 0.0]
    sigma_z = (abs(z[1] - z[0]) + abs(z[2] - z[1]) + 0) / 3 / 1.128
    part = analysis.parts[0]
    assert part.sigma_z == pytest.approx(sigma_z)
    assert analysis.points[0].upper == pytest.approx(centre + 3 * sigma_100 * sigma_z)
    sigma_200 = math.sqrt(centre * (1 - centre) / 200)
    assert analysis.points[3].lower == pytest.approx(centre - 3 * sigma_200 * sigma_z)


def test_laney_u_prime_has_the_same_limits_as_p_prime() -> None:
    # z is the deviation in units of the chart's own sigma, so that sigma cancels out.
    pairs = ((10, 100), (20, 100), (15, 100), (30, 200))
    p_prime = analyse(counts(*pairs), Chart.PP).points
    u_prime = analyse(counts(*pairs), Chart.UP).points
    assert [p.upper for p in p_prime] == pytest.approx([p.upper for p in u_prime])


def test_a_count_chart_gap_has_no_value_but_limits_from_its_denominator() -> None:
    points = [*counts((10, 100), (12, 100)), Point("2024-03", None, None, 100)]
    analysis = analyse(points, Chart.U)
    gap = analysis.points[2]
    assert gap.value is None and gap.upper == pytest.approx(analysis.points[0].upper)


def test_bad_arguments_are_refused() -> None:
    with pytest.raises(ValueError, match="twice"):
        analyse([Point("2024-01", 1), Point("2024-01", 2)], Chart.I)
    with pytest.raises(ValueError, match="order"):
        analyse([Point("2024-02", 1), Point("2024-01", 2)], Chart.I)
    with pytest.raises(ValueError, match="break '2030-01'"):
        analyse(values(1, 2), Chart.I, breaks=["2030-01"])
    with pytest.raises(ValueError, match="freeze"):
        analyse(values(1, 2), Chart.I, freeze=0)
