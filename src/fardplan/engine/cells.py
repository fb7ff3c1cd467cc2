"""From base cells to the published grid: age bands, totals, regions and Sweden.

Every indicator gets a full grid: each period × each municipality present in that year's
population × sex × age group, so a municipality without events shows 0 (and a cell without
denominator shows value null) instead of vanishing.
"""

from __future__ import annotations

import ibis
import ibis.expr.types as ir
import pyarrow as pa

from fardplan.catalogue import Indicator
from fardplan.catalogue.standard import load_standard_population
from fardplan.engine.backends import upload

SWEDEN = "0000"
STANDARD_BANDS: tuple[tuple[str, int, int | None], ...] = (
    ("0-17", 0, 17),
    ("18-64", 18, 64),
    ("65-79", 65, 79),
    ("80+", 80, None),
)


def bands(indicator: Indicator) -> list[tuple[str, int, int | None]]:
    """Return the standard bands inside the indicator's population, clipped to it.

    A population starting at 20 uses ``20-64`` instead of ``18-64``; a band only partly inside
    the population (none in the catalogue today) is clipped and named by its clipped ages.
    """
    low, high = indicator.min_age, indicator.max_age
    inside = []
    for _, start, stop in STANDARD_BANDS:
        lo = max(start, low)
        hi = stop if high is None else (high if stop is None else min(stop, high))
        if hi is not None and lo > hi:
            continue
        inside.append((f"{lo}+" if hi is None else f"{lo}-{hi}", lo, hi))
    return inside


def band_table(indicators: list[Indicator], ages: list[int], standard: bool = False) -> pa.Table:
    """Return (indicator_id, age, age_group): each of ``ages`` in each indicator's bands.

    Ages outside an indicator's population have no row, so a join with this table both
    bands the base cells and drops those ages, for every indicator at once. ``standard``:
    the bands of the indicator's standard population instead (``standard_bands``).
    """
    rows = [
        {"indicator_id": indicator.id, "age": age, "age_group": label}
        for indicator in indicators
        for label, lo, hi in _ranges(indicator, standard)
        for age in ages
        if age >= lo and (hi is None or age <= hi)
    ]
    schema = pa.schema({"indicator_id": pa.string(), "age": pa.int64(), "age_group": pa.string()})
    return pa.Table.from_pylist(rows, schema=schema)


def standard_bands(indicator: Indicator) -> list[tuple[str, int, int | None, float, str]]:
    """Return the bands of the indicator's standard population: label, ages, weight, band.

    Each lies inside one of the indicator's ``bands`` (the last item names it): its rate is
    weighted into that band's value and into ``all``. Raises ``ValueError`` for a standard
    band across two of them, and for an indicator without a standard population.
    """
    if indicator.standard_population is None:
        raise ValueError(f"indicator {indicator.id!r} is not age-standardised")
    standard = load_standard_population(indicator.standard_population)
    published = bands(indicator)
    found = []
    for band in standard.within(indicator.min_age, indicator.max_age):
        top = band.to
        for label, lo, hi in published:
            inside_top = hi is None or (top is not None and top <= hi)
            if band.from_ >= lo and inside_top:
                found.append((band.label, band.from_, top, band.weight, label))
                break
        else:
            raise ValueError(f"{indicator.id}: standard band {band.label} lies across two bands")
    return found


def _ranges(indicator: Indicator, standard: bool) -> list[tuple[str, int, int | None]]:
    if not standard:
        return bands(indicator)
    return [(label, lo, hi) for label, lo, hi, _, _ in standard_bands(indicator)]


def standard_slots(slots: pa.Table, indicators: list[Indicator]) -> pa.Table:
    """Return the ``slots`` of ``indicators`` with each band replaced by its standard bands."""
    inside: dict[tuple[str, str], list[str]] = {}
    for indicator in indicators:
        for label, _, _, _, band in standard_bands(indicator):
            inside.setdefault((indicator.id, band), []).append(label)
    rows = [
        {**slot, "age_group": label}
        for slot in slots.to_pylist()
        for label in inside.get((slot["indicator_id"], slot["age_group"]), ())
    ]
    return pa.Table.from_pylist(rows, schema=slots.schema)


def standard_weights(indicators: list[Indicator]) -> pa.Table:
    """Return (indicator_id, band, age_group, weight): each standard band in its own and ``all``."""
    rows = [
        {"indicator_id": indicator.id, "band": label, "age_group": group, "weight": weight}
        for indicator in indicators
        for label, _, _, weight, band in standard_bands(indicator)
        for group in (band, "all")
    ]
    schema = pa.schema(
        {
            "indicator_id": pa.string(),
            "band": pa.string(),
            "age_group": pa.string(),
            "weight": pa.float64(),
        }
    )
    return pa.Table.from_pylist(rows, schema=schema)


def grid(slots: pa.Table, areas: ir.Table) -> ir.Table:
    """Return every (indicator, year, period, municipality, sex K/M, band) cell to be filled.

    ``slots`` holds (indicator_id, year, period, age_group): each indicator's periods of this
    run times its bands (see ``slot_table``); ``areas`` the municipalities of each year.
    """
    con = areas.get_backend()
    sexes = upload(con, {"sex": ["K", "M"]})
    return upload(con, slots).join(areas, "year").cross_join(sexes)


def slot_table(indicator: Indicator, periods: list[tuple[str, int, str]]) -> pa.Table:
    """Return the indicator's slots: its types of ``periods`` (type, year, label) × its bands."""
    rows = [
        {"indicator_id": indicator.id, "year": year, "period": label, "age_group": band}
        for period_type, year, label in periods
        if period_type in indicator.periods
        for band, _, _ in bands(indicator)
    ]
    schema = pa.schema(
        {
            "indicator_id": pa.string(),
            "year": pa.int64(),
            "period": pa.string(),
            "age_group": pa.string(),
        }
    )
    return pa.Table.from_pylist(rows, schema=schema)


def roll_up(base: ir.Table, full_years: list[int], age_totals: bool = True) -> ir.Table:
    """Return municipality, region and (for ``full_years``) Sweden cells, T and ``all`` added.

    Region ``00`` + län = the sum of its municipalities; Sweden = the sum of the regions; T = K +
    M; ``all`` = the sum of the bands (the bands cover each indicator's population), unless
    not ``age_totals``.
    """
    region = ibis.literal("00") + base.municipality_code.substr(0, 2)
    sources = [base.mutate(area_code=base.municipality_code), base.mutate(area_code=region)]
    if full_years:
        # Sweden only for years whose population covers all 290 municipalities.
        national = base.filter(base.year.isin(full_years))
        sources.append(national.mutate(area_code=ibis.literal(SWEDEN)))
    parts = [
        _sum_over(source, sex_total, age_total)
        for source in sources
        for sex_total in (False, True)
        for age_total in ((False, True) if age_totals else (False,))
    ]
    return ibis.union(*parts, distinct=False)


def _sum_over(source: ir.Table, sex_total: bool, age_total: bool) -> ir.Table:
    keyed = source.mutate(
        sex=ibis.literal("T") if sex_total else source.sex,
        age_group=ibis.literal("all") if age_total else source.age_group,
    )
    keys = ("indicator_id", "period", "area_code", "sex", "age_group")
    return keyed.group_by(keys).agg(
        numerator=keyed.numerator.sum(), denominator=keyed.denominator.sum()
    )
