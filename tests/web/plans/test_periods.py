from __future__ import annotations

from datetime import date, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from fardplan.web.plans.periods import parse_period, period_bounds, period_of, previous_periods


def test_it_names_tertials() -> None:
    assert period_of(date(2025, 4, 30)) == "2025-T1"
    assert period_of(date(2025, 5, 1)) == "2025-T2"
    assert period_of(date(2025, 12, 31)) == "2025-T3"


def test_it_refuses_what_is_not_a_tertial() -> None:
    for text in ("2025-T0", "2025-T4", "2025-H1", "25-T1"):
        with pytest.raises(ValueError, match=text):
            parse_period(text)


def test_it_lists_previous_periods_across_the_new_year() -> None:
    assert previous_periods(date(2026, 2, 1), 3) == ["2026-T1", "2025-T3", "2025-T2"]


@given(st.dates(min_value=date(1900, 1, 1), max_value=date(2999, 12, 30)))
def test_it_puts_every_day_inside_its_period_and_the_next_day_in_it_or_the_next(day: date) -> None:
    first, last = period_bounds(period_of(day))
    assert first <= day <= last
    following = period_of(day + timedelta(days=1))
    assert following == period_of(day) or period_bounds(following)[0] == last + timedelta(days=1)
