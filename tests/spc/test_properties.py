"""Properties of the SPC rules that hold for any series (hypothesis)."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from fardplan.spc import Analysis, Chart, Point, analyse
from tests.spc.test_charts import month

small_ints = st.lists(st.integers(min_value=0, max_value=30), min_size=2, max_size=60)


@given(small_ints)
def test_the_runs_analysis_of_a_run_chart_ignores_a_strictly_increasing_transform(
    numbers: list[int],
) -> None:
    # 2**x is exact in floating point, so the median of the transformed values falls between
    # the same two points as before (or on the same tied value).
    plain = analyse([Point(month(i), float(x)) for i, x in enumerate(numbers, 1)], Chart.RUN)
    bent = analyse([Point(month(i), 2.0**x) for i, x in enumerate(numbers, 1)], Chart.RUN)
    assert runs_of(plain) == runs_of(bent)


def runs_of(analysis: Analysis) -> tuple[object, ...]:
    part = analysis.parts[0]
    fields = ("n_useful", "longest_run", "crossings", "runs_signal", "signal_side")
    return (*(getattr(part, name) for name in fields), part.signal_period)


@given(
    st.lists(st.integers(min_value=1, max_value=500), min_size=2, max_size=40),
    st.sampled_from(list(Chart)),
    st.integers(min_value=0, max_value=4),
)
def test_a_series_on_its_centre_has_no_signal(
    multiples: list[int], chart: Chart, quarters: int
) -> None:
    # Denominators are multiples of 4, so a proportion of k/4 is exact in every point.
    points = [
        Point(month(i), quarters / 4, quarters * m, 4.0 * m) for i, m in enumerate(multiples, 1)
    ]
    analysis = analyse(points, chart)
    part = analysis.parts[0]
    assert part.n_useful == 0 and not part.runs_signal
    assert not any(point.sigma_signal for point in analysis.points)


@given(
    st.lists(st.integers(min_value=1, max_value=10_000), min_size=3, max_size=40),
    st.integers(min_value=1, max_value=9),
    st.sampled_from([Chart.PP, Chart.UP]),
)
def test_laney_sigma_z_of_a_series_with_constant_z_is_0(
    denominators: list[int], tenths: int, chart: Chart
) -> None:
    points = [
        Point(month(i), tenths / 10, tenths * d, 10.0 * d) for i, d in enumerate(denominators, 1)
    ]
    # Zero up to rounding: 7/10 is not exact in binary, nor is the centre Σ7d/Σ10d.
    assert analyse(points, chart).parts[0].sigma_z == pytest.approx(0, abs=1e-9)
