"""One indicator across a county's municipalities: the map of the latest full year, the funnel
plot around the county's value, and the small multiples of each municipality's series.

Every number comes from the published run: a suppressed municipality has no value in the
map, the funnel or the panels, only its ``..`` and reason in the tables.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import Any

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils.translation import gettext as _

from fardplan.catalogue import Indicator
from fardplan.spc import default_chart
from fardplan.spc.funnel import FunnelKind, Position, curve, funnel_kind, limits
from fardplan.web.followup import describe
from fardplan.web.followup.areas import Area, county_areas
from fardplan.web.followup.chart import period_date
from fardplan.web.followup.choropleth import (
    Bin,
    CountyShapes,
    Shape,
    bins,
    county_shapes,
    shade,
)
from fardplan.web.followup.compare_charts import (
    FunnelLabels,
    PanelLabels,
    funnel_spec,
    panels_spec,
)
from fardplan.web.followup.control import Settings, analysis_of, verdict
from fardplan.web.followup.query import ALL_AGES, TOTAL_SEX, Cell, PublishedRun
from fardplan.web.followup.series import shown_value
from fardplan.web.followup.series_views import SWEDISH_LOCALE, number
from fardplan.web.followup.views import current_store, indicator_or_404
from fardplan.web.organisations.models import County


def latest_full_year(run: PublishedRun, entry: Indicator, region: str) -> str | None:
    """Return the latest year with a yearly cell of the region and, when the region has
    monthly cells, all twelve of them (a year still running is not compared); None when
    there is none."""
    series = run.series(entry.id, region)
    months = {c.period for c in series.months}
    for cell in reversed(series.years):
        if not months or all(f"{cell.period}-{m:02d}" in months for m in range(1, 13)):
            return cell.period
    return None


def year_cell(run: PublishedRun, entry: Indicator, code: str, year: str) -> Cell | None:
    """Return the area's cell of ``year`` (both sexes, all ages), None when it has none."""
    for cell in run.series(entry.id, code).years:
        if cell.period == year:
            return cell
    return None


@dataclass(frozen=True)
class Row:
    """A municipality's latest full year as the map, the funnel and their table show it."""

    area: Area
    cell: Cell | None
    url: str
    shade: int | None = None  # the map's shade; None: no published value
    position: Position | None = None
    position_text: str = ""
    tone: str = "within"


def tone_of(position: Position, good: str) -> str:
    """Return the colour key of a funnel position: better or worse than the county by the
    indicator's good direction ('different' for a neutral one), else within."""
    if position is Position.WITHIN:
        return "within"
    if good == "neutral":
        return "different"
    above = position in (Position.ABOVE_95, Position.ABOVE_998)
    return "better" if above == (good == "higher") else "worse"


def position_words(position: Position, tone: str) -> str:
    strong = position in (Position.ABOVE_998, Position.BELOW_998)
    words = {
        ("better", True): _("Better than the county (beyond the 99.8 % limit)"),
        ("better", False): _("Possibly better than the county (beyond the 95 % limit only)"),
        ("worse", True): _("Worse than the county (beyond the 99.8 % limit)"),
        ("worse", False): _("Possibly worse than the county (beyond the 95 % limit only)"),
        ("different", True): _("Differs from the county (beyond the 99.8 % limit)"),
        ("different", False): _("Possibly differs from the county (beyond the 95 % limit only)"),
    }
    if tone == "within":
        return _("Within the funnel: the difference can be chance")
    return words[(tone, strong)]


@dataclass(frozen=True)
class Funnel:
    kind: FunnelKind
    target: Cell
    spec: dict[str, Any]


def funnel_rows(entry: Indicator, kind: FunnelKind, target: Cell, rows: list[Row]) -> list[Row]:
    """Return ``rows`` with each published municipality's place against the funnel at its
    own denominator (rows without a published value and denominator stay as they are)."""
    assert target.numerator is not None and target.denominator
    theta = target.numerator / target.denominator
    placed = []
    for row in rows:
        cell = row.cell
        if cell is None or cell.numerator is None or not cell.denominator:
            placed.append(row)
            continue
        found = limits(theta, cell.denominator, kind).position(cell.numerator / cell.denominator)
        tone = tone_of(found, entry.good)
        placed.append(
            replace(row, position=found, tone=tone, position_text=position_words(found, tone))
        )
    return placed


def funnel_of(
    entry: Indicator, region: Area, year: str, target: Cell | None, rows: list[Row]
) -> Funnel | None:
    """Return the funnel plot, or None when the indicator has no funnel (``funnel_kind``),
    the county's cell is not published, or no municipality has a published value."""
    kind = funnel_kind(entry)
    if kind is None or target is None or target.numerator is None or not target.denominator:
        return None
    shown = [r for r in rows if r.position is not None and r.cell is not None]
    if not shown:
        return None
    theta = target.numerator / target.denominator
    sizes = [r.cell.denominator for r in shown if r.cell and r.cell.denominator]
    factor = entry.factor
    points = [
        {
            "name": r.area.name,
            "denominator": r.cell.denominator,
            "value": r.cell.value,
            "shown": shown_value(r.cell, entry),
            "tone": r.tone,
            "open": r.position in (Position.ABOVE_95, Position.BELOW_95),
            "position": r.position_text,
        }
        for r in shown
        if r.cell is not None
    ]
    line = [
        {
            "denominator": round(p.denominator, 1),
            # Four significant digits draw the curve as finely as a screen shows it.
            "lower_998": significant(p.lower_998 * factor),
            "lower_95": significant(p.lower_95 * factor),
            "upper_95": significant(p.upper_95 * factor),
            "upper_998": significant(p.upper_998 * factor),
        }
        for p in curve(theta, kind, min(sizes) * 0.8, max(sizes) * 1.25)
    ]
    unit = describe.text(entry.unit)
    labels = FunnelLabels(
        value=unit,
        denominator=_("Denominator (%(what)s)")
        % {"what": describe.text(entry.denominator).lower()},
        area=_("Municipality"),
        position=_("Against the county"),
        target=_("%(region)s: %(value)s")
        % {"region": region.name, "value": shown_value(target, entry)},
        limit_95=_("95 % limit"),
        limit_998=_("99.8 % limit"),
        description=_(
            "Funnel plot of %(name)s %(year)s: each municipality's value against its "
            "denominator, with the 95 %% and 99.8 %% limits around the county's value."
        )
        % {"name": describe.text(entry.name), "year": year},
    )
    return Funnel(kind, target, funnel_spec(points, line, target.value or 0.0, labels))


def significant(value: float, digits: int = 4) -> float:
    return float(f"{value:.{digits}g}")


@dataclass(frozen=True)
class MapData:
    """The county's outlines, each with its municipality's row (None: not in the run)."""

    shapes: CountyShapes
    items: list[tuple[Shape, Row | None]]
    legend: list[tuple[Bin, str, str]]  # a shade and its bounds as text


def map_of(
    county_code: str, entry: Indicator, rows: list[Row], shades: list[Bin]
) -> MapData | None:
    """Return the map, or None when the boundaries lack the county or no value is shown."""
    shapes = county_shapes(county_code)
    if shapes is None or not shades:
        return None
    by_code = {r.area.code: r for r in rows}
    legend = [(b, number(b.low, entry), number(b.high, entry)) for b in shades]
    return MapData(shapes, [(s, by_code.get(s.code)) for s in shapes.shapes], legend)


@dataclass(frozen=True)
class Panel:
    area: Area
    url: str
    assessment: str
    assessment_label: str
    latest: Cell | None


def panels(
    run: PublishedRun, entry: Indicator, municipalities: list[Area]
) -> tuple[list[Panel], dict[str, Any] | None]:
    """Return each municipality's monthly series (yearly when the indicator has no months)
    with its own assessment, and the small multiples' spec (None without any series)."""
    found, data, monthly = [], [], False
    headlines = assessment_words()
    for where in municipalities:
        series = run.series(entry.id, where.code)
        cells = series.months or series.years
        if not cells:
            continue
        monthly = bool(series.months)
        kind = "no_data"
        if series.months:
            analysis = analysis_of(
                run, entry, where.code, TOTAL_SEX, ALL_AGES, series.months,
                Settings(chart=default_chart(entry)),
            )  # fmt: skip
            kind = verdict(analysis, entry).kind
        label = headlines[kind]
        url = reverse("followup:series", args=[entry.id, where.code])
        found.append(Panel(where, url, kind, label, cells[-1]))
        title = f"{where.name}: {label.lower()}"
        data += [
            {
                "panel": title,
                "area": where.name,
                "period": c.period,
                "date": period_date(c.period),
                "value": c.value,
                "shown": shown_value(c, entry),
                "assessment": kind,
                "assessment_label": label,
            }
            for c in cells
        ]
    if not found:
        return [], None
    labels = PanelLabels(
        period=_("Period"),
        value=describe.text(entry.unit),
        area=_("Municipality"),
        assessment=_("Assessment"),
        description=_(
            "Small multiples of %(name)s: one chart per municipality on the same scale, the "
            "line coloured by the municipality's own assessment."
        )
        % {"name": describe.text(entry.name)},
    )
    order = [f"{p.area.name}: {p.assessment_label.lower()}" for p in found]
    return found, panels_spec(data, order, labels, monthly=monthly)


def assessment_words() -> dict[str, str]:
    return {
        "improvement": _("Improvement"),
        "deterioration": _("Deterioration"),
        "special_cause": _("A real change"),
        "common_cause": _("Ordinary variation"),
        "no_data": _("Too few values to judge"),
    }


def comparison(request: HttpRequest, indicator_id: str, code: str) -> HttpResponse:
    """Render the indicator across the county's municipalities: map, funnel, small
    multiples, each with its table. A page without a stored run or values says so."""
    entry = indicator_or_404(indicator_id)
    county = get_object_or_404(County, code=code)
    areas = county_areas(county.code)
    if not areas:
        raise Http404("no areas")
    region, municipalities = areas[0], areas[1:]
    store = current_store()
    context: dict[str, Any] = {
        "store": store,
        "entry": entry,
        "name": describe.text(entry.name),
        "county": county,
        "region": region,
        "trail": [
            (county.name, reverse("followup:county", args=[county.code])),
            (describe.text(entry.name), reverse("followup:indicator", args=[entry.id])),
            (_("Municipalities compared"), request.path),
        ],
        "good_direction": describe.good_direction(entry),
        "locale": SWEDISH_LOCALE if request.LANGUAGE_CODE == "sv" else None,
    }
    if store.run is not None:
        context.update(comparison_context(store.run, entry, county.code, region, municipalities))
    return render(request, "followup/compare.html", context)


def comparison_context(
    run: PublishedRun, entry: Indicator, county_code: str, region: Area, municipalities: list[Area]
) -> dict[str, Any]:
    year = latest_full_year(run, entry, region.code)
    context: dict[str, Any] = {"year": year}
    if year is not None:
        rows = [
            Row(
                m,
                year_cell(run, entry, m.code, year),
                reverse("followup:series", args=[entry.id, m.code]),
            )
            for m in municipalities
        ]
        target = year_cell(run, entry, region.code, year)
        kind = funnel_kind(entry)
        if (
            kind is not None
            and target is not None
            and target.numerator is not None
            and target.denominator
        ):
            rows = funnel_rows(entry, kind, target, rows)
        values = [r.cell.value for r in rows if r.cell is not None and r.cell.value is not None]
        shades = bins(values)
        rows = [
            replace(r, shade=shade(r.cell.value, shades))
            if r.cell is not None and r.cell.value is not None
            else r
            for r in rows
        ]
        context.update(
            rows=rows,
            target=target,
            funnel=funnel_of(entry, region, year, target, rows),
            funnel_kind=kind,
            map=map_of(county_code, entry, rows, shades),
            any_suppressed=any(r.cell is not None and r.cell.suppressed for r in rows),
        )
    found, spec = panels(run, entry, municipalities)
    context.update(panels=found, panels_spec=spec)
    return context
