"""Draw the 21 län as SVG paths for the county picker on the start page.

The boundaries are WGS 84 longitude/latitude (``region_boundaries()``). A degree of longitude
is shorter than a degree of latitude this far north, so x is scaled by the cosine of the mean
latitude (an equirectangular projection around Sweden's middle): shapes look right to the eye
without a projection library. The paths are built once per process and cached.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import cache
from typing import Any

from fardplan.reference.sweden import region_boundaries

WIDTH = 400.0  # SVG user units; the height follows from Sweden's shape
PADDING = 4.0

Ring = Sequence[Sequence[float]]


@dataclass(frozen=True)
class RegionShape:
    """One län: its 2-digit code, its name and the SVG path data of its outline."""

    code: str
    name: str
    path: str


@dataclass(frozen=True)
class SwedenMap:
    """Every län's shape and the ``viewBox`` that holds them all."""

    width: float
    height: float
    regions: tuple[RegionShape, ...]

    @property
    def view_box(self) -> str:
        return f"0 0 {self.width:g} {self.height:g}"


@dataclass(frozen=True)
class Projection:
    """Map lon/lat to SVG x/y: x grows east, y grows south (SVG's y points down)."""

    west: float
    north: float
    x_factor: float  # cos(mean latitude)
    scale: float  # SVG units per projected degree

    def point(self, lon: float, lat: float) -> tuple[float, float]:
        x = (lon - self.west) * self.x_factor * self.scale + PADDING
        y = (self.north - lat) * self.scale + PADDING
        return x, y


def _rings(features: Iterable[dict[str, Any]]) -> Iterable[Ring]:
    for feature in features:
        geometry = feature["geometry"]
        # A Polygon is a list of rings; a MultiPolygon a list of such lists.
        polygons = geometry["coordinates"]
        if geometry["type"] == "Polygon":
            polygons = [polygons]
        for polygon in polygons:
            yield from polygon


def fit_projection(features: Sequence[dict[str, Any]], width: float) -> Projection:
    """Return the projection that fits every feature into ``width`` SVG units (with padding).
    Raises ValueError when there are no coordinates at all."""
    lons = [lon for ring in _rings(features) for lon, _lat in ring]
    lats = [lat for ring in _rings(features) for _lon, lat in ring]
    if not lons:
        raise ValueError("no coordinates to draw")
    x_factor = math.cos(math.radians((min(lats) + max(lats)) / 2))
    scale = (width - 2 * PADDING) / ((max(lons) - min(lons)) * x_factor)
    return Projection(min(lons), max(lats), x_factor, scale)


def ring_path(ring: Ring, projection: Projection) -> str:
    """Return one closed subpath ``Mx y x y … Z`` (the pairs after the first are implicit
    line-tos), rounded to 0.1 unit, which is finer than a screen pixel at this size."""
    points = [projection.point(lon, lat) for lon, lat in ring]
    return "M" + " ".join(f"{x:.1f} {y:.1f}" for x, y in points) + "Z"


def feature_path(feature: dict[str, Any], projection: Projection) -> str:
    """Return the path data of every ring of a (Multi)Polygon feature, holes included."""
    return "".join(ring_path(ring, projection) for ring in _rings([feature]))


@cache
def sweden_map() -> SwedenMap:
    """Return the map of the 21 län sorted by code; built once and cached for the process."""
    features = sorted(region_boundaries()["features"], key=lambda f: f["properties"]["code"])
    projection = fit_projection(features, WIDTH)
    lats = [lat for ring in _rings(features) for _lon, lat in ring]
    height = (max(lats) - min(lats)) * projection.scale + 2 * PADDING
    shapes = tuple(
        RegionShape(f["properties"]["code"], f["properties"]["name"], feature_path(f, projection))
        for f in features
    )
    return SwedenMap(WIDTH, round(height, 1), shapes)
