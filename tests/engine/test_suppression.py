"""Röjandeskydd: primary rules, secondary suppression through every sum, publishing."""

from __future__ import annotations

from collections import defaultdict
from itertools import product
from typing import Any

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc
from hypothesis import given, settings
from hypothesis import strategies as st

from fardplan.engine import RESULT_SCHEMA, Run, publish, suppress_cells
from fardplan.engine.schema import sort_cells

MUNICIPALITIES = ("2480", "2482", "2460", "0180")
BANDS = ("0-17", "18-64", "65-79", "80+")


@st.composite
def tables(draw: st.DrawFn) -> pa.Table:
    """A consistent table of one event indicator: random base cells and all their sums."""
    munis = draw(st.lists(st.sampled_from(MUNICIPALITIES), min_size=1, max_size=4, unique=True))
    months = [f"2024-{m:02d}" for m in range(1, 13)] if draw(st.booleans()) else []
    sweden = draw(st.booleans())
    indicator = draw(st.sampled_from(["sip_plans", "primary_care_share"]))
    small = st.integers(0, 12)
    base = {
        key: (n, n + draw(small))
        for key in product(months or ["2024"], munis, "KM", BANDS)
        for n in [draw(small)]
    }
    return pa.Table.from_pylist(_roll_up(indicator, base, months, sweden), schema=RESULT_SCHEMA)


def _roll_up(
    indicator: str, base: dict[Any, tuple[int, int]], months: list[str], sweden: bool
) -> list[dict[str, Any]]:
    sums: dict[tuple[str, str, str, str], list[int]] = defaultdict(lambda: [0, 0])
    for (period, muni, sex, band), (num, den) in base.items():
        areas = [muni, "00" + muni[:2]] + (["0000"] if sweden else [])
        periods = [period, "2024"] if months else [period]
        for p, a, s, g in product(periods, areas, (sex, "T"), (band, "all")):
            sums[(p, a, s, g)][0] += num
            sums[(p, a, s, g)][1] += den
    return [
        {
            "indicator_id": indicator,
            "period": p,
            "area_code": a,
            "sex": s,
            "age_group": g,
            "numerator": float(n),
            "denominator": d,
            "value": None,
            "suppressed": False,
        }
        for (p, a, s, g), (n, d) in sums.items()
    ]


def _sums(row: dict[str, Any]) -> list[tuple[Any, ...]]:
    """The sums a cell takes part in, each named by a key shared with its other cells."""
    period, area, sex, age = row["period"], row["area_code"], row["sex"], row["age_group"]
    keys: list[tuple[Any, ...]] = [("sex", period, area, age), ("age", period, area, sex)]
    if area != "0000":
        region = area if area.startswith("00") else "00" + area[:2]
        keys.append(("region", period, region, sex, age))
    if area == "0000" or area.startswith("00"):
        keys.append(("sweden", period, sex, age))
    keys.append(("year", period[:4], area, sex, age))
    return keys


def _derivable(table: pa.Table) -> list[tuple[Any, ...]]:
    """Return the sums with exactly one suppressed cell (it could be worked out)."""
    members: dict[tuple[Any, ...], list[bool]] = defaultdict(list)
    rows = table.to_pylist()
    has_sweden = any(r["area_code"] == "0000" for r in rows)
    has_months = any("-" in r["period"] for r in rows)
    for row in rows:
        for key in _sums(row):
            if (key[0] == "sweden" and not has_sweden) or (key[0] == "year" and not has_months):
                continue
            members[key].append(row["suppressed"])
    return [key for key, flags in members.items() if len(flags) > 1 and sum(flags) == 1]


@settings(max_examples=60, deadline=None)
@given(tables())
def test_it_leaves_no_suppressed_numerator_derivable_through_any_sum(table: pa.Table) -> None:
    suppressed = suppress_cells(table)
    assert _derivable(suppressed) == []
    primary = [r for r in suppressed.to_pylist() if 0 < r["numerator"] < 5]
    assert all(r["suppressed"] for r in primary)


@settings(max_examples=30, deadline=None)
@given(tables())
def test_it_is_idempotent(table: pa.Table) -> None:
    once = suppress_cells(table)
    assert suppress_cells(once).equals(once)
    assert publish(publish(once)).equals(publish(once))


@st.composite
def years_of_indicators(draw: st.DrawFn) -> pa.Table:
    """Several tables (``tables``), each of its own year (an indicator may recur), sorted."""
    parts = []
    for year in draw(st.lists(st.sampled_from(["2022", "2023", "2024"]), min_size=1, unique=True)):
        part = draw(tables())
        periods = pc.replace_substring(part["period"], "2024", year)
        parts.append(part.set_column(part.column_names.index("period"), "period", periods))
    return sort_cells(pa.concat_tables(parts))


@settings(max_examples=40, deadline=None)
@given(years_of_indicators())
def test_each_year_of_an_indicator_is_suppressed_on_its_own(table: pa.Table) -> None:
    # What lets an incremental run suppress only the years it recomputed.
    slices = pc.binary_join_element_wise(
        table["indicator_id"], pc.utf8_slice_codeunits(table["period"], 0, 4), "/"
    )
    apart = [
        suppress_cells(table.filter(pc.equal(slices, key))) for key in pc.unique(slices).to_pylist()
    ]
    assert sort_cells(pa.concat_tables(apart)).equals(suppress_cells(table))


def _row(sex: str, num: float, den: int, indicator: str = "primary_care_share") -> dict[str, Any]:
    return {
        "indicator_id": indicator,
        "period": "2024",
        "area_code": "2480",
        "sex": sex,
        "age_group": "all",
        "numerator": num,
        "denominator": den,
        "value": num / den * 100,
        "suppressed": False,
    }


def test_it_applies_the_primary_rules() -> None:
    rows = [_row("T", 40, 50), _row("K", 18, 20), _row("M", 22, 30)]
    flags = suppress_cells(pa.Table.from_pylist(rows, schema=RESULT_SCHEMA))["suppressed"]
    # K: 20 − 18 = 2 < 5 (complement); M then suppressed as the smaller of T and M.
    assert flags.to_pylist() == [False, True, True]
    rows = [_row("T", 40, 54), _row("K", 30, 40), _row("M", 10, 14)]
    flags = suppress_cells(pa.Table.from_pylist(rows, schema=RESULT_SCHEMA))["suppressed"]
    assert flags.to_pylist() == [False, True, True]  # M: denominator 14 < 15


def test_it_publishes_without_the_suppressed_numbers() -> None:
    rows = [_row("T", 40, 50), _row("K", 18, 20), _row("M", 22, 30)]
    rows += [_row(s, n, 100, "sip_plans") for s, n in (("T", 10), ("K", 3), ("M", 7))]
    published = publish(suppress_cells(pa.Table.from_pylist(rows, schema=RESULT_SCHEMA)))
    out = {(r["indicator_id"], r["sex"]): r for r in published.to_pylist()}
    assert out[("primary_care_share", "K")]["numerator"] is None
    assert out[("primary_care_share", "K")]["denominator"] is None  # would reveal it
    assert out[("sip_plans", "K")]["value"] is None
    assert out[("sip_plans", "K")]["denominator"] == 100  # the population is public
    assert out[("sip_plans", "T")]["numerator"] == 10


@settings(max_examples=20, deadline=None)
@given(years_of_indicators())
def test_cells_outside_within_keep_their_flags(table: pa.Table) -> None:
    first = pc.equal(table["period"], table["period"][0])
    years = pc.utf8_slice_codeunits(table["period"], 0, 4)
    within = pc.equal(years, years[0]).to_numpy(zero_copy_only=False)
    # Flags the rules would not set, outside ``within``, stand; inside, they are worked out.
    stray = pc.and_(pc.invert(first), pc.invert(pa.array(within)))
    flagged = table.set_column(8, "suppressed", stray)
    out = suppress_cells(flagged, within=within)["suppressed"].to_numpy(zero_copy_only=False)
    assert (out[~within] == flagged["suppressed"].to_numpy(zero_copy_only=False)[~within]).all()
    expected = suppress_cells(table.filter(pa.array(within)))["suppressed"]
    assert out[within].tolist() == expected.to_pylist()


def test_nothing_within_changes_nothing() -> None:
    rows = [_row("T", 40, 50), _row("K", 18, 20), _row("M", 22, 30)]
    table = suppress_cells(pa.Table.from_pylist(rows, schema=RESULT_SCHEMA))
    assert suppress_cells(table, within=np.zeros(3, dtype=bool)).equals(table)


def test_each_backends_run_carries_the_flags_the_rules_give(world_on: Run) -> None:
    # The world's run on every backend (``engine``): suppression is applied before it returns.
    cells = world_on.results
    unflagged = cells.set_column(
        cells.column_names.index("suppressed"), "suppressed", pa.array([False] * len(cells))
    )
    flags = cells["suppressed"].to_pylist()
    assert flags == suppress_cells(unflagged)["suppressed"].to_pylist()
    primary = [r for r in cells.to_pylist() if 0 < r["numerator"] < 5]
    assert primary and all(r["suppressed"] for r in primary)
