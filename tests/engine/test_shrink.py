"""A dataset much smaller than the current run's is refused, with both counts."""

from __future__ import annotations

import pytest

from fardplan.engine.errors import EngineError
from fardplan.engine.shrink import check_no_shrink

STORED = {"contacts": {"2024-09": 100, "2024-10": 100, "2024-11": 3}, "units": {"all": 40}}


def test_a_month_under_half_is_refused_with_both_counts() -> None:
    now = {"contacts": {"2024-09": 100, "2024-10": 49}, "units": {"all": 40}}
    with pytest.raises(EngineError) as caught:
        check_no_shrink(now, STORED)
    assert str(caught.value) == (
        "the dataset has under half the rows of the current run in contacts 2024-10: 100 rows "
        "then, 49 now: an extract that failed? Give --allow-shrink contacts if it is meant"
    )


def test_a_missing_month_counts_as_none_and_an_empty_table_too() -> None:
    now = {"contacts": {"2024-09": 100}, "units": {"all": 0}}
    with pytest.raises(EngineError) as caught:
        check_no_shrink(now, STORED)
    assert "contacts 2024-10: 100 rader då, 0 nu; units all: 40 rader då, 0 nu" in (
        caught.value.describe("sv")
    )
    assert "--allow-shrink contacts --allow-shrink units" in str(caught.value)


def test_half_or_more_a_small_month_or_an_allowed_table_pass() -> None:
    check_no_shrink({"contacts": {"2024-09": 50, "2024-10": 100}, "units": {"all": 40}}, STORED)
    check_no_shrink({"contacts": {"2024-09": 100, "2024-10": 100}, "units": {"all": 40}}, STORED)
    check_no_shrink({"contacts": {}, "units": {"all": 40}}, STORED, allow=["contacts"])
