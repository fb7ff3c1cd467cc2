"""A county's municipalities as a choropleth map, drawn on the server as SVG.

Like the start page's map of Sweden (``site/svgmap.py``), whose projection this reuses: no
script, no inline style (the classes colour the shapes, ``compare.css`` holds the palette),
and each municipality a link with its own accessible name, so the map is reachable by
keyboard and never the only way to a value (the table beside it holds them all).

The shades are equal intervals of the value, never ranks or quantiles: a shade says how high
the value is, and two municipalities close in value share one.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from functools import cache

from fardplan.reference.sweden import municipality_boundaries
from fardplan.web.site.svgmap import PADDING, _rings, feature_path, fit_projection

WIDTH = 400.0
CLASSES = 5


@dataclass(frozen=True)
class Shape:
    code: str
    path: str


@dataclass(frozen=True)
class CountyShapes:
    width: float
    height: float
    shapes: tuple[Shape, ...]

    @property
    def view_box(self) -> str:
        return f"0 0 {self.width:g} {self.height:g}"


@cache
def county_shapes(county_code: str) -> CountyShapes | None:
    """Return the outlines of the county's municipalities fitted into ``WIDTH``, sorted by
    code, or None when the shipped boundaries have none of the county. Built once."""
    features = sorted(
        (
            f
            for f in municipality_boundaries()["features"]
            if f["properties"]["region_code"] == county_code
        ),
        key=lambda f: f["properties"]["code"],
    )
    if not features:
        return None
    projection = fit_projection(features, WIDTH)
    lats = [lat for ring in _rings(features) for _lon, lat in ring]
    height = (max(lats) - min(lats)) * projection.scale + 2 * PADDING
    shapes = tuple(Shape(f["properties"]["code"], feature_path(f, projection)) for f in features)
    return CountyShapes(WIDTH, round(height, 1), shapes)


@dataclass(frozen=True)
class Bin:
    """A shade of the legend: values from ``low`` up to ``high`` (the last one inclusive)."""

    index: int
    low: float
    high: float


def nice_step(span: float, classes: int = CLASSES) -> float:
    """Return a step of 1, 2, 2.5 or 5 × 10^k with ``classes`` steps covering ``span``
    (1 for a span of 0)."""
    if span <= 0:
        return 1.0
    raw = span / classes
    power: float = 10.0 ** math.floor(math.log10(raw))
    return float(next(m * power for m in (1, 2, 2.5, 5, 10) if m * power >= raw))


def bins(values: list[float], classes: int = CLASSES) -> list[Bin]:
    """Return equal-interval shades on round numbers covering ``values`` (at most
    ``classes``; one for a single value; none without values)."""
    if not values:
        return []
    low, high = min(values), max(values)
    step = nice_step(high - low, classes)
    while True:  # rounding the start down may need one class more: then a wider step
        start = math.floor(low / step) * step
        count = max(1, math.ceil(round((high - start) / step, 9)))
        if count <= classes:
            break
        step = nice_step(step * (classes + 1), classes)
    # Rounded edges: 0.2 × 3 is 0.6000000000000001 in floating point.
    edges = [round(start + i * step, 9) for i in range(count + 1)]
    return [Bin(i, edges[i], edges[i + 1]) for i in range(count)]


def shade(value: float, found: list[Bin]) -> int:
    """Return the index of the shade holding ``value`` (the last one holds its top edge)."""
    for shade_ in found:
        if value < shade_.high:
            return shade_.index
    return found[-1].index
