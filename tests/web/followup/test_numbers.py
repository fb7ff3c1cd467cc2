"""Numbers on the follow-up pages are rounded half away from zero, never cut off."""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal

from django.utils import translation
from hypothesis import given
from hypothesis import strategies as st

from fardplan.web.followup.numbers import rounded


def test_a_value_is_rounded_not_cut_off() -> None:
    with translation.override("sv"):
        assert rounded(14.36, 1) == "14,4"
        assert rounded(14.34, 1) == "14,3"
        assert rounded(14.35, 1) == "14,4"
        assert rounded(2.675, 2) == "2,68"
        assert rounded(-0.05, 1) == "-0,1"
    with translation.override("en"):
        assert rounded(14.36, 1) == "14.4"


def test_large_values_are_grouped_in_the_locale() -> None:
    with translation.override("sv"):
        assert rounded(12345.67, 1).replace("\xa0", " ") == "12 345,7"
        assert rounded(12345.67, 1, grouping=False) == "12345,7"


@given(
    st.floats(min_value=-1e9, max_value=1e9, allow_nan=False, allow_infinity=False),
    st.integers(min_value=0, max_value=3),
)
def test_rounding_matches_the_decimal_of_the_shown_float(value: float, decimals: int) -> None:
    expected = Decimal(repr(value)).quantize(Decimal(1).scaleb(-decimals), ROUND_HALF_UP)
    with translation.override("en"):
        shown = rounded(value, decimals, grouping=False)
    assert Decimal(shown) == expected
