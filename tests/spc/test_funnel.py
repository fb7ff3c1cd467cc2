"""Funnel limits by hand: Spiegelhalter's interpolated exact quantiles on counts small enough
to sum on paper, the normal approximation on large ones, and the kind each indicator gets."""

from __future__ import annotations

import itertools
import math

import pytest

from fardplan.catalogue import load_catalogue
from fardplan.spc.funnel import (
    EXACT_UP_TO,
    Z95,
    Z998,
    FunnelKind,
    Limits,
    Position,
    curve,
    funnel_kind,
    limits,
)


def test_it_interpolates_the_exact_binomial_quantile() -> None:
    # Binomial(4, 0.5): F(0..4) = 1/16, 5/16, 11/16, 15/16, 1.
    found = limits(0.5, 4, FunnelKind.PROPORTION)
    # Upper 95 %: q = 0.975, r = 4, α = (1 − 0.975) / (1 − 15/16) = 0.4, limit (4 − 0.4)/4.
    assert found.upper_95 == pytest.approx(0.9)
    # Upper 99.8 %: q = 0.999, α = 0.001 / 0.0625 = 0.016, limit (4 − 0.016)/4.
    assert found.upper_998 == pytest.approx(0.996)
    # Lower 95 %: q = 0.025, r = 0, α = (1/16 − 0.025) / (1/16) = 0.6: −0.6/4, clipped to 0.
    assert found.lower_95 == 0.0 and found.lower_998 == 0.0


def test_it_interpolates_the_exact_poisson_quantile() -> None:
    # Poisson(1): F(0) = e⁻¹ = 0.3679, F(1) = 2e⁻¹ = 0.7358, F(2) = 2.5e⁻¹ = 0.9197,
    # F(3) = (8/3)e⁻¹ = 0.9810. Upper 95 %: r = 3, α = (F(3) − 0.975) / (e⁻¹/6).
    e = math.exp(-1)
    alpha = ((8 / 3) * e - 0.975) / (e / 6)
    found = limits(0.01, 100, FunnelKind.RATE)  # expected count 0.01 × 100 = 1
    assert found.upper_95 == pytest.approx((3 - alpha) / 100)
    # Lower 95 %: r = 0 (F(0) ≥ 0.025), α = (e⁻¹ − 0.025) / e⁻¹: below 0, clipped.
    assert found.lower_95 == 0.0


def test_a_proportion_above_one_half_mirrors_the_one_below() -> None:
    high, low = limits(0.75, 4, FunnelKind.PROPORTION), limits(0.25, 4, FunnelKind.PROPORTION)
    assert high.lower_95 == pytest.approx(1 - low.upper_95)
    assert high.upper_998 == pytest.approx(1 - low.lower_998)


def test_large_counts_take_the_normal_approximation() -> None:
    theta, n = 0.3, 10_000  # expected count 3 000 > EXACT_UP_TO
    found = limits(theta, n, FunnelKind.PROPORTION)
    sigma = math.sqrt(theta * (1 - theta) / n)
    assert found.upper_95 == pytest.approx(theta + Z95 * sigma)
    assert found.lower_998 == pytest.approx(theta - Z998 * sigma)
    rate = limits(0.002, 1_000_000, FunnelKind.RATE)  # expected 2 000
    assert rate.upper_998 == pytest.approx(0.002 + Z998 * math.sqrt(0.002 / 1_000_000))


def test_exact_and_normal_meet_where_they_switch() -> None:
    # Just below and above the switch the limits differ by a few per cent of their width.
    n = EXACT_UP_TO / 0.002
    below = limits(0.002, n * 0.999, FunnelKind.RATE)
    above = limits(0.002, n * 1.001, FunnelKind.RATE)
    width = above.upper_95 - 0.002
    assert abs(below.upper_95 - above.upper_95) < 0.03 * width


def test_the_funnel_narrows_as_the_denominator_grows() -> None:
    points = curve(0.1, FunnelKind.RATE, 100, 100_000, steps=20)
    assert points[0].denominator == pytest.approx(100)
    assert points[-1].denominator == pytest.approx(100_000)
    widths = [p.upper_998 - p.lower_998 for p in points]
    assert all(a > b for a, b in itertools.pairwise(widths))
    assert all(p.lower_998 <= p.lower_95 <= 0.1 <= p.upper_95 <= p.upper_998 for p in points)


def test_a_small_area_is_not_an_outlier_by_chance() -> None:
    # Twice the county's rate in 1 000 inhabitants (4 events against 2 expected) is chance;
    # the same rate in 100 000 is not.
    assert limits(0.002, 1_000, FunnelKind.RATE).position(0.004) is Position.WITHIN
    assert limits(0.002, 100_000, FunnelKind.RATE).position(0.004) is Position.ABOVE_998


def test_position_on_each_side() -> None:
    bounds = Limits(100, 0.1, 0.2, 0.4, 0.5)
    assert [bounds.position(v) for v in (0.05, 0.15, 0.2, 0.3, 0.4, 0.45, 0.55)] == [
        Position.BELOW_998, Position.BELOW_95, Position.WITHIN, Position.WITHIN,
        Position.WITHIN, Position.ABOVE_95, Position.ABOVE_998,
    ]  # fmt: skip


def test_a_target_of_zero_or_one_has_no_room_for_chance() -> None:
    assert limits(0.0, 50, FunnelKind.RATE) == Limits(50, 0.0, 0.0, 0.0, 0.0)
    assert limits(1.0, 50, FunnelKind.PROPORTION) == Limits(50, 1.0, 1.0, 1.0, 1.0)


@pytest.mark.parametrize(
    ("target", "denominator", "kind"),
    [(0.1, 0, FunnelKind.RATE), (1.2, 10, FunnelKind.PROPORTION), (-0.1, 10, FunnelKind.RATE)],
)
def test_it_refuses_a_bad_target_or_denominator(
    target: float, denominator: float, kind: FunnelKind
) -> None:
    with pytest.raises(ValueError, match=r"denominator|target"):
        limits(target, denominator, kind)


def test_each_indicator_gets_the_funnel_that_fits_its_counts() -> None:
    kinds = {i.id: funnel_kind(i) for i in load_catalogue().indicators}
    assert kinds["readmission_30d_65"] is FunnelKind.PROPORTION
    assert kinds["avoidable_admissions"] is FunnelKind.RATE
    # Standardised, a mean per person, a sum of days, imported: no funnel.
    for indicator_id in ("avoidable_admissions_std", "continuity_coc", "discharge_ready_days_65"):
        assert kinds[indicator_id] is None
    assert kinds["kolada_u70447"] is None
