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


def band_of(age: ir.IntegerValue, indicator: Indicator) -> ir.StringValue:
    """Return the band label of ``age`` (null outside the indicator's population)."""
    cases = []
    for label, lo, hi in bands(indicator):
        condition = age >= lo if hi is None else (age >= lo) & (age <= hi)
        cases.append((condition, label))
    return ibis.cases(*cases, else_=ibis.null("string"))


def banded(cells: ir.Table, indicator: Indicator) -> ir.Table:
    """Return base cells summed into the indicator's bands (ages outside its population gone)."""
    labelled = cells.mutate(age_group=band_of(cells.age, indicator))
    labelled = labelled.filter(labelled.age_group.notnull())
    keys = ("year", "period", "municipality_code", "sex", "age_group")
    return labelled.group_by(keys).agg(x=labelled.x.sum())


def grid(indicators: list[Indicator], periods: ir.Table, areas: ir.Table) -> ir.Table:
    """Return every (indicator, year, period, municipality, sex K/M, band) slot to be filled."""
    slots = [
        {"indicator_id": i.id, "period_type": p, "age_group": label}
        for i in indicators
        for p in i.periods
        for label, _, _ in bands(i)
    ]
    con = periods.get_backend()
    slot_table = upload(con, pa.Table.from_pylist(slots))
    sexes = upload(con, {"sex": ["K", "M"]})
    with_periods = slot_table.join(periods.select("period_type", "year", "period"), "period_type")
    return with_periods.join(areas, "year").cross_join(sexes).drop("period_type")


def roll_up(base: ir.Table, full_years: list[int]) -> ir.Table:
    """Return municipality, region and (for ``full_years``) Sweden cells, T and ``all`` added.

    Region ``00`` + län = the sum of its municipalities; Sweden = the sum of the regions; T = K +
    M; ``all`` = the sum of the bands (the bands cover each indicator's population).
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
        for age_total in (False, True)
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
