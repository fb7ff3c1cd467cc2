from __future__ import annotations

import math
import re
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from fardplan.web.site.svgmap import Projection, feature_path, fit_projection, sweden_map

NUMBER = r"-?\d+(?:\.\d)?"


def _square(lon: float, lat: float, size: float) -> dict[str, Any]:
    ring = [[lon, lat], [lon + size, lat], [lon + size, lat + size], [lon, lat + size], [lon, lat]]
    return {"type": "Feature", "geometry": {"type": "Polygon", "coordinates": [ring]}}


def test_it_draws_the_21_regions_sorted_by_code() -> None:
    the_map = sweden_map()
    codes = [region.code for region in the_map.regions]
    assert len(codes) == 21
    assert codes == sorted(codes)
    assert codes[0] == "01" and codes[-1] == "25"
    names = {region.code: region.name for region in the_map.regions}
    assert names["25"] == "Norrbottens län"


def test_it_keeps_every_point_inside_the_view_box() -> None:
    the_map = sweden_map()
    for region in the_map.regions:
        assert region.path.startswith("M") and region.path.endswith("Z")
        numbers = [float(n) for n in re.findall(NUMBER, region.path)]
        xs, ys = numbers[0::2], numbers[1::2]
        assert min(xs) >= 0 and max(xs) <= the_map.width + 0.05
        assert min(ys) >= 0 and max(ys) <= the_map.height + 0.05


def test_it_makes_sweden_taller_than_wide() -> None:
    # Sweden spans about 1 570 km north–south and 750 km east–west at its widest.
    the_map = sweden_map()
    assert 1.8 < the_map.height / the_map.width < 2.6
    assert the_map.view_box == f"0 0 400 {the_map.height:g}"


def test_it_puts_norrbotten_north_of_skane() -> None:
    paths = {region.code: region.path for region in sweden_map().regions}

    def mean_y(path: str) -> float:
        ys = [float(n) for n in re.findall(NUMBER, path)][1::2]
        return sum(ys) / len(ys)

    assert mean_y(paths["25"]) < mean_y(paths["12"])


def test_it_builds_the_map_once() -> None:
    assert sweden_map() is sweden_map()


def test_it_scales_longitude_by_the_cosine_of_the_mean_latitude() -> None:
    projection = fit_projection([_square(10.0, 59.0, 2.0)], width=208.0)
    assert projection.x_factor == pytest.approx(math.cos(math.radians(60.0)))
    # The square's width (2° of longitude) fills the 200 units inside the padding.
    assert projection.point(12.0, 59.0)[0] - projection.point(10.0, 59.0)[0] == pytest.approx(200)
    # A degree of latitude is 1/cos(60°) = 2 times as long as a degree of longitude.
    assert projection.point(10.0, 60.0)[1] - projection.point(10.0, 61.0)[1] == pytest.approx(200)


def test_it_draws_holes_and_multipolygons_as_subpaths() -> None:
    outer = [[0, 0], [4, 0], [4, 4], [0, 4], [0, 0]]
    hole = [[1, 1], [1, 2], [2, 2], [1, 1]]
    island = [[6, 0], [7, 0], [7, 1], [6, 0]]
    feature = {"geometry": {"type": "MultiPolygon", "coordinates": [[outer, hole], [island]]}}
    projection = fit_projection([feature], width=100)
    assert feature_path(feature, projection).count("M") == 3


def test_it_refuses_an_empty_collection() -> None:
    with pytest.raises(ValueError, match="no coordinates"):
        fit_projection([], width=100)


@given(
    lon=st.floats(min_value=11.0, max_value=24.0),
    lat=st.floats(min_value=55.0, max_value=69.0),
    step=st.floats(min_value=0.01, max_value=1.0),
)
def test_it_keeps_east_to_the_right_and_north_up(lon: float, lat: float, step: float) -> None:
    projection = Projection(west=11.0, north=69.1, x_factor=0.5, scale=10.0)
    x, y = projection.point(lon, lat)
    assert projection.point(lon + step, lat)[0] > x
    assert projection.point(lon, lat + step)[1] < y
