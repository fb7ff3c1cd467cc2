"""Report periods: tertials, half-years and years, typed as the reports and the plans write
them, refused with the text named otherwise."""

from __future__ import annotations

import itertools
from datetime import date, timedelta

import pytest
from django.utils import translation
from hypothesis import given
from hypothesis import strategies as st

from fardplan.web.plans.periods import period_bounds
from fardplan.web.reports.periods import (
    PeriodError,
    PeriodKind,
    ReportPeriod,
    current_tertial,
    parse_period,
)

years = st.integers(2000, 2100)
periods = st.one_of(
    st.builds(ReportPeriod, years, st.just(PeriodKind.TERTIAL), st.integers(1, 3)),
    st.builds(ReportPeriod, years, st.just(PeriodKind.HALF_YEAR), st.integers(1, 2)),
    st.builds(ReportPeriod, years, st.just(PeriodKind.YEAR)),
)


@given(periods)
def test_it_reads_back_every_period_it_writes(period: ReportPeriod) -> None:
    assert parse_period(period.code) == period
    assert parse_period(period.code.lower()) == period
    if period.kind is not PeriodKind.YEAR:
        assert parse_period(f"{period.year}-{period.kind.value}{period.number}") == period


@given(periods)
def test_its_months_and_days_tile_the_year(period: ReportPeriod) -> None:
    following = period.following()
    assert following.first_day - period.last_day == timedelta(days=1)
    assert period.first_month == period.first_day.strftime("%Y-%m")
    assert period.last_month == period.last_day.strftime("%Y-%m")
    assert period.contains(period.first_day) and period.contains(period.last_day)
    assert not period.contains(following.first_day)


@given(periods)
def test_its_tertials_are_the_plans_own(period: ReportPeriod) -> None:
    bounds = [period_bounds(t) for t in period.tertials]
    assert bounds[0][0] <= period.first_day <= bounds[0][1]
    assert bounds[-1][0] <= period.last_day <= bounds[-1][1]
    assert all(b[1] + timedelta(days=1) == a[0] for b, a in itertools.pairwise(bounds))


def test_it_names_the_months_of_the_period() -> None:
    with translation.override("sv"):
        assert parse_period("2024T2").label() == "T2 2024 (maj–augusti)"
        assert parse_period("2024H1").label() == "Halvår 1 2024 (januari–juni)"
        assert parse_period("2024").label() == "Helåret 2024 (januari–december)"
    with translation.override("en"):
        assert parse_period("2024-T3").label() == "T3 2024 (September–December)"
    assert parse_period("2024-T2").tertials == ["2024-T2"]
    assert parse_period("2024H1").tertials == ["2024-T1", "2024-T2"]  # January–June
    assert parse_period("2024").tertials == ["2024-T1", "2024-T2", "2024-T3"]


@pytest.mark.parametrize("text", ["2024T4", "2024T0", "2024H3", "1999", "2101T1", "24T1", "",
                                  "2024-13", "2024 T 1", "x" * 50])  # fmt: skip
def test_it_refuses_what_is_not_a_period_naming_it(text: str) -> None:
    with translation.override("en"), pytest.raises(PeriodError) as refused:
        parse_period(text)
    assert f"“{text[:20]}” is not a report period" in str(refused.value)


def test_it_finds_the_current_tertial() -> None:
    assert current_tertial(date(2026, 5, 1)).code == "2026T2"
