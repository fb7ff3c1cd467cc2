"""One indicator in one area by sex and by age: women and men side by side with the ratio
between them (the gender-equality perspective), the age groups, and children and young
people (0–17) on their own (the child-rights perspective).

Only published cells: a suppressed cell has no bar, and its ``..`` and reason in the table;
a ratio with a suppressed side is ``..`` too (it would reveal the hidden value).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _

from fardplan.catalogue import Indicator
from fardplan.web.followup import describe
from fardplan.web.followup.areas import Area
from fardplan.web.followup.compare_charts import BarLabels, grouped_bars_spec
from fardplan.web.followup.numbers import rounded
from fardplan.web.followup.query import ALL_AGES, TOTAL_SEX, Cell, PublishedRun, select_series
from fardplan.web.followup.series import SeriesData, breakdown, shown_value
from fardplan.web.followup.series_views import SWEDISH_LOCALE, ChartBlock, plain_block, trail
from fardplan.web.followup.views import area_or_404, current_store, indicator_or_404

SEX_COLOURS = ["#a0527a", "#3d7f6e"]  # women, men: neither a signal's colour
AGE_COLOURS = ["#7fcdbb", "#41b6c4", "#1d91c0", "#225ea8", "#0c2c84"]
CHILD_TOP = 17


def band_top(age_group: str) -> int | None:
    """Return the highest age of a band ``"0-17"`` → 17, ``"80+"`` → None (no top)."""
    _low, _, high = age_group.partition("-")
    return int(high) if high else None


def child_bands(age_groups: list[str]) -> list[str]:
    """Return the bands wholly within 0–17 (the children and young people)."""
    return [a for a in age_groups if a != ALL_AGES and (band_top(a) or 999) <= CHILD_TOP]


@dataclass(frozen=True)
class SexRow:
    period: str
    women: Cell | None
    men: Cell | None
    ratio: str  # women's value / men's, '..' when either is suppressed, '–' when undefined


def ratio_text(women: Cell | None, men: Cell | None) -> str:
    """Return the ratio of women's value to men's with two decimals, ``..`` when either side
    is suppressed, an en dash when either is missing or men's value is 0."""
    if women is None or men is None:
        return "–"
    if women.suppressed or men.suppressed:
        return ".."
    if women.value is None or men.value is None or men.value == 0:
        return "–"
    return rounded(women.value / men.value, 2, grouping=False)


def yearly(cells: list[Cell], sex: str, age: str) -> dict[str, Cell]:
    return {c.period: c for c in select_series(cells, sex, age).years}


def sex_rows(cells: list[Cell]) -> list[SexRow]:
    women, men = yearly(cells, "K", ALL_AGES), yearly(cells, "M", ALL_AGES)
    return [
        SexRow(p, women.get(p), men.get(p), ratio_text(women.get(p), men.get(p)))
        for p in sorted(set(women) | set(men))
    ]


def bar_rows(entry: Indicator, groups: list[tuple[str, dict[str, Cell]]]) -> list[dict[str, Any]]:
    return [
        {"period": period, "group": name, "value": cell.value, "shown": shown_value(cell, entry)}
        for name, by_period in groups
        for period, cell in sorted(by_period.items())
    ]


def sex_spec(entry: Indicator, where: Area, cells: list[Cell]) -> dict[str, Any]:
    groups = [
        (describe.sex("K"), yearly(cells, "K", ALL_AGES)),
        (describe.sex("M"), yearly(cells, "M", ALL_AGES)),
    ]
    labels = BarLabels(
        period=_("Year"),
        value=describe.text(entry.unit),
        group=_("Sex"),
        description=_("%(name)s, %(area)s: women and men each year, side by side.")
        % {"name": describe.text(entry.name), "area": where.name},
    )
    return grouped_bars_spec(bar_rows(entry, groups), [g for g, _c in groups], SEX_COLOURS, labels)


@dataclass(frozen=True)
class AgeTable:
    bands: list[str]
    band_names: list[str]
    rows: list[tuple[str, list[Cell | None]]]  # (year, a cell per band)


def age_table(cells: list[Cell], bands: list[str]) -> AgeTable:
    by_band = {b: yearly(cells, TOTAL_SEX, b) for b in bands}
    years = sorted({p for found in by_band.values() for p in found})
    return AgeTable(
        bands,
        [describe.age_group(b) for b in bands],
        [(y, [by_band[b].get(y) for b in bands]) for y in years],
    )


def age_spec(entry: Indicator, where: Area, cells: list[Cell], bands: list[str]) -> dict[str, Any]:
    groups = [(describe.age_group(b), yearly(cells, TOTAL_SEX, b)) for b in bands]
    labels = BarLabels(
        period=_("Year"),
        value=describe.text(entry.unit),
        group=_("Age group"),
        description=_("%(name)s, %(area)s: each age group each year, side by side.")
        % {"name": describe.text(entry.name), "area": where.name},
    )
    colours = AGE_COLOURS[-len(bands) :] if len(bands) <= len(AGE_COLOURS) else AGE_COLOURS
    return grouped_bars_spec(bar_rows(entry, groups), [g for g, _c in groups], colours, labels)


def child_blocks(entry: Indicator, where: Area, cells: list[Cell], band: str) -> list[ChartBlock]:
    """Return the children's band as the series page charts it: monthly, then yearly."""
    data = SeriesData(entry, where, TOTAL_SEX, band, select_series(cells, TOTAL_SEX, band))
    blocks = []
    if data.series.months:
        blocks.append(
            plain_block("child-months", _("Monthly values"), data, data.series.months, [])
        )
    if data.series.years:
        blocks.append(plain_block("child-years", _("Yearly values"), data, data.series.years, []))
    return blocks


def breakdown_page(request: HttpRequest, indicator_id: str, area_code: str) -> HttpResponse:
    """Render the indicator in the area by sex and by age, children on their own."""
    entry, where = indicator_or_404(indicator_id), area_or_404(area_code)
    store = current_store()
    here = reverse("followup:breakdown", args=[entry.id, where.code])
    context: dict[str, Any] = {
        "store": store,
        "entry": entry,
        "name": describe.text(entry.name),
        "area": where,
        "trail": [*trail(entry, where), (_("Women and men, age groups"), here)],
        "locale": SWEDISH_LOCALE if request.LANGUAGE_CODE == "sv" else None,
        "min_age": entry.min_age,
        "max_age": entry.max_age,
    }
    cells = store.run.cells(entry.id, where.code) if store.run else []
    if cells:
        context.update(breakdown_context(store.run, entry, where, cells))
    return render(request, "followup/breakdown.html", context)


def breakdown_context(
    run: PublishedRun | None, entry: Indicator, where: Area, cells: list[Cell]
) -> dict[str, Any]:
    available = breakdown(cells)
    bands = [a for a in available.age_groups if a != ALL_AGES]
    children = child_bands(bands)
    has_sexes = "K" in available.sexes and "M" in available.sexes
    return {
        "has_values": True,
        "sex_rows": sex_rows(cells) if has_sexes else [],
        "sex_spec": sex_spec(entry, where, cells) if has_sexes else None,
        "age": age_table(cells, bands) if bands else None,
        "age_spec": age_spec(entry, where, cells, bands) if len(bands) > 1 else None,
        "children": children,
        "child_blocks": child_blocks(entry, where, cells, children[0]) if children else [],
        "only_children": bool(children) and len(bands) == len(children),
    }
